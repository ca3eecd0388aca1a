/** Malformed request lines: methods, bucket and key paths, percent-encodings, query strings. */
import fc from "fast-check";
import { latin1, pct, printable, UPLOAD_ID_SLOT, type FuzzTargets } from "./fuzz-values.ts";
import values from "./malformed-url-values.json" with { type: "json" };

/** An entry of malformed-url-values.json: a string, or what JSON cannot write briefly. */
type Entry = string | { repeat: string; times: number } | { latin1: number[] } | { slot: string };

const valueOf = (e: Entry): string =>
  typeof e === "string"
    ? e
    : "repeat" in e
      ? e.repeat.repeat(e.times)
      : "latin1" in e
        ? latin1(e.latin1)
        : UPLOAD_ID_SLOT;

/** One of a list of the table, drawn in its order. */
const oneOf = (list: Entry[]) => fc.constantFrom(...list.map(valueOf));

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
    { weight: 3, arbitrary: oneOf(values.bucketNames) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(pct) },
  );

  const segment = fc.oneof(
    { weight: 6, arbitrary: fc.constant(t.key) },
    {
      // Well-formed percent-encoding of things that must stay literal key bytes.
      weight: 5,
      arbitrary: oneOf(values.keySegments),
    },
    { weight: 3, arbitrary: fc.string({ maxLength: 16 }).map(pct) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }).map(pct) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%z", "%zz", "%0", "%%41") },
    // Raw bytes a URL must not carry: the HTTP parser's problem, or a literal in a key.
    { weight: 1, arbitrary: oneOf(values.rawUrlBytes) },
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
    { weight: 6, arbitrary: oneOf(values.paramNames) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(pct) },
  );
  const paramValue = fc.oneof(
    { weight: 6, arbitrary: oneOf(values.paramValues) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(pct) },
    { weight: 1, arbitrary: printable.map((s) => s.replace(/[ #&]/g, "")) },
  );
  const param = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(paramName, paramValue).map(([n, v]) => `${n}=${v}`) },
    { weight: 2, arbitrary: paramName },
    { weight: 1, arbitrary: fc.constantFrom("=x", "&", "==", "a=b=c", "%=%", "uploadId=1&uploadId=2") },
  );
  const partNumber = oneOf(values.partNumbers);
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
