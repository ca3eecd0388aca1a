/** ListBuckets: GET / */
import type { RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { isoTime, type Node } from "../xml.ts";
import { owner } from "./common.ts";

export async function listBuckets(rc: RequestContext): Promise<ServerResponse> {
  const buckets = await rc.server.storage.listBuckets();
  return xmlResponse(200, [
    "ListAllMyBucketsResult",
    owner(),
    ["Buckets", buckets.map((b): Node => ["Bucket", ["Name", b.name], ["CreationDate", isoTime(b.created)]])],
  ]);
}
