import { describe, expect, it } from "vitest";
import { CHUNK_SIZE, TAG_SIZE, sealedLength, sealedSpan } from "./chunked-gcm.ts";
// Inputs, then the stream drivers.
import { DATA_KEY, SEED, deterministicBytes, prng, randomPieces } from "../../server-testing/crypto-streams.ts";
import { decrypt, encrypt, whole, type StreamResult } from "../../server-testing/crypto-streams.ts";

const BINDING = "object\0bucket\0key\0id-1";
const OTHER_BINDING = "object\0bucket\0key\0id-2";
const C = CHUNK_SIZE;
const STRIDE = C + TAG_SIZE;

/** An error with code ObjectTampered, and nothing emitted but a prefix of the right bytes that
 * ends before the first damaged chunk. */
function expectTampered(result: StreamResult, expected: Buffer, maxGoodBytes: number, label: string): void {
  expect(result.error?.code, label).toBe("ObjectTampered");
  expect(result.output.length, label).toBeLessThanOrEqual(maxGoodBytes);
  expect(result.output.equals(expected.subarray(0, result.output.length)), label).toBe(true);
}

function chunkAt(sealed: Buffer, index: number): Buffer {
  return sealed.subarray(index * STRIDE, Math.min((index + 1) * STRIDE, sealed.length));
}

function withoutChunk(sealed: Buffer, index: number): Buffer {
  return Buffer.concat([sealed.subarray(0, index * STRIDE), sealed.subarray((index + 1) * STRIDE)]);
}

function flip(sealed: Buffer, bit: number): Buffer {
  const copy = Buffer.from(sealed);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

describe("tamper detection (64 KiB chunks)", () => {
  const size = 3 * C + 1000; // three full chunks and a short final one
  const plaintext = deterministicBytes(size, "tamper");
  const sealedP = encrypt(DATA_KEY, BINDING, randomPieces(plaintext, SEED));
  const pieces = (b: Buffer) => randomPieces(b, SEED + 1);

  it("decrypts the untouched object (control for every case below)", async () => {
    const result = await decrypt(DATA_KEY, BINDING, pieces(await sealedP), whole(size));
    expect(result.error).toBeUndefined();
    expect(result.output.equals(plaintext)).toBe(true);
  });

  it("detects a flipped bit in the ciphertext and in the tag of every chunk", async () => {
    const sealed = await sealedP;
    const random = prng(SEED);
    for (let chunk = 0; chunk < 4; chunk++) {
      const chunkLength = chunkAt(sealed, chunk).length;
      const inCiphertext = chunk * STRIDE + Math.floor(random() * (chunkLength - TAG_SIZE));
      const inTag = chunk * STRIDE + chunkLength - TAG_SIZE + Math.floor(random() * TAG_SIZE);
      for (const [where, byte] of [
        ["ciphertext", inCiphertext],
        ["tag", inTag],
      ] as const) {
        const bit = byte * 8 + Math.floor(random() * 8);
        const result = await decrypt(DATA_KEY, BINDING, pieces(flip(sealed, bit)), whole(size));
        expectTampered(result, plaintext, chunk * C, `chunk ${chunk} ${where} bit ${bit}`);
      }
    }
  });

  it("detects a dropped chunk, whether or not the stored length was lowered to match", async () => {
    const sealed = await sealedP;
    for (let chunk = 0; chunk < 4; chunk++) {
      const dropped = withoutChunk(sealed, chunk);
      expectTampered(
        await decrypt(DATA_KEY, BINDING, pieces(dropped), whole(size)),
        plaintext,
        chunk * C,
        `drop ${chunk}`,
      );
      // The metadata lies too: a plaintext length that fits the shorter data.
      const fittedLength = chunk === 3 ? 3 * C : size - C;
      expect(sealedLength(fittedLength)).toBe(dropped.length);
      expectTampered(
        await decrypt(DATA_KEY, BINDING, pieces(dropped), whole(fittedLength)),
        plaintext,
        chunk * C,
        `drop ${chunk}, length ${fittedLength}`,
      );
    }
  });

  it("detects two swapped chunks", async () => {
    const sealed = await sealedP;
    for (const [a, b] of [
      [0, 1],
      [1, 2],
      [0, 2],
    ]) {
      const swapped = Buffer.from(sealed);
      chunkAt(sealed, a).copy(swapped, b * STRIDE);
      chunkAt(sealed, b).copy(swapped, a * STRIDE);
      expectTampered(
        await decrypt(DATA_KEY, BINDING, pieces(swapped), whole(size)),
        plaintext,
        a * C,
        `swap ${a} ${b}`,
      );
    }
  });

  it("detects a duplicated chunk in place of another", async () => {
    const sealed = await sealedP;
    const duplicated = Buffer.from(sealed);
    chunkAt(sealed, 0).copy(duplicated, STRIDE);
    expectTampered(
      await decrypt(DATA_KEY, BINDING, pieces(duplicated), whole(size)),
      plaintext,
      C,
      "chunk 0 copied over chunk 1",
    );
  });

  it("detects a truncated final chunk, whether or not the stored length was lowered to match", async () => {
    const sealed = await sealedP;
    for (const cutBytes of [1, 15, 16, 17, 1000]) {
      const truncated = sealed.subarray(0, sealed.length - cutBytes);
      expectTampered(
        await decrypt(DATA_KEY, BINDING, pieces(truncated), whole(size)),
        plaintext,
        3 * C,
        `cut ${cutBytes}`,
      );
      if (cutBytes < 1000) {
        expectTampered(
          await decrypt(DATA_KEY, BINDING, pieces(truncated), whole(size - cutBytes)),
          plaintext,
          3 * C,
          `cut ${cutBytes}, length lowered`,
        );
      }
    }
  });

  it("detects extra bytes after the last chunk", async () => {
    const sealed = await sealedP;
    for (const extra of [Buffer.alloc(1), chunkAt(sealed, 3), chunkAt(sealed, 0)]) {
      const longer = Buffer.concat([sealed, extra]);
      expectTampered(
        await decrypt(DATA_KEY, BINDING, pieces(longer), whole(size)),
        plaintext,
        size,
        `extra ${extra.length}`,
      );
    }
  });

  it("detects a valid next chunk appended after the last one (from a longer object, same key and binding)", async () => {
    // Without an explicit length check this chunk would authenticate as chunk 4 and be dropped
    // silently by the range trim: no wrong bytes, but a stored object longer than it should be.
    const sealed = await sealedP;
    const longer = await encrypt(DATA_KEY, BINDING, [deterministicBytes(6 * C, "longer object")]);
    const appended = Buffer.concat([sealed, chunkAt(longer, 4)]);
    expectTampered(await decrypt(DATA_KEY, BINDING, [appended], whole(size)), plaintext, size, "chunk 4 appended");
  });

  it("detects a chunk spliced from another object sealed under the same data key", async () => {
    // Never done by the server (a data key seals one stream); the binding in the AAD still stops it.
    const sealed = await sealedP;
    const other = await encrypt(DATA_KEY, OTHER_BINDING, [deterministicBytes(size, "other object")]);
    for (let chunk = 0; chunk < 4; chunk++) {
      const spliced = Buffer.from(sealed);
      chunkAt(other, chunk).copy(spliced, chunk * STRIDE);
      expectTampered(
        await decrypt(DATA_KEY, BINDING, pieces(spliced), whole(size)),
        plaintext,
        chunk * C,
        `splice ${chunk}`,
      );
    }
    // And the other object as a whole does not open under this binding.
    expectTampered(await decrypt(DATA_KEY, BINDING, pieces(other), whole(size)), plaintext, 0, "whole other object");
  });

  it("detects a wrong data key", async () => {
    const result = await decrypt(deterministicBytes(32, "wrong data key"), BINDING, pieces(await sealedP), whole(size));
    expectTampered(result, plaintext, 0, "wrong key");
  });

  it("a range read fails when a chunk it covers is damaged, and is unaffected by chunks it skips", async () => {
    const damaged = flip(await sealedP, (2 * STRIDE + 5) * 8); // chunk 2
    const read = (start: number, end: number) => {
      const span = sealedSpan(size, start, end);
      return decrypt(DATA_KEY, BINDING, pieces(damaged.subarray(span.sealedStart, span.sealedEndExclusive)), {
        plainLength: size,
        plainStart: start,
        plainEndInclusive: end,
      });
    };
    const clean = await read(C - 10, 2 * C - 1);
    expect(clean.error).toBeUndefined();
    expect(clean.output.equals(plaintext.subarray(C - 10, 2 * C))).toBe(true);
    const hit = await read(2 * C - 10, 2 * C + 10);
    expect(hit.error?.code).toBe("ObjectTampered");
    expect(hit.output.equals(plaintext.subarray(2 * C - 10, 2 * C - 10 + hit.output.length))).toBe(true);
    expect(hit.output.length).toBeLessThanOrEqual(10);
  });

  it("detects a range read handed the wrong sealed bytes (misaligned or too short)", async () => {
    const sealed = await sealedP;
    const span = sealedSpan(size, C, C + 5);
    const opts = { plainLength: size, plainStart: C, plainEndInclusive: C + 5 };
    const shifted = await decrypt(
      DATA_KEY,
      BINDING,
      [sealed.subarray(span.sealedStart + 1, span.sealedEndExclusive + 1)],
      opts,
    );
    expect(shifted.error?.code).toBe("ObjectTampered");
    expect(shifted.output.length).toBe(0);
    const short = await decrypt(
      DATA_KEY,
      BINDING,
      [sealed.subarray(span.sealedStart, span.sealedEndExclusive - 1)],
      opts,
    );
    expect(short.error?.code).toBe("ObjectTampered");
    expect(short.output.length).toBe(0);
  });
});

describe("tamper detection, exhaustive (16-byte chunks)", () => {
  const chunkSize = 16;
  const sizes = [0, 5, 16, 40];

  it("detects every single-bit flip anywhere in the sealed bytes", async () => {
    for (const size of sizes) {
      const plaintext = deterministicBytes(size, `exhaustive ${size}`);
      const sealed = await encrypt(DATA_KEY, BINDING, [plaintext], chunkSize);
      const control = await decrypt(DATA_KEY, BINDING, [sealed], whole(size, chunkSize));
      expect(control.output.equals(plaintext)).toBe(true);
      for (let bit = 0; bit < sealed.length * 8; bit++) {
        const damagedChunk = Math.floor((bit >> 3) / (chunkSize + TAG_SIZE));
        const result = await decrypt(DATA_KEY, BINDING, [flip(sealed, bit)], whole(size, chunkSize));
        expectTampered(result, plaintext, damagedChunk * chunkSize, `size ${size} bit ${bit}`);
      }
    }
  });

  it("detects every truncation and every dropped or reordered chunk", async () => {
    const size = 40;
    const plaintext = deterministicBytes(size, "exhaustive order");
    const sealed = await encrypt(DATA_KEY, BINDING, [plaintext], chunkSize);
    const stride = chunkSize + TAG_SIZE;
    for (let length = 0; length < sealed.length; length++) {
      expectTampered(
        await decrypt(DATA_KEY, BINDING, [sealed.subarray(0, length)], whole(size, chunkSize)),
        plaintext,
        size,
        `length ${length}`,
      );
    }
    const chunks = [0, 1, 2].map((i) => sealed.subarray(i * stride, (i + 1) * stride));
    const orders = [
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
      [0, 1],
      [0, 2],
      [1, 2],
      [0, 0, 2],
      [0, 1, 1, 2],
    ];
    for (const order of orders) {
      const reordered = Buffer.concat(order.map((i) => chunks[i]));
      const result = await decrypt(DATA_KEY, BINDING, [reordered], whole(size, chunkSize));
      expectTampered(result, plaintext, size, `order ${order.join(",")}`);
    }
  });
});
