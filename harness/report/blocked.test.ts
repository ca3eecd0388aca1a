/** `blocked` in every report: apart in the terminal, with its control in results.json and JUnit, not counted as a failure. */
import { describe, expect, it } from "vitest";
import type { CheckDef, CheckOutcome } from "../checks/types.ts";
import { junitXml } from "./junit.ts";
import { exitCodeFor, gradeChecks, summarize, type ResultsFile } from "./results.ts";
import { blockedLines, PLAIN, verdictLine } from "./terminal.ts";
import { allureStatus } from "./allure-results.ts";

const def = (id: string): CheckDef => ({
  id,
  interface: "PUT Object - Copy",
  category: "round-trip",
  level: "MUST",
  evidence: ["copy.ssec-to-ssec"],
  title: "copies",
});
const CATALOGUE = [def("copy-object.control"), def("copy-object.a"), def("copy-object.b")];
const outcomes = new Map<string, CheckOutcome>([
  [
    "copy-object.control",
    { id: "copy-object.control", status: "fail", durationMs: 1, message: "× control", actual: "501" },
  ],
  [
    "copy-object.a",
    { id: "copy-object.a", status: "blocked", durationMs: 1, message: "↳ a", blockedBy: "copy-object.control" },
  ],
  [
    "copy-object.b",
    { id: "copy-object.b", status: "blocked", durationMs: 1, message: "↳ b", blockedBy: "copy-object.control" },
  ],
]);
const checks = gradeChecks(CATALOGUE, outcomes, { collected: new Set(outcomes.keys()), filteredOut: () => undefined });
const results: ResultsFile = {
  tool: "ssec-conformance",
  version: "0",
  target: "https://x",
  profile: "aws",
  seed: 1,
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 1,
  summary: summarize(checks),
  checks,
};

describe("blocked", () => {
  it("keeps the control in results.json and counts one failure, at the control", () => {
    expect(checks.map((c) => c.blockedBy)).toEqual([undefined, "copy-object.control", "copy-object.control"]);
    expect(results.summary).toMatchObject({ fail: 1, blocked: 2 });
    expect(exitCodeFor(results.summary, false)).toBe(1);
    expect(exitCodeFor({ ...results.summary, fail: 0, xfail: 1 }, false)).toBe(0);
  });

  it("is shown apart in the terminal, one line per control, and in the verdict line", () => {
    expect(blockedLines(checks, PLAIN)).toEqual([
      "",
      "↳ 2 blocked by copy-object.control (failed, above): copy-object.a, copy-object.b",
    ]);
    expect(verdictLine(results, 1, PLAIN)).toContain("(2 blocked)");
  });

  it("is a skipped JUnit testcase naming its control, and skipped in Allure", () => {
    const xml = junitXml(results);
    expect(xml).toContain('<skipped message="BLOCKED by copy-object.control');
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('<property name="ssec.blocked" value="2"/>');
    expect(allureStatus("blocked", false)).toBe("skipped");
  });
});
