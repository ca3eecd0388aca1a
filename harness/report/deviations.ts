/**
 * The run summary's account of the profile's declared deviations (issue 17): one line per
 * deviation that graded a check, with its `until` day and link. An expired one fails the gate;
 * one whose checks now pass (xpass) can be removed; the others are listed with what they excuse.
 * Pure functions of the results.
 */
import { deviationTerms } from "../checks/deviations.ts";
import type { DeviationRecord } from "../checks/types.ts";
import type { CheckResult } from "./results.ts";
import type { Style } from "./terminal.ts";

interface Graded {
  deviation: DeviationRecord;
  checks: CheckResult[];
}

/** The checks graded by each deviation, by its key, in the order the results list them. */
export function byDeviation(checks: readonly CheckResult[]): Graded[] {
  const out = new Map<string, Graded>();
  for (const c of checks) {
    if (!c.deviation) continue;
    const g = out.get(c.deviation.key) ?? { deviation: c.deviation, checks: [] };
    g.checks.push(c);
    out.set(c.deviation.key, g);
  }
  return [...out.values()];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function counts(checks: readonly CheckResult[]): string {
  const n = new Map<string, number>();
  for (const c of checks) n.set(c.status, (n.get(c.status) ?? 0) + 1);
  return [...n].map(([s, k]) => `${k} ${s}`).join(", ");
}

function ids(checks: readonly CheckResult[], max = 5): string {
  const shown = checks.slice(0, max).map((c) => c.id);
  return checks.length > max ? `${shown.join(", ")}, … (${checks.length - max} more)` : shown.join(", ");
}

/** `can be removed` and `expired` first, then the deviations in force. */
function line(g: Graded, strict: boolean, st: Style): { order: number; text: string } {
  const d = g.deviation;
  const terms = deviationTerms(d);
  const head = `deviations["${d.key}"]${terms ? ` (${terms})` : ""}`;
  if (d.expired) {
    const failing = g.checks.filter((c) => c.status === "fail");
    return {
      order: 0,
      text: st.red(
        `  × expired: ${head}: ${plural(failing.length, "check")} fail${failing.length === 1 ? "s" : ""} the gate (${ids(failing)}); renew "until" or remove it`,
      ),
    };
  }
  const passing = g.checks.filter((c) => c.status === "xpass");
  if (passing.length) {
    const all = passing.length === g.checks.length;
    const gate = strict ? "fails the gate under --strict" : "--strict fails the gate on it";
    return {
      order: 1,
      text: st.yellow(
        `  ✓ can be removed: ${head}: ${all ? `its ${plural(passing.length, "check")} now pass` : `${passing.length} of its ${g.checks.length} checks now pass`} (xpass: ${ids(passing)}; ${gate})`,
      ),
    };
  }
  return { order: 2, text: `  · ${head}: ${plural(g.checks.length, "check")} (${counts(g.checks)}): ${d.reason}` };
}

/** The lines, with a heading; none when no deviation graded a check. */
export function deviationLines(checks: readonly CheckResult[], strict: boolean, st: Style): string[] {
  const graded = byDeviation(checks);
  if (!graded.length) return [];
  const lines = graded.map((g) => line(g, strict, st)).sort((a, b) => a.order - b.order);
  return [st.bold(`declared deviations (${graded.length}):`), ...lines.map((l) => l.text)];
}
