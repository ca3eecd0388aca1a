import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { badMd5Case, copyCase, wrongKeyCase } from "../ssec/arbitraries/index.ts";
import { propertyKind } from "./property-kinds.ts";

const one = <T>(a: fc.Arbitrary<T>): T => fc.sample(a, { seed: 1, numRuns: 1 })[0]!;

describe("propertyKind", () => {
  it("names the generator variant of the arbitraries' cases and where they were sent", () => {
    expect(propertyKind({ bad: one(badMd5Case(["hex"])), size: 1, where: "copy-source" })).toBe(
      "bad key-MD5 hex, in the copy-source trio",
    );
    expect(propertyKind({ keys: one(wrongKeyCase(["reversed"])), size: 3 })).toBe("wrong key reversed");
    expect(propertyKind({ present: ["algorithm", "md5"], key: 1, size: 2 })).toBe("only [algorithm, md5]");
    const combo = { source: "ssec", copySource: "absent", target: "valid" } as const;
    expect(propertyKind(one(copyCase([combo])))).toBe("source ssec, copy-source headers absent, target headers valid");
  });

  it("has no kind for values it does not know", () => {
    expect(propertyKind(3)).toBeUndefined();
    expect(propertyKind({ size: 3 })).toBeUndefined();
  });
});
