/** DeleteBucket: DELETE /bucket (must be empty). */
import { bucketOf, type RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";

export async function deleteBucket(rc: RequestContext): Promise<ServerResponse> {
  const name = bucketOf(rc);
  const r = await rc.server.storage.deleteBucket(name);
  if (r === "missing") throw new S3Fault("NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
  if (r === "not-empty")
    throw new S3Fault("BucketNotEmpty", "The bucket you tried to delete is not empty", { BucketName: name });
  return { status: 204, headers: [] };
}
