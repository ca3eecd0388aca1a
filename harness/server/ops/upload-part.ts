/**
 * UploadPart: PUT /bucket/key?partNumber=N&uploadId=… (Table 2 "Upload Part"). SSE-C parts
 * must carry the initiate's key (evidence upload-part.ssec-on-plain-upload-refused, upload-part.missing-key-refused,
 * upload-part.different-key-refused); each part gets its own data key, bound to the
 * upload and part number.
 */
import { speaksObs } from "../managed-encryption.ts";
import { keyOf, type RequestContext } from "../request-context.ts";
import { bindings, MAX_PART_NUMBER, MAX_PUT_SIZE, writeData, type Written } from "../object-bytes.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { emptyResponse } from "../respond.ts";
import { echoHeaders, type CustomerKey } from "../ssec.ts";
import { managedHeaders, partKey } from "../ssec-policy.ts";
import type { Readable } from "node:stream";
import type { BucketRecord, UploadRecord } from "../storage/types.ts";
import { parsePartNumber, requireBucket, requireLength, requireUpload } from "./common.ts";

export interface PartTarget {
  bucket: BucketRecord;
  upload: UploadRecord;
  partNumber: number;
  key?: CustomerKey;
}

/** Bucket, upload, part number and key of a part write (shared with Upload Part - Copy). */
export async function partTarget(rc: RequestContext): Promise<PartTarget> {
  const bucket = await requireBucket(rc);
  const partNumber = parsePartNumber(rc.query.get("partNumber"));
  const upload = await requireUpload(rc, bucket.name);
  const key = partKey(rc, bucket, upload);
  return { bucket, upload, partNumber, key };
}

/** Writes and records a part; nothing is kept if the body fails or the upload went away. */
export async function storePart(rc: RequestContext, t: PartTarget, body: Readable): Promise<Written> {
  const { storage } = rc.server;
  const written = await writeData(rc.server, body, {
    limit: MAX_PUT_SIZE,
    encrypt: t.key && { key: t.key, binding: bindings.part(t.bucket.name, keyOf(rc), t.upload.uploadId, t.partNumber) },
  });
  const ok = await storage.putPart(t.bucket.name, t.upload.uploadId, {
    blob: written.blob,
    size: written.size,
    stored: written.stored,
    partNumber: t.partNumber,
    etag: written.etag,
    sealed: written.sealed,
    checksum: written.checksum,
    lastModified: Date.now(),
  });
  if (!ok) {
    await storage.deleteBlob(written.blob);
    throw new S3Fault(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    );
  }
  return written;
}

/**
 * An upload that declared a checksum algorithm takes parts with that checksum only (S3:
 * "Checksum Type mismatch occurred, expected checksum Type: sha1, actual checksum Type: crc32").
 * A part sent without one is stored, but the object then gets no COMPOSITE checksum.
 */
function checkPartChecksum(rc: RequestContext, upload: UploadRecord): void {
  const expected = upload.checksumAlgorithm;
  if (!expected) return;
  const sent = rc.headers.pairs
    .map(([n]) => n.toLowerCase())
    .concat((rc.headers.get("x-amz-trailer") ?? "").split(",").map((n) => n.trim().toLowerCase()))
    .find((n) => /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.test(n));
  const actual = sent?.slice("x-amz-checksum-".length);
  if (actual !== undefined && actual !== expected) {
    throw new S3Fault(
      "InvalidRequest",
      `Checksum Type mismatch occurred, expected checksum Type: ${expected}, actual checksum Type: ${actual}`,
    );
  }
}

export async function uploadPart(rc: RequestContext): Promise<ServerResponse> {
  const t = await partTarget(rc);
  const { faults } = rc.server;
  if (t.partNumber === MAX_PART_NUMBER && faults.has("part-number-max-9999")) {
    throw new S3Fault("InvalidArgument", "Part number must be an integer between 1 and 9999, inclusive", {
      ArgumentName: "partNumber",
      ArgumentValue: String(t.partNumber),
    });
  }
  requireLength(rc, MAX_PUT_SIZE);
  checkPartChecksum(rc, t.upload);
  const written = await storePart(rc, t, rc.body());
  if (faults.has("parts-in-upload-order")) {
    const order = faults.memory.get<number[]>("upload-order", t.upload.uploadId) ?? [];
    faults.memory.set("upload-order", t.upload.uploadId, [...order, t.partNumber]);
  }
  const checksum = written.digest
    ? [[`x-amz-checksum-${written.digest.algorithm}`, written.digest.digest.toString("base64")] as [string, string]]
    : [];
  return emptyResponse(200, [
    ["ETag", `"${written.etag}"`],
    ...checksum,
    ...(t.key ? echoHeaders(t.key, rc.server.faults) : []),
    ...managedHeaders(t.upload.sse, t.upload.kmsKeyId, speaksObs(rc.headers)),
  ]);
}
