import { describe, expect, it } from "vitest";
import { payload } from "./payload.ts";

describe("payload", () => {
  it("is deterministic per seed and label and differs otherwise", () => {
    expect(payload(1, "a", 100).equals(payload(1, "a", 100))).toBe(true);
    expect(payload(1, "a", 100).equals(payload(2, "a", 100))).toBe(false);
    expect(payload(1, "a", 100).equals(payload(1, "b", 100))).toBe(false);
    expect(payload(1, "a", 5 * 1024 * 1024 + 1).length).toBe(5 * 1024 * 1024 + 1);
  });
});
