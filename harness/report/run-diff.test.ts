import { describe, expect, it } from "vitest";
import type { Verdict } from "../checks/types.ts";
import type { CheckResult } from "./results.ts";
import {
  baselineLines,
  diffExitCode,
  diffLines,
  diffRuns,
  diffSummary,
  gateWithBaseline,
  standing,
} from "./run-diff.ts";
import { sampleCheck } from "./sample-results.ts";

const check = (id: string, status: Verdict, message?: string): CheckResult =>
  sampleCheck(id, status, message ? { message } : {});
const names = { old: "old", new: "new" };

describe("diffRuns", () => {
  it("sorts every status change into exactly one group", () => {
    const before = [
      check("a", "pass"),
      check("b", "fail"),
      check("c", "pass"),
      check("d", "warn"),
      check("e", "skip"),
      check("gone", "pass"),
      check("same", "fail"),
    ];
    const after = [
      check("a", "fail", "expected 403 AccessDenied\nmore"),
      check("b", "pass"),
      check("c", "warn"),
      check("d", "error"),
      check("e", "pass"),
      check("new", "pass"),
      check("same", "fail"),
    ];
    const d = diffRuns({ checks: before }, { checks: after }, names);
    expect(d.regressed.map((c) => [c.id, c.from, c.to])).toEqual([
      ["a", "pass", "fail"],
      ["d", "warn", "error"],
    ]);
    expect(d.fixed.map((c) => c.id)).toEqual(["b"]);
    expect(d.changed.map((c) => c.id)).toEqual(["c", "e"]);
    expect(d.appeared.map((c) => c.id)).toEqual(["new"]);
    expect(d.disappeared.map((c) => c.id)).toEqual(["gone"]);
    expect(d.unchanged).toBe(1);
    expect(diffExitCode(d)).toBe(1);
    expect(diffSummary(d)).toBe("2 regressed, 1 fixed, 2 changed, 1 appeared, 1 disappeared (1 unchanged)");
    const text = diffLines(d).join("\n");
    expect(text).toContain("regressed (2):\n  a  pass → fail: expected 403 AccessDenied\n");
    expect(text).toMatch(/^REGRESSED: /m);
  });

  it("exits 0 when nothing regressed, also for a fix or a new failure-free check", () => {
    const d = diffRuns({ checks: [check("a", "fail")] }, { checks: [check("a", "pass"), check("b", "skip")] }, names);
    expect(diffExitCode(d)).toBe(0);
    expect(diffLines(d).at(-1)).toMatch(/^NO REGRESSION: 0 regressed, 1 fixed/);
  });

  it("counts blocked as bad and unsupported as tolerated", () => {
    expect(standing("blocked")).toBe("bad");
    expect(standing("unsupported")).toBe("tolerated");
    expect(standing("xpass")).toBe("good");
  });
});

describe("--baseline", () => {
  const base = [check("a", "pass"), check("b", "pass"), check("c", "fail")];
  const now = [check("a", "fail", "× a [MUST] refuses\n  expected: 403"), check("b", "skip"), check("c", "pass")];
  const d = diffRuns({ checks: base }, { checks: now }, { old: "last/results.json", new: "this run" });

  it("prints the counts, then each regression only", () => {
    expect(baselineLines(d)).toEqual([
      "baseline last/results.json: REGRESSED: 1 regressed, 1 fixed, 1 changed, 0 appeared, 0 disappeared (0 unchanged)",
      "  a  pass → fail: × a [MUST] refuses",
    ]);
    const same = diffRuns({ checks: base }, { checks: base }, names);
    expect(baselineLines(same)).toEqual([
      "baseline old: no regression: 0 regressed, 0 fixed, 0 changed, 0 appeared, 0 disappeared (3 unchanged)",
    ]);
  });

  it("fails a passing run that regressed, and leaves a failed or verdict-less run as it was", () => {
    const clean = diffRuns({ checks: base }, { checks: base }, names);
    expect(gateWithBaseline(0, d)).toBe(1);
    expect(gateWithBaseline(0, clean)).toBe(0);
    expect(gateWithBaseline(0, undefined)).toBe(0);
    expect(gateWithBaseline(1, clean)).toBe(1);
    expect(gateWithBaseline(3, d)).toBe(3);
  });
});
