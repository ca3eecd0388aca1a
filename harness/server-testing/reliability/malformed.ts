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
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Body, RawRequest } from "./raw-request.ts";

export interface FuzzTargets {
  bucket: string;
  /** An SSE-C object in `bucket`. */
  key: string;
  /** The customer key of `key` and of the upload. */
  customerKey: Buffer;
  /** host:port of the endpoint. */
  host: string;
}

/**
 * Stands for the id of the open multipart upload in generated queries; the test substitutes the
 * current one when it sends (an aborted or completed upload is replaced between batches).
 */
export const UPLOAD_ID_SLOT = "UPLOAD-ID-SLOT";

const b64 = (b: Buffer) => b.toString("base64");
const md5b64 = (b: Buffer) => createHash("md5").update(b).digest("base64");
const latin1 = (bytes: number[]) => Buffer.from(bytes).toString("latin1");

/** Percent-encodes every byte of a string's UTF-8 form that is not unreserved. */
const pct = (s: string) =>
  [...Buffer.from(s, "utf8")]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");

const bytesArb = (max: number) => fc.uint8Array({ maxLength: max }).map((u) => Buffer.from(u));
const nonAscii = fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 40 }).map(latin1);
const utf8AsLatin1 = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .map((s) => Buffer.from(s, "utf8").toString("latin1"));
/** Printable ASCII without CR/LF (a header value the HTTP framing survives). */
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

export function malformedRequest(t: FuzzTargets): fc.Arbitrary<RawRequest> {
  const method = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom("GET", "HEAD", "PUT", "POST", "DELETE") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("OPTIONS", "PATCH", "TRACE", "FOO", "get", "Put", "M-SEARCH", "PROPFIND", "CONNECT"),
    },
  );

  const bucket = fc.oneof(
    { weight: 12, arbitrary: fc.constant(t.bucket) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "no-such-bucket",
        "..",
        ".",
        "A",
        "bucket..name",
        "-bad",
        "a".repeat(64),
        "ab",
        "192.168.1.1",
        "%zz",
        "%2e%2e",
        "b%00k",
        "%C3%BC",
        "xn--bucket",
        "sthree-x",
        "%2F",
        "b%2Fc",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(pct) },
  );

  const segment = fc.oneof(
    { weight: 6, arbitrary: fc.constant(t.key) },
    {
      // Well-formed percent-encoding of things that must stay literal key bytes.
      weight: 5,
      arbitrary: fc.constantFrom(
        "..",
        ".",
        "%2e%2e",
        "%2E%2E",
        "%2e",
        "%2F",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%2f%2e%2e%2f",
        "%00",
        "a%00b",
        "%C0%AE%C0%AE",
        "%FF%FE",
        "%E2%80%AE",
        "a%20b",
        "~",
        "CON",
        "nul",
        ";",
        "*",
        "$",
        "'",
        "%5C..%5C",
        "tmp",
        "blobs",
        "meta",
        "x".repeat(300),
      ),
    },
    { weight: 3, arbitrary: fc.string({ maxLength: 16 }).map(pct) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }).map(pct) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%z", "%zz", "%0", "%%41") },
    // Raw bytes a URL must not carry: the HTTP parser's problem, or a literal in a key.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "#frag",
        "a b",
        '"q"',
        "<x>",
        "\\",
        "^",
        "`",
        "{}",
        "|",
        "\x7f",
        latin1([0xe9]),
        latin1([0xc3, 0xa9]),
      ),
    },
  );
  const key = fc.oneof(
    { weight: 8, arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join("/")) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("k".repeat(1025), `${"k".repeat(1024)}`, "/leading", "a//b", "trailing/", ""),
    },
  );
  const path = fc.oneof(
    { weight: 10, arbitrary: fc.tuple(bucket, key).map(([b, k]) => `/${b}/${k}`) },
    { weight: 2, arbitrary: bucket.map((b) => `/${b}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "/",
        "//",
        "*",
        "",
        "noslash",
        "/?",
        `/${t.bucket}/../../..`,
        `/${t.bucket}/%2e%2e/%2e%2e/x`,
        "http://evil/x",
      ),
    },
  );

  const paramName = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        "uploads",
        "uploadId",
        "partNumber",
        "acl",
        "versioning",
        "tagging",
        "delete",
        "list-type",
        "max-keys",
        "prefix",
        "delimiter",
        "marker",
        "continuation-token",
        "start-after",
        "encryption",
        "location",
        "x-id",
        "max-parts",
        "part-number-marker",
        "max-uploads",
        "encoding-type",
        "response-content-type",
        "response-content-disposition",
        "versionId",
        "X-Amz-Signature",
        "X-Amz-Credential",
        "X-Amz-Algorithm",
        "X-Amz-Expires",
        "X-Amz-Date",
        "X-Amz-SignedHeaders",
        "x-amz-server-side-encryption-customer-key",
        "restore",
        "select",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(pct) },
  );
  const paramValue = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        "",
        "0",
        "1",
        "2",
        "10000",
        "10001",
        "-1",
        "01",
        "1.5",
        "1e3",
        "0x10",
        " 1",
        "99999999999999999999",
        "abc",
        "%",
        "%zz",
        "%00",
        UPLOAD_ID_SLOT,
        "nosuchupload",
        "a".repeat(2000),
        "2",
        "AWS4-HMAC-SHA256",
        "20000101T000000Z",
        "604801",
        "host",
        "url",
        "true",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(pct) },
    { weight: 1, arbitrary: printable.map((s) => s.replace(/[ #&]/g, "")) },
  );
  const param = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(paramName, paramValue).map(([n, v]) => `${n}=${v}`) },
    { weight: 2, arbitrary: paramName },
    { weight: 1, arbitrary: fc.constantFrom("=x", "&", "==", "a=b=c", "%=%", "uploadId=1&uploadId=2") },
  );
  const partNumber = fc.constantFrom(
    "1",
    "2",
    "0",
    "10000",
    "10001",
    "-1",
    "01",
    "1e3",
    "abc",
    "",
    "99999999999999999999",
  );
  // Queries that select an operation (so the request reaches it) with odd values.
  const operationQuery = fc.oneof(
    fc.constantFrom("uploads", "uploads=", "delete", "encryption", "location", "x-id=PutObject", "list-type=2"),
    partNumber.map((n) => `partNumber=${n}&uploadId=${UPLOAD_ID_SLOT}`),
    partNumber.map((n) => `uploadId=${UPLOAD_ID_SLOT}&partNumber=${n}`),
    partNumber.map((n) => `partNumber=${n}`),
    paramValue.map((v) => `uploadId=${v}`),
    paramValue.map((v) => `list-type=2&max-keys=${v}&prefix=${v}`),
    paramValue.map((v) => `uploadId=${UPLOAD_ID_SLOT}&max-parts=${v}&part-number-marker=${v}`),
    paramValue.map((v) => `response-content-type=${v}&response-content-disposition=${v}`),
  );
  const query = fc.oneof(
    { weight: 5, arbitrary: fc.constant("") },
    { weight: 4, arbitrary: operationQuery },
    { weight: 2, arbitrary: fc.array(param, { minLength: 1, maxLength: 4 }).map((ps) => ps.join("&")) },
  );

  const ssecPrefix = fc.constantFrom(
    "x-amz-server-side-encryption-customer-",
    "x-amz-copy-source-server-side-encryption-customer-",
    "x-obs-server-side-encryption-customer-",
    "X-AMZ-SERVER-SIDE-ENCRYPTION-CUSTOMER-",
  );
  const ssecAlgorithm = fc.constantFrom(
    "AES256",
    "aes256",
    "AES128",
    "",
    " AES256 ",
    "AES256,AES256",
    "aws:kms",
    "A".repeat(5000),
    latin1([0xc4]),
  );
  const ssecKey = fc.oneof(
    fc.constantFrom(
      b64(t.customerKey),
      b64(Buffer.alloc(32)),
      b64(Buffer.alloc(16)),
      b64(Buffer.alloc(31)),
      b64(Buffer.alloc(33)),
      b64(Buffer.alloc(64)),
      "not base64!",
      "",
      "====",
      "   ",
      b64(t.customerKey).replace(/\+/g, "-").replace(/\//g, "_"),
      b64(t.customerKey).slice(0, -1),
      `${b64(t.customerKey)}==`,
      "A".repeat(12_000),
      latin1([0xff, 0xfe]),
    ),
    bytesArb(48).map(b64),
  );
  const ssecMd5 = fc.oneof(
    fc.constantFrom(
      md5b64(t.customerKey),
      md5b64(Buffer.alloc(32)),
      createHash("md5").update(t.customerKey).digest("hex"),
      "",
      "garbage",
      b64(Buffer.alloc(15)),
    ),
    bytesArb(20).map(b64),
  );
  const ssecHeaders = fc
    .tuple(ssecPrefix, fc.option(ssecAlgorithm), fc.option(ssecKey), fc.option(ssecMd5), fc.boolean())
    .map(([p, a, k, m, dup]) => {
      const hs: [string, string][] = [];
      if (a !== null) hs.push([`${p}algorithm`, a]);
      if (k !== null) hs.push([`${p}key`, k]);
      if (m !== null) hs.push([`${p}key-md5`, m]);
      if (dup && hs.length) hs.push(hs[0]);
      return hs;
    });
  const validSsec: [string, string][] = [
    ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
    ["x-amz-server-side-encryption-customer-key", b64(t.customerKey)],
    ["x-amz-server-side-encryption-customer-key-md5", md5b64(t.customerKey)],
  ];

  const oneHeader: fc.Arbitrary<[string, string]> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(
        fc.constantFrom("x-amz-copy-source", "X-Amz-Copy-Source"),
        fc.constantFrom(
          `/${t.bucket}/${t.key}`,
          `${t.bucket}/${t.key}`,
          `/${t.bucket}/${t.key}?versionId=null`,
          `/${t.bucket}/..%2f..%2fetc`,
          "/",
          "",
          "%",
          "/no-such-bucket/x",
          `/${t.bucket}/${"a".repeat(2000)}`,
          `/${t.bucket}/${t.key}?uploadId=1`,
          `/${t.bucket}`,
          `/${t.bucket}/%zz`,
          `arn:aws:s3:::${t.bucket}/${t.key}`,
        ),
      ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.constantFrom("range", "x-amz-copy-source-range"),
        fc.constantFrom(
          "bytes=0-",
          "bytes=-0",
          "bytes=5-1",
          "bytes=0-1,2-3",
          "bytes=a-b",
          "items=0-1",
          "bytes=",
          "bytes=-",
          "bytes=99999999999999999999-",
          "bytes=0-0",
          "bytes=-1",
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constantFrom(
          "if-match",
          "if-none-match",
          "if-modified-since",
          "if-unmodified-since",
          "x-amz-copy-source-if-match",
          "x-amz-copy-source-if-modified-since",
        ),
        fc.constantFrom("*", '"x"', "", 'W/"x"', "Sun, 06 Nov 1994 08:49:37 GMT", "not a date", "99999999999"),
      ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.constantFrom(
          "content-md5",
          "x-amz-checksum-crc32",
          "x-amz-checksum-crc32c",
          "x-amz-checksum-sha256",
          "x-amz-checksum-crc64nvme",
          "x-amz-checksum-sha1",
          "x-amz-sdk-checksum-algorithm",
          "x-amz-checksum-algorithm",
          "x-amz-checksum-mode",
          "x-amz-trailer",
        ),
        fc.constantFrom(
          "",
          "AAAAAA==",
          "garbage",
          "CRC32",
          "crc99",
          "SHA256",
          "ENABLED",
          "x-amz-checksum-crc32",
          "1B2M2Y8AsgTpgAmY7PhCfg==",
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constantFrom("content-type"),
        fc.constantFrom(
          "multipart/form-data",
          "multipart/form-data; boundary=",
          "multipart/form-data; boundary=xyz",
          "application/xml",
          "text/plain; charset=\u00ff",
          "",
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constantFrom(
          "x-amz-metadata-directive",
          "x-amz-server-side-encryption",
          "x-amz-storage-class",
          "x-amz-acl",
          "x-amz-tagging",
          "x-amz-meta-a",
          "x-amz-website-redirect-location",
          "x-amz-expected-bucket-owner",
          "x-amz-request-payer",
        ),
        fc.oneof(fc.constantFrom("COPY", "REPLACE", "aws:kms", "AES256", "GLACIER", "private", "a=b&c", ""), printable),
      ),
    },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("x-amz-meta-big", "user-agent", "x-amz-meta-n"), nonAscii) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x-amz-meta-u", "x-amz-copy-source"), utf8AsLatin1) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("expect"), fc.constantFrom("100-continue", "200-ok", "")) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("content-encoding"),
        fc.constantFrom("aws-chunked", "gzip", "aws-chunked,gzip"),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("x-amz-decoded-content-length"),
        fc.constantFrom("0", "-1", "abc", "5", "99999999999"),
      ),
    },
  );
  // What breaks the HTTP framing itself: node's parser answers these (400 BadRequest and friends).
  const httpMangle: fc.Arbitrary<[string, string]> = fc.oneof(
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("x-amz-meta-huge", "cookie"),
        fc.constantFrom(8_000, 15_000, 70_000).map((n) => "v".repeat(n)),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("bad header", "x-amz-ü", "x-amz-meta-\u0001", "(x)", "x-amz-meta-{}", "x@y"),
        fc.constant("v"),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("upgrade"), fc.constantFrom("websocket", "h2c", "TLS/1.2")) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("connection"),
        fc.constantFrom("upgrade", "close", "keep-alive, upgrade", "x-amz-date"),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("transfer-encoding"),
        fc.constantFrom("gzip", "chunked, chunked", "identity", "chunked"),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("host", "content-length"),
        fc.constantFrom("", "evil", "localhost:1", `${t.bucket}.localhost`, "-1", "1e3", "0"),
      ),
    },
  );
  const s3Headers = fc.oneof(
    { weight: 3, arbitrary: fc.array(oneHeader, { maxLength: 4 }) },
    {
      weight: 3,
      arbitrary: fc.tuple(ssecHeaders, fc.array(oneHeader, { maxLength: 2 })).map(([a, b]) => [...a, ...b]),
    },
    { weight: 3, arbitrary: fc.array(oneHeader, { maxLength: 3 }).map((b) => [...validSsec, ...b]) },
  );
  const headers = fc.oneof(
    { weight: 8, arbitrary: s3Headers },
    { weight: 2, arbitrary: fc.tuple(s3Headers, httpMangle).map(([a, m]) => [...a, m]) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 100, max: 400 })
        .map((n) => Array.from({ length: n }, (_, i): [string, string] => [`x-amz-meta-h${i}`, "v".repeat(40)])),
    },
  );

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

  // One S3 operation of Table 2 (and its neighbours) with the right method, query and body
  // shape, and garbage in its SSE-C headers, copy source, range, part number or body: so the
  // fuzz spends most requests inside the operations rather than at the router.
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
  const uploadQuery = partNumber.map((n) => `partNumber=${n}&uploadId=${UPLOAD_ID_SLOT}`);
  const shaped = fc.oneof(
    op("PUT", fc.oneof(realObject, objectPath), fc.constant(""), bodies.data, noHeaders),
    op(
      "GET",
      fc.oneof(realObject, objectPath),
      fc.oneof(
        fc.constant(""),
        partNumber.map((n) => `partNumber=${n}`),
      ),
      none,
      fc.array(
        range.map((r): [string, string] => ["range", r]),
        { maxLength: 1 },
      ),
    ),
    op(
      "HEAD",
      realObject,
      fc.oneof(
        fc.constant(""),
        partNumber.map((n) => `partNumber=${n}`),
      ),
      none,
      fc.array(
        range.map((r): [string, string] => ["range", r]),
        { maxLength: 1 },
      ),
    ),
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
  return fc.oneof({ weight: 1, arbitrary: freeForm }, { weight: 1, arbitrary: shaped });
}

interface Bodies {
  any: fc.Arbitrary<Body>;
  /** Object data: plain, truncated, aws-chunked. */
  data: fc.Arbitrary<Body>;
  /** Malformed, hostile and huge XML documents. */
  xml: fc.Arbitrary<Body>;
  /** multipart/form-data garbage. */
  form: fc.Arbitrary<Body>;
}

function malformedBodies(): Bodies {
  const xml = fc.constantFrom(
    "<CompleteMultipartUpload>",
    "<CompleteMultipartUpload></CompleteMultipartUpload>",
    `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>-1</PartNumber></Part><Part><PartNumber>1e3</PartNumber></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>`,
    "<Delete><Object><Key>k</Key></Object>",
    `<Delete><Quiet>maybe</Quiet><Object><Key>../../etc/passwd</Key></Object><Object></Object></Delete>`,
    `<?xml version="1.0" encoding="UTF-16"?><Delete/>`,
    `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><Delete><Object><Key>&d;</Key></Object></Delete>`,
    `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&e;</Key></Object></Delete>`,
    "<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint></CreateBucketConfiguration>",
    `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
    "not xml at all",
    "<a><b></a></b>",
    "\u0000\u0001<Delete>",
  );
  const hugeXml = fc.constantFrom(
    () => "<a>".repeat(100_000) + "</a>".repeat(100_000), // deep nesting: a recursive parser's stack
    () => `<Delete>${"<Object><Key>k</Key></Object>".repeat(40_000)}</Delete>`, // 1.1 MB, 40k objects
    () =>
      `<CompleteMultipartUpload>${"<Part><PartNumber>1</PartNumber><ETag>x</ETag></Part>".repeat(25_000)}</CompleteMultipartUpload>`,
    () => `<Delete><Object><Key>${"k".repeat(2_000_000)}</Key></Object></Delete>`,
  );
  const boundary = "----fuzzBoundary";
  const formPart = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const form = fc.constantFrom(
    `--${boundary}\r\n`,
    `${formPart("key", "k")}--${boundary}--\r\n`,
    `${formPart("key", "k")}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nbytes\r\n--${boundary}--\r\n`,
    `${formPart("key", "../../escape")}${formPart("policy", "e30=")}${formPart("x-amz-signature", "00")}--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--${boundary}--\r\n`,
    `${formPart("key", "k")}${formPart("x-amz-server-side-encryption-customer-algorithm", "AES256")}${formPart("x-amz-server-side-encryption-customer-key", "garbage")}--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--${boundary}--\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nfile before the fields\r\n${formPart("key", "k")}--${boundary}--\r\n`,
    `${formPart("key", "v".repeat(100_000))}--${boundary}--\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${boundary}--\r\n`,
    `--${boundary}\r\nno headers at all`,
    "",
  );
  const chunkSig = "chunk-signature=" + "0".repeat(64);
  const awsChunked = fc.constantFrom(
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    {
      raw: "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    {
      raw: "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:garbage\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    {
      raw: "5\r\nhello\r\n0\r\nx-amz-checksum-sha256:AAAA\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    {
      raw: "5\r\nhello\r\n0\r\nno colon\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    { raw: "zz\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhelloXX0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhel", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "FFFFFFFFFFFFFFFF\r\nx\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "1" },
    { raw: "-5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhello\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "3\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "999" },
    {
      raw: `5;${chunkSig}\r\nhello\r\n0;${chunkSig}\r\n\r\n`,
      hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      decoded: "5",
    },
    {
      raw: `5;chunk-signature=zz\r\nhello\r\n0;chunk-signature=\r\n\r\n`,
      hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      decoded: "5",
    },
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decoded: "5" },
    {
      raw: `5;${chunkSig}\r\nhello\r\n0;${chunkSig}\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:00\r\n\r\n`,
      hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNKNOWN-PAYLOAD", decoded: "5" },
    { raw: `${"1\r\nx\r\n".repeat(3000)}0\r\n\r\n`, hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "3000" },
  );
  const xmlBody = fc.oneof(
    {
      weight: 8,
      arbitrary: xml.map((x): Body => ({
        kind: "exact",
        bytes: Buffer.from(x, "utf8"),
        contentType: "application/xml",
      })),
    },
    {
      weight: 1,
      arbitrary: hugeXml.map((f): Body => ({
        kind: "exact",
        bytes: Buffer.from(f(), "utf8"),
        contentType: "application/xml",
      })),
    },
  );
  const formBody = form.map((f): Body => ({
    kind: "exact",
    bytes: Buffer.from(f, "latin1"),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }));
  const exact = bytesArb(4096).map((bytes): Body => ({ kind: "exact", bytes }));
  const truncated = fc
    .tuple(bytesArb(2048), fc.integer({ min: 1, max: 100_000 }))
    .map(([bytes, extra]): Body => ({ kind: "truncated", bytes, declared: bytes.length + extra }));
  const excess = fc.tuple(bytesArb(512), fc.integer({ min: 1, max: 64 })).map(([b, less]): Body => {
    const bytes = Buffer.concat([b, Buffer.from("GARBAGE / HTTP/1.1\r\n\r\n")]);
    return { kind: "excess", bytes, declared: Math.max(0, bytes.length - less) };
  });
  const teChunked = fc
    .constantFrom(
      "5\r\nhello\r\n0\r\n\r\n",
      "zz\r\nx\r\n0\r\n\r\n",
      "5\r\nhel",
      "5\r\nhello\r\n",
      "0\r\n\r\n",
      "1;ext=1\r\nx\r\n0\r\n\r\n",
    )
    .map((s): Body => ({ kind: "te-chunked", raw: Buffer.from(s), complete: /(^|\r\n)0\r\n\r\n$/.test(s) }));
  const awsChunkedBody = awsChunked.map((c): Body => ({
    kind: "aws-chunked",
    raw: Buffer.from(c.raw),
    payloadHash: c.hash,
    decodedLength: c.decoded,
    trailer: "trailer" in c ? c.trailer : undefined,
  }));
  const data = fc.oneof(
    { weight: 6, arbitrary: exact },
    { weight: 2, arbitrary: truncated },
    { weight: 4, arbitrary: awsChunkedBody },
    { weight: 1, arbitrary: teChunked },
  );
  const any = fc.oneof(
    { weight: 8, arbitrary: fc.constant<Body>({ kind: "none" }) },
    { weight: 6, arbitrary: exact },
    { weight: 4, arbitrary: xmlBody },
    { weight: 3, arbitrary: formBody },
    { weight: 3, arbitrary: truncated },
    { weight: 2, arbitrary: excess },
    { weight: 2, arbitrary: teChunked },
    { weight: 4, arbitrary: awsChunkedBody },
  );
  return { any, data, xml: xmlBody, form: formBody };
}
