/**
 * ListObjectVersions: GET /bucket?versions — every version and delete marker, keys in order and
 * each key's versions newest first; prefix, delimiter (common prefixes), key-marker /
 * version-id-marker, max-keys (≤ 1000), encoding-type=url. A bucket that never had versioning
 * lists each object as its `null` version (LocalStack's AWS-validated snapshot of
 * test_list_object_versions_order_unversioned). Sizes are plaintext sizes, SSE-C or not.
 */
import { bucketOf, type RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { versionIdOf, type ListedVersion, type ObjectRecord } from "../storage/types.ts";
import { isoTime, type Node } from "../xml.ts";
import { listingStart, owner } from "./common.ts";
import { withoutVersioning } from "./versions.ts";

interface Page {
  entries: (ListedVersion | { prefix: string })[];
  truncated: boolean;
}

/** Where a listing resumes: after `keyMarker`'s versions, or after its version `versionIdMarker`. */
function resumeAt(all: ListedVersion[], keyMarker: string, versionIdMarker: string): number {
  if (keyMarker === "") return 0;
  const at = all.findIndex((v) => v.rec.key === keyMarker && versionIdOf(v.rec) === versionIdMarker);
  if (versionIdMarker !== "" && at >= 0) return at + 1;
  const next = all.findIndex((v) => v.rec.key !== keyMarker);
  return next < 0 ? all.length : next;
}

function walk(all: ListedVersion[], from: number, prefix: string, delimiter: string, max: number, skip?: string): Page {
  const page: Page = { entries: [], truncated: false };
  let under = skip;
  for (let i = from; i < all.length; i++) {
    const key = all[i].rec.key;
    if (under !== undefined && key.startsWith(under)) continue;
    const d = delimiter === "" ? -1 : key.indexOf(delimiter, prefix.length);
    if (page.entries.length >= max) {
      page.truncated = true;
      break;
    }
    if (d >= 0) {
      under = key.slice(0, d + delimiter.length);
      page.entries.push({ prefix: under });
    } else page.entries.push(all[i]);
  }
  return page;
}

/** Stored (sealed) length: what the list-versions-sealed-size fault reports as Size. */
const storedSize = (o: ObjectRecord) => o.segments.reduce((n, s) => n + s.stored, 0);

export async function listObjectVersions(rc: RequestContext): Promise<ServerResponse> {
  withoutVersioning(rc);
  const { bucket, enc, prefix, max } = await listingStart(rc, "max-keys");
  const q = rc.query;
  const delimiter = q.get("delimiter") ?? "";
  const keyMarker = q.get("key-marker") ?? "";
  const versionIdMarker = q.get("version-id-marker") ?? "";
  if (versionIdMarker !== "" && keyMarker === "") {
    throw new S3Fault("InvalidArgument", "A version-id marker cannot be specified without a key marker.", {
      ArgumentName: "version-id-marker",
      ArgumentValue: versionIdMarker,
    });
  }
  const sealedSize = rc.server.faults.has("list-versions-sealed-size");
  const all = await rc.server.storage.listVersions(bucketOf(rc), prefix, keyMarker);
  // Resuming after a common prefix: every key under it was already listed.
  const skip = delimiter !== "" && keyMarker.endsWith(delimiter) ? keyMarker : undefined;
  const page = walk(all, resumeAt(all, keyMarker, versionIdMarker), prefix, delimiter, max, skip);
  const last = page.entries.at(-1);
  const nodes = page.entries.map((e): Node => {
    if ("prefix" in e) return ["CommonPrefixes", ["Prefix", enc(e.prefix)]];
    const { rec, latest } = e;
    const head: Node[] = [
      ["Key", enc(rec.key)],
      ["VersionId", versionIdOf(rec)],
      ["IsLatest", String(latest)],
      ["LastModified", isoTime(rec.lastModified)],
    ];
    if (rec.deleteMarker) return ["DeleteMarker", ...head, owner()];
    return [
      "Version",
      ...head,
      ["ETag", `"${rec.etag}"`],
      ["Size", rec.ssec && sealedSize ? storedSize(rec) : rec.size],
      ["StorageClass", "STANDARD"],
      owner(),
    ];
  });
  return xmlResponse(200, [
    "ListVersionsResult",
    ["Name", bucket.name],
    ["Prefix", enc(prefix)],
    ["KeyMarker", enc(keyMarker)],
    ["VersionIdMarker", versionIdMarker],
    page.truncated && last !== undefined && ["NextKeyMarker", enc("prefix" in last ? last.prefix : last.rec.key)],
    page.truncated && last !== undefined && !("prefix" in last) && ["NextVersionIdMarker", versionIdOf(last.rec)],
    ["MaxKeys", max],
    delimiter !== "" && ["Delimiter", enc(delimiter)],
    ["IsTruncated", String(page.truncated)],
    q.has("encoding-type") && ["EncodingType", "url"],
    nodes,
  ]);
}
