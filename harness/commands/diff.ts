/** `ssec-conformance diff OLD NEW [--json]`: what changed between two runs; exit 1 when something regressed. */
import { ConfigError } from "../config/config-error.ts";
import { diffHelp } from "../config/help.ts";
import type { FlagValues } from "../config/types.ts";
import { diffExitCode, diffLines, diffRuns } from "../report/run-diff.ts";
import type { ExitCode, Terminal } from "./process-terminal.ts";
import { defaultRunName, readResultsArgs } from "./results-args.ts";

export function diffCommand(flags: FlagValues, positionals: readonly string[], t: Terminal): ExitCode {
  if (flags.help) {
    t.out(diffHelp());
    return 0;
  }
  if (positionals.length !== 2) {
    t.err(new ConfigError("diff", `takes two results (OLD NEW), got ${positionals.length}`).toString());
    return 2;
  }
  const runs = readResultsArgs(positionals);
  if (runs instanceof ConfigError) {
    t.err(runs.toString());
    return 2;
  }
  const [a, b] = runs;
  const d = diffRuns(a.results, b.results, {
    old: `${a.arg}: ${defaultRunName(a.results)}`,
    new: `${b.arg}: ${defaultRunName(b.results)}`,
  });
  if (flags.json) t.out(JSON.stringify(d, null, 2));
  else for (const l of diffLines(d)) t.out(l);
  return diffExitCode(d);
}
