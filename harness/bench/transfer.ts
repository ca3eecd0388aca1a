/**
 * One timed PUT or GET through the harness's own S3 client (undici, SigV4, UNSIGNED-PAYLOAD,
 * streamed both ways), with the SSE-C headers when a key is given. Every GET's bytes are checked
 * (verify.ts); a wrong status, a short body or a wrong byte throws: a bench figure is only
 * reported for correct transfers.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { HeaderList, S3Client, S3Request } from "../client/index.ts";
import type { Verifier } from "./verify.ts";

/** A customer key for the bench: random per run, held in memory only, never printed. */
export function ssecHeaders(key: Buffer): HeaderList {
  return [
    ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
    ["x-amz-server-side-encryption-customer-key", key.toString("base64")],
    ["x-amz-server-side-encryption-customer-key-md5", createHash("md5").update(key).digest("base64")],
  ];
}

export interface Timed {
  bytes: number;
  seconds: number;
}

const TIMEOUT_MS = 600_000;

/** The request both transfers start from: the object, its SSE-C headers when a key is given. */
function objectRequest(method: "PUT" | "GET", bucket: string, key: string, customerKey?: Buffer): S3Request {
  return { method, bucket, key, headers: customerKey ? ssecHeaders(customerKey) : [], timeoutMs: TIMEOUT_MS };
}

const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

export async function timedPut(
  client: S3Client,
  bucket: string,
  key: string,
  body: Readable,
  length: number,
  customerKey?: Buffer,
): Promise<Timed> {
  const started = process.hrtime.bigint();
  const request = objectRequest("PUT", bucket, key, customerKey);
  const res = await client.send({ ...request, body, contentLength: length, payload: "unsigned" });
  const seconds = secondsSince(started);
  if (res.status !== 200)
    throw new Error(`PUT ${key}: HTTP ${res.status} ${res.error?.code ?? ""} ${res.error?.message ?? ""}`);
  return { bytes: length, seconds };
}

export async function timedGet(
  client: S3Client,
  bucket: string,
  key: string,
  verifier: Verifier,
  customerKey?: Buffer,
): Promise<Timed> {
  const started = process.hrtime.bigint();
  const res = await client.send({ ...objectRequest("GET", bucket, key, customerKey), streamResponse: true });
  if (res.status !== 200 || !res.stream) {
    res.stream?.destroy();
    throw new Error(`GET ${key}: HTTP ${res.status}`);
  }
  for await (const chunk of res.stream) verifier.update(chunk as Buffer);
  const seconds = secondsSince(started);
  const problem = verifier.problem();
  if (problem) throw new Error(`GET ${key}: ${problem}`);
  return { bytes: verifier.bytes, seconds };
}

export function mibPerSecond(t: Timed | Timed[]): number {
  const all = Array.isArray(t) ? t : [t];
  const bytes = all.reduce((n, x) => n + x.bytes, 0);
  const seconds = Math.max(...all.map((x) => x.seconds));
  return bytes / (1024 * 1024) / seconds;
}
