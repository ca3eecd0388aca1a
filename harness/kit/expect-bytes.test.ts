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
});
