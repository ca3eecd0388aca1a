/**
 * CopyObject: PUT /bucket/key with x-amz-copy-source (Table 2 "PUT Object - Copy"). The target
 * encryption is chosen by the request (evidence headers.copy-source-trio): SSE-C target trio, or plain. The source is
 * decrypted with the copy-source key and re-encrypted under a fresh data key, so a copy onto
 * itself with a new key rotates the key (evidence headers.copy-source-trio, minio-go in-place rotation).
 */
import { speaksObs } from "../managed-encryption.ts";
import { isChecksumAlgorithm, type ChecksumAlgorithm } from "../auth/checksum-algorithms.ts";
import type { RequestContext } from "../request-context.ts";
import {
  bindings,
  keyMatches,
  MAX_PUT_SIZE,
  newObjectId,
  readData,
  segmentBinding,
  singlePartRecord,
  writeData,
} from "../object-bytes.ts";
import { S3Fault } from "../errors.ts";
import { metadataFromHeaders } from "../metadata.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { echoHeaders, type CustomerKey } from "../ssec.ts";
import { managedHeaders, MSG_PARAMS_MISMATCH, recordManaged } from "../ssec-policy.ts";
import type { ObjectRecord } from "../storage/types.ts";
import { isoTime } from "../xml.ts";
import { writeTarget } from "./common.ts";
import { newVersionId, versionHeaders } from "./versions.ts";
import { readCopySource } from "./copy-source-read.ts";

/**
 * The checksum the copy keeps: the one the request names (x-amz-checksum-algorithm), else the
 * source's algorithm, recomputed over the copied plaintext (a copy is a new single-part object,
 * so a COMPOSITE source checksum becomes a FULL_OBJECT one).
 */
function copyChecksumAlgorithm(rc: RequestContext, source: ObjectRecord): ChecksumAlgorithm | undefined {
  const asked = rc.headers.get("x-amz-checksum-algorithm");
  if (asked !== undefined) {
    const a = asked.trim().toLowerCase();
    if (!isChecksumAlgorithm(a))
      throw new S3Fault(
        "InvalidRequest",
        "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]",
      );
    return a;
  }
  return source.multipart ? source.checksumAlgorithm : source.segments[0]?.checksum?.algorithm;
}

export async function copyObject(rc: RequestContext): Promise<ServerResponse> {
  const { faults, storage } = rc.server;
  const { bucket, key, customerKey: targetKey, sse } = await writeTarget(rc);
  const directive = rc.headers.get("x-amz-metadata-directive") ?? rc.headers.get("x-obs-metadata-directive") ?? "COPY";
  if (directive !== "COPY" && directive !== "REPLACE") {
    throw new S3Fault("InvalidArgument", "Unknown metadata directive.", {
      ArgumentName: "x-amz-metadata-directive",
      ArgumentValue: directive,
    });
  }

  const inPlaceCheck = (obj: ObjectRecord, sourceKey: CustomerKey | undefined) => {
    if (obj.bucket !== bucket.name || obj.key !== key || directive === "REPLACE") return;
    const sameEncryption =
      sourceKey && targetKey ? sourceKey.sameAs(targetKey) : !sourceKey && !targetKey && obj.sse === sse;
    if (!sameEncryption) return; // a key rotation, or encrypting / decrypting in place
    // Evidence copy.rotate-wrong-key (minio#5625): equal source and target keys that do not open the object. The code is
    // InvalidRequest, the one AWS is recorded answering with this message (Upload Part).
    if (sourceKey && obj.segments.some((s) => s.sealed && !keyMatches(sourceKey, segmentBinding(obj, s), s.sealed))) {
      throw new S3Fault("InvalidRequest", MSG_PARAMS_MISMATCH);
    }
    throw new S3Fault(
      "InvalidRequest",
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  };
  const src = await readCopySource(rc, { targetKey, beforeUnlock: inPlaceCheck });
  if (src.obj.size > MAX_PUT_SIZE) {
    throw new S3Fault(
      "InvalidRequest",
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
    );
  }
  const meta =
    directive === "REPLACE"
      ? metadataFromHeaders(rc.headers)
      : { contentType: src.obj.contentType, metadata: src.obj.metadata };

  // seaweedfs/seaweedfs#9281: a copy path that forgets the target's encryption; or a REPLACE path that rebuilds the
  // record from the request's metadata and loses the encryption with the old metadata.
  const dropped =
    faults.has("copy-drops-encryption") ||
    (directive === "REPLACE" && faults.has("replace-directive-drops-encryption"));
  let encryptWith = targetKey && !dropped ? targetKey : undefined;
  let targetSse = sse;
  // seaweedfs/seaweedfs#9281: an SSE-S3 source copied to an SSE-C target keeps the source's server-side encryption.
  if (src.obj.sse && encryptWith && faults.has("sse-s3-source-copy-keeps-sse-s3")) {
    encryptWith = undefined;
    targetSse = src.obj.sse;
  }
  // Issue 14 (copies between encryption types serving ciphertext as plaintext with a 200): a copy of an SSE-C source
  // to an SSE-S3 target hands the stored (sealed) bytes to the server-side encryption instead of the plaintext.
  const sealedBytes = targetSse !== undefined && src.obj.ssec && faults.has("copy-to-sse-s3-ciphertext");
  const id = newObjectId();
  const body = readData(rc.server, src.obj, sealedBytes ? undefined : src.dataKeys, 0, src.obj.size - 1);
  const written = await writeData(rc.server, body, {
    limit: MAX_PUT_SIZE,
    encrypt: encryptWith && { key: encryptWith, binding: bindings.object(bucket.name, key, id) },
    checksum: copyChecksumAlgorithm(rc, src.obj),
  });
  const rec = singlePartRecord(rc.server, { bucket: bucket.name, key, id, written, meta, encryptedWith: encryptWith });
  recordManaged(rec, targetSse, bucket);
  rec.versionId = newVersionId(bucket, id);
  // rotation-range-old-key: the record from before an in-place key rotation stays behind for ranged reads.
  if (faults.has("rotation-range-old-key") && src.obj.bucket === bucket.name && src.obj.key === key && src.obj.ssec)
    faults.memory.set("rotated", `${bucket.name}/${key}`, src.obj);
  await storage.putObject(rec);
  return xmlResponse(
    200,
    ["CopyObjectResult", ["ETag", `"${rec.etag}"`], ["LastModified", isoTime(rec.lastModified)]],
    // The echo is added per handler (MinIO MinIO handlers); a handler that forgets it omits it only here.
    [
      ...src.versionHeaders,
      ...versionHeaders(bucket, rec),
      ...(targetKey && !faults.has("copy-echo-missing") ? echoHeaders(targetKey, faults) : []),
      ...managedHeaders(rec.sse, rec.kmsKeyId, speaksObs(rc.headers)),
    ],
  );
}
