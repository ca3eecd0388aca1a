/**
 * `ssec-conformance matrix RESULTS... [--out DIR] [--name NAME]...`: the compatibility matrix page
 * and one badge per run (harness/report/matrix-page.ts).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { CATALOGUE } from "../checks/catalogue.ts";
import { shippedEvidence } from "../checks/evidence.ts";
import { ConfigError } from "../config/config-error.ts";
import { matrixHelp } from "../config/help.ts";
import type { FlagValues } from "../config/types.ts";
import { matrixHtml, runBadge, type EvidenceLink, type MatrixRun } from "../report/matrix-page.ts";
import { writeRedacted } from "../report/redacted-files.ts";
import { exitCodeFor } from "../report/results.ts";
import type { ExitCode, Terminal } from "./process-terminal.ts";
import { defaultRunName, readResultsArgs } from "./results-args.ts";

/**
 * The evidence of each check, as its results file cites it (the catalogue's for older files),
 * each id with its first public link; ids this version does not know are left out.
 */
function evidenceLinks(runs: readonly MatrixRun[]): (checkId: string) => EvidenceLink[] {
  const entries = shippedEvidence();
  const cited = new Map<string, readonly string[]>(CATALOGUE.map((c) => [c.id, c.evidence]));
  for (const r of [...runs].reverse()) for (const c of r.results.checks) if (c.evidence) cited.set(c.id, c.evidence);
  return (id) =>
    (cited.get(id) ?? []).flatMap((e) => {
      const url = entries.get(e)?.sources[0]?.url;
      return url ? [{ id: e, url }] : [];
    });
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "run";

export function matrixCommand(flags: FlagValues, positionals: readonly string[], t: Terminal): ExitCode {
  if (flags.help) {
    t.out(matrixHelp());
    return 0;
  }
  if (!positionals.length) {
    t.err(new ConfigError("matrix", "give one or more results.json files or report directories").toString());
    return 2;
  }
  const names = (flags.name as string[] | undefined) ?? [];
  if (names.length > positionals.length) {
    t.err(new ConfigError("--name", `${names.length} names for ${positionals.length} runs`).toString());
    return 2;
  }
  const read = readResultsArgs(positionals);
  if (read instanceof ConfigError) {
    t.err(read.toString());
    return 2;
  }
  const strict = flags.strict === true;
  const runs: MatrixRun[] = read.map(({ results }, i) => ({
    name: names[i] ?? defaultRunName(results),
    results,
    code: exitCodeFor(results.summary, strict || results.strict === true, results.errors?.length ?? 0),
  }));
  const out = resolve(process.cwd(), (flags.out as string | undefined) ?? "matrix");
  mkdirSync(join(out, "badges"), { recursive: true });
  const title = flags.title as string | undefined;
  writeRedacted(
    join(out, "index.html"),
    matrixHtml(runs, { evidenceOf: evidenceLinks(runs), ...(title !== undefined ? { title } : {}) }),
  );
  runs.forEach((r, i) => writeRedacted(join(out, "badges", `${i + 1}-${slug(r.name)}.svg`), runBadge(r)));
  t.out(`wrote ${join(out, "index.html")} and ${runs.length} badge(s) in ${join(out, "badges")}`);
  return 0;
}
