/**
 * Throughput of the at-rest encryption, for issue 9's bench script (not a test: no timing is
 * asserted anywhere). `measureAesGcmThroughput()` is the ceiling: raw AES-256-GCM in exactly the
 * chunking the server stores (64 KiB chunks, a fresh cipher, nonce and 41-byte AAD per chunk, no
 * streams). `measureStreamThroughput()` pushes the same amount through createEncryptStream /
 * createDecryptStream so the two can be compared as a ratio.
 *
 * Both walk the same working set (default 16 MiB of plaintext in 64 KiB buffers of their own, as
 * socket and file reads deliver it). That matters: on the project machine raw AES-256-GCM over one
 * cache-hot 64 KiB buffer ran at ~3.2 GiB/s but at ~1.7 GiB/s over 16 MiB, memory-bound, so a
 * ceiling measured on a hot buffer would blame the streams for the memory system.
 *
 * Each figure is the best of ROUNDS equal rounds: on a shared machine the scheduler and the
 * garbage collector only ever make a round slower, so the best round is the steadiest estimate.
 *
 * Run directly for a quick profile: `npx tsx harness/bench/aes-gcm-ceiling.ts [MiB]`.
 */

import { createCipheriv, randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import {
  CHUNK_SIZE,
  TAG_SIZE,
  createDecryptStream,
  createEncryptStream,
  sealedLength,
} from "../server/crypto/chunked-gcm.ts";

const MiB = 1024 * 1024;
const ROUNDS = 4;

export interface ThroughputOptions {
  /** Plaintext bytes to process in the timed run (default 256 MiB). */
  totalBytes?: number;
  /** Plaintext bytes per chunk (default CHUNK_SIZE). */
  chunkSize?: number;
  /** Distinct plaintext bytes cycled through (default 16 MiB; CHUNK_SIZE measures the cipher alone,
   * cache-hot). The stream figures use it as the object size. */
  workingSetBytes?: number;
}

/** MiB/s of raw AES-256-GCM, one fresh cipher per chunk, as chunked-gcm.ts uses it. */
export function measureAesGcmThroughput(options: ThroughputOptions = {}): number {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const chunks = Math.max(1, Math.ceil((options.totalBytes ?? 256 * MiB) / chunkSize / ROUNDS));
  const key = randomBytes(32);
  const plaintext = split(randomBytes(Math.max(chunkSize, options.workingSetBytes ?? 16 * MiB)), chunkSize);
  const nonce = Buffer.alloc(12);
  const aad = randomBytes(41);
  const run = (count: number): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      nonce.writeUInt32BE(i, 8);
      aad.writeUInt32BE(i, 36);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      cipher.setAAD(aad);
      cipher.update(plaintext[i % plaintext.length]);
      cipher.final();
      cipher.getAuthTag();
    }
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  run(Math.min(chunks, 256)); // warm-up: JIT and OpenSSL's first-use costs
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) best = Math.min(best, run(chunks));
  return (chunks * chunkSize) / MiB / best;
}

export interface StreamThroughput {
  /** MiB of plaintext per second through createEncryptStream. */
  encrypt: number;
  /** MiB of plaintext per second through createDecryptStream (whole objects). */
  decrypt: number;
}

/** MiB/s through the encrypt and decrypt streams, fed in `writeSize` pieces (default 64 KiB, what
 * node's fs and socket reads deliver), objects of `workingSetBytes` (default 16 MiB) repeated
 * until `totalBytes` have passed. */
export async function measureStreamThroughput(
  options: ThroughputOptions & { writeSize?: number } = {},
): Promise<StreamThroughput> {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const writeSize = options.writeSize ?? 64 * 1024;
  const objectBytes = options.workingSetBytes ?? 16 * MiB;
  const perRound = Math.max(1, Math.ceil((options.totalBytes ?? 256 * MiB) / objectBytes / ROUNDS));
  const key = randomBytes(32);
  const binding = "bench";
  const plaintext = randomBytes(objectBytes);
  const sealed = Buffer.allocUnsafe(sealedLength(objectBytes, chunkSize));
  let filled = 0;
  const plainPieces = split(plaintext, writeSize);
  await pipeline(
    source(plainPieces),
    createEncryptStream(key, binding, { chunkSize }),
    sink((b) => {
      b.copy(sealed, filled);
      filled += b.length;
    }),
  );
  const sealedPieces = split(sealed, writeSize);

  const time = async (make: () => Promise<void>): Promise<number> => {
    await make(); // warm-up
    let best = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < perRound; i++) await make();
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    }
    return (perRound * objectBytes) / MiB / best;
  };
  const encrypt = await time(() =>
    pipeline(source(plainPieces), createEncryptStream(key, binding, { chunkSize }), sink()),
  );
  const opts = { plainLength: objectBytes, plainStart: 0, plainEndInclusive: objectBytes - 1, chunkSize };
  const decrypt = await time(() => pipeline(source(sealedPieces), createDecryptStream(key, binding, opts), sink()));
  return { encrypt, decrypt };
}

/** `data` cut into `size`-byte buffers of their own, as socket and file reads deliver it (views
 * of one big buffer would make the encryptor copy its held-back chunk: unpinLargeBuffers in
 * chunked-gcm.ts). */
function split(data: Buffer, size: number): Buffer[] {
  const all: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) {
    const end = Math.min(offset + size, data.length);
    const piece = Buffer.allocUnsafeSlow(end - offset);
    data.copy(piece, 0, offset, end);
    all.push(piece);
  }
  return all;
}

/** A readable that hands out the given buffers synchronously. */
function source(all: Buffer[]): Readable {
  let next = 0;
  return new Readable({
    highWaterMark: all[0]?.length ?? 1,
    read() {
      while (next < all.length) if (!this.push(all[next++])) return;
      this.push(null);
    },
  });
}

function sink(onData?: (chunk: Buffer) => void): Writable {
  return new Writable({
    highWaterMark: 4 * CHUNK_SIZE,
    write(chunk: Buffer, _encoding, callback) {
      onData?.(chunk);
      callback();
    },
    writev(chunks, callback) {
      for (const { chunk } of chunks) onData?.(chunk as Buffer);
      callback();
    },
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const totalBytes = Number(process.argv[2] ?? 256) * MiB;
  const hot = measureAesGcmThroughput({ totalBytes, workingSetBytes: CHUNK_SIZE });
  const raw = measureAesGcmThroughput({ totalBytes });
  const streams = await measureStreamThroughput({ totalBytes });
  const pct = (x: number): string => `${((100 * x) / raw).toFixed(0)}%`;
  console.log(`raw AES-256-GCM, fresh cipher per 64 KiB chunk, one cache-hot chunk: ${hot.toFixed(0)} MiB/s`);
  console.log(`raw AES-256-GCM, fresh cipher per 64 KiB chunk, 16 MiB working set: ${raw.toFixed(0)} MiB/s`);
  console.log(`encrypt stream: ${streams.encrypt.toFixed(0)} MiB/s (${pct(streams.encrypt)} of raw)`);
  console.log(`decrypt stream: ${streams.decrypt.toFixed(0)} MiB/s (${pct(streams.decrypt)} of raw)`);
}
