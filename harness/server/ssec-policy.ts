/**
 * Which customer key an operation uses, and when it refuses: the per-operation rules of the
 * `aws` profile, on top of the header validation in ssec.ts. The plain-HTTP
 * refusal (evidence http.ssec-refused) happens earlier, in the handler, before anything is read or stored.
 */
import { S3Fault } from "./errors.ts";
import type { RequestContext } from "./request-context.ts";
import { uploadKeyMatches } from "./object-bytes.ts";
import {
  readSseHeader,
  readSsecHeaders,
  validateSsec,
  type CustomerKey,
  type Dialect,
  type SsecFields,
} from "./ssec.ts";
import type { BucketRecord, ManagedEncryption, UploadRecord } from "./storage/types.ts";

export function ssecBlocked(bucket: BucketRecord): boolean {
  return bucket.encryption?.blocked.includes("SSE-C") ?? false;
}

/**
 * evidence blocked.write-refused: checked before any key material (the AWS SSE-C blocking guide; the AWS API
 * reference).
 */
function refuseIfBlocked(rc: RequestContext, bucket: BucketRecord): void {
  if (ssecBlocked(bucket) && !rc.server.faults.has("blocked-bucket-ignored") && !blockCheckForgotten(rc)) {
    throw new S3Fault(
      "AccessDenied",
      "Requests specifying Server Side Encryption with Customer provided keys are blocked for this bucket (BlockedEncryptionTypes).",
    );
  }
}

/**
 * The faults of a block check wired into some writes only: CopyObject, or the part writes (checked
 * at Initiate alone), or Upload Part - Copy's own path.
 */
function blockCheckForgotten(rc: RequestContext): boolean {
  const { faults } = rc.server;
  const copy = rc.headers.has("x-amz-copy-source") || rc.headers.has("x-obs-copy-source");
  if (rc.query.get("uploadId") === undefined) return copy && faults.has("blocked-bucket-copy-unchecked");
  return faults.has("blocked-bucket-parts-unchecked") || (copy && faults.has("blocked-bucket-part-copy-unchecked"));
}

/**
 * x-amz-server-side-encryption without SSE-C: AES256 (SSE-S3) is taken (managedEncryption); SSE-KMS
 * is outside the reference server's scope → 501 NotImplemented, as MinIO answers when no KMS is
 * configured (ErrKMSNotConfigured, MinIO api-errors.go); any other value → 400 InvalidArgument.
 */
function refuseServerSideEncryption(sse: { dialect: Dialect; value: string } | undefined): void {
  if (!sse || sse.value === "AES256") return;
  if (["aws:kms", "aws:kms:dsse", "kms"].includes(sse.value)) {
    throw new S3Fault(
      "NotImplemented",
      `Server side encryption ${sse.value} is not implemented by the reference server (only SSE-C).`,
    );
  }
  throw new S3Fault("InvalidArgument", "The encryption method specified is not supported", {
    ArgumentName: sse.dialect === "obs" ? "x-obs-server-side-encryption" : "x-amz-server-side-encryption",
    ArgumentValue: sse.value,
  });
}

/** Where a write's encryption parameters come from: request headers, or POST form fields. */
export interface WriteKeyInput {
  ssec?: SsecFields;
  sse?: { dialect: Dialect; value: string };
}

export function headerInput(rc: RequestContext): WriteKeyInput {
  return { ssec: readSsecHeaders(rc.headers, "target", rc.server.faults), sse: readSseHeader(rc.headers) };
}

/** The key of a write that creates an object or upload (PUT, Copy target, Initiate, POST). */
export function writeKey(
  rc: RequestContext,
  bucket: BucketRecord,
  input: WriteKeyInput = headerInput(rc),
): CustomerKey | undefined {
  if (!input.ssec) {
    refuseServerSideEncryption(input.sse);
    return undefined;
  }
  refuseIfBlocked(rc, bucket);
  return validateSsec(input.ssec, { use: "write", faults: rc.server.faults, sse: input.sse });
}

export type { ManagedEncryption };
export { managedHeaders } from "./managed-encryption.ts";

/**
 * The SSE-S3 of a write without SSE-C: asked for (x-amz-server-side-encryption: AES256), or else the
 * bucket's default (evidence copy.default-encryption-target). A write's own encryption wins over the default
 * (evidence copy.request-encryption-wins, put.ssec-over-default): with a customer key there is none.
 */
export function managedEncryption(
  rc: RequestContext,
  bucket: BucketRecord,
  customerKey: CustomerKey | undefined,
  input: WriteKeyInput = headerInput(rc),
): ManagedEncryption | undefined {
  if (customerKey) return undefined;
  if (input.sse) return input.sse.value === "AES256" ? "AES256" : undefined;
  const copy = rc.headers.has("x-amz-copy-source") || rc.headers.has("x-obs-copy-source");
  // A copy path that builds the target from the request alone and never reads the bucket's default.
  if (copy && rc.server.faults.has("copy-ignores-default-encryption")) return undefined;
  return bucket.encryption?.sseAlgorithm;
}

/** Records a write's server-managed mode on its object or upload (with the bucket default's KMS key id, for aws:kms). */
export function recordManaged(
  rec: { sse?: ManagedEncryption; kmsKeyId?: string },
  sse: ManagedEncryption | undefined,
  bucket: BucketRecord,
): void {
  if (!sse) return;
  rec.sse = sse;
  if (sse === "aws:kms" && bucket.encryption?.kmsKeyId !== undefined) rec.kmsKeyId = bucket.encryption.kmsKeyId;
}

/** The key of a read (GET/HEAD), validated as a read (bad key length → 403, evidence key.wrong-length-read). */
export function readKey(rc: RequestContext): CustomerKey | undefined {
  const f = readSsecHeaders(rc.headers, "target", rc.server.faults);
  if (!f) return undefined;
  return validateSsec(f, { use: "read", faults: rc.server.faults });
}

/** The copy-source key (Table 3), validated as a read of the source. */
export function copySourceKey(rc: RequestContext): CustomerKey | undefined {
  const f = readSsecHeaders(rc.headers, "copy-source", rc.server.faults);
  if (!f) return undefined;
  return validateSsec(f, { use: "read", faults: rc.server.faults });
}

export const MSG_MULTIPART_ENCRYPTED =
  "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.";
export const MSG_PARAMS_MISMATCH = "The provided encryption parameters did not match the ones used originally.";

/**
 * The key of Upload Part / Upload Part - Copy: the same as at initiate (the AWS SSE-C REST guide; the AWS API
 * reference), else 400
 * InvalidRequest — evidence upload-part.ssec-on-plain-upload-refused (SSE-C on a plain upload), evidence
 * upload-part.missing-key-refused (none on an SSE-C upload), evidence upload-part.different-key-refused (another key).
 */
export function partKey(rc: RequestContext, bucket: BucketRecord, upload: UploadRecord): CustomerKey | undefined {
  const { faults } = rc.server;
  const f = readSsecHeaders(rc.headers, "target", rc.server.faults);
  if (f) refuseIfBlocked(rc, bucket);
  const key = f ? validateSsec(f, { use: "write", faults, sse: readSseHeader(rc.headers) }) : undefined;
  if (!f) refuseServerSideEncryption(readSseHeader(rc.headers));
  if (upload.ssec && !key) {
    if (faults.has("part-without-key-accepted")) return undefined;
    throw new S3Fault("InvalidRequest", MSG_MULTIPART_ENCRYPTED);
  }
  if (!upload.ssec && key) throw new S3Fault("InvalidRequest", MSG_MULTIPART_ENCRYPTED);
  if (key && !uploadKeyMatches(key, upload) && !faults.has("part-key-not-checked")) {
    throw new S3Fault("InvalidRequest", MSG_PARAMS_MISMATCH);
  }
  return key;
}

/**
 * GET/HEAD/copy of an SSE-C object without the key (evidence get.no-key-refused, head.no-key-refused,
 * copy.source-key-required).
 */
export function missingKeyFault(rc: RequestContext): S3Fault {
  if (rc.server.faults.has("missing-key-403")) {
    return new S3Fault("AccessDenied", "Access Denied");
  }
  return new S3Fault(
    "InvalidRequest",
    "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
  );
}

/** SSE-C parameters on a plain object (evidence read.ssec-on-plain-object; copy source: minio/minio#6671). */
export function notApplicableFault(): S3Fault {
  return new S3Fault("InvalidRequest", "The encryption parameters are not applicable to this object.");
}

/** The wrong-key-400 fault turns 403 AccessDenied for a wrong key into 400 (RGW's answer). */
export function mapWrongKey(rc: RequestContext, e: unknown): unknown {
  if (e instanceof S3Fault && e.code === "AccessDenied" && rc.server.faults.has("wrong-key-400")) {
    return new S3Fault(
      "InvalidArgument",
      "The calculated MD5 hash of the key did not match the hash that was provided.",
    );
  }
  return e;
}
