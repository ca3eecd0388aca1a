/**
 * AWS Signature Version 4 for the raw client: header auth and presigned query auth through
 * @smithy/signature-v4, plus the two signatures smithy does not make for S3 — per-chunk
 * signatures of aws-chunked bodies and POST policy signatures — from our own signing key.
 *
 * S3 encodes the path once (`uriEscapePath: false`): the caller passes the path exactly as it goes
 * on the wire. Other services (the generic AWS test suite) normalise and escape the path, which
 * `uriEscapePath: true` does.
 *
 * Sources: AWS "Authenticating Requests (AWS Signature Version 4)" (S3 API reference) and its
 * pages on single-chunk, chunked (sigv4-streaming) and query-string auth.
 */
import { createHash, createHmac } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { HeaderList } from "./types.ts";

export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const STREAMING_SIGNED_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
export const STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignerConfig {
  credentials: SigningCredentials;
  region: string;
  /** Default `s3`. */
  service?: string;
  /** Default false (S3: the path is already encoded once, not normalised). */
  uriEscapePath?: boolean;
}

/** What gets signed: the request as it will be sent. */
export interface SignableRequest {
  method: string;
  /** The path as sent (S3: URI-encoded once by the caller). */
  path: string;
  /** Decoded query parameters in order; `null` is a bare `?name`, signed as `name=`. */
  query?: [string, string | null][];
  /** Headers as sent, `host` included. Repeated names are signed as one comma-joined value. */
  headers: HeaderList;
  /**
   * The canonical request's payload line (hex SHA-256, UNSIGNED-PAYLOAD, STREAMING-…). When
   * absent it is taken from an `x-amz-content-sha256` header, else hashed from `body`.
   */
  payloadHash?: string;
  body?: Buffer | string;
}

export interface SignOptions {
  signingDate: Date;
  /** Header names (any case) sent but kept out of the signature. */
  unsignedHeaders?: string[];
}

export interface HeaderSignature {
  authorization: string;
  signature: string;
  amzDate: string;
  scope: string;
  signedHeaders: string[];
}

export interface PresignResult {
  /** The `X-Amz-*` query parameters to append, in AWS's documented order. */
  query: [string, string][];
  signature: string;
}

/** node:crypto SHA-256 / HMAC-SHA256 in the shape smithy's `sha256` option expects. */
class NodeSha256 {
  private hash;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.make();
  }
  private make() {
    if (this.secret === undefined) return createHash("sha256");
    const key =
      typeof this.secret === "string"
        ? this.secret
        : ArrayBuffer.isView(this.secret)
          ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
          : Buffer.from(new Uint8Array(this.secret));
    return createHmac("sha256", key);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.make();
  }
}

/** `20130524T000000Z` */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

export function credentialScope(date: Date, region: string, service = "s3"): string {
  return `${amzDate(date).slice(0, 8)}/${region}/${service}/aws4_request`;
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, yyyymmdd), region), service), "aws4_request"). */
export function signingKey(secretAccessKey: string, date: Date, region: string, service = "s3"): Buffer {
  let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`, "utf8");
  for (const part of [amzDate(date).slice(0, 8), region, service, "aws4_request"]) {
    key = createHmac("sha256", key).update(part, "utf8").digest();
  }
  return key;
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac("sha256", key).update(data, "utf8").digest("hex");
}

/** SigV4 signer bound to one set of credentials, region and service. */
export class SigV4 {
  private readonly signer: SignatureV4;
  readonly service: string;

  constructor(private readonly config: SignerConfig) {
    this.service = config.service ?? "s3";
    this.signer = new SignatureV4({
      credentials: config.credentials,
      region: config.region,
      service: this.service,
      sha256: NodeSha256,
      uriEscapePath: config.uriEscapePath ?? false,
      // We add x-amz-content-sha256 ourselves when S3 needs it; the generic suite must not get one.
      applyChecksum: false,
    });
  }

  get region(): string {
    return this.config.region;
  }

  scope(date: Date): string {
    return credentialScope(date, this.config.region, this.service);
  }

  signingKey(date: Date): Buffer {
    return signingKey(this.config.credentials.secretAccessKey, date, this.config.region, this.service);
  }

  /** Authorization header for the request (smithy adds and signs x-amz-date = signingDate). */
  async signHeaders(req: SignableRequest, opts: SignOptions): Promise<HeaderSignature> {
    const headers = headerRecord(req.headers);
    if (req.payloadHash !== undefined) headers["x-amz-content-sha256"] = req.payloadHash;
    const signed = await this.signer.sign(this.httpRequest(req, headers), {
      signingDate: opts.signingDate,
      unsignableHeaders: lowerSet(opts.unsignedHeaders),
    });
    const authorization = String(signed.headers["authorization"]);
    const m = /SignedHeaders=([^,]*), Signature=([0-9a-f]{64})$/.exec(authorization);
    if (!m) throw new Error(`unexpected Authorization from signer: ${authorization}`);
    return {
      authorization,
      signature: m[2],
      amzDate: amzDate(opts.signingDate),
      scope: this.scope(opts.signingDate),
      signedHeaders: m[1].split(";"),
    };
  }

  /**
   * Query-string auth. Every header stays a header (SSE-C headers must be sent, not put in the
   * URL: AWS "Protecting data using SSE-C", presigned URLs); the payload is UNSIGNED-PAYLOAD unless
   * `payloadHash` says otherwise.
   */
  async presign(req: SignableRequest, opts: SignOptions & { expiresIn: number }): Promise<PresignResult> {
    const headers = headerRecord(req.headers);
    const unsignable = lowerSet(opts.unsignedHeaders);
    if (!("x-amz-content-sha256" in headers)) {
      // smithy reads the payload hash from this header; it is neither signed nor sent.
      headers["x-amz-content-sha256"] = req.payloadHash ?? UNSIGNED_PAYLOAD;
      unsignable.add("x-amz-content-sha256");
    }
    const signed = await this.signer.presign(this.httpRequest({ ...req, body: undefined }, headers), {
      signingDate: opts.signingDate,
      expiresIn: opts.expiresIn,
      unsignableHeaders: unsignable,
      unhoistableHeaders: new Set(Object.keys(headers)),
    });
    const q = signed.query as Record<string, string | string[] | null>;
    const names = [
      "X-Amz-Algorithm",
      "X-Amz-Credential",
      "X-Amz-Date",
      "X-Amz-Expires",
      "X-Amz-SignedHeaders",
      "X-Amz-Signature",
    ];
    const query = names.map((n): [string, string] => [n, String(q[n])]);
    return { query, signature: String(q["X-Amz-Signature"]) };
  }

  private httpRequest(req: SignableRequest, headers: Record<string, string>): HttpRequest {
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of req.query ?? []) {
      const v = value ?? "";
      const prev = query[name];
      query[name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const host = headers["host"] ?? "localhost";
    return new HttpRequest({
      method: req.method,
      protocol: "https:",
      hostname: host.replace(/:\d+$/, ""),
      path: req.path,
      query,
      headers,
      body: req.body,
    });
  }
}

/**
 * SigV4 canonical header values: names lower-cased, each value trimmed, repeated headers joined
 * with "," in the order sent (smithy then collapses inner whitespace).
 */
function headerRecord(list: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of list) {
    const n = name.toLowerCase();
    const v = value.trim();
    out[n] = n in out ? `${out[n]},${v}` : v;
  }
  return out;
}

function lowerSet(names: string[] | undefined): Set<string> {
  return new Set((names ?? []).map((n) => n.toLowerCase()));
}

/** Inputs of a chunk signature: the request's signing key, timestamp and scope. */
export interface ChunkSigningContext {
  signingKey: Buffer;
  amzDate: string;
  scope: string;
}

/**
 * Signature of one aws-chunked chunk (AWS "Transferring Payload in Multiple Chunks"):
 * HMAC(kSigning, "AWS4-HMAC-SHA256-PAYLOAD\n" + date + "\n" + scope + "\n" + previous-signature
 * + "\n" + hex(sha256("")) + "\n" + hex(sha256(chunk))). The first chunk's previous signature is
 * the seed signature of the request; the final chunk is empty.
 */
export function chunkSignature(ctx: ChunkSigningContext, previousSignature: string, chunk: Uint8Array): string {
  const stringToSign = [
    "AWS4-HMAC-SHA256-PAYLOAD",
    ctx.amzDate,
    ctx.scope,
    previousSignature,
    EMPTY_SHA256,
    createHash("sha256").update(chunk).digest("hex"),
  ].join("\n");
  return hmacHex(ctx.signingKey, stringToSign);
}
