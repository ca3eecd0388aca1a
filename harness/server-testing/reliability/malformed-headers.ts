/** Malformed header sections: SSE-C header garbage, odd S3 headers, and what breaks HTTP framing. */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { b64, bytesArb, latin1, md5b64, nonAscii, printable, utf8AsLatin1, type FuzzTargets } from "./fuzz-values.ts";

export function malformedHeaders(t: FuzzTargets, bucket: fc.Arbitrary<string>, key: fc.Arbitrary<string>) {
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
  return { ssecHeaders, validSsec, oneHeader, headers };
}
