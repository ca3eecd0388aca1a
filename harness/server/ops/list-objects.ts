/**
 * ListObjectsV2 (GET /bucket?list-type=2) and ListObjects (v1, GET /bucket): prefix, delimiter
 * (common prefixes), max-keys (≤ 1000), continuation-token / start-after / marker,
 * encoding-type=url.
 */
import { bucketOf, type RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { compareKeys, type ObjectRecord } from "../storage/types.ts";
import { isoTime, type Node } from "../xml.ts";
import { listingStart, owner } from "./common.ts";

interface Page {
  contents: ObjectRecord[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last?: string;
}

const BATCH = 1000;

/** Walks keys after `after` in order, folding keys into common prefixes, until `max` entries. */
async function listPage(
  rc: RequestContext,
  prefix: string,
  delimiter: string,
  after: string,
  max: number,
): Promise<Page> {
  const page: Page = { contents: [], prefixes: [], truncated: false };
  let cursor = after;
  // Resuming after a common prefix: every key under it was already accounted for.
  let skipUnder = delimiter !== "" && after.startsWith(prefix) && after.endsWith(delimiter) ? after : undefined;
  for (;;) {
    const batch = await rc.server.storage.listObjects(bucketOf(rc), { prefix, after: cursor, limit: BATCH });
    for (const o of batch) {
      cursor = o.key;
      if (skipUnder !== undefined && o.key.startsWith(skipUnder)) continue;
      let entry: string | undefined;
      if (delimiter !== "") {
        const i = o.key.indexOf(delimiter, prefix.length);
        if (i >= 0) entry = o.key.slice(0, i + delimiter.length);
      }
      if (page.contents.length + page.prefixes.length >= max) {
        page.truncated = true;
        return page;
      }
      if (entry !== undefined) {
        page.prefixes.push(entry);
        page.last = entry;
        skipUnder = entry;
      } else {
        page.contents.push(o);
        page.last = o.key;
      }
    }
    if (batch.length < BATCH) return page;
  }
}

function contentsNodes(page: Page, enc: (s: string) => string, fetchOwner: boolean): Node[] {
  return page.contents.map((o): Node => [
    "Contents",
    ["Key", enc(o.key)],
    ["LastModified", isoTime(o.lastModified)],
    ["ETag", `"${o.etag}"`],
    ["Size", o.size],
    ["StorageClass", "STANDARD"],
    fetchOwner && owner(),
  ]);
}

const prefixNodes = (page: Page, enc: (s: string) => string): Node[] =>
  page.prefixes.map((p): Node => ["CommonPrefixes", ["Prefix", enc(p)]]);

export async function listObjectsV2(rc: RequestContext): Promise<ServerResponse> {
  const { bucket, enc, prefix, max } = await listingStart(rc, "max-keys");
  const q = rc.query;
  const delimiter = q.get("delimiter") ?? "";
  const token = q.get("continuation-token");
  const startAfter = q.get("start-after") ?? "";
  let after = startAfter;
  if (token !== undefined) {
    const decoded = Buffer.from(token, "base64url").toString("utf8");
    if (token === "" || Buffer.from(decoded, "utf8").toString("base64url") !== token) {
      throw new S3Fault("InvalidArgument", "The continuation token provided is incorrect", {
        ArgumentName: "continuation-token",
      });
    }
    after = compareKeys(decoded, startAfter) > 0 ? decoded : startAfter;
  }
  const page = await listPage(rc, prefix, delimiter, after, max);
  return xmlResponse(200, [
    "ListBucketResult",
    ["Name", bucket.name],
    ["Prefix", enc(prefix)],
    token !== undefined && ["ContinuationToken", token],
    page.truncated &&
      page.last !== undefined && ["NextContinuationToken", Buffer.from(page.last, "utf8").toString("base64url")],
    startAfter !== "" && ["StartAfter", enc(startAfter)],
    ["KeyCount", page.contents.length + page.prefixes.length],
    ["MaxKeys", max],
    delimiter !== "" && ["Delimiter", enc(delimiter)],
    ["IsTruncated", String(page.truncated)],
    q.has("encoding-type") && ["EncodingType", "url"],
    contentsNodes(page, enc, q.get("fetch-owner") === "true"),
    prefixNodes(page, enc),
  ]);
}

export async function listObjects(rc: RequestContext): Promise<ServerResponse> {
  const { bucket, enc, prefix, max } = await listingStart(rc, "max-keys");
  const q = rc.query;
  const delimiter = q.get("delimiter") ?? "";
  const marker = q.get("marker") ?? "";
  const page = await listPage(rc, prefix, delimiter, marker, max);
  return xmlResponse(200, [
    "ListBucketResult",
    ["Name", bucket.name],
    ["Prefix", enc(prefix)],
    ["Marker", enc(marker)],
    page.truncated && delimiter !== "" && page.last !== undefined && ["NextMarker", enc(page.last)],
    ["MaxKeys", max],
    delimiter !== "" && ["Delimiter", enc(delimiter)],
    ["IsTruncated", String(page.truncated)],
    q.has("encoding-type") && ["EncodingType", "url"],
    contentsNodes(page, enc, true),
    prefixNodes(page, enc),
  ]);
}
