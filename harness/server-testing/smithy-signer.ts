/**
 * Test-only: signs requests with the AWS SDK's own signer (@smithy/signature-v4), the independent
 * implementation the server is checked against. Allowed in tests only (prompts/api-auth.md);
 * the server never imports this file.
 */
import { createHash, createHmac } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AuthConfig, AuthInput } from "../server/auth/types.ts";

export const ACCESS_KEY = "AKIDSMITHYEXAMPLE";
export const SECRET_KEY = "smithy/secret+key/EXAMPLEKEY0123456789abc";
export const REGION = "eu-west-3";
export const SIGNING_DATE = new Date("2026-11-26T10:00:00Z");
/** SHA-256 of the empty payload, computed here rather than taken from the server under test. */
export const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

/**
 * The server's auth settings for what this signer signs: its key pair (or `secrets`), and a clock
 * stopped at SIGNING_DATE + offsetMs; offsetMs null leaves the server on the real clock (the AWS
 * SDK signs with that one).
 */
export function signerAuth(
  offsetMs: number | null = 0,
  secrets: Record<string, string> = { [ACCESS_KEY]: SECRET_KEY },
): AuthConfig {
  const secretFor = (id: string): string | undefined => (Object.hasOwn(secrets, id) ? secrets[id] : undefined);
  if (offsetMs === null) return { region: REGION, secretFor };
  return { region: REGION, secretFor, now: () => new Date(SIGNING_DATE.getTime() + offsetMs) };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** A copy of the bytes of what smithy hands over (strings as UTF-8). */
const bytesOf = (d: SourceData): Buffer =>
  typeof d === "string"
    ? Buffer.from(d, "utf8")
    : Buffer.from(ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));

/**
 * node:crypto behind smithy's Checksum interface: keeps what it is fed and
 * hashes it (HMAC when constructed with a secret) when the digest is asked for.
 */
export class NodeSha256 {
  private fed: Buffer[] = [];
  constructor(private readonly secret?: SourceData) {}
  update(d: string | Uint8Array): void {
    this.fed.push(bytesOf(d));
  }
  async digest(): Promise<Uint8Array> {
    const h = this.secret === undefined ? createHash("sha256") : createHmac("sha256", bytesOf(this.secret));
    for (const b of this.fed) h.update(b);
    return new Uint8Array(h.digest());
  }
  reset(): void {
    this.fed = [];
  }
}

export const signer = new SignatureV4({
  credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
  region: REGION,
  service: "s3",
  sha256: NodeSha256,
  uriEscapePath: false,
});

/** RFC 3986 escaping as smithy applies it: encodeURIComponent plus !'()*. */
export const uriEscape = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface Req {
  method: string;
  /** Already percent-encoded, as S3 clients send it. */
  path: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string>;
  host?: string;
}

function toInput(signed: {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  headers: Record<string, string>;
}): AuthInput {
  const q = signed.query ?? {};
  const parts: string[] = [];
  // The wire form a client would send: components escaped as smithy escapes them.
  const esc = uriEscape;
  for (const [k, v] of Object.entries(q)) {
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${esc(k)}=${esc(String(one))}`);
  }
  return {
    method: signed.method,
    rawPath: signed.path,
    rawQuery: parts.join("&"),
    headers: Object.entries(signed.headers),
  };
}

function httpRequest(r: Req): HttpRequest {
  const host = r.host ?? "127.0.0.1:9000";
  return new HttpRequest({
    method: r.method,
    protocol: "https:",
    hostname: host.split(":")[0]!,
    port: host.includes(":") ? Number(host.split(":")[1]) : undefined,
    path: r.path,
    query: r.query ?? {},
    headers: { host, ...r.headers },
  });
}

export async function signHeader(r: Req, signingDate = SIGNING_DATE): Promise<AuthInput> {
  const signed = await signer.sign(httpRequest(r), { signingDate });
  return toInput(signed as unknown as Parameters<typeof toInput>[0]);
}

/** Presigns as @aws-sdk/s3-request-presigner does (payload UNSIGNED-PAYLOAD, hoisted into the query). */
export async function presign(r: Req, expiresIn: number, signingDate = SIGNING_DATE): Promise<AuthInput> {
  const request = httpRequest(r);
  request.headers["x-amz-content-sha256"] ??= "UNSIGNED-PAYLOAD";
  const signed = await signer.presign(request, {
    signingDate,
    expiresIn,
    // As @aws-sdk/s3-request-presigner does: SSE headers stay headers (signed), the rest is hoisted.
    unhoistableHeaders: new Set(Object.keys(r.headers).filter((h) => h.startsWith("x-amz-server-side-encryption"))),
  });
  return toInput(signed as unknown as Parameters<typeof toInput>[0]);
}
