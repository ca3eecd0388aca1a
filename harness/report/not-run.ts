/**
 * Nothing skipped silently: the checks that did not run (skip, unsupported), grouped by why, for
 * the verdict line, the terminal, results.json, JUnit and the HTML. A group is a short label of
 * the reason (`no --http-endpoint`, `filtered out by --only`, `unsupported: BlockedEncryptionTypes`);
 * each check keeps its full reason. Pure functions of the results.
 */
import type { CheckResult, NotRunGroup } from "./results.ts";

/** Known reasons, by the words the harness writes them with; anything else is its own group. */
const SKIP_LABELS: [RegExp, string | ((m: RegExpMatchArray) => string)][] = [
  [/^filtered out by (--only|--skip)/, (m) => `filtered out by ${m[1]}`],
  [/^filtered out: .*(--only|--skip)/, (m) => `filtered out by ${m[1]}`],
  [/^not in this shard/, "in another shard"],
  [/^skipped by profile ([^:]+):/, (m) => `skipped by profile ${m[1]}`],
  [/--http-endpoint/, "no --http-endpoint"],
  [/storage at rest/, "storage at rest: bundled server only"],
  [/second bucket/, "cannot create a second bucket"],
  [/^(\S+) not probed/, (m) => `${m[1]} not probed`],
];

/** The reason of a check that did not run: its `reason`, else its message without the h2spec head. */
export function reasonOf(c: Pick<CheckResult, "id" | "reason" | "message" | "status">): string {
  if (c.reason) return c.reason;
  const lines = (c.message ?? "").split("\n").map((l) => l.trim());
  return (lines[0]?.includes(`${c.id} [`) ? lines[1] : lines[0]) || c.status;
}

/** Short label a not-run check is grouped under. */
export function notRunLabel(c: Pick<CheckResult, "id" | "reason" | "message" | "status">): string {
  const reason = reasonOf(c);
  if (c.status === "unsupported") return `unsupported: ${reason.split(" not supported")[0]}`;
  for (const [re, label] of SKIP_LABELS) {
    const m = reason.match(re);
    if (m) return typeof label === "string" ? label : label(m);
  }
  return reason.length > 70 ? `${reason.slice(0, 69)}…` : reason;
}

/** The checks that did not run, grouped by label, largest group first. */
export function notRunGroups(checks: readonly CheckResult[]): NotRunGroup[] {
  const groups = new Map<string, NotRunGroup>();
  for (const c of checks) {
    if (c.status !== "skip" && c.status !== "unsupported") continue;
    const group = notRunLabel(c);
    const key = `${c.status}\n${group}`;
    const g = groups.get(key) ?? { status: c.status, group, count: 0, ids: [] };
    g.count++;
    g.ids.push(c.id);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** `8 no --http-endpoint, 5 unsupported: BlockedEncryptionTypes` (the verdict line's part). */
export function notRunSummary(groups: readonly NotRunGroup[]): string {
  return groups.map((g) => `${g.count} ${g.group}`).join(", ");
}

/**
 * The terminal's block before the verdict line: one line per group with its full reason (that of
 * its first check; the others' are in results.json and the HTML).
 */
export function notRunLines(checks: readonly CheckResult[], groups = notRunGroups(checks)): string[] {
  if (!groups.length) return [];
  const byId = new Map(checks.map((c) => [c.id, c]));
  const total = groups.reduce((n, g) => n + g.count, 0);
  const width = Math.max(...groups.map((g) => String(g.count).length));
  const lines = [`not run (${total} of ${checks.length}):`];
  for (const g of groups) {
    const first = byId.get(g.ids[0]);
    // The full reason where it says more than the label (`BlockedEncryptionTypes not supported: <why>` → `<why>`).
    const reason = (first ? reasonOf(first) : "").replace(/^\S+ not supported: /, "");
    const why = reason && !reason.startsWith(g.group) && !reason.startsWith("filtered out") ? ` — ${reason}` : "";
    const ids = g.count <= 3 ? ` (${g.ids.join(", ")})` : "";
    lines.push(`  ${String(g.count).padStart(width)} ${g.status.padEnd(11)} ${g.group}${why}${ids}`);
  }
  return lines;
}
