/**
 * UploadPartCopy: PUT /bucket/key?partNumber=N&uploadId=… with x-amz-copy-source and optional
 * x-amz-copy-source-range (Table 2 "Upload Part - Copy"): target key as for Upload Part, source
 * key as for Copy (Table 3).
 */
import { speaksObs } from "../managed-encryption.ts";
import type { RequestContext } from "../request-context.ts";
import { readData } from "../object-bytes.ts";
import { S3Fault } from "../errors.ts";
import { parseCopySourceRange } from "../range.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { echoHeaders } from "../ssec.ts";
import { managedHeaders } from "../ssec-policy.ts";
import { isoTime } from "../xml.ts";
import { readCopySource } from "./copy-source-read.ts";
import { partTarget, storePart } from "./upload-part.ts";
import { MAX_PUT_SIZE } from "../object-bytes.ts";

export async function uploadPartCopy(rc: RequestContext): Promise<ServerResponse> {
  const { faults } = rc.server;
  const t = await partTarget(rc);
  const rangeHeader = rc.headers.get("x-amz-copy-source-range") ?? rc.headers.get("x-obs-copy-source-range");
  // seaweedfs/seaweedfs#9281; ceph/ceph#38537: a part copy that skips the source's decryption (and so its key)
  // altogether; minio/minio#6698: a
  // ranged copy-source read on its own path that unseals without verifying the key.
  const src = await readCopySource(rc, {
    targetKey: t.key,
    ignoreSourceKey: faults.has("part-copy-source-key-ignored"),
    ignoreCopySourceHeaders: faults.has("part-copy-ignores-copy-source-headers"),
    unverified: rangeHeader !== undefined && faults.has("part-copy-range-key-not-checked"),
  });
  const range =
    rangeHeader !== undefined ? parseCopySourceRange(rangeHeader, src.obj.size) : { start: 0, end: src.obj.size - 1 };
  if (range.end - range.start + 1 > MAX_PUT_SIZE) {
    throw new S3Fault(
      "InvalidRequest",
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
    );
  }
  // seaweedfs/seaweedfs#9281: the part is sealed under the key the source was read with, not the upload's.
  const sealWith = src.key && faults.has("part-copy-bypasses-upload-key") ? { ...t, key: src.key } : t;
  // Issue 14: a part copied from an SSE-C source into an upload without SSE-C takes the source's stored (sealed) bytes.
  const sealedBytes = !t.key && src.obj.ssec && faults.has("part-copy-plain-upload-ciphertext");
  const bytes = readData(rc.server, src.obj, sealedBytes ? undefined : src.dataKeys, range.start, range.end);
  const written = await storePart(rc, sealWith, bytes);
  return xmlResponse(
    200,
    ["CopyPartResult", ["ETag", `"${written.etag}"`], ["LastModified", isoTime(Date.now())]],
    [
      ...src.versionHeaders,
      ...(t.key && !faults.has("part-copy-echo-missing") ? echoHeaders(t.key, faults) : []),
      ...managedHeaders(t.upload.sse, t.upload.kmsKeyId, speaksObs(rc.headers)),
    ],
  );
}
