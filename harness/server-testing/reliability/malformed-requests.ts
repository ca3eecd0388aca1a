/**
 * fast-check arbitraries of malformed S3 requests (issue 8, "Bad input"): methods, paths and
 * percent-encodings, query strings, header names and values (huge, non-ASCII, not tokens), SSE-C
 * header garbage, broken aws-chunked framing and trailers, truncated bodies, malformed and huge
 * XML, multipart form garbage for POST, part numbers 0 and 10001, keys with `..` segments.
 *
 * Most requests aim at real things (the fuzz bucket, an object stored under a customer key, an
 * open multipart upload) and are validly signed, so the garbage gets past routing and auth and
 * reaches the operations; a share is anonymous or badly signed.
 */
import fc from "fast-check";
import { UPLOAD_ID_SLOT, type FuzzTargets } from "./fuzz-values.ts";
import { malformedBodies, type Bodies } from "./malformed-bodies.ts";
import { malformedHeaders } from "./malformed-headers.ts";
import { malformedUrls } from "./malformed-urls.ts";
import type { Body, RawRequest } from "./raw-request.ts";

export { UPLOAD_ID_SLOT, type FuzzTargets } from "./fuzz-values.ts";

export function malformedRequest(t: FuzzTargets): fc.Arbitrary<RawRequest> {
  const urls = malformedUrls(t);
  const { method, bucket, key, path, query } = urls;
  const hdrs = malformedHeaders(t, bucket, key);
  const { headers } = hdrs;
  const bodies = malformedBodies();
  const auth = fc.constantFrom<RawRequest["auth"]>("sign", "sign", "sign", "sign", "sign", "none", "garbage");
  const payloadHash = fc.constantFrom<RawRequest["payloadHash"]>("body", "body", "body", "unsigned", "wrong", "absent");
  const host = fc
    .option(
      fc.constantFrom(
        `${t.bucket}.localhost`,
        `nosuch.localhost`,
        "",
        "localhost",
        `${t.bucket}.localhost:${t.host.split(":")[1]}`,
      ),
      { freq: 12 },
    )
    .map((h) => h ?? undefined);

  // Anything goes: every dimension garbled independently.
  const freeForm = fc.record({ method, path, query, headers, body: bodies.any, auth, payloadHash, host });
  return fc.oneof({ weight: 1, arbitrary: freeForm }, { weight: 1, arbitrary: shapedRequest(t, urls, hdrs, bodies) });
}

// One S3 operation of Table 2 (and its neighbours) with the right method, query and body
// shape, and garbage in its SSE-C headers, copy source, range, part number or body: so the
// fuzz spends most requests inside the operations rather than at the router.
function shapedRequest(
  t: FuzzTargets,
  { bucket, key, paramValue, partNumber }: ReturnType<typeof malformedUrls>,
  { ssecHeaders, validSsec, oneHeader }: ReturnType<typeof malformedHeaders>,
  bodies: Bodies,
): fc.Arbitrary<RawRequest> {
  const objectPath = key.map((k) => `/${t.bucket}/${k}`);
  const realObject = fc.constant(`/${t.bucket}/${t.key}`);
  const ssecish = fc.oneof(ssecHeaders, fc.constant(validSsec), fc.constant<[string, string][]>([]));
  const extra = fc.array(oneHeader, { maxLength: 2 });
  const op = (
    m: string,
    p: fc.Arbitrary<string>,
    q: fc.Arbitrary<string>,
    b: fc.Arbitrary<Body>,
    hs: fc.Arbitrary<[string, string][]>,
  ) =>
    fc.record({
      method: fc.constant(m),
      path: p,
      query: q,
      headers: fc.tuple(ssecish, hs, extra).map(([a, b2, c]) => [...a, ...b2, ...c]),
      body: b,
      auth: fc.constantFrom<RawRequest["auth"]>("sign", "sign", "sign", "sign", "none"),
      payloadHash: fc.constantFrom<RawRequest["payloadHash"]>("body", "body", "body", "unsigned", "wrong"),
      host: fc.constant(undefined),
    });
  const none = fc.constant<Body>({ kind: "none" });
  const noHeaders = fc.constant<[string, string][]>([]);
  const copySource = fc
    .tuple(
      fc.constantFrom(
        `/${t.bucket}/${t.key}`,
        `${t.bucket}/${t.key}`,
        `/${t.bucket}/..%2f${t.key}`,
        `/${t.bucket}/nosuchkey`,
        "/nosuchbucket/k",
        "",
        "%",
        `/${t.bucket}/${t.key}?versionId=x`,
      ),
      ssecHeaders.map((hs) =>
        hs.map(([n, v]): [string, string] => [n.replace(/^x-(amz|obs)-server/i, "x-$1-copy-source-server"), v]),
      ),
    )
    .map(([src, hs]): [string, string][] => [["x-amz-copy-source", src], ...hs]);
  const range = fc.constantFrom(
    "bytes=0-",
    "bytes=-0",
    "bytes=5-1",
    "bytes=0-1,2-3",
    "bytes=a-b",
    "bytes=0-0",
    "bytes=-1",
    "bytes=99999-",
  );
  const partQuery = fc.oneof(
    fc.constant(""),
    partNumber.map((n) => `partNumber=${n}`),
  );
  const rangeHeader = fc.array(
    range.map((r): [string, string] => ["range", r]),
    { maxLength: 1 },
  );
  const uploadQuery = partNumber.map((n) => `partNumber=${n}&uploadId=${UPLOAD_ID_SLOT}`);
  const shaped = fc.oneof(
    op("PUT", fc.oneof(realObject, objectPath), fc.constant(""), bodies.data, noHeaders),
    op("GET", fc.oneof(realObject, objectPath), partQuery, none, rangeHeader),
    op("HEAD", realObject, partQuery, none, rangeHeader),
    op("PUT", objectPath, fc.constant(""), none, copySource),
    op("POST", fc.oneof(realObject, objectPath), fc.constant("uploads"), none, noHeaders),
    op("PUT", realObject, uploadQuery, bodies.data, noHeaders),
    op(
      "PUT",
      realObject,
      uploadQuery,
      none,
      fc
        .tuple(
          copySource,
          fc.array(
            range.map((r): [string, string] => ["x-amz-copy-source-range", r]),
            { maxLength: 1 },
          ),
        )
        .map(([a, b]) => [...a, ...b]),
    ),
    op("POST", realObject, fc.constant(`uploadId=${UPLOAD_ID_SLOT}`), bodies.xml, noHeaders),
    op(
      "GET",
      realObject,
      paramValue.map((v) => `uploadId=${UPLOAD_ID_SLOT}&max-parts=${v}&part-number-marker=${v}`),
      none,
      noHeaders,
    ),
    op(
      "POST",
      fc.constant(`/${t.bucket}`),
      fc.constant("delete"),
      bodies.xml,
      fc.array(
        fc.constantFrom<[string, string]>(["content-md5", "AAAAAAAAAAAAAAAAAAAAAA=="], ["content-md5", "garbage"]),
        {
          maxLength: 1,
        },
      ),
    ),
    op("POST", fc.constant(`/${t.bucket}`), fc.constant(""), bodies.form, noHeaders),
    op("PUT", fc.constant(`/${t.bucket}`), fc.constant("encryption"), bodies.xml, noHeaders),
    op(
      "GET",
      fc.constant(`/${t.bucket}`),
      paramValue.map((v) => `list-type=2&max-keys=${v}&prefix=${v}&start-after=${v}`),
      none,
      noHeaders,
    ),
    op(
      "DELETE",
      fc.oneof(realObject, objectPath),
      fc.oneof(fc.constant(""), fc.constant(`uploadId=${UPLOAD_ID_SLOT}`)),
      none,
      noHeaders,
    ),
    op(
      "PUT",
      bucket.map((b) => `/${b}`),
      fc.constant(""),
      fc.oneof(none, bodies.xml),
      noHeaders,
    ),
  );
  return shaped;
}
