/**
 * Test support for the server's own tests (not used by the server): raw S3 requests signed with
 * @smithy/signature-v4 — an implementation independent of the server's auth module — sent
 * either in-process to the handler or over real TLS / plain HTTP with node:https.
 */
import { createHash, randomBytes } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ServerContext } from "../server/request-context.ts";
import { Faults } from "../server/faults.ts";
import { createHandler, type Handler } from "../server/handler.ts";
import { MemoryStorage } from "../server/storage/memory.ts";
import type { Storage } from "../server/storage/types.ts";
import type { ServerRequest } from "../server/request.ts";
import type { RunningServer } from "../server/types.ts";
import { NodeSha256 } from "./smithy-signer.ts";

export interface Creds {
  accessKey: string;
  secretKey: string;
  region: string;
}

export interface RawRequest {
  method: string;
  /** Path as it goes on the wire (already percent-encoded where needed). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Default: the hex SHA-256 of the body. */
  payloadHash?: string;
  /** false: send without any authentication. */
  sign?: boolean;
  /** Host header (default: the endpoint's host). */
  host?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The S3 error Code from an XML error body, when there is one. */
  code?: string;
}

export const hex = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

function encodeQuery(q: Record<string, string>): string {
  return Object.entries(q)
    .map(([k, v]) => (v === "" ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join("&");
}

/** Signs a request (header SigV4) and returns the headers to send. */
export async function signRequest(creds: Creds, host: string, r: RawRequest): Promise<Record<string, string>> {
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
  const headers: Record<string, string> = { host, ...(r.headers ?? {}) };
  if (r.sign === false) return headers;
  headers["x-amz-content-sha256"] = r.payloadHash ?? hex(body);
  const signer = new SignatureV4({
    credentials: { accessKeyId: creds.accessKey, secretAccessKey: creds.secretKey },
    region: creds.region,
    service: "s3",
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const req = new HttpRequest({
    method: r.method,
    protocol: "https:",
    hostname: host.replace(/:\d+$/, ""),
    path: r.path,
    query: r.query ?? {},
    headers,
    body,
  });
  const signed = await signer.sign(req);
  return signed.headers as Record<string, string>;
}

function errorCode(body: Buffer): string | undefined {
  const m = /<Code>([^<]*)<\/Code>/.exec(body.toString("utf8"));
  return m?.[1];
}

async function collect(body: Buffer | Readable | undefined): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** An in-process server core with memory storage (or `storage`), for handler-level tests. */
export function inProcess(opts: { faults?: string[]; creds?: Creds; storage?: Storage } = {}) {
  const creds = opts.creds ?? { accessKey: "test-access", secretKey: "test-secret", region: "us-east-1" };
  const storage: Storage = opts.storage ?? new MemoryStorage();
  const ctx: ServerContext = {
    storage,
    faults: new Faults(opts.faults ?? []),
    region: creds.region,
    auth: { region: creds.region, secretFor: (id) => (id === creds.accessKey ? creds.secretKey : undefined) },
  };
  const handler: Handler = createHandler(ctx);
  const host = "127.0.0.1:1";
  return {
    ctx,
    storage,
    creds,
    async send(r: RawRequest & { secure?: boolean; signAs?: Creds }): Promise<RawResponse> {
      const headers = await signRequest(r.signAs ?? creds, r.host ?? host, r);
      const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
      if (r.body !== undefined && headers["content-length"] === undefined)
        headers["content-length"] = String(body.length);
      const req: ServerRequest = {
        method: r.method,
        rawPath: r.path,
        rawQuery: encodeQuery(r.query ?? {}),
        headers: Object.entries(headers),
        body: Readable.from(body.length ? [body] : []),
        secure: r.secure ?? true,
      };
      const res = await handler(req);
      const out = await collect(res.body);
      const hs: Record<string, string> = {};
      for (const [k, v] of res.headers) hs[k.toLowerCase()] = v;
      return { status: res.status, headers: hs, body: out, code: errorCode(out) };
    },
  };
}

/** Anything that sends a RawRequest: an in-process core, a fresh bucket, a running server through sendTo. */
export interface Sends {
  send(r: RawRequest): Promise<RawResponse>;
}

/** CreateMultipartUpload of `path`; the new upload's id (throws, failing the test, when there is none). */
export async function initiateUpload(s: Sends, path: string, headers: Record<string, string> = {}): Promise<string> {
  const r = await s.send({ method: "POST", path, query: { uploads: "" }, headers });
  const id = /<UploadId>([^<]+)</.exec(r.body.toString())?.[1];
  if (r.status !== 200 || id === undefined)
    throw new Error(`CreateMultipartUpload ${path}: ${r.status} ${r.code ?? ""}`);
  return id;
}

/** Sends a signed request to a running server over TLS (or plain HTTP with `plain`). */
export async function sendTo(
  server: Pick<RunningServer, "endpoint" | "httpEndpoint" | "caPem"> & Creds,
  r: RawRequest & { plain?: boolean; agent?: http.Agent },
): Promise<RawResponse> {
  const base = new URL(r.plain ? server.httpEndpoint! : server.endpoint);
  const host = r.host ?? base.host;
  const headers = await signRequest(server, host, r);
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
  headers["content-length"] ??= String(body.length);
  const qs = encodeQuery(r.query ?? {});
  const mod = r.plain ? http : https;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        method: r.method,
        host: base.hostname,
        port: base.port,
        path: r.path + (qs ? `?${qs}` : ""),
        headers,
        ca: server.caPem,
        servername: "localhost",
        agent: r.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const b = Buffer.concat(chunks);
          const hs: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) hs[k] = Array.isArray(v) ? v.join(",") : (v ?? "");
          resolve({ status: res.statusCode ?? 0, headers: hs, body: b, code: errorCode(b) });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** SSE-C headers for a key (x-amz- dialect unless told otherwise). */
export function ssecHeaders(
  key: Buffer,
  opts: { copySource?: boolean; dialect?: "amz" | "obs" } = {},
): Record<string, string> {
  const p = `x-${opts.dialect ?? "amz"}-${opts.copySource ? "copy-source-" : ""}server-side-encryption-customer-`;
  return {
    [`${p}algorithm`]: "AES256",
    [`${p}key`]: key.toString("base64"),
    [`${p}key-md5`]: createHash("md5").update(key).digest("base64"),
  };
}

export const newKey = () => randomBytes(32);

/** Deterministic pseudo-random payload (so failures reproduce). */
export function payload(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * A POST Object form (multipart/form-data) signed with a real SigV4 POST policy by
 * @aws-sdk/s3-presigned-post; every extra field is an exact-match condition.
 */
export async function postForm(
  creds: Creds,
  bucket: string,
  key: string,
  fields: Record<string, string>,
  file: Buffer,
  opts: { expiresInSeconds?: number } = {},
): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const client = new S3Client({
    endpoint: "https://127.0.0.1:1",
    region: creds.region,
    forcePathStyle: true,
    credentials: { accessKeyId: creds.accessKey, secretAccessKey: creds.secretKey },
  });
  const post = await createPresignedPost(client, {
    Bucket: bucket,
    Key: key,
    Fields: fields,
    Conditions: Object.entries(fields).map(([k, v]) => ({ [k]: v })),
    ...(opts.expiresInSeconds !== undefined ? { Expires: opts.expiresInSeconds } : {}),
  });
  client.destroy();
  const boundary = "----ssec-conformance-boundary";
  const parts = Object.entries(post.fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const body = Buffer.concat([
    Buffer.from(parts.join("")),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** The three SSE-C POST form fields for a key. */
export function ssecFormFields(key: Buffer): Record<string, string> {
  return {
    "x-amz-server-side-encryption-customer-algorithm": "AES256",
    "x-amz-server-side-encryption-customer-key": key.toString("base64"),
    "x-amz-server-side-encryption-customer-key-MD5": createHash("md5").update(key).digest("base64"),
  };
}
