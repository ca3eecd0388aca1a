/** ListMultipartUploads: GET /bucket?uploads (prefix, key-marker/upload-id-marker, max-uploads). */
import type { RequestContext } from "../request-context.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { compareKeys } from "../storage/types.ts";
import { isoTime, type Node } from "../xml.ts";
import { listingStart, owner } from "./common.ts";

export async function listMultipartUploads(rc: RequestContext): Promise<ServerResponse> {
  const { bucket, enc, prefix, max } = await listingStart(rc, "max-uploads");
  const q = rc.query;
  const keyMarker = q.get("key-marker") ?? "";
  const idMarker = q.get("upload-id-marker") ?? "";
  const all = (await rc.server.storage.listUploads(bucket.name))
    .filter((u) => u.key.startsWith(prefix))
    .filter((u) => rc.server.faults.memory.get("aborted", u.uploadId) === undefined)
    .filter((u) => {
      const c = compareKeys(u.key, keyMarker);
      return c > 0 || (c === 0 && idMarker !== "" && u.uploadId > idMarker);
    })
    .sort((a, b) => compareKeys(a.key, b.key) || a.initiated - b.initiated || (a.uploadId < b.uploadId ? -1 : 1));
  const page = all.slice(0, max);
  const truncated = all.length > max;
  const last = page[page.length - 1];
  return xmlResponse(200, [
    "ListMultipartUploadsResult",
    ["Bucket", bucket.name],
    ["KeyMarker", enc(keyMarker)],
    ["UploadIdMarker", idMarker],
    truncated && last && ["NextKeyMarker", enc(last.key)],
    truncated && last && ["NextUploadIdMarker", last.uploadId],
    prefix !== "" && ["Prefix", enc(prefix)],
    ["MaxUploads", max],
    ["IsTruncated", String(truncated)],
    page.map((u): Node => [
      "Upload",
      ["Key", enc(u.key)],
      ["UploadId", u.uploadId],
      ["Initiator", ["ID", "ssec-conformance"], ["DisplayName", "ssec-conformance"]],
      owner(),
      ["StorageClass", "STANDARD"],
      ["Initiated", isoTime(u.initiated)],
    ]),
  ]);
}
