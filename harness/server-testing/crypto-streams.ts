/**
 * Helpers for the crypto unit tests (not a test file itself): deterministic bytes, a seeded
 * PRNG for write sizes, and drivers that push buffers through the streams and keep whatever was
 * emitted before an error, so a test can assert "an error, never wrong bytes".
 */

import { createCipheriv, createHash } from "node:crypto";
import { Readable, Writable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createDecryptReader, createDecryptStream, createEncryptStream } from "../server/crypto/chunked-gcm.ts";

/** Fixed default seed of every randomised crypto test; failures print it. */
export const SEED = 0x55ec;

/** The data key of the chunked-GCM tests. */
export const DATA_KEY = deterministicBytes(32, "data key");

/** `length` pseudo-random bytes determined by `seed` (AES-256-CTR keystream). */
export function deterministicBytes(length: number, seed: number | string): Buffer {
  const key = createHash("sha256").update(`bytes:${seed}`).digest();
  return createCipheriv("aes-256-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `data` into pieces whose sizes come from `nextSize` (each piece its own buffer, as a
 * socket read would deliver it). */
export function cut(data: Buffer, nextSize: () => number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length;) {
    const size = Math.max(1, Math.min(nextSize(), data.length - offset));
    pieces.push(Buffer.from(data.subarray(offset, offset + size)));
    offset += size;
  }
  return pieces;
}

/** Random piece sizes: mostly small and odd, sometimes large, from a seeded PRNG. */
export function randomSizes(seed: number, max = 200_000): () => number {
  const random = prng(seed);
  return () => {
    const r = random();
    if (r < 0.4) return 1 + Math.floor(random() * 64);
    if (r < 0.8) return 1 + Math.floor(random() * 20_000);
    return 1 + Math.floor(random() * max);
  };
}

/** `data` cut into pieces of randomSizes(seed, max). */
export function randomPieces(data: Buffer, seed: number, max?: number): Buffer[] {
  return cut(data, randomSizes(seed, max));
}

export interface StreamResult {
  /** Every byte the stream emitted, in order, including any emitted before an error. */
  output: Buffer;
  error: (Error & { code?: string }) | undefined;
}

/** Writes `pieces` through `stream` and collects the output and any error. */
export async function run(stream: Transform, pieces: Buffer[]): Promise<StreamResult> {
  const out: Buffer[] = [];
  let error: StreamResult["error"];
  try {
    await pipeline(
      Readable.from(pieces),
      stream,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          out.push(chunk);
          callback();
        },
      }),
    );
  } catch (caught) {
    error = caught as StreamResult["error"];
  }
  return { output: Buffer.concat(out), error };
}

export async function encrypt(dataKey: Buffer, binding: string, pieces: Buffer[], chunkSize?: number): Promise<Buffer> {
  const { output, error } = await run(createEncryptStream(dataKey, binding, { chunkSize }), pieces);
  if (error !== undefined) throw error;
  return output;
}

/**
 * Decrypts through both decryptors, the stream (sealed pieces written to it) and the reader (the
 * same pieces as in-memory views), and fails unless they emit the same bytes and the same error
 * code: every decryption test covers both. The stream's result is returned.
 */
export async function decrypt(
  dataKey: Buffer,
  binding: string,
  sealedPieces: Buffer[],
  opts: { plainLength: number; plainStart: number; plainEndInclusive: number; chunkSize?: number },
): Promise<StreamResult> {
  const streamed = await run(createDecryptStream(dataKey, binding, opts), sealedPieces);
  const read = await drain(createDecryptReader(dataKey, binding, [...sealedPieces], opts));
  if (!read.output.equals(streamed.output) || read.error?.code !== streamed.error?.code) {
    throw new Error(
      `the decrypt reader disagrees with the decrypt stream: ${read.output.length} bytes, error ${read.error?.code} ` +
        `against ${streamed.output.length} bytes, error ${streamed.error?.code}`,
    );
  }
  return streamed;
}

async function drain(stream: Readable): Promise<StreamResult> {
  const out: Buffer[] = [];
  let error: StreamResult["error"];
  try {
    for await (const chunk of stream) out.push(chunk as Buffer);
  } catch (caught) {
    error = caught as StreamResult["error"];
  }
  return { output: Buffer.concat(out), error };
}

/** Whole-object decrypt options. */
export function whole(plainLength: number, chunkSize?: number) {
  return { plainLength, plainStart: 0, plainEndInclusive: plainLength - 1, chunkSize };
}
