/** HeadBucket: HEAD /bucket */
import type { RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { emptyResponse } from "../respond.ts";
import { requireBucket } from "./common.ts";

export async function headBucket(rc: RequestContext): Promise<ServerResponse> {
  await requireBucket(rc);
  return emptyResponse(200, [["x-amz-bucket-region", rc.server.region]]);
}
