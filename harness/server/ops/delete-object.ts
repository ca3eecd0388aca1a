/**
 * DeleteObject: DELETE /bucket/key[?versionId] (204 whether or not the key existed, as S3 answers;
 * in a versioned bucket a delete marker, or the removal of the version named: ops/versions.ts).
 */
import { keyOf, type RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { requireBucket } from "./common.ts";
import { deletedHeaders, deleteKey } from "./versions.ts";

export async function deleteObject(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  // A deferred delete that skips encrypted objects: answered 204, never done.
  const { faults, storage } = rc.server;
  if (faults.has("delete-keeps-ssec-object") && (await storage.getObject(bucket.name, keyOf(rc)))?.ssec)
    return { status: 204, headers: [] };
  // The delete-version-ignored fault: ?versionId is dropped and the DELETE is a plain one.
  const versionId = faults.has("delete-version-ignored") ? undefined : rc.query.get("versionId");
  const deleted = await deleteKey(rc, bucket, keyOf(rc), versionId);
  return { status: 204, headers: deletedHeaders(deleted) };
}
