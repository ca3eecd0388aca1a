import { describe, expect, it } from "vitest";
import { filteredOutReason, matchesAny } from "./filters.ts";

describe("check-id globs", () => {
  // The one glob rule of --only, --skip and a profile's deviation keys.
  const CASES: [glob: string, id: string, matches: boolean][] = [
    ["get-object.wrong-key", "get-object.wrong-key", true],
    ["get-object.*", "get-object.wrong-key", true],
    ["*.wrong-key", "get-object.wrong-key", true],
    ["get-*", "get-object.range.x", true],
    ["get-object.wrong-ke?", "get-object.wrong-key", true],
    ["get-object.key-3?-bytes", "get-object.key-31-bytes", true],
    ["get-object", "get-object.wrong-key", false],
    ["get-object.wrong", "get-object.wrong-key", false],
    ["get.object.*", "get-object.x", false],
    ["a.b", "aXb", false],
  ];
  it.each(CASES)("%s against %s: %s (* spans dots, ? is one character, the rest is literal)", (glob, id, matches) => {
    expect(matchesAny([glob], id)).toBe(matches);
  });

  it("only narrows, skip removes", () => {
    expect(filteredOutReason({ only: ["put-object.*"], skip: [] }, "get-object.a")).toBe("filtered out by --only");
    expect(filteredOutReason({ only: ["*"], skip: ["get-object.a"] }, "get-object.a")).toBe("filtered out by --skip");
    expect(filteredOutReason({ only: [], skip: [] }, "get-object.a")).toBeUndefined();
  });
});
