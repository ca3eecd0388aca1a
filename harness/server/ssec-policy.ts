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
import type { BucketRecord, UploadRecord } from "./storage/types.ts";

export function ssecBlocked(bucket: BucketRecord): boolean {
  return bucket.encryption?.blocked.includes("SSE-C") ?? false;
}

/**
 * evidence blocked.write-refused: checked before any key material (the AWS SSE-C blocking guide; the AWS API
 * reference).
 */
function refuseIfBlocked(rc: RequestContext, bucket: BucketRecord): void {
  if (ssecBlocked(bucket) && !rc.server.faults.has("blocked-bucket-ignored")) {
    throw new S3Fault(
      "AccessDenied",
      "Requests specifying Server Side Encryption with Customer provided keys are blocked for this bucket (BlockedEncryptionTypes).",
    );
  }
}

/**
 * x-amz-server-side-encryption without SSE-C: SSE-S3 and SSE-KMS are outside the reference
 * server's scope → 501 NotImplemented, as MinIO answers when no KMS is configured
 * (ErrKMSNotConfigured, MinIO api-errors.go); any other value → 400 InvalidArgument.
 */
function refuseServerSideEncryption(sse: { dialect: Dialect; value: string } | undefined): void {
  if (!sse) return;
  if (["AES256", "aws:kms", "aws:kms:dsse", "kms"].includes(sse.value)) {
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
