/**
 * The representation headers an object keeps (Content-Type, Content-Encoding,
 * Content-Disposition, Cache-Control, Content-Language, Expires, user metadata), taken from a
 * PUT/Initiate/Copy REPLACE request or a POST form, and given back on GET/HEAD.
 *
 * User metadata keeps the dialect it was written in: x-amz-meta-* (S3), or x-obs-meta-* (Huawei
 * OBS API reference, "Uploading Objects - PUT": x-obs-meta-* user-defined metadata),
 * returned under the same prefix, since an OBS client reads back only its own prefix.
 */
import { S3Fault } from "./errors.ts";
import { managedHeaders } from "./managed-encryption.ts";
import type { HeaderPairs, RequestHeaders } from "./request.ts";
import type { ObjectRecord } from "./storage/types.ts";

/** AWS default when a PUT carries no Content-Type. */
export const DEFAULT_CONTENT_TYPE = "binary/octet-stream";
const KEPT = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"];
/** User metadata limit: 2 KB (S3 User Guide, "Working with object metadata"). */
const USER_METADATA_LIMIT = 2048;
const USER_PREFIXES = ["x-amz-meta-", "x-obs-meta-"];

export interface StoredMetadata {
  contentType: string;
  metadata: [string, string][];
}

/** aws-chunked is transfer framing (SigV4 streaming), not a property of the stored object. */
function stripAwsChunked(v: string): string | undefined {
  const rest = v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s.toLowerCase() !== "aws-chunked");
  return rest.length ? rest.join(",") : undefined;
}

export function metadataFrom(get: (name: string) => string | undefined, names: Iterable<string>): StoredMetadata {
  const metadata: [string, string][] = [];
  for (const name of KEPT) {
    let v = get(name);
    if (v === undefined) continue;
    if (name === "content-encoding") v = stripAwsChunked(v);
    if (v !== undefined) metadata.push([name, v]);
  }
  let userBytes = 0;
  const seen = new Set<string>();
  for (const name of names) {
    const n = name.toLowerCase();
    const prefix = USER_PREFIXES.find((p) => n.startsWith(p));
    // A repeated header is one value (the getter joins duplicates), listed once.
    if (!prefix || seen.has(n)) continue;
    seen.add(n);
    const v = get(n) ?? "";
    userBytes += Buffer.byteLength(n.slice(prefix.length)) + Buffer.byteLength(v);
    metadata.push([n, v]);
  }
  if (userBytes > USER_METADATA_LIMIT) {
    throw new S3Fault("InvalidArgument", "Your metadata headers exceed the maximum allowed metadata size.");
  }
  metadata.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { contentType: get("content-type") ?? DEFAULT_CONTENT_TYPE, metadata };
}

export function metadataFromHeaders(h: RequestHeaders): StoredMetadata {
  return metadataFrom(
    (n) => h.get(n),
    h.pairs.map(([n]) => n),
  );
}

export function metadataFromForm(fields: ReadonlyMap<string, string>): StoredMetadata {
  return metadataFrom((n) => fields.get(n), fields.keys());
}

/** Headers every object response carries (GET, HEAD). */
export function objectHeaders(obj: ObjectRecord, obs = false): HeaderPairs {
  return [
    ["ETag", `"${obj.etag}"`],
    ["Last-Modified", new Date(obj.lastModified).toUTCString()],
    ["Content-Type", obj.contentType],
    ["Accept-Ranges", "bytes"],
    ...obj.metadata,
    ...managedHeaders(obj.sse, obj.kmsKeyId, obs),
  ];
}
