import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CHUNK_SIZE,
  TAG_SIZE,
  chunkCount,
  createEncryptStream,
  plainLengthFromSealed,
  sealedLength,
  sealedSpan,
} from "./chunked-gcm.ts";
import {
  DATA_KEY,
  SEED,
  cut,
  decrypt,
  deterministicBytes,
  encrypt,
  prng,
  randomPieces,
  whole,
} from "../../server-testing/crypto-streams.ts";

const BINDING = "object\0bucket\0key\0id";
const MiB = 1024 * 1024;

describe("sealed lengths", () => {
  it("stores one tag per chunk and one empty authenticated chunk for an empty object", () => {
    const C = CHUNK_SIZE;
    const table: [number, number][] = [
      [0, 16],
      [1, 17],
      [C - 1, C - 1 + 16],
      [C, C + 16],
      [C + 1, C + 1 + 32],
      [2 * C, 2 * C + 32],
      [5 * MiB + 1, 5 * MiB + 1 + 81 * 16],
    ];
    for (const [plain, sealed] of table) {
      expect(sealedLength(plain), `plain ${plain}`).toBe(sealed);
      expect(plainLengthFromSealed(sealed), `sealed ${sealed}`).toBe(plain);
    }
    expect(chunkCount(0)).toBe(1);
    expect(chunkCount(C)).toBe(1);
    expect(chunkCount(C + 1)).toBe(2);
  });

  it("knows exactly which sealed lengths are possible (chunk size 4, every length up to 200)", () => {
    const possible = new Map<number, number>();
    for (let plain = 0; plain <= 150; plain++) possible.set(sealedLength(plain, 4), plain);
    for (let sealed = 0; sealed <= 200; sealed++) {
      expect(plainLengthFromSealed(sealed, 4), `sealed ${sealed}`).toBe(possible.get(sealed));
    }
  });

  it("rejects lengths and chunk sizes that are not non-negative integers", () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => sealedLength(bad)).toThrow(RangeError);
    for (const bad of [0, -1, 1.5, 64 * MiB]) expect(() => sealedLength(10, bad)).toThrow(RangeError);
  });
});

describe("sealedSpan", () => {
  const C = CHUNK_SIZE;
  const S = C + TAG_SIZE;

  it("covers whole chunks only, at and around chunk boundaries", () => {
    const L = 3 * C + 100;
    const cases: [number, number, [number, number, number, number]][] = [
      [0, 0, [0, 0, 0, S]],
      [0, L - 1, [0, 3, 0, sealedLength(L)]],
      [C - 1, C - 1, [0, 0, 0, S]],
      [C - 1, C, [0, 1, 0, 2 * S]],
      [C, C, [1, 1, S, 2 * S]],
      [2 * C, 3 * C - 1, [2, 2, 2 * S, 3 * S]],
      [3 * C, 3 * C, [3, 3, 3 * S, sealedLength(L)]],
      [L - 1, L - 1, [3, 3, 3 * S, 3 * S + 100 + TAG_SIZE]],
    ];
    for (const [start, end, [firstChunk, lastChunk, sealedStart, sealedEndExclusive]] of cases) {
      expect(sealedSpan(L, start, end), `[${start}, ${end}]`).toEqual({
        firstChunk,
        lastChunk,
        sealedStart,
        sealedEndExclusive,
      });
    }
  });

  it("reads the one empty chunk for the whole of an empty object", () => {
    expect(sealedSpan(0, 0, -1)).toEqual({ firstChunk: 0, lastChunk: 0, sealedStart: 0, sealedEndExclusive: TAG_SIZE });
  });

  it("rejects ranges outside the object", () => {
    for (const [L, s, e] of [
      [10, 0, 10],
      [10, 5, 4],
      [10, -1, 3],
      [0, 0, 0],
      [10, 0, -1],
      [10, 10, 9],
      [10, 1.5, 3],
    ]) {
      expect(() => sealedSpan(L, s, e), `[${s}, ${e}] of ${L}`).toThrow(RangeError);
    }
  });
});

describe("round trip", () => {
  const sizes = [0, 1, 15, 16, 17, 65535, 65536, 65537, 5 * MiB + 1];
  for (const [i, size] of sizes.entries()) {
    it(`restores ${size} bytes written in random pieces (seed ${SEED + i})`, async () => {
      const plaintext = deterministicBytes(size, `round trip ${size}`);
      const sealed = await encrypt(DATA_KEY, BINDING, randomPieces(plaintext, SEED + i));
      expect(sealed.length).toBe(sealedLength(size));
      const result = await decrypt(DATA_KEY, BINDING, randomPieces(sealed, SEED + 100 + i), whole(size));
      expect(result.error).toBeUndefined();
      expect(result.output.equals(plaintext)).toBe(true);
    });
  }

  it("writes the same sealed bytes whatever the write sizes (only chunking, not timing, matters)", async () => {
    const plaintext = deterministicBytes(3 * CHUNK_SIZE + 7, "write sizes");
    const once = await encrypt(DATA_KEY, BINDING, [plaintext]);
    const bytewise = await encrypt(
      DATA_KEY,
      BINDING,
      cut(plaintext.subarray(0, 70_000), () => 1).concat([plaintext.subarray(70_000)]),
    );
    const random = await encrypt(DATA_KEY, BINDING, randomPieces(plaintext, SEED));
    expect(bytewise.equals(once)).toBe(true);
    expect(random.equals(once)).toBe(true);
  });

  it("copies the held-back tail of a large written buffer instead of pinning it", async () => {
    // The writer reuses its 1 MiB buffer once the write has completed; if the encryptor kept a
    // view of the held-back tail instead of a copy, the last chunk would be sealed from zeros.
    const plaintext = deterministicBytes(MiB + 5, "views");
    const writerBuffer = Buffer.from(plaintext.subarray(0, MiB));
    const stream = createEncryptStream(DATA_KEY, BINDING);
    const out: Buffer[] = [];
    stream.on("data", (b: Buffer) => out.push(b));
    const ended = new Promise((resolve, reject) => stream.on("end", resolve).on("error", reject));
    await new Promise<void>((resolve, reject) => stream.write(writerBuffer, (e) => (e ? reject(e) : resolve())));
    writerBuffer.fill(0);
    stream.end(plaintext.subarray(MiB));
    await ended;
    const result = await decrypt(DATA_KEY, BINDING, [Buffer.concat(out)], whole(plaintext.length));
    expect(result.error).toBeUndefined();
    expect(result.output.equals(plaintext)).toBe(true);
  });

  it("round-trips with other chunk sizes, every length up to 3 chunks", async () => {
    for (const chunkSize of [1, 7, 16]) {
      for (let size = 0; size <= 3 * chunkSize + 1; size++) {
        const plaintext = deterministicBytes(size, `small ${chunkSize} ${size}`);
        const sealed = await encrypt(DATA_KEY, BINDING, randomPieces(plaintext, size, 5), chunkSize);
        expect(sealed.length).toBe(sealedLength(size, chunkSize));
        const result = await decrypt(DATA_KEY, BINDING, randomPieces(sealed, size + 1, 9), whole(size, chunkSize));
        expect(result.error, `chunk ${chunkSize} size ${size}`).toBeUndefined();
        expect(result.output.equals(plaintext), `chunk ${chunkSize} size ${size}`).toBe(true);
      }
    }
  });
});

/** Decrypts [start, end] of `plaintext`'s sealed form from exactly the span's sealed bytes. */
async function readRange(
  plaintext: Buffer,
  sealed: Buffer,
  start: number,
  end: number,
  chunkSize: number,
  pieceSeed: number,
) {
  const span = sealedSpan(plaintext.length, start, end, chunkSize);
  const bytes = sealed.subarray(span.sealedStart, span.sealedEndExclusive);
  return decrypt(DATA_KEY, BINDING, randomPieces(bytes, pieceSeed, 3 * chunkSize), {
    plainLength: plaintext.length,
    plainStart: start,
    plainEndInclusive: end,
    chunkSize,
  });
}

describe("range reads", () => {
  it("returns exactly the bytes of every range [s, e] of objects up to 3 chunks (chunk size 16)", async () => {
    const chunkSize = 16;
    for (const size of [1, 15, 16, 17, 31, 32, 33, 47, 48]) {
      const plaintext = deterministicBytes(size, `ranges ${size}`);
      const sealed = await encrypt(DATA_KEY, BINDING, [plaintext], chunkSize);
      for (let start = 0; start < size; start++) {
        for (let end = start; end < size; end++) {
          const result = await readRange(plaintext, sealed, start, end, chunkSize, start * 64 + end);
          expect(result.error, `size ${size} [${start}, ${end}]`).toBeUndefined();
          expect(result.output.equals(plaintext.subarray(start, end + 1)), `size ${size} [${start}, ${end}]`).toBe(
            true,
          );
        }
      }
    }
  });

  it("returns exactly the bytes of ranges at the 64 KiB chunk boundaries of a 5 MiB + 1 object", async () => {
    const size = 5 * MiB + 1;
    const plaintext = deterministicBytes(size, "boundaries");
    const sealed = await encrypt(DATA_KEY, BINDING, randomPieces(plaintext, SEED));
    const random = prng(SEED);
    const near = (): number => {
      const boundary = Math.floor(random() * (size / CHUNK_SIZE + 1)) * CHUNK_SIZE;
      return Math.min(size - 1, Math.max(0, boundary + Math.floor(random() * 5) - 2));
    };
    const ranges: [number, number][] = [
      [0, size - 1],
      [size - 1, size - 1],
      [0, 0],
      [CHUNK_SIZE - 1, CHUNK_SIZE],
      [5 * MiB, 5 * MiB],
    ];
    for (let i = 0; i < 60; i++) {
      const a = near();
      const b = i % 3 === 0 ? Math.min(size - 1, a + Math.floor(random() * 3 * CHUNK_SIZE)) : near();
      ranges.push([Math.min(a, b), Math.max(a, b)]);
    }
    for (const [i, [start, end]] of ranges.entries()) {
      const result = await readRange(plaintext, sealed, start, end, CHUNK_SIZE, SEED + i);
      expect(result.error, `[${start}, ${end}] seed ${SEED}`).toBeUndefined();
      expect(result.output.equals(plaintext.subarray(start, end + 1)), `[${start}, ${end}] seed ${SEED}`).toBe(true);
    }
  });

  it("property: any range of any object, written and read in any pieces, decrypts to exactly its bytes", async () => {
    const object = fc
      .record({
        chunkSize: fc.constantFrom(1, 5, 16, 64, 4096),
        chunks: fc.integer({ min: 0, max: 6 }),
        extra: fc.integer({ min: 0, max: 4096 }),
        writeSeed: fc.integer(),
        readSeed: fc.integer(),
      })
      .map(({ chunkSize, chunks, extra, ...seeds }) => ({
        chunkSize,
        size: chunks * chunkSize + (extra % (chunkSize + 1)),
        ...seeds,
      }))
      .chain((o) =>
        fc.record({
          o: fc.constant(o),
          // Bias the range ends towards chunk boundaries, where off-by-one errors live.
          a:
            o.size === 0
              ? fc.constant(0)
              : fc.oneof(
                  fc.nat(o.size - 1),
                  fc.nat(o.size - 1).map((n) => Math.min(o.size - 1, Math.round(n / o.chunkSize) * o.chunkSize)),
                ),
          b: o.size === 0 ? fc.constant(-1) : fc.nat(o.size - 1),
        }),
      );
    await fc.assert(
      fc.asyncProperty(object, async ({ o, a, b }) => {
        const [start, end] = o.size === 0 ? [0, -1] : [Math.min(a, b), Math.max(a, b)];
        const plaintext = deterministicBytes(o.size, o.writeSeed);
        const sealed = await encrypt(
          DATA_KEY,
          BINDING,
          randomPieces(plaintext, o.writeSeed, 3 * o.chunkSize),
          o.chunkSize,
        );
        const result = await readRange(plaintext, sealed, start, end, o.chunkSize, o.readSeed);
        return result.error === undefined && result.output.equals(plaintext.subarray(start, end + 1));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
