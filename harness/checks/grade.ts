/**
 * Grading: turns what happened in a check's body into a verdict, and
 * prints a failure the h2spec way — one failure's text is enough to understand it.
 * Pure functions: unit-tested in grade.test.ts.
 */
import { evidenceLines } from "./evidence.ts";
import type { CheckDef, Deviation, Expectation, FeatureName, Level, Verdict } from "./types.ts";

/** What the body of a check produced, before grading. */
export type RawOutcome =
  | { kind: "passed" }
  /** `exactOnly`: the refusal held, only an exact status/code that is a SHOULD was missed. */
  | { kind: "failed"; expected: string; actual: string; detail?: string; exactOnly?: boolean }
  | { kind: "skipped"; reason: string }
  | { kind: "errored"; message: string }
  /** The server lacks an optional feature the check needs (checks/features.ts). */
  | { kind: "unsupported"; feature: FeatureName; reason: string };

/**
 * - passed → pass, or xpass when the profile declares the check failing;
 * - failed → xfail when declared; warn for a SHOULD, or for a MUST whose refusal held and only
 *   its exact answer (a SHOULD where the evidence does not state it) was missed, unless strict;
 *   otherwise fail;
 * - skipped → skip; errored → error (harness or connection fault, never a verdict on the server);
 * - unsupported → unsupported, or fail when the profile requires the feature (`required`);
 *   `--strict` keeps the verdict and fails the gate instead (report/results.ts exitCodeFor);
 * - an `expired` deviation (past its `until`, checks/deviations.ts) excuses nothing: whatever the
 *   check did, it fails (an error stays an error: no verdict on the server).
 */
export function grade(
  outcome: RawOutcome,
  level: Level,
  strict: boolean,
  deviation?: Deviation,
  required = false,
  expired = false,
): Verdict {
  if (deviation && expired && outcome.kind !== "errored") return "fail";
  const declaredFailing = deviation?.expect === "fail";
  switch (outcome.kind) {
    case "passed":
      return declaredFailing ? "xpass" : "pass";
    case "failed":
      if (declaredFailing) return "xfail";
      return (level === "SHOULD" || outcome.exactOnly === true) && !strict ? "warn" : "fail";
    case "skipped":
      return "skip";
    case "errored":
      return "error";
    case "unsupported":
      return required ? "fail" : "unsupported";
  }
}

/** `403 AccessDenied`, `400 (no body)` for HEAD, `400` when the profile leaves the code open. */
export function describeExpectation(e: Expectation): string {
  if (e.code === null) return `${e.status} (no error body)`;
  if (e.code === undefined) return `${e.status} (any error code)`;
  return `${e.status} ${e.code}`;
}

/** What a response was, in the same words as an expectation. */
export function describeActual(status: number, code: string | undefined): string {
  return code ? `${status} ${code}` : `${status} (no error code)`;
}

const MARK: Record<Verdict, string> = {
  pass: "✓",
  fail: "×",
  warn: "!",
  skip: "-",
  xfail: "×",
  xpass: "✓",
  error: "E",
  unsupported: "○",
  blocked: "↳",
};

/**
 * h2spec-style report of one check:
 *   × put-object.md5-mismatch [MUST] refuses …
 *     expected: 400 InvalidArgument
 *     actual: 400 InvalidRequest
 *     evidence: md5.mismatch-put (recorded), headers.trio (documented)
 *     see: https://… (the first link of the first entry)
 */
export function formatOutcome(
  def: Pick<CheckDef, "id" | "level" | "title" | "evidence">,
  verdict: Verdict,
  lines: { expected?: string; actual?: string; detail?: string; reason?: string },
): string {
  const out = [`${MARK[verdict]} ${def.id} [${def.level}] ${def.title}`];
  if (verdict === "xfail" || verdict === "xpass") out[0] += ` (${verdict}: declared deviation)`;
  if (verdict === "warn") out[0] += " (warn: SHOULD)";
  if (verdict === "unsupported") out[0] += " (unsupported: optional feature)";
  if (verdict === "blocked") out[0] += " (blocked: its control check failed)";
  if (lines.expected !== undefined) out.push(`  expected: ${lines.expected}`);
  if (lines.actual !== undefined) out.push(`  actual: ${lines.actual}`);
  if (lines.detail) out.push(...lines.detail.split("\n").map((l) => `  ${l}`));
  if (lines.reason) out.push(`  ${lines.reason}`);
  out.push(...evidenceLines(def.evidence).map((l) => `  ${l}`));
  return out.join("\n");
}
