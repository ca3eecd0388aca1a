/**
 * A request as bytes: method, raw path and query, header pairs and a body framing, any of which
 * may be malformed on purpose, encoded to what goes on the socket and (optionally) signed with
 * SigV4 so that garbage gets past authentication and reaches the operations.
 *
 * The signature is computed with the server's own canonicalisation (auth/canonical.ts) on purpose:
 * here the point is to reach the handlers with every odd path and query, not to test auth (its own
 * tests check it against the AWS signers and test vectors). Strings are latin1 throughout: a
 * header value with bytes ≥ 0x80 is signed exactly as node hands it to the server.
 */
import { createHash } from "node:crypto";
import { serverCanonicalRequest } from "../server-canonical.ts";
import { ALGORITHM, scopeOf, signatureHex, signingKey, stringToSign } from "../../server/auth/signing-key.ts";

export interface Creds {
  accessKey: string;
  secretKey: string;
  region: string;
}

export type Body =
  | { kind: "none" }
  /** Content-Length matches the bytes. */
  | { kind: "exact"; bytes: Buffer; contentType?: string }
  /** Content-Length promises more than is sent; our side then half-closes. */
  | { kind: "truncated"; bytes: Buffer; declared: number }
  /** Content-Length promises less than is sent (the rest reads as a next request). */
  | { kind: "excess"; bytes: Buffer; declared: number }
  /** Transfer-Encoding: chunked, framing given raw (maybe broken); `complete` when it has a last chunk. */
  | { kind: "te-chunked"; raw: Buffer; complete: boolean }
  /** aws-chunked body (Content-Encoding aws-chunked), framing given raw (maybe broken). */
  | { kind: "aws-chunked"; raw: Buffer; decodedLength?: string; payloadHash: string; trailer?: string };

export interface RawRequest {
  method: string;
  /** As on the wire: percent-encoded or not, maybe invalid. */
  path: string;
  /** As on the wire, without `?`; "" for none. */
  query: string;
  /** Extra headers, latin1 strings, sent in order after Host. */
  headers: [string, string][];
  body: Body;
  /** `sign`: valid SigV4 over all token-named headers; `none`: anonymous; `garbage`: a broken Authorization. */
  auth: "sign" | "none" | "garbage";
  /** x-amz-content-sha256 choice for non-aws-chunked bodies. */
  payloadHash: "body" | "unsigned" | "wrong" | "absent";
  /** Host header value; default the target's. */
  host?: string;
}

export interface Encoded {
  pieces: Buffer[];
  /** The request ends before its body does: our side half-closes after writing. */
  truncated: boolean;
  /** Framed so that the connection can carry another request after it (no excess or missing bytes). */
  wellFramed: boolean;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const sha256Hex = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

function bodyBytes(b: Body): Buffer {
  switch (b.kind) {
    case "none":
      return Buffer.alloc(0);
    case "exact":
    case "truncated":
    case "excess":
      return b.bytes;
    case "te-chunked":
    case "aws-chunked":
      return b.raw;
  }
}

/** The request as socket writes (head, then the body in two pieces so a reader sees it split). */
export function encode(req: RawRequest, defaultHost: string, creds: Creds, now = new Date()): Encoded {
  const headers: [string, string][] = [["Host", req.host ?? defaultHost]];
  const body = req.body;
  const bytes = bodyBytes(body);
  switch (body.kind) {
    case "none":
      if (req.method === "PUT" || req.method === "POST") headers.push(["Content-Length", "0"]);
      break;
    case "exact":
      headers.push(["Content-Length", String(bytes.length)]);
      if (body.contentType) headers.push(["Content-Type", body.contentType]);
      break;
    case "truncated":
    case "excess":
      headers.push(["Content-Length", String(body.declared)]);
      break;
    case "te-chunked":
      headers.push(["Transfer-Encoding", "chunked"]);
      break;
    case "aws-chunked":
      headers.push(["Content-Encoding", "aws-chunked"], ["Content-Length", String(bytes.length)]);
      if (body.decodedLength !== undefined) headers.push(["x-amz-decoded-content-length", body.decodedLength]);
      if (body.trailer !== undefined) headers.push(["x-amz-trailer", body.trailer]);
      break;
  }
  headers.push(...req.headers);
  const date = amzDate(now);
  headers.push(["x-amz-date", date]);
  const payloadHash =
    body.kind === "aws-chunked"
      ? body.payloadHash
      : req.payloadHash === "body"
        ? sha256Hex(bytes)
        : req.payloadHash === "unsigned"
          ? "UNSIGNED-PAYLOAD"
          : req.payloadHash === "wrong"
            ? sha256Hex("something else")
            : undefined;
  if (payloadHash !== undefined) headers.push(["x-amz-content-sha256", payloadHash]);

  if (req.auth === "sign") {
    const names = [...new Set(headers.map(([n]) => n.toLowerCase()))].filter((n) => TOKEN.test(n)).sort();
    const scope = scopeOf(date.slice(0, 8), creds.region, "s3");
    const creq = serverCanonicalRequest({
      method: req.method.toUpperCase(),
      rawPath: req.path,
      rawQuery: req.query,
      headers,
      signedHeaders: names,
      payloadHash: payloadHash ?? "",
    });
    const key = signingKey(creds.secretKey, date.slice(0, 8), creds.region, "s3");
    const signature = signatureHex(key, stringToSign(ALGORITHM, date, scope, sha256Hex(creq)));
    headers.push([
      "Authorization",
      `${ALGORITHM} Credential=${creds.accessKey}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
    ]);
  } else if (req.auth === "garbage") {
    headers.push([
      "Authorization",
      `${ALGORITHM} Credential=${creds.accessKey}/garbage, SignedHeaders=host, Signature=zz`,
    ]);
  }

  const target = req.query === "" ? req.path : `${req.path}?${req.query}`;
  const head = `${req.method} ${target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;
  const pieces: Buffer[] = [Buffer.from(head, "latin1")];
  if (bytes.length > 0) {
    const cut = bytes.length >> 1;
    pieces.push(bytes.subarray(0, cut), bytes.subarray(cut));
  }
  const truncated = body.kind === "truncated" || (body.kind === "te-chunked" && !body.complete);
  return { pieces, truncated, wellFramed: !truncated && body.kind !== "excess" };
}

/** One-line, bounded description of a request for failure messages. */
export function describe(req: RawRequest): string {
  const short = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n)}…(${s.length})` : s);
  const hs = req.headers.map(([n, v]) => `${short(n, 40)}: ${short(v, 60)}`).join(" | ");
  const b = req.body;
  const body = b.kind === "none" ? "no body" : `${b.kind} ${bodyBytes(b).length} bytes`;
  return `${short(req.method, 20)} ${short(req.path)}${req.query ? `?${short(req.query)}` : ""} [${req.auth}, ${req.payloadHash}] {${hs}} ${body}`;
}
