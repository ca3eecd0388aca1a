/** Small helpers shared by the operation handlers. */
import { bucketOf, keyOf, type RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import { managedEncryption, writeKey, type ManagedEncryption } from "../ssec-policy.ts";
import type { CustomerKey } from "../ssec.ts";
import type { BucketRecord, ObjectRecord, UploadRecord } from "../storage/types.ts";

export async function requireBucket(rc: RequestContext, name = bucketOf(rc)): Promise<BucketRecord> {
  const b = await rc.server.storage.getBucket(name);
  if (!b) throw new S3Fault("NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
  return b;
}

export async function requireObject(rc: RequestContext, bucket: string, key: string): Promise<ObjectRecord> {
  const o = await rc.server.storage.getObject(bucket, key);
  if (!o) throw new S3Fault("NoSuchKey", "The specified key does not exist.", { Key: key });
  return o;
}

/** Object keys are at most 1024 bytes of UTF-8 (S3 User Guide, "Naming Amazon S3 objects"). */
export function checkKeyLength(key: string): void {
  if (Buffer.byteLength(key, "utf8") > 1024) {
    throw new S3Fault("KeyTooLongError", "Your key is too long");
  }
}

/**
 * Where a write that creates an object or upload goes (PUT, Copy target, Initiate), checked in
 * S3's order: the bucket exists, the key is not too long, then the SSE-C key the write uses.
 */
export async function writeTarget(rc: RequestContext): Promise<{
  bucket: BucketRecord;
  key: string;
  customerKey: CustomerKey | undefined;
  sse: ManagedEncryption | undefined;
}> {
  const bucket = await requireBucket(rc);
  const key = keyOf(rc);
  checkKeyLength(key);
  let customerKey = writeKey(rc, bucket);
  // Bucket default encryption applied over the request's own: the SSE-C key is dropped for the default SSE-S3.
  if (customerKey && bucket.encryption?.sseAlgorithm && rc.server.faults.has("default-encryption-overrides-ssec"))
    customerKey = undefined;
  return { bucket, key, customerKey, sse: managedEncryption(rc, bucket, customerKey) };
}

export function uploadIdOf(rc: RequestContext): string {
  const id = rc.query.get("uploadId");
  if (id === undefined || id === "")
    throw new S3Fault(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    );
  return id;
}

export async function requireUpload(rc: RequestContext, bucket: string): Promise<UploadRecord> {
  const uploadId = uploadIdOf(rc);
  const u = await rc.server.storage.getUpload(bucket, uploadId);
  if (!u || u.key !== keyOf(rc)) {
    throw new S3Fault(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      {
        UploadId: uploadId,
      },
    );
  }
  return u;
}

/** partNumber: an integer 1..10000. */
export function parsePartNumber(v: string | undefined): number {
  const n = v !== undefined && /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 10000)) {
    throw new S3Fault("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", {
      ArgumentName: "partNumber",
      ArgumentValue: v ?? "",
    });
  }
  return n;
}

/** An integer query parameter with a default and a cap (max-keys, max-parts, max-uploads). */
export function parseLimit(v: string | undefined, name: string, dflt: number, cap: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) {
    throw new S3Fault("InvalidArgument", `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: v,
    });
  }
  return Math.min(Number(v), cap);
}

/**
 * A declared body length is required on uploads (PUT without Content-Length → 411), and a body
 * declared larger than `limit` is refused before it is read (EntityTooLarge).
 */
export function requireLength(rc: RequestContext, limit: number): void {
  const h = rc.headers;
  if (!h.has("content-length") && !h.has("transfer-encoding")) {
    throw new S3Fault("MissingContentLength", "You must provide the Content-Length HTTP header.");
  }
  const declared = rc.bodyPlan?.decodedLength;
  if (declared !== undefined && declared > limit) {
    throw new S3Fault("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", {
      ProposedSize: String(declared),
      MaxSizeAllowed: String(limit),
    });
  }
}

/** encoding-type=url: keys in listings are percent-encoded (the SDKs decode them). */
export function keyEncoder(rc: RequestContext): (s: string) => string {
  const enc = rc.query.get("encoding-type");
  if (enc === undefined) return (s) => s;
  if (enc !== "url") {
    throw new S3Fault("InvalidArgument", "Invalid Encoding Method specified in Request", {
      ArgumentName: "encoding-type",
      ArgumentValue: enc,
    });
  }
  return (s) => encodeURIComponent(s).replace(/%2F/g, "/");
}

export const OWNER_ID = "ssec-conformance";
export const owner = (): [string, ["ID", string], ["DisplayName", string]] => [
  "Owner",
  ["ID", OWNER_ID],
  ["DisplayName", OWNER_ID],
];

export interface ListingStart {
  bucket: BucketRecord;
  enc: (s: string) => string;
  prefix: string;
  max: number;
}

/**
 * What every listing reads first, in this order (it decides which error wins): the bucket, the
 * key encoder (encoding-type), the prefix, and the page size from `limitParam` (default and cap 1000).
 */
export async function listingStart(rc: RequestContext, limitParam: string): Promise<ListingStart> {
  const bucket = await requireBucket(rc);
  const enc = keyEncoder(rc);
  const prefix = rc.query.get("prefix") ?? "";
  const max = parseLimit(rc.query.get(limitParam), limitParam, 1000, 1000);
  return { bucket, enc, prefix, max };
}
