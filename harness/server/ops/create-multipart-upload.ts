/** CreateMultipartUpload: POST /bucket/key?uploads (Table 2 "Initiate Multipart Upload"). */
import { speaksObs } from "../managed-encryption.ts";
import { randomBytes } from "node:crypto";
import type { RequestContext } from "../request-context.ts";
import { sealUploadKey } from "../object-bytes.ts";
import { metadataFromHeaders } from "../metadata.ts";
import { uploadChecksumAlgorithm } from "../stored-checksums.ts";
import type { HeaderPairs, ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { echoHeaders } from "../ssec.ts";
import { managedHeaders, recordManaged } from "../ssec-policy.ts";
import type { UploadRecord } from "../storage/types.ts";
import { writeTarget } from "./common.ts";

export async function createMultipartUpload(rc: RequestContext): Promise<ServerResponse> {
  const { faults, storage } = rc.server;
  const { bucket, key, customerKey, sse } = await writeTarget(rc);
  const checksumAlgorithm = uploadChecksumAlgorithm(rc.headers);
  const upload: UploadRecord = {
    bucket: bucket.name,
    key,
    uploadId: randomBytes(24).toString("base64url"),
    initiated: Date.now(),
    ...metadataFromHeaders(rc.headers),
  };
  if (checksumAlgorithm) upload.checksumAlgorithm = checksumAlgorithm;
  recordManaged(upload, sse, bucket);
  // Only a sealed record is kept: it tells the upload's key from any other (evidence
  // upload-part.different-key-refused).
  if (customerKey) upload.ssec = sealUploadKey(customerKey, upload);
  // upload-key-by-name: the key check bound to the first upload's key of the name, not this upload's.
  if (customerKey && faults.has("upload-key-by-name")) {
    const first = faults.memory.get<typeof customerKey>("upload-key", `${bucket.name}/${key}`);
    if (first) upload.ssec = sealUploadKey(first, upload);
    else faults.memory.set("upload-key", `${bucket.name}/${key}`, customerKey);
  }
  await storage.createUpload(upload);
  return xmlResponse(
    200,
    ["InitiateMultipartUploadResult", ["Bucket", bucket.name], ["Key", key], ["UploadId", upload.uploadId]],
    [
      ...(checksumAlgorithm
        ? ([
            ["x-amz-checksum-algorithm", checksumAlgorithm.toUpperCase()],
            ["x-amz-checksum-type", "COMPOSITE"],
          ] as HeaderPairs)
        : []),
      ...(customerKey ? echoHeaders(customerKey, faults) : []),
      ...managedHeaders(upload.sse, upload.kmsKeyId, speaksObs(rc.headers)),
    ],
  );
}
