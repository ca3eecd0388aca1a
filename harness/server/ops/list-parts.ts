/** ListParts: GET /bucket/key?uploadId (works without SSE-C headers, evidence list-parts.without-key). */
import { keyOf, type RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { isoTime, type Node } from "../xml.ts";
import { owner, parseLimit, requireBucket, requireUpload } from "./common.ts";

export async function listParts(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  const upload = await requireUpload(rc, bucket.name);
  const max = parseLimit(rc.query.get("max-parts"), "max-parts", 1000, 1000);
  const marker = parseLimit(rc.query.get("part-number-marker"), "part-number-marker", 0, 10000);
  const all = (await rc.server.storage.listParts(bucket.name, upload.uploadId)).filter((p) => p.partNumber > marker);
  const page = all.slice(0, max);
  const truncated = all.length > max;
  return xmlResponse(200, [
    "ListPartsResult",
    ["Bucket", bucket.name],
    ["Key", keyOf(rc)],
    ["UploadId", upload.uploadId],
    ["PartNumberMarker", marker],
    page.length > 0 && ["NextPartNumberMarker", page[page.length - 1].partNumber],
    ["MaxParts", max],
    ["IsTruncated", String(truncated)],
    page.map((p): Node => [
      "Part",
      ["PartNumber", p.partNumber],
      ["LastModified", isoTime(p.lastModified)],
      ["ETag", `"${p.etag}"`],
      ["Size", p.size],
    ]),
    ["Initiator", ["ID", "ssec-conformance"], ["DisplayName", "ssec-conformance"]],
    owner(),
    ["StorageClass", "STANDARD"],
  ]);
}
