/**
 * UploadPart: PUT /bucket/key?partNumber=N&uploadId=… (Table 2 "Upload Part"). SSE-C parts
 * must carry the initiate's key (E27–E29); each part gets its own data key, bound to the
 * upload and part number.
 */
import { keyOf, type RequestContext } from "../context.ts";
import { bindings, MAX_PUT_SIZE, writeData, type Written } from "../data.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { emptyResponse } from "../respond.ts";
import { echoHeaders, type CustomerKey } from "../ssec.ts";
import { partKey } from "../ssec-policy.ts";
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
    lastModified: Date.now(),
  });
  if (!ok) {
    await storage.deleteBlob(written.blob);
    throw new S3Fault("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
  }
  return written;
}

export async function uploadPart(rc: RequestContext): Promise<ServerResponse> {
  const t = await partTarget(rc);
  requireLength(rc, MAX_PUT_SIZE);
  const written = await storePart(rc, t, rc.body());
  return emptyResponse(200, [["ETag", `"${written.etag}"`], ...(t.key ? echoHeaders(t.key, rc.server.faults) : [])]);
}
