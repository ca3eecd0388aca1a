/**
 * Test-only helpers for the auth tests: an aws-chunked encoder written from the AWS pages,
 * independently of the decoder under test (it imports nothing from this folder), and stream
 * utilities. Not used by the server.
 */
import { createHash, createHmac } from "node:crypto";
import { Readable } from "node:stream";

const EMPTY = createHash("sha256").update("").digest("hex");

export function deriveKey(secret: string, date: string, region: string, service = "s3"): Buffer {
  let k: Buffer = createHmac("sha256", `AWS4${secret}`).update(date).digest();
  for (const part of [region, service, "aws4_request"]) k = createHmac("sha256", k).update(part).digest();
  return k;
}

export interface ChunkSigner {
  key: Buffer;
  amzDate: string;
  scope: string;
  seed: string;
}

/** Frames `chunks` as aws-chunked with chunk signatures (and an optional signed trailer). */
export function encodeSignedChunks(chunks: Buffer[], s: ChunkSigner, trailer?: [string, string]): Buffer[] {
  const out: Buffer[] = [];
  let prev = s.seed;
  for (const data of [...chunks, Buffer.alloc(0)]) {
    const toSign = [
      "AWS4-HMAC-SHA256-PAYLOAD",
      s.amzDate,
      s.scope,
      prev,
      EMPTY,
      createHash("sha256").update(data).digest("hex"),
    ].join("\n");
    prev = createHmac("sha256", s.key).update(toSign).digest("hex");
    out.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${prev}\r\n`));
    if (data.length > 0) out.push(data, Buffer.from("\r\n"));
  }
  if (trailer) {
    const line = `${trailer[0]}:${trailer[1]}`;
    const toSign = [
      "AWS4-HMAC-SHA256-TRAILER",
      s.amzDate,
      s.scope,
      prev,
      createHash("sha256").update(`${line}\n`).digest("hex"),
    ].join("\n");
    const sig = createHmac("sha256", s.key).update(toSign).digest("hex");
    out.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${sig}\r\n`));
  }
  out.push(Buffer.from("\r\n"));
  return out;
}

/** The STREAMING-UNSIGNED-PAYLOAD-TRAILER framing the AWS SDK for JavaScript v3 sends. */
export function encodeUnsignedChunks(chunks: Buffer[], trailer: [string, string]): Buffer {
  const parts: Buffer[] = [];
  for (const data of chunks) parts.push(Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n"));
  parts.push(Buffer.from(`0\r\n${trailer[0]}:${trailer[1]}\r\n\r\n`));
  return Buffer.concat(parts);
}

export function crc32Base64(data: Buffer): string {
  // Bitwise CRC-32 (no table): deliberately not the server's implementation.
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return out.toString("base64");
}

export interface Collected {
  data: Buffer;
  error: unknown;
}

/** Reads a stream to its end or its error. */
export function collect(stream: Readable): Promise<Collected> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    stream.on("data", (d: Buffer) => parts.push(d));
    stream.on("end", () => resolve({ data: Buffer.concat(parts), error: undefined }));
    stream.on("error", (error) => resolve({ data: Buffer.concat(parts), error }));
  });
}

/** A readable that hands `buf` out in pieces of `size` bytes (exercises every split point). */
export function pieces(buf: Buffer, size: number): Readable {
  const list: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) list.push(buf.subarray(i, i + size));
  return Readable.from(list, { objectMode: false });
}
