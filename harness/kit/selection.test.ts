import { describe, expect, it } from "vitest";
import { filteredOut } from "./selection.ts";

describe("filteredOut", () => {
  it("honours --only and --skip globs", () => {
    expect(filteredOut("get-object.wrong-key", undefined)).toBeUndefined();
    expect(filteredOut("get-object.wrong-key", { only: [], skip: [] })).toBeUndefined();
    expect(filteredOut("get-object.wrong-key", { only: ["head-object.*"], skip: [] })).toMatch(/not matched by --only/);
    expect(filteredOut("get-object.wrong-key", { only: ["*.wrong-key"], skip: [] })).toBeUndefined();
    expect(filteredOut("get-object.wrong-key", { only: [], skip: ["get-*"] })).toBe("filtered out by --skip get-*");
  });
});
