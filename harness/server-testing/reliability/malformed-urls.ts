/** Malformed request lines: methods, bucket and key paths, percent-encodings, query strings. */
import fc from "fast-check";
import { latin1, pct, printable, UPLOAD_ID_SLOT, type FuzzTargets } from "./fuzz-values.ts";

export function malformedUrls(t: FuzzTargets) {
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
  return { method, bucket, key, path, paramValue, partNumber, query };
}
