import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { payload } from "./payload.ts";
import { commonRun } from "./expect-bytes.ts";

describe("commonRun (expectNoPlaintext's search)", () => {
  const plaintext = payload(7, "common-run", 4096);
  it("finds a run taken from the middle of the plaintext, embedded in other bytes", () => {
    const body = Buffer.concat([
      Buffer.from("<Error><Code>AccessDenied</Code>"),
      plaintext.subarray(1000, 1016),
      Buffer.from("</Error>"),
    ]);
    expect(commonRun(plaintext, body, 16)).toBe(1000);
  });
  it("finds none in a body that carries no 16-byte run of it", () => {
    const body = Buffer.concat([plaintext.subarray(0, 15), Buffer.from("x"), plaintext.subarray(16, 31)]);
    expect(commonRun(plaintext, body, 16)).toBe(-1);
    expect(commonRun(plaintext, Buffer.alloc(0), 16)).toBe(-1);
  });
  it("agrees with a naive search, wherever the run sits", () => {
    for (const at of [0, 1, 2047, 4096 - 16]) {
      const body = Buffer.concat([Buffer.from("<Code>x</Code>"), plaintext.subarray(at, at + 16)]);
      let naive = -1;
      for (let i = 0; naive < 0 && i + 16 <= plaintext.length; i++)
        for (let j = 0; j + 16 <= body.length; j++)
          if (plaintext.compare(body, j, j + 16, i, i + 16) === 0) {
            naive = i;
            break;
          }
      expect(commonRun(plaintext, body, 16)).toBe(naive);
    }
  });
});

/** The definition: the first plaintext offset whose w bytes occur anywhere in the body. */
function naive(haystack: Buffer, needles: Buffer, w: number): number {
  if (needles.length < w) return -1;
  for (let i = 0; i + w <= haystack.length; i++) if (needles.indexOf(haystack.subarray(i, i + w)) >= 0) return i;
  return -1;
}

describe("commonRun agrees with its definition", () => {
  it("on runs of every length, offset and window, indexed and scanned", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 16 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 80 }),
        fc.boolean(),
        (w, from, len, at, indexed) => {
          const plaintext = payload(3, `agree-${w}`, 700);
          const frame = Buffer.from("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
          const body = Buffer.concat([frame.subarray(0, at), plaintext.subarray(from, from + len), frame.subarray(at)]);
          expect(commonRun(plaintext, body, w, indexed)).toBe(naive(plaintext, body, w));
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });
});
