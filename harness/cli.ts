/**
 * `ssec-conformance [run] | serve | list | report` (DESIGN.md "Who uses it"). Parses the command
 * line, dispatches, and exits with DESIGN.md's status: 0 pass, 1 fail, 2 usage/configuration,
 * 3 unreachable or no verdict. Every line printed passes redact().
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCommandLine } from "./config/args.ts";
import { ConfigError } from "./config/errors.ts";
import { listHelp, mainHelp, reportHelp, runHelp } from "./config/help.ts";
import { TOOL_VERSION } from "./config/version.ts";
import { resolveRunSettings } from "./config/settings.ts";
import { CATALOGUE } from "./checks/catalogue.ts";
import type { CheckDef } from "./checks/types.ts";
import { matchesAny } from "./config/filters.ts";
import { generateHtml } from "./report/html.ts";
import { reportName, reportPaths } from "./report/finalize.ts";
import { mergeReportDirs, MergeError } from "./report/merge.ts";
import { exitCodeFor, parseResultsFile } from "./report/results.ts";
import { matrix, verdictLine } from "./report/terminal.ts";
import { processTerminal, type ExitCode, type Terminal } from "./commands/terminal.ts";

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function listCommand(values: Values, t: Terminal): ExitCode {
  const only = (values.only as string[] | undefined) ?? [];
  const skip = (values.skip as string[] | undefined) ?? [];
  const checks = CATALOGUE.filter((c: CheckDef) => (!only.length || matchesAny(only, c.id)) && !matchesAny(skip, c.id));
  if (values.json) {
    t.out(
      JSON.stringify(
        checks.map((c: CheckDef) => ({
          id: c.id,
          interface: c.interface,
          category: c.category,
          level: c.level,
          citation: c.citation,
          title: c.title,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  const w = (k: "id" | "interface" | "category" | "citation") =>
    Math.max(k.length, ...checks.map((c: CheckDef) => c[k].length));
  const [wi, wf, wc, wr] = [w("id"), w("interface"), w("category"), w("citation")];
  t.out(
    t.style.bold(
      `${"id".padEnd(wi)}  ${"interface".padEnd(wf)}  ${"category".padEnd(wc)}  level   ${"citation".padEnd(wr)}  title`,
    ),
  );
  for (const c of checks)
    t.out(
      `${c.id.padEnd(wi)}  ${c.interface.padEnd(wf)}  ${c.category.padEnd(wc)}  ${c.level.padEnd(6)}  ${c.citation.padEnd(wr)}  ${c.title}`,
    );
  t.out(t.style.dim(`${checks.length} checks`));
  return 0;
}

function openInBrowser(file: string): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(cmd, [file], { detached: true, stdio: "ignore" });
  child.on("error", () => process.stderr.write(`ssec-conformance: could not start ${cmd}; open ${file} yourself\n`));
  child.unref();
}

async function reportCommand(values: Values, positionals: string[], t: Terminal): Promise<ExitCode> {
  const reportDir = resolve(
    process.cwd(),
    (values["report-dir"] as string | undefined) ?? process.env.SSEC_REPORT_DIR ?? "reports",
  );
  const paths = reportPaths(reportDir);
  if (values.merge) {
    if (!positionals.length) {
      t.err(new ConfigError("--merge", "give the shards' report directories as arguments").toString());
      return 2;
    }
    try {
      const {
        results,
        htmlError,
        paths: out,
      } = await mergeReportDirs(
        positionals.map((d) => resolve(process.cwd(), d)),
        reportDir,
        { html: true },
      );
      const code = exitCodeFor(
        results.summary,
        values.strict === true || results.strict === true,
        results.errors?.length ?? 0,
      );
      for (const l of matrix(results.checks, t.style)) t.out(l);
      (await import("./commands/run.ts")).printNoteworthy(t, results.checks);
      if (htmlError) t.err(`ssec-conformance: the HTML report could not be generated: ${htmlError}`);
      t.out(
        `merged ${positionals.length} shard(s) into ${out.results}, ${out.junit}${htmlError ? "" : `, ${out.index}`}`,
      );
      t.out(verdictLine(results, code, t.style));
      if (values.open && !htmlError) openInBrowser(out.index);
      return code;
    } catch (e) {
      if (e instanceof MergeError || /results\.json/.test((e as Error).message)) {
        t.err(new ConfigError("--merge", (e as Error).message).toString());
        return 2;
      }
      throw e;
    }
  }
  if (positionals.length) {
    t.err(new ConfigError(`"${positionals[0]}"`, "unexpected argument (did you mean --merge?)").toString());
    return 2;
  }
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
    if (values.open) openInBrowser(index);
    return 0;
  } catch (e) {
    t.err(`ssec-conformance: the HTML report could not be generated: ${(e as Error).message}`);
    return 3;
  }
}

async function main(argv: string[]): Promise<number> {
  const t = processTerminal();
  const parsed = parseCommandLine(argv);
  if (parsed instanceof ConfigError) {
    t.err(parsed.toString());
    return 2;
  }
  switch (parsed.command) {
    case "version":
      t.out(TOOL_VERSION);
      return 0;
    case "help":
      t.out(mainHelp(TOOL_VERSION));
      return 0;
    case "serve":
      // Loaded on demand: `--help` and `list` should not pay for the server or vitest.
      return (await import("./commands/serve.ts")).serveMain(parsed.argv);
    case "list":
      if (parsed.values.help) return (t.out(listHelp()), 0);
      return listCommand(parsed.values, t);
    case "report":
      if (parsed.values.help) return (t.out(reportHelp()), 0);
      return reportCommand(parsed.values, parsed.positionals, t);
    case "run":
      if (parsed.values.help) {
        t.out(argv[0] === "run" ? runHelp() : `${mainHelp(TOOL_VERSION)}\n\n${runHelp()}`);
        return 0;
      }
      {
        // Usage errors answer at once, before vitest and the server are loaded.
        const settings = resolveRunSettings(parsed.values, process.env);
        if (settings instanceof ConfigError) return (t.err(settings.toString()), 2);
      }
      return (await import("./commands/run.ts")).runCommand(parsed.values, process.env, t);
  }
}

/** Exit only after stdout has drained: a piped report must not lose its last line (the verdict). */
async function exit(code: number): Promise<never> {
  await new Promise<void>((r) => process.stdout.write("", () => r()));
  await new Promise<void>((r) => process.stderr.write("", () => r()));
  process.exit(code);
}

// `ssec-conformance list | head`: a closed pipe ends the output, it is not a crash.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

try {
  await exit(await main(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(
    `ssec-conformance: internal error: ${(await import("./secrets/redact.ts")).redact(String((e as Error)?.stack ?? e))}\n`,
  );
  await exit(3);
}
