import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CHUNK_SIZE, createDecryptStream, createEncryptStream } from "./chunked-gcm.ts";
import { deterministicBytes } from "../../server-testing/crypto-streams.ts";

const MiB = 1024 * 1024;
const TOTAL = 256 * MiB;
/** Generous: the streams hold about two chunks each, plus stream buffers (a few hundred KiB). */
const BOUND = 64 * MiB;
/** RSS is sampled after a forced full GC every this many bytes: what the streams retain, not the
 * garbage V8 has not collected yet (without it the figure tracked V8's external-memory heuristics,
 * ~50 MiB, not the code under test). */
const SAMPLE_EVERY = 16 * MiB;
/** The baseline is taken after this much has passed: on the project machine RSS settled ~35 MiB
 * above the start within the first 16 MiB and then stayed flat up to 1 GiB, and a pipeline
 * without any crypto settled the same way (the allocator's arenas, not retention). Buffering
 * proportional to the object would still add ~200 MiB after it. */
const WARM_UP = 32 * MiB;

/** The engine's gc(), made available in this process without a command-line flag. */
function collectGarbage(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("memory", () => {
  it(`encrypts and decrypts ${TOTAL / MiB} MiB with RSS growth under ${BOUND / MiB} MiB after warm-up`, async () => {
    const key = deterministicBytes(32, "memory key");
    const binding = "object\0bucket\0big\0id";
    const pattern = deterministicBytes(MiB + 7, "memory pattern");
    const pieceSize = 61 * 1024; // not a divisor of the chunk size: pieces straddle chunks
    let produced = 0;
    const sent = createHash("sha256");
    // Fresh buffers, as a socket read would deliver them (a writer must not reuse a written buffer).
    const source = new Readable({
      read() {
        while (produced < TOTAL) {
          const size = Math.min(pieceSize, TOTAL - produced);
          const offset = produced % (pattern.length - pieceSize);
          const piece = Buffer.from(pattern.subarray(offset, offset + size));
          produced += size;
          sent.update(piece);
          if (!this.push(piece)) return;
        }
        this.push(null);
      },
    });
    const received = createHash("sha256");
    let receivedBytes = 0;
    const gc = collectGarbage();
    gc();
    const start = process.memoryUsage.rss();
    let baseline = Infinity;
    let peak = start;
    let nextSample = SAMPLE_EVERY;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        received.update(chunk);
        receivedBytes += chunk.length;
        if (receivedBytes >= nextSample) {
          nextSample += SAMPLE_EVERY;
          gc();
          const rss = process.memoryUsage.rss();
          peak = Math.max(peak, rss);
          if (receivedBytes >= WARM_UP && baseline === Infinity) baseline = rss;
        }
        callback();
      },
    });
    const opts = { plainLength: TOTAL, plainStart: 0, plainEndInclusive: TOTAL - 1 };
    await pipeline(source, createEncryptStream(key, binding), createDecryptStream(key, binding, opts), sink);

    const growth = peak - baseline;
    const mib = (n: number): string => (n / MiB).toFixed(1);
    console.log(
      `crypto memory: ${TOTAL / MiB} MiB through encrypt+decrypt (${CHUNK_SIZE / 1024} KiB chunks), RSS after forced GCs: ` +
        `start ${mib(start)} MiB, after ${WARM_UP / MiB} MiB ${mib(baseline)} MiB, peak ${mib(peak)} MiB; ` +
        `growth after warm-up ${mib(growth)} MiB, from start ${mib(peak - start)} MiB`,
    );
    expect(receivedBytes).toBe(TOTAL);
    expect(received.digest("hex")).toBe(sent.digest("hex"));
    expect(growth).toBeLessThan(BOUND);
    expect(peak - start).toBeLessThan(2 * BOUND); // loose: includes the allocator settling in
  });
});
