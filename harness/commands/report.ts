/**
 * `ssec-conformance report`: rebuilds html/index.html of a report directory, or with --merge
 * combines the report directories of a sharded run into one and exits with the merged verdict.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { processEnv } from "../config/environment.ts";
import { ConfigError } from "../config/config-error.ts";
import { reportHelp } from "../config/help.ts";
import { resolveReportSettings, type ReportSettings } from "../config/report-settings.ts";
import type { FlagValues } from "../config/types.ts";
import { reportName, reportPaths } from "../report/report-dir.ts";
import { generateHtml } from "../report/html.ts";
import { mergeReportDirs, MergeError } from "../report/merge-shards.ts";
import { exitCodeFor, parseResultsFile } from "../report/results.ts";
import { matrix, printNoteworthy, verdictLine } from "../report/terminal.ts";
import { deviationLines } from "../report/deviations.ts";
import type { ExitCode, Terminal } from "./process-terminal.ts";

function openInBrowser(file: string): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(cmd, [file], { detached: true, stdio: "ignore" });
  child.on("error", () => process.stderr.write(`ssec-conformance: could not start ${cmd}; open ${file} yourself\n`));
  child.unref();
}

async function mergeShards(s: ReportSettings, shardDirs: string[], reportDir: string, t: Terminal): Promise<ExitCode> {
  try {
    const {
      results,
      htmlError,
      paths: out,
    } = await mergeReportDirs(
      shardDirs.map((d) => resolve(process.cwd(), d)),
      reportDir,
      { html: true },
    );
    const code = exitCodeFor(results.summary, s.strict || results.strict === true, results.errors?.length ?? 0);
    for (const l of matrix(results.checks, t.style)) t.out(l);
    printNoteworthy(t, results.checks);
    const deviations = deviationLines(results.checks, s.strict || results.strict === true, t.style);
    if (deviations.length) t.out("");
    for (const l of deviations) t.out(l);
    if (htmlError) t.err(`ssec-conformance: the HTML report could not be generated: ${htmlError}`);
    t.out(`merged ${shardDirs.length} shard(s) into ${out.results}, ${out.junit}${htmlError ? "" : `, ${out.index}`}`);
    t.out(verdictLine(results, code, t.style));
    if (s.open && !htmlError) openInBrowser(out.index);
    return code;
  } catch (e) {
    if (e instanceof MergeError || /results\.json/.test((e as Error).message)) {
      t.err(new ConfigError("--merge", (e as Error).message).toString());
      return 2;
    }
    throw e;
  }
}

async function rebuildHtml(s: ReportSettings, reportDir: string, t: Terminal): Promise<ExitCode> {
  const paths = reportPaths(reportDir);
  if (!existsSync(paths.allure)) {
    t.err(
      new ConfigError("--report-dir", `"${reportDir}" has no allure-results/ (run ssec-conformance first)`).toString(),
    );
    return 2;
  }
  let name = "SSE-C conformance";
  if (existsSync(paths.results))
    name = reportName(parseResultsFile(readFileSync(paths.results, "utf8"), paths.results));
  try {
    const index = await generateHtml({ resultsDir: paths.allure, outDir: paths.html, reportName: name });
    t.out(`report: ${index}`);
    if (s.open) openInBrowser(index);
    return 0;
  } catch (e) {
    t.err(`ssec-conformance: the HTML report could not be generated: ${(e as Error).message}`);
    return 3;
  }
}

export async function reportCommand(values: FlagValues, positionals: string[], t: Terminal): Promise<ExitCode> {
  if (values.help) return (t.out(reportHelp()), 0);
  const s = resolveReportSettings(values, positionals, processEnv());
  if (s instanceof ConfigError) return (t.err(s.toString()), 2);
  const reportDir = resolve(process.cwd(), s.reportDir);
  return s.shardDirs ? mergeShards(s, s.shardDirs, reportDir, t) : rebuildHtml(s, reportDir, t);
}
