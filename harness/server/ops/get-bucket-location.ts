/** GetBucketLocation: GET /bucket?location (us-east-1 is reported as an empty constraint, as AWS does). */
import type { RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { requireBucket } from "./common.ts";

export async function getBucketLocation(rc: RequestContext): Promise<ServerResponse> {
  await requireBucket(rc);
  const region = rc.server.region === "us-east-1" ? "" : rc.server.region;
  return xmlResponse(200, ["LocationConstraint", region]);
}
