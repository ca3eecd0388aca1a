/** DeleteObject: DELETE /bucket/key (204 whether or not the key existed, as S3 answers). */
import { keyOf, type RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { requireBucket } from "./common.ts";

export async function deleteObject(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  // A deferred delete that skips encrypted objects: answered 204, never done.
  const { faults, storage } = rc.server;
  if (faults.has("delete-keeps-ssec-object") && (await storage.getObject(bucket.name, keyOf(rc)))?.ssec)
    return { status: 204, headers: [] };
  await storage.deleteObject(bucket.name, keyOf(rc));
  return { status: 204, headers: [] };
}
