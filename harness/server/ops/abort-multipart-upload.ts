/** AbortMultipartUpload: DELETE /bucket/key?uploadId (frees every part). */
import type { RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { requireBucket, requireUpload } from "./common.ts";

export async function abortMultipartUpload(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  const upload = await requireUpload(rc, bucket.name);
  // abort-keeps-parts: the upload is only hidden from ListMultipartUploads; its parts stay.
  if (rc.server.faults.has("abort-keeps-parts")) rc.server.faults.memory.set("aborted", upload.uploadId, true);
  else await rc.server.storage.abortUpload(bucket.name, upload.uploadId);
  return { status: 204, headers: [] };
}
