import { describe, expect, it } from "vitest";
import type { DeviationRecord, Verdict } from "../checks/types.ts";
import { byDeviation, deviationLines } from "./deviations.ts";
import type { CheckResult } from "./results.ts";
import { sampleCheck } from "./sample-results.ts";
import { PLAIN } from "./terminal.ts";

const check = (id: string, status: Verdict, deviation?: DeviationRecord): CheckResult =>
  sampleCheck(id, status, deviation ? { deviation } : {});

const expired: DeviationRecord = {
  key: "get-object.wrong-key",
  reason: "BUG-1",
  expect: "fail",
  until: "2026-01-31",
  link: "https://t.example/1",
  expired: true,
};
const stale: DeviationRecord = { key: "head-object.*", reason: "BUG-2", expect: "fail", until: "2027-01-01" };
const live: DeviationRecord = { key: "post-object.*", reason: "not implemented", expect: "skip" };

describe("deviationLines", () => {
  const checks = [
    check("post-object.a", "skip", live),
    check("post-object.b", "skip", live),
    check("get-object.wrong-key", "fail", expired),
    check("head-object.a", "xpass", stale),
    check("head-object.b", "xpass", stale),
    check("put-object.echo", "pass"),
  ];

  it("groups the checks by the deviation that graded them", () => {
    expect(byDeviation(checks).map((g) => [g.deviation.key, g.checks.length])).toEqual([
      ["post-object.*", 2],
      ["get-object.wrong-key", 1],
      ["head-object.*", 2],
    ]);
  });

  it("lists the expired first, then what can be removed, then the rest, each with its until and link", () => {
    expect(deviationLines(checks, false, PLAIN)).toEqual([
      "declared deviations (3):",
      '  × expired: deviations["get-object.wrong-key"] (until 2026-01-31, https://t.example/1): 1 check fails the gate (get-object.wrong-key); renew "until" or remove it',
      '  ✓ can be removed: deviations["head-object.*"] (until 2027-01-01): its 2 checks now pass (xpass: head-object.a, head-object.b; --strict fails the gate on it)',
      '  · deviations["post-object.*"]: 2 checks (2 skip): not implemented',
    ]);
  });

  it("says when only some of a glob's checks pass, and that --strict fails them", () => {
    const mixed = [check("head-object.a", "xpass", stale), check("head-object.b", "xfail", stale)];
    expect(deviationLines(mixed, true, PLAIN)[1]).toBe(
      '  ✓ can be removed: deviations["head-object.*"] (until 2027-01-01): 1 of its 2 checks now pass (xpass: head-object.a; fails the gate under --strict)',
    );
  });

  it("prints nothing when no deviation graded a check", () => {
    expect(deviationLines([check("put-object.echo", "pass")], false, PLAIN)).toEqual([]);
  });
});
