/**
 * Run-to-run comparison of two results.json files (`ssec-conformance diff`, `--baseline`): which
 * checks regressed, were fixed, changed status otherwise, appeared or disappeared. Pure functions.
 *
 * A status is good (pass, xpass), tolerated (warn, xfail, skip and the not-run outcomes) or bad
 * (fail, error, blocked). A regression is a check that was not bad and now is; a fix, one that
 * was bad and now is good. Every other change of status is listed as changed, never hidden.
 */
import type { CheckResult, ResultsFile } from "./results.ts";

export type Standing = "good" | "tolerated" | "bad";

const GOOD = new Set(["pass", "xpass"]);
const BAD = new Set(["fail", "error", "blocked"]);

export function standing(status: string): Standing {
  return GOOD.has(status) ? "good" : BAD.has(status) ? "bad" : "tolerated";
}

export interface StatusChange {
  id: string;
  from: string;
  to: string;
  /** The new run's message (or the old one's, for a check that disappeared). */
  message?: string;
}

export interface RunDiff {
  old: string;
  new: string;
  regressed: StatusChange[];
  fixed: StatusChange[];
  changed: StatusChange[];
  appeared: StatusChange[];
  disappeared: StatusChange[];
  /** Checks with the same status in both runs. */
  unchanged: number;
}

const withMessage = (c: CheckResult | undefined): { message?: string } =>
  c?.message !== undefined ? { message: c.message } : {};

/** Compares two runs check by check, in the new run's order (then the old run's leftovers). */
export function diffRuns(
  oldRun: Pick<ResultsFile, "checks">,
  newRun: Pick<ResultsFile, "checks">,
  names: { old: string; new: string },
): RunDiff {
  const before = new Map(oldRun.checks.map((c) => [c.id, c]));
  const after = new Map(newRun.checks.map((c) => [c.id, c]));
  const d: RunDiff = { ...names, regressed: [], fixed: [], changed: [], appeared: [], disappeared: [], unchanged: 0 };
  for (const c of newRun.checks) {
    const o = before.get(c.id);
    if (!o) {
      d.appeared.push({ id: c.id, from: "", to: c.status, ...withMessage(c) });
      continue;
    }
    if (o.status === c.status) {
      d.unchanged++;
      continue;
    }
    const change = { id: c.id, from: o.status, to: c.status, ...withMessage(c) };
    const [was, is] = [standing(o.status), standing(c.status)];
    if (is === "bad" && was !== "bad") d.regressed.push(change);
    else if (was === "bad" && is === "good") d.fixed.push(change);
    else d.changed.push(change);
  }
  for (const o of oldRun.checks)
    if (!after.has(o.id)) d.disappeared.push({ id: o.id, from: o.status, to: "", ...withMessage(o) });
  return d;
}

/** 1 when anything regressed, else 0. */
export function diffExitCode(d: RunDiff): 0 | 1 {
  return d.regressed.length > 0 ? 1 : 0;
}

/**
 * A run's exit status with `--baseline`: a regression since the baseline fails a run that
 * otherwise passes; a failed run stays failed, a run without a verdict (3) stays without one.
 */
export function gateWithBaseline(code: 0 | 1 | 3, d: RunDiff | undefined): 0 | 1 | 3 {
  return code === 0 && d && diffExitCode(d) ? 1 : code;
}

const GROUPS = ["regressed", "fixed", "changed", "appeared", "disappeared"] as const;

/** `2 regressed, 1 fixed, 0 changed, 0 appeared, 0 disappeared (397 unchanged)`. */
export function diffSummary(d: RunDiff): string {
  return `${GROUPS.map((g) => `${d[g].length} ${g}`).join(", ")} (${d.unchanged} unchanged)`;
}

function changeLine(c: StatusChange): string {
  const arrow = c.from && c.to ? `${c.from} → ${c.to}` : c.to || `was ${c.from}`;
  const message = c.message ? `: ${c.message.split("\n")[0]}` : "";
  return `  ${c.id}  ${arrow}${message}`;
}

/**
 * What a run with `--baseline` prints in its summary: one line of counts, then each regression
 * (the other changes are for `diff`: a filtered or sharded run changes many checks to skip).
 */
export function baselineLines(d: RunDiff): string[] {
  const head = `baseline ${d.old}: ${diffExitCode(d) ? "REGRESSED" : "no regression"}: ${diffSummary(d)}`;
  return [head, ...d.regressed.map(changeLine)];
}

/** The terminal form: a heading per non-empty group, one line per check, the summary last. */
export function diffLines(d: RunDiff): string[] {
  const lines = [`old: ${d.old}`, `new: ${d.new}`];
  for (const g of GROUPS) {
    if (!d[g].length) continue;
    lines.push("", `${g} (${d[g].length}):`, ...d[g].map(changeLine));
  }
  lines.push("", `${diffExitCode(d) ? "REGRESSED" : "NO REGRESSION"}: ${diffSummary(d)}`);
  return lines;
}
