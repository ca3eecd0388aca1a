import { describe, expect, it } from "vitest";
import { expectedCopyOutcome } from "./copy-outcome.ts";
import { COPY_COMBINATIONS } from "../ssec/arbitraries/index.ts";
import { BUILTIN_PROFILES, loadProfile } from "./profile.ts";
import { checkIds } from "./catalogue.ts";

describe("expectedCopyOutcome", () => {
  it("lets exactly the four well-formed combinations through", () => {
    const copied = COPY_COMBINATIONS.filter(
      (c) => expectedCopyOutcome({ ...c, targetMissing: ["key"], copySourceMissing: ["key"] }).kind === "copied",
    );
    expect(copied).toEqual([
      { source: "ssec", copySource: "valid", target: "valid" },
      { source: "ssec", copySource: "valid", target: "absent" },
      { source: "plain", copySource: "absent", target: "valid" },
      { source: "plain", copySource: "absent", target: "absent" },
    ]);
  });

  it("encrypts the copy exactly when the target trio is valid", () => {
    expect(expectedCopyOutcome({ source: "ssec", copySource: "valid", target: "valid" })).toEqual({
      kind: "copied",
      encrypted: true,
    });
    expect(expectedCopyOutcome({ source: "plain", copySource: "absent", target: "absent" })).toEqual({
      kind: "copied",
      encrypted: false,
    });
  });

  it("names the single refusal when one place is wrong", () => {
    const one = (o: ReturnType<typeof expectedCopyOutcome>) => (o.kind === "refused" ? o.expect : []);
    expect(one(expectedCopyOutcome({ source: "ssec", copySource: "absent", target: "valid" }))).toEqual([
      "copy-source-missing",
    ]);
    expect(one(expectedCopyOutcome({ source: "ssec", copySource: "wrong-key", target: "absent" }))).toEqual([
      "copy-source-wrong-key",
    ]);
    expect(one(expectedCopyOutcome({ source: "plain", copySource: "valid", target: "valid" }))).toEqual([
      "copy-source-on-plain-source",
    ]);
    expect(one(expectedCopyOutcome({ source: "ssec", copySource: "valid", target: "bad-md5" }))).toEqual([
      "md5-mismatch",
    ]);
    expect(
      one(expectedCopyOutcome({ source: "ssec", copySource: "valid", target: "bad-md5", targetMd5Empty: true })),
    ).toEqual(["md5-mismatch", "missing-md5"]);
    expect(
      one(
        expectedCopyOutcome({
          source: "ssec",
          copySource: "partial",
          copySourceMissing: ["algorithm", "md5"],
          target: "absent",
        }),
      ),
    ).toEqual(["missing-algorithm", "missing-md5"]);
  });

  it("accepts any of the refusals when several places are wrong", () => {
    const o = expectedCopyOutcome({ source: "ssec", copySource: "absent", target: "partial", targetMissing: ["md5"] });
    expect(o).toMatchObject({ kind: "refused", expect: ["missing-md5", "copy-source-missing"] });
  });

  it("names only expectations every built-in profile defines", () => {
    const names = new Set<string>();
    for (const c of COPY_COMBINATIONS) {
      for (const empty of [false, true]) {
        const o = expectedCopyOutcome({
          ...c,
          targetMissing: ["algorithm", "key"],
          copySourceMissing: ["md5"],
          targetMd5Empty: empty,
          copySourceMd5Empty: empty,
        });
        if (o.kind === "refused") {
          expect(o.expect.length, JSON.stringify(c)).toBeGreaterThan(0);
          for (const n of o.expect) names.add(n);
        }
      }
    }
    for (const p of BUILTIN_PROFILES) {
      const profile = loadProfile(p, checkIds());
      expect(
        [...names].filter((n) => !profile.expectations[n]),
        p,
      ).toEqual([]);
    }
  });
});
