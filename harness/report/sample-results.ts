/**
 * Made-up results for the report's tests: one check's result and a whole results file, with
 * plain defaults (a MUST wrong-key check of GET Object) that a test overrides where it matters.
 */
import type { Verdict } from "../checks/types.ts";
import type { CheckResult, ResultsFile } from "./results.ts";
import { summarize } from "./results.ts";

/** One check's result: `status` and whatever else the test cares about. */
export function sampleCheck(id: string, status: Verdict, more: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    interface: "GET Object",
    category: "wrong-key",
    level: "MUST",
    status,
    durationMs: 1,
    ...more,
  };
}

/** A results file around `checks` (summary counted from them), as a run against a made-up target writes it. */
export function sampleResults(checks: CheckResult[], more: Partial<ResultsFile> = {}): ResultsFile {
  return {
    tool: "ssec-conformance",
    version: "0",
    target: "https://x (region r, bucket b, path-style)",
    profile: "aws",
    seed: 42,
    startedAt: "2026-05-01T10:00:00.000Z",
    durationMs: 1,
    summary: summarize(checks),
    checks,
    ...more,
  };
}
