/**
 * From the fault map to suite runs and back: which checks (and so which suite files) a fault's
 * run selects, whether the run caught the fault, and the kill matrix the self-test prints.
 * Pure functions; faults.test.ts does the running.
 */
import { matchesAny } from "../config/filters.ts";
import { getCheck } from "../checks/catalogue.ts";
import type { CheckVerdict, SuiteRunResult } from "./suite-run.ts";
import type { FaultExpectation } from "./fault-map.ts";

export interface FaultPlan {
  fault: string;
  /** `--only` globs: breaks + neighbours. */
  only: string[];
  /** Check ids the declared `breaks` globs select: each must fail. */
  declared: string[];
  /** Check ids the declared `unsupported` globs select: each must be `unsupported` (exit 0 then). */
  unsupported: string[];
  /** Check ids the `holds` globs select: each must pass. */
  holds: string[];
  /** The fault map's reason rules for the run (failsFor, oneCause). */
  failsFor?: RegExp;
  oneCause: boolean;
  /** Every check id the run selects. */
  ids: string[];
  /** Suite files that register those checks. */
  files: string[];
  dataDir: boolean;
  strict: boolean;
  /** The profile the run is graded by (fault-map.ts `profile`; absent: aws). */
  profile?: string;
}

/** Ids (in catalogue order) matched by any of the globs. */
export function matchIds(globs: readonly string[], ids: readonly string[]): string[] {
  return ids.filter((id) => matchesAny(globs, id));
}

/** The run for one fault (`exp`), or for a whole-suite run when `everything` is set. */
export function planFor(
  fault: string,
  exp: FaultExpectation,
  fileOf: ReadonlyMap<string, string>,
  everything = false,
): FaultPlan {
  const all = [...fileOf.keys()];
  const only = everything
    ? []
    : [...exp.breaks, ...(exp.unsupported ?? []), ...(exp.neighbours ?? []), ...(exp.holds ?? [])];
  const ids = everything ? all : matchIds(only, all);
  return {
    fault,
    only,
    declared: matchIds(exp.breaks, all),
    unsupported: matchIds(exp.unsupported ?? [], all),
    holds: matchIds(exp.holds ?? [], all),
    ...(exp.failsFor ? { failsFor: exp.failsFor } : {}),
    oneCause: exp.oneCause ?? false,
    ids,
    files: [...new Set(ids.map((id) => fileOf.get(id)!))].sort(),
    dataDir: exp.atRest ?? false,
    strict: exp.strict ?? false,
    ...(exp.profile ? { profile: exp.profile } : {}),
  };
}

/**
 * A verdict that says the server answered wrongly (warn: a SHOULD check saw it; blocked: its
 * control failed, so the fault was caught there).
 */
export function isFailing(c: CheckVerdict): boolean {
  return c.status === "fail" || c.status === "warn" || c.status === "blocked";
}

/**
 * Where a run caught the fault for a reason other than the one the map declares: a declared
 * failure whose text does not match `failsFor`, a `holds` check that did not pass, or (with
 * `oneCause`) a failure beside the controls, or a dependent of a failed control not `blocked`.
 */
export function reasonProblems(plan: FaultPlan, r: SuiteRunResult): string[] {
  const problems: string[] = [];
  const declared = new Set(plan.declared);
  const holds = new Set(plan.holds);
  for (const c of r.checks) {
    if (plan.failsFor && declared.has(c.id) && c.status === "fail" && !plan.failsFor.test(c.message ?? "")) {
      problems.push(`${c.id} fails, but not for ${String(plan.failsFor)}`);
    }
    if (holds.has(c.id) && c.status !== "pass") problems.push(`${c.id} must pass with the fault on, is ${c.status}`);
    if (!plan.oneCause) continue;
    const control = getCheck(c.id).control;
    if (c.status === "fail" && !declared.has(c.id)) problems.push(`${c.id} fails beside the controls`);
    if (control && declared.has(control) && c.status !== "blocked" && c.status !== "pass" && c.status !== "skip") {
      problems.push(`${c.id} depends on ${control} but is ${c.status}, not blocked`);
    }
  }
  if (plan.oneCause && !r.checks.some((c) => c.status === "blocked")) problems.push("no check came out blocked");
  return problems;
}

export interface FaultOutcome {
  fault: string;
  /** The run failed the gate (exit 1) and every declared check failed. */
  caught: boolean;
  exitCode: number;
  failing: string[];
  /** Declared to break, but did not fail (or did not run). */
  missed: string[];
  /** Of `failing`, the checks reported blocked by a failed control (shown with ↳). */
  blocked?: string[];
  /** Failures for another reason than the declared one (reasonProblems). */
  problems?: string[];
  /** Checks with no verdict (harness or connection errors): shown, never counted as catching. */
  errors: string[];
  durationMs: number;
  strict: boolean;
  full: boolean;
}

export function outcomeOf(plan: FaultPlan, r: SuiteRunResult, full = false): FaultOutcome {
  const failing = r.checks.filter(isFailing).map((c) => c.id);
  const failed = new Set(failing);
  const unsupported = new Set(r.checks.filter((c) => c.status === "unsupported").map((c) => c.id));
  const missed = [
    ...plan.declared.filter((id) => !failed.has(id)),
    ...plan.unsupported.filter((id) => !unsupported.has(id)),
  ];
  const problems = reasonProblems(plan, r);
  // A fault that only removes an optional feature is caught when its checks are `unsupported` and
  // the gate is the rest's (it passes); any other fault must fail the gate.
  const exit = plan.declared.length === 0 && plan.unsupported.length > 0 && !full ? 0 : 1;
  return {
    fault: plan.fault,
    caught: r.exitCode === exit && missed.length === 0 && problems.length === 0,
    exitCode: r.exitCode,
    failing,
    blocked: r.checks.filter((c) => c.status === "blocked").map((c) => c.id),
    missed,
    problems,
    errors: r.checks.filter((c) => c.status === "error").map((c) => c.id),
    durationMs: r.durationMs,
    strict: plan.strict,
    full,
  };
}

/**
 * The kill matrix, one line per fault: verdict, exit status, time and the failing checks (`*` =
 * declared to break), then lines for declared checks that did not fail and for errors; last
 * `faults: K caught, S missed`.
 */
const FULL = " (full suite, CLI)";

export function killMatrix(
  outcomes: readonly FaultOutcome[],
  declared: ReadonlyMap<string, readonly string[]>,
): string {
  const lines = [
    "kill matrix: fault × failing checks (* declared to break; ↳ blocked by a failed control; [strict] graded with --strict)",
  ];
  const width = Math.max(...outcomes.map((o) => o.fault.length + (o.full ? FULL.length : 0)));
  for (const o of outcomes) {
    const name = `${o.fault}${o.full ? FULL : ""}`.padEnd(width);
    const decl = new Set(declared.get(o.fault) ?? []);
    const blocked = new Set(o.blocked ?? []);
    const verdict = o.caught ? "caught" : "MISSED";
    lines.push(
      `  ${name}  ${verdict}  exit ${o.exitCode}${o.strict ? " [strict]" : ""}  ${(o.durationMs / 1000).toFixed(1)} s  ${o.failing.length} failing`,
    );
    const shown = o.failing.filter((id) => decl.has(id)).concat(o.failing.filter((id) => !decl.has(id)));
    if (shown.length)
      lines[lines.length - 1] +=
        `: ${shown.map((id) => `${decl.has(id) ? "*" : ""}${blocked.has(id) ? "↳" : ""}${id}`).join(", ")}`;
    if (o.missed.length) lines.push(`      declared, did not fail: ${o.missed.join(", ")}`);
    for (const p of o.problems ?? []) lines.push(`      wrong reason: ${p}`);
    if (o.errors.length) lines.push(`      error, no verdict: ${o.errors.join(", ")}`);
  }
  const perFault = outcomes.filter((o) => !o.full);
  const caught = perFault.filter((o) => o.caught).length;
  lines.push(`faults: ${caught} caught, ${perFault.length - caught} missed`);
  return lines.join("\n");
}
