/**
 * `ssec-conformance list [--json] [--only GLOB] [--skip GLOB]`: the check catalogue, as a table
 * (with the ids of the evidence each check cites) or as JSON (with each entry's grade, statement
 * and links, and the profile expectation key the check is graded by).
 */
import { CATALOGUE } from "../checks/catalogue.ts";
import { evidenceRefs } from "../checks/evidence.ts";
import type { CheckDef } from "../checks/types.ts";
import { matchesAny } from "../config/filters.ts";
import { listHelp } from "../config/help.ts";
import type { FlagValues } from "../config/types.ts";
import type { ExitCode, Terminal } from "./process-terminal.ts";

function printJson(checks: readonly CheckDef[], t: Terminal): void {
  t.out(
    JSON.stringify(
      checks.map((c: CheckDef) => ({
        id: c.id,
        interface: c.interface,
        category: c.category,
        level: c.level,
        title: c.title,
        expect: c.expect ?? null,
        evidence: evidenceRefs(c.evidence),
        ...(c.feature ? { feature: c.feature } : {}),
      })),
      null,
      2,
    ),
  );
}

function printTable(checks: readonly CheckDef[], t: Terminal): void {
  const w = (k: "id" | "interface" | "category") => Math.max(k.length, ...checks.map((c: CheckDef) => c[k].length));
  const [wi, wf, wc] = [w("id"), w("interface"), w("category")];
  t.out(
    t.style.bold(`${"id".padEnd(wi)}  ${"interface".padEnd(wf)}  ${"category".padEnd(wc)}  level   title  [evidence]`),
  );
  // One line per check, for grep; the evidence ids last, since they vary in length.
  for (const c of checks)
    t.out(
      `${c.id.padEnd(wi)}  ${c.interface.padEnd(wf)}  ${c.category.padEnd(wc)}  ${c.level.padEnd(6)}  ${c.title}  ${t.style.dim(`[${c.evidence.join(", ")}]`)}`,
    );
  t.out(
    t.style.dim(
      `${checks.length} checks; evidence: ids in fixtures/evidence/evidence.json (grades and links: list --json)`,
    ),
  );
}

export function listCommand(values: FlagValues, t: Terminal): ExitCode {
  if (values.help) return (t.out(listHelp()), 0);
  const only = (values.only as string[] | undefined) ?? [];
  const skip = (values.skip as string[] | undefined) ?? [];
  const checks = CATALOGUE.filter((c: CheckDef) => (!only.length || matchesAny(only, c.id)) && !matchesAny(skip, c.id));
  if (values.json) printJson(checks, t);
  else printTable(checks, t);
  return 0;
}
