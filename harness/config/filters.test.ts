import { describe, expect, it } from "vitest";
import { filteredOutReason, matchesAny } from "./filters.ts";

describe("check-id globs", () => {
  it("* spans dots, ? is one character, the rest is literal", () => {
    expect(matchesAny(["get-object.*"], "get-object.wrong-key")).toBe(true);
    expect(matchesAny(["*.wrong-key"], "get-object.wrong-key")).toBe(true);
    expect(matchesAny(["get-object.wrong-ke?"], "get-object.wrong-key")).toBe(true);
    expect(matchesAny(["get-object"], "get-object.wrong-key")).toBe(false);
    expect(matchesAny(["get.object.*"], "get-object.x")).toBe(false);
  });

  it("only narrows, skip removes", () => {
    expect(filteredOutReason({ only: ["put-object.*"], skip: [] }, "get-object.a")).toBe("filtered out by --only");
    expect(filteredOutReason({ only: ["*"], skip: ["get-object.a"] }, "get-object.a")).toBe("filtered out by --skip");
    expect(filteredOutReason({ only: [], skip: [] }, "get-object.a")).toBeUndefined();
  });
});
