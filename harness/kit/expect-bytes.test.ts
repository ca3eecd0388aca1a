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
