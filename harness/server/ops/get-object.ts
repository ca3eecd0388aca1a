/**
 * GetObject and HeadObject: GET/HEAD /bucket/key — SSE-C reads (Table 2 "GET Object", "HEAD
 * Object"), Range (incl. suffix and open-ended; 416), conditionals, partNumber.
 */
import { speaksObs } from "../managed-encryption.ts";
import { bucketOf, keyOf, type RequestContext } from "../request-context.ts";
import { checksumHeaders, checksumModeEnabled } from "../stored-checksums.ts";
import { checkPreconditions } from "../conditions.ts";
import { readData, unlockObject, unlockUnverified } from "../object-bytes.ts";
import { objectChecksum } from "../object-checksum.ts";
import { S3Fault } from "../errors.ts";
import { objectHeaders } from "../metadata.ts";
import { parseRange, type ByteRange } from "../range.ts";
import type { HeaderPairs, ServerResponse } from "../request.ts";
import type { ObjectRecord } from "../storage/types.ts";
import { echoHeaders, readSseHeader } from "../ssec.ts";
import { mapWrongKey, missingKeyFault, notApplicableFault, readKey } from "../ssec-policy.ts";
import { requireBucket, parsePartNumber } from "./common.ts";
import { readVersion, versionHeaders } from "./versions.ts";

const OVERRIDES: [string, string][] = [
  ["response-content-type", "Content-Type"],
  ["response-content-language", "Content-Language"],
  ["response-expires", "Expires"],
  ["response-cache-control", "Cache-Control"],
  ["response-content-disposition", "Content-Disposition"],
  ["response-content-encoding", "Content-Encoding"],
];

function applyOverrides(rc: RequestContext, headers: HeaderPairs): HeaderPairs {
  let out = headers;
  for (const [param, header] of OVERRIDES) {
    const v = rc.query.get(param);
    if (v === undefined) continue;
    out = [...out.filter(([n]) => n.toLowerCase() !== header.toLowerCase()), [header, v]];
  }
  return out;
}

export async function getObject(rc: RequestContext, head = false): Promise<ServerResponse> {
  const { faults } = rc.server;
  const bucket = await requireBucket(rc);
  const name = `${bucketOf(rc)}/${keyOf(rc)}`;
  const { obj: addressed, keyCheck } = await readVersion(rc, bucket, keyOf(rc));
  // The version-key-checked-against-current fault: the key is checked against another version.
  const otherCheck = keyCheck !== addressed ? keyCheck : undefined;
  let obj = addressed;
  // A HEAD answered from a per-name cache that the first HEAD filled and no write clears.
  if (head && faults.has("head-cache-stale")) {
    const cached = faults.memory.get<ObjectRecord>("head", name);
    if (cached) obj = cached;
    else faults.memory.set("head", name, obj);
  }

  // evidence read.sse-header-refused: x-amz-server-side-encryption belongs to writes; on a read it is refused.
  if (readSseHeader(rc.headers)) throw notApplicableFault();
  const key = readKey(rc);
  const partParam = rc.query.get("partNumber");
  // minio/minio#5494; seaweedfs/seaweedfs#7143; pgsty/silo#84: a ranged GET, or a partNumber read, on a fast path
  // that never unseals the key.
  const unverified =
    (!head && rc.headers.has("range") && faults.has("range-key-not-checked")) ||
    (partParam !== undefined && faults.has("part-number-key-not-checked")) ||
    // A presigned read authenticated on its own path, which never hands the key to the key check.
    (rc.query.has("X-Amz-Signature") && faults.has("presigned-key-not-checked")) ||
    // A per-object "verified" flag: the first GET with the key checked it, later ones do not.
    (!head && faults.has("read-key-check-cached") && faults.memory.get<boolean>("verified", obj.id) === true) ||
    // A cache-revalidation path that trusts a matching ETag (If-Match / If-None-Match) instead of the key.
    (faults.has("conditional-read-key-unverified") && (rc.headers.has("if-match") || rc.headers.has("if-none-match")));
  // The range path checks the key against the object as it was before an in-place rotation.
  const beforeRotation =
    !head && rc.headers.has("range") && faults.has("rotation-range-old-key")
      ? faults.memory.get<ObjectRecord>("rotated", name)
      : undefined;
  // Preconditions evaluated before the key (evidence conditional.key-before-preconditions has the key first).
  if (faults.has("preconditions-before-key")) {
    try {
      checkPreconditions(rc.headers, obj);
    } catch (e) {
      if (e instanceof S3Fault && e.code === "NotModified") return notModified(obj, []);
      throw e;
    }
  }
  let dataKeys: (Buffer | undefined)[] | undefined;
  // Reads that skip the missing-key refusal: a partNumber GET served from the stored part, a checksum read from metadata.
  const servedWithoutKey =
    (partParam !== undefined && !head && faults.has("part-number-missing-key-served")) ||
    (checksumModeEnabled(rc.headers) && faults.has("checksum-mode-skips-key-check"));
  if (obj.ssec) {
    if (!key) {
      // rustfs/rustfs#1998: HEAD answered without the key.
      if (!(head && faults.has("head-without-key-accepted")) && !servedWithoutKey) throw missingKeyFault(rc);
    } else if (!(head && faults.has("head-wrong-key-accepted"))) {
      // minio/minio#6600: a HEAD that never reads data may forget to check the key.
      try {
        // pgsty/silo#82 generalised, seaweedfs/seaweedfs#2313; seaweedfs/seaweedfs#7143: a GET that never verifies
        // the key serves whatever the cipher yields.
        if (beforeRotation) unlockObject(rc.server, beforeRotation, key);
        if (otherCheck) unlockObject(rc.server, otherCheck, key);
        dataKeys =
          (!head && faults.has("get-wrong-key-accepted")) || unverified || beforeRotation || otherCheck
            ? unlockUnverified(obj, key)
            : unlockObject(rc.server, obj, key);
        if (!head && faults.has("read-key-check-cached")) faults.memory.set("verified", obj.id, true);
      } catch (e) {
        throw mapWrongKey(rc, e);
      }
    }
  } else if (key && !faults.has("ssec-on-plain-accepted")) {
    throw notApplicableFault(); // evidence read.ssec-on-plain-object
  }

  const echo = key && obj.ssec ? echoHeaders(key, faults) : [];
  try {
    checkPreconditions(rc.headers, obj);
  } catch (e) {
    if (e instanceof S3Fault && e.code === "NotModified") return notModified(obj, echo);
    throw e;
  }

  // The part of the object this request addresses: all of it, or one part (partNumber).
  let base: ByteRange = { start: 0, end: obj.size - 1 };
  let partsCount: number | undefined;
  /** Stored (sealed) length of the part addressed by partNumber. */
  let partStored: number | undefined;
  if (partParam !== undefined) {
    const n = parsePartNumber(partParam);
    if (rc.headers.has("range")) {
      throw new S3Fault("InvalidRequest", "Cannot specify both Range header and partNumber query parameter");
    }
    // AWS answers a part number beyond the part count 416 InvalidPartNumber (recorded in
    // LocalStack's AWS-validated snapshot of TestS3::test_get_object_part, 2026-02-21).
    const invalidPart = () =>
      new S3Fault("InvalidPartNumber", "The requested partnumber is not satisfiable", {
        PartNumberRequested: String(n),
      });
    if (obj.multipart) {
      let at = 0;
      const i = obj.segments.findIndex((s) => {
        if (s.partNumber === n) return true;
        at += s.size;
        return false;
      });
      if (i < 0) throw invalidPart();
      base = { start: at, end: at + obj.segments[i].size - 1 };
      partsCount = obj.segments.length;
      partStored = obj.segments[i].stored;
    } else if (n !== 1) {
      throw invalidPart();
    } else {
      partStored = obj.segments[0].stored;
    }
  }

  const range = partsCount !== undefined ? base : parseRange(rc.headers.get("range"), obj.size);
  const span = range ?? base;
  const length = Math.max(0, span.end - span.start + 1);

  const headers: HeaderPairs = [...objectHeaders(obj, speaksObs(rc.headers)), ...versionHeaders(bucket, obj), ...echo];
  if (partsCount !== undefined) headers.push(["x-amz-mp-parts-count", String(partsCount)]);
  // Checksums describe the whole object: none for a Range or partNumber read (stored-checksums.ts).
  if (
    checksumModeEnabled(rc.headers) &&
    !range &&
    partParam === undefined &&
    !(obj.ssec && faults.has("ssec-checksum-dropped"))
  ) {
    const c = objectChecksum(obj, dataKeys);
    if (c) headers.push(...checksumHeaders(c.algorithm, c.value, c.type));
  }
  if (range) headers.push(["Content-Range", `bytes ${span.start}-${span.end}/${obj.size}`]);
  let contentLength = length;
  // pgsty/silo#119: a HEAD reporting the stored (sealed) size instead of the plaintext size.
  if (head && obj.ssec && faults.has("head-ciphertext-length") && !range) {
    contentLength = obj.segments.reduce((n, s) => n + s.stored, 0);
  }
  // pgsty/silo#119: a part's length taken from its stored (ciphertext) size.
  if (head && obj.ssec && faults.has("part-number-sealed-length") && partStored !== undefined) {
    contentLength = partStored;
  }
  headers.push(["Content-Length", String(contentLength)]);
  const status = range ? 206 : 200;
  const out = applyOverrides(rc, headers);
  if (head) return { status, headers: out };
  if (length === 0) return { status, headers: out, body: Buffer.alloc(0) };

  let { start, end } = span;
  // seaweedfs/seaweedfs#7143; seaweedfs/seaweedfs#8216: an encrypted range served from the wrong offset.
  if (range && obj.ssec && faults.has("range-off-by-one") && end + 1 < obj.size) {
    start += 1;
    end += 1;
  }
  // A chunk index of 1024 entries (64 MiB of 64 KiB chunks) that wraps: a range past it starts at the object's start.
  const WRAP = 64 * 1024 * 1024;
  if (range && obj.ssec && faults.has("large-range-wrong-chunk") && start >= WRAP) {
    end -= start - (start % WRAP);
    start %= WRAP;
  }
  // The part read with its key serves the part's stored bytes (no data keys: readData sends them undecrypted).
  const keys = partParam !== undefined && faults.has("part-number-ciphertext") ? undefined : dataKeys;
  return { status, headers: out, body: readData(rc.server, obj, keys, start, end) };
}

/**
 * 304 Not Modified carries what a 200 would have said about the representation (RFC 9110
 * §15.4.5: ETag, Cache-Control, Expires; S3 adds Last-Modified) and, for an SSE-C object, the
 * same SSE-C echo a 200 carries: a cache revalidating with If-None-Match learns nothing it did
 * not already know, and nothing without the key (the key was checked before the conditions).
 */
function notModified(obj: ObjectRecord, echo: HeaderPairs): ServerResponse {
  const headers: HeaderPairs = [
    ["ETag", `"${obj.etag}"`],
    ["Last-Modified", new Date(obj.lastModified).toUTCString()],
    ...obj.metadata.filter(([n]) => n === "cache-control" || n === "expires"),
    ...echo,
  ];
  return { status: 304, headers };
}

export async function headObject(rc: RequestContext): Promise<ServerResponse> {
  return getObject(rc, true);
}
