/** PutObject: PUT /bucket/key — plain, or SSE-C (Table 2 "PUT Object"). */
import { speaksObs } from "../managed-encryption.ts";
import { checksumHeaders } from "../stored-checksums.ts";
import type { RequestContext } from "../request-context.ts";
import { checkWriteConditions } from "../conditions.ts";
import { bindings, MAX_PUT_SIZE, newObjectId, singlePartRecord, writeData } from "../object-bytes.ts";
import { metadataFromHeaders } from "../metadata.ts";
import type { ServerResponse } from "../request.ts";
import { emptyResponse } from "../respond.ts";
import { echoHeaders } from "../ssec.ts";
import { managedHeaders, recordManaged } from "../ssec-policy.ts";
import { requireLength, writeTarget } from "./common.ts";
import { newVersionId, versionHeaders } from "./versions.ts";

export async function putObject(rc: RequestContext): Promise<ServerResponse> {
  const { storage, faults } = rc.server;
  const target = await writeTarget(rc);
  const { bucket, key } = target;
  let customerKey = target.customerKey;
  // seaweedfs/seaweedfs#2313; floci-io/floci#1140: SSE-C headers validated, then ignored: the object is stored and
  // served in plain.
  if (faults.has("ssec-ignored")) customerKey = undefined;
  const echo = customerKey ? echoHeaders(customerKey, faults) : [];
  // A per-name key cache: the first SSE-C key a name was written with seals every later SSE-C write of it.
  if (customerKey && faults.has("overwrite-keeps-old-key")) {
    const first = faults.memory.get<typeof customerKey>("first-key", `${bucket.name}/${key}`);
    if (first) customerKey = first;
    else faults.memory.set("first-key", `${bucket.name}/${key}`, customerKey);
  }
  const meta = metadataFromHeaders(rc.headers);
  // A server that keeps only the S3 prefix of user metadata: x-obs-meta-* is dropped on PUT.
  if (faults.has("obs-meta-dropped")) meta.metadata = meta.metadata.filter(([n]) => !n.startsWith("x-obs-meta-"));
  requireLength(rc, MAX_PUT_SIZE);
  // The SSE-C write path on its own, without the conditional-write check of the plain path.
  const conditionsSkipped = customerKey !== undefined && faults.has("conditional-write-ssec-unchecked");
  if (!conditionsSkipped) checkWriteConditions(rc.headers, await storage.getObject(bucket.name, key));
  // A conditional write rebuilt from the request without its SSE-C parameters: stored in plain, echoed all the same.
  if (rc.headers.has("if-none-match") && faults.has("conditional-write-drops-encryption")) customerKey = undefined;

  const id = newObjectId();
  const written = await writeData(rc.server, rc.body(), {
    limit: MAX_PUT_SIZE,
    encrypt: customerKey && { key: customerKey, binding: bindings.object(bucket.name, key, id) },
  });
  const rec = singlePartRecord(rc.server, { bucket: bucket.name, key, id, written, meta, encryptedWith: customerKey });
  recordManaged(rec, target.sse, bucket);
  rec.versionId = newVersionId(bucket, id);
  // Encryption metadata merged from the old record: a plain overwrite of an SSE-C object stays flagged SSE-C.
  if (!customerKey && faults.has("plain-overwrite-stays-ssec") && (await storage.getObject(bucket.name, key))?.ssec)
    rec.ssec = true;
  try {
    // Conditional writes are re-checked at commit time: another PUT may have landed meanwhile.
    if (!conditionsSkipped) checkWriteConditions(rc.headers, await storage.getObject(bucket.name, key));
  } catch (e) {
    await storage.deleteBlob(written.blob);
    throw e;
  }
  await storage.putObject(rec);
  // As S3 answers an upload that carried a checksum: the checksum it verified and stored.
  const checksum = written.digest
    ? checksumHeaders(written.digest.algorithm, written.digest.digest.toString("base64"), "FULL_OBJECT")
    : [];
  return emptyResponse(200, [
    ["ETag", `"${rec.etag}"`],
    ...checksum,
    ...versionHeaders(bucket, rec),
    ...echo,
    ...managedHeaders(rec.sse, rec.kmsKeyId, speaksObs(rc.headers)),
  ]);
}
