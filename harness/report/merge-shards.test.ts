import { describe, expect, it } from "vitest";
import { mergeResults, MergeError } from "./merge-shards.ts";
import { otherShardMessage, summarize, type CheckResult, type ResultsFile } from "./results.ts";

const check = (id: string, status: CheckResult["status"], message?: string): CheckResult => ({
  id,
  interface: "PUT Object",
  category: "echo",
  level: "MUST",
  status,
  durationMs: 1,
  ...(message ? { message } : {}),
});

function shard(i: number, checks: CheckResult[], over: Partial<ResultsFile> = {}): ResultsFile {
  return {
    tool: "ssec-conformance",
    version: "1",
    target: "t",
    profile: "aws",
    seed: 42,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    durationMs: 1000,
    summary: summarize(checks),
    checks,
    shard: `${i}/2`,
    ...over,
  };
}

describe("mergeResults", () => {
  it("takes each check from the shard that ran it", () => {
    const a = shard(1, [
      check("a.1", "pass"),
      check("a.2", "skip", otherShardMessage("1/2")),
      check("a.3", "skip", "filtered out by --only"),
    ]);
    const b = shard(
      2,
      [
        check("a.1", "skip", otherShardMessage("2/2")),
        check("a.2", "fail"),
        check("a.3", "skip", "filtered out by --only"),
      ],
      {
        errors: ["boom"],
      },
    );
    const m = mergeResults([
      { source: "a", results: a },
      { source: "b", results: b },
    ]);
    expect(m.checks.map((c) => [c.id, c.status])).toEqual([
      ["a.1", "pass"],
      ["a.2", "fail"],
      ["a.3", "skip"],
    ]);
    expect(m.summary).toMatchObject({ pass: 1, fail: 1, skip: 1 });
    expect(m.shard).toBeUndefined();
    expect(m.errors).toEqual(["2/2: boom"]);
    expect(m.startedAt).toBe("2026-01-01T00:00:01.000Z");
    expect(m.durationMs).toBe(2000);
  });

  it("refuses shards of different runs", () => {
    expect(() =>
      mergeResults([
        { source: "a", results: shard(1, []) },
        { source: "b", results: shard(2, [], { seed: 7 }) },
      ]),
    ).toThrow(MergeError);
    expect(() => mergeResults([])).toThrow(/nothing to merge/);
  });
});
