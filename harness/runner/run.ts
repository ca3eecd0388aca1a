/**
 * `ssec-conformance run`: settings → target → suites → graded results → reports → exit status.
 * The order matters: the target is cleaned up (also after a failure or a signal) before the
 * reports are written, and every line printed passes redact().
 */
import { resolve } from "node:path";
import { ConfigError } from "../config/errors.ts";
import { resolveRunSettings, type Env, type FlagValues, type RunSettings } from "../config/settings.ts";
import { describeTarget } from "../config/target.ts";
import { replayCommand } from "../config/replay.ts";
import { filteredOutReason } from "../config/filters.ts";
import { TOOL_NAME, TOOL_VERSION, PACKAGE_ROOT } from "../config/version.ts";
import { registerSecret } from "../secrets/redact.ts";
import {
  describeResultsTarget,
  exitCodeFor,
  gradeChecks,
  summarize,
  type CheckResult,
  type ResultsFile,
} from "../report/results.ts";
import { failureBlock, matrix, noteworthy, verdictLine } from "../report/terminal.ts";
import { processTerminal, type ExitCode, type Terminal } from "./terminal-io.ts";
import { clearReportDir, redactPartialReports, writeReports } from "../report/finalize.ts";
import { updateProfileFile } from "../report/update-profile.ts";
import { deviationFor } from "../checks/profile.ts";
import { loadRunContext, targetSettings } from "./context.ts";
import { prepareTarget, SetupError, type PreparedTarget } from "./lifecycle.ts";
import { TargetUnreachable } from "./probe.ts";
import { OutcomeCollector, progressLegend } from "./collector.ts";
import { runSuites } from "./vitest.ts";
import { RunInterrupts, type RunPhase } from "./interrupts.ts";

/** What the first SIGINT/SIGTERM does, by the phase it arrives in. */
const FIRST_SIGNAL: Record<RunPhase, string> = {
  setup: "stopping once the target is set up, then cleaning up (send it again to stop waiting)",
  checks: "stopping the run, then cleaning up (send it again to stop waiting)",
  cleanup: "finishing the cleanup of the target first (send it again to exit now and leave things behind)",
  reports: "the checks are done and the target is clean; finishing the reports (send it again to exit now)",
};

function banner(t: Terminal, s: RunSettings, prepared: PreparedTarget, reportDir: string): void {
  const st = t.style;
  const target = prepared.server
    ? `the bundled reference server, in-process — ${describeTarget(prepared.target)}`
    : describeTarget(prepared.target);
  t.out(st.bold(`${TOOL_NAME} ${TOOL_VERSION}`));
  t.out(`  target   ${target}`);
  if (prepared.target.httpEndpoint) t.out(`  http     ${prepared.target.httpEndpoint} (SSE-C must be refused there)`);
  t.out(`  profile  ${s.profile}${s.strict ? " (strict: SHOULD failures and xpass fail the gate)" : ""}`);
  t.out(`  seed     ${s.seed}   runs ${s.runs} per property${s.endpoint ? " (remote budget; --runs to change)" : ""}`);
  if (s.only.length || s.skip.length)
    t.out(`  filters  ${[...s.only.map((g) => `--only ${g}`), ...s.skip.map((g) => `--skip ${g}`)].join(" ")}`);
  if (s.shard) t.out(`  shard    ${s.shard.index}/${s.shard.count}`);
  t.out(
    `  bucket   ${prepared.target.bucket}${prepared.target.bucketOwned ? " (created for this run, deleted after)" : ""}, keys under ${prepared.target.keyPrefix}`,
  );
  for (const n of [...(s.overridden ?? []), ...prepared.notes]) t.out(`  note     ${n}`);
  t.out(`  reports  ${reportDir}`);
  t.out("");
}

/** The command that replays this run (the seed is what makes it reproducible). */
function runReplayCommand(s: RunSettings): string {
  return replayCommand(
    {
      ...(s.endpoint ? { endpoint: s.endpoint } : {}),
      ...(s.httpEndpoint ? { httpEndpoint: s.httpEndpoint } : {}),
      ...(s.caFile ? { caFile: s.caFile } : {}),
      insecure: s.insecure,
      ...(s.bucket ? { bucket: s.bucket } : {}),
      virtualHosted: s.virtualHosted,
      region: s.region,
      profile: s.profile,
      only: s.only,
      skip: s.skip,
      ...(s.shard ? { shard: s.shard } : {}),
      seed: s.seed,
      runs: s.runs,
      strict: s.strict,
    },
    "npx ssec-conformance",
  );
}

/** Failures, xpass and warnings in full; errors (often many of one kind) only the first few. */
export function printNoteworthy(t: Terminal, checks: readonly CheckResult[], maxErrors = 10): void {
  const notes = noteworthy(checks);
  if (!notes.length) return;
  t.out("");
  let errors = 0;
  for (const c of notes) {
    if (c.status === "error" && ++errors > maxErrors) continue;
    for (const l of failureBlock(c, t.style)) t.out(l);
  }
  if (errors > maxErrors)
    t.out(t.style.dim(`… and ${errors - maxErrors} more errors (all in results.json and the HTML report)`));
}

export async function runCommand(flags: FlagValues, env: Env, t: Terminal = processTerminal(env)): Promise<ExitCode> {
  const resolved = resolveRunSettings(flags, env);
  if (resolved instanceof ConfigError) {
    t.err(resolved.toString());
    return 2;
  }
  const settings: RunSettings = resolved;
  if (settings.secretAccessKey) registerSecret(settings.secretAccessKey);
  const loaded = loadRunContext(settings);
  if (loaded instanceof ConfigError) {
    t.err(loaded.toString());
    return 2;
  }
  const ctx = loaded;
  const reportDir = resolve(process.cwd(), settings.reportDir);

  let prepared: PreparedTarget | undefined;
  const interrupts = new RunInterrupts({
    first: (sig, phase) => t.err(`ssec-conformance: ${sig}: ${FIRST_SIGNAL[phase]}`),
    force: (sig, phase) => {
      t.err(
        `ssec-conformance: ${sig} again: ${phase === "cleanup" ? "exiting before the cleanup finished" : phase === "checks" ? "cleaning up and exiting" : "exiting"}`,
      );
      if (phase === "checks" || phase === "reports") {
        // No report is finished on this path, but allure-results/ is already on disk: redact it.
        try {
          const n = redactPartialReports(reportDir);
          t.err(
            `ssec-conformance: redaction pass over ${resolve(reportDir, "allure-results")} (${n} file(s) changed); ${phase === "checks" ? "no other report written" : "the other reports may be incomplete"}`,
          );
        } catch (e) {
          t.err(
            `ssec-conformance: could not redact ${resolve(reportDir, "allure-results")}: ${(e as Error).message} — delete it`,
          );
        }
      }
      if (phase === "checks" && prepared) {
        void prepared.cleanup().finally(() => process.exit(3));
        return;
      }
      if (phase !== "reports" && settings.endpoint)
        t.err(
          `ssec-conformance: ${prepared ? `bucket ${prepared.target.bucket} and keys under ${prepared.target.keyPrefix}` : "a bucket named ssec-conformance-…"} may be left on the target`,
        );
      process.exit(3);
    },
  }).install();
  try {
    return await runPrepared();
  } finally {
    interrupts.uninstall();
  }

  async function runPrepared(): Promise<ExitCode> {
    try {
      prepared = await prepareTarget(targetSettings(settings, ctx));
    } catch (e) {
      if (e instanceof ConfigError) {
        t.err(e.toString());
        return 2;
      }
      if (e instanceof TargetUnreachable) {
        t.err(`ssec-conformance: target unreachable (${e.kind}): ${e.message}`);
        return 3;
      }
      if (e instanceof SetupError) {
        t.err(`ssec-conformance: ${e.message}`);
        return 3;
      }
      throw e;
    }
    registerSecret(prepared.target.secretAccessKey);
    if (interrupts.interruptedBy) {
      interrupts.enter("cleanup");
      await cleanUp(prepared);
      clearReportDir(reportDir);
      t.err(`ssec-conformance: interrupted by ${interrupts.interruptedBy} before any check ran: no verdict, no report`);
      return 3;
    }
    return runChecks(prepared);
  }

  async function cleanUp(p: PreparedTarget): Promise<void> {
    const report = await p
      .cleanup()
      .catch((e: Error) => ({ problems: [e.message], deletedObjects: 0, abortedUploads: 0, bucketDeleted: false }));
    if (report.problems.length) {
      t.err(`ssec-conformance: cleanup left things behind (${report.problems.length}):`);
      for (const p of report.problems.slice(0, 20)) t.err(`  ${p}`);
    }
  }

  async function runChecks(prepared: PreparedTarget): Promise<ExitCode> {
    banner(t, settings, prepared, reportDir);

    const startedAt = new Date();
    const collector = new OutcomeCollector({
      line: t.out,
      verbose: settings.verbose,
      style: t.style,
      root: PACKAGE_ROOT,
    });
    try {
      clearReportDir(reportDir);
      t.out(progressLegend(t.style));
      interrupts.enter("checks");
      await runSuites({
        target: prepared.target,
        profile: ctx.profile,
        filters: ctx.filters,
        ...(settings.shard ? { shard: settings.shard } : {}),
        concurrency: settings.concurrency,
        timeoutMs: settings.timeoutMs,
        allureResultsDir: resolve(reportDir, "allure-results"),
        environmentInfo: {
          tool: `${TOOL_NAME} ${TOOL_VERSION}`,
          target: describeTarget(prepared.target),
          profile: settings.profile,
          seed: String(settings.seed),
          runs: String(settings.runs),
          node: process.version,
        },
        reporters: [collector],
        log: t.err,
        cancelWith: (cancel) => interrupts.cancelWith(cancel),
      });
    } finally {
      interrupts.enter("cleanup");
      await cleanUp(prepared);
    }
    interrupts.enter("reports");
    const interrupted = interrupts.interruptedBy;

    const shard = settings.shard ? `${settings.shard.index}/${settings.shard.count}` : undefined;
    const checks = gradeChecks(ctx.catalogue, collector.outcomes, {
      collected: collector.collected,
      filteredOut: (id) => filteredOutReason(ctx.filters, id),
      ...(shard ? { shard } : {}),
      interrupted: interrupted !== undefined,
    });
    const errors = [
      ...collector.errors,
      ...(interrupted ? [`interrupted by ${interrupted}: the run is incomplete`] : []),
    ];
    const results: ResultsFile = {
      tool: TOOL_NAME,
      version: TOOL_VERSION,
      target: prepared.target.endpoint,
      profile: settings.profile,
      seed: settings.seed,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: summarize(checks),
      checks,
      runs: settings.runs,
      strict: settings.strict,
      ...(shard ? { shard } : {}),
      ...(errors.length ? { errors } : {}),
      retries: { total: checks.reduce((n, c) => n + (c.retries ?? 0), 0), perExchange: prepared.target.retries ?? 0 },
      region: prepared.target.region,
      bucket: prepared.target.bucket,
      addressing: prepared.target.virtualHosted ? "virtual-hosted" : "path-style",
    };
    const code = exitCodeFor(results.summary, settings.strict, errors.length);

    const fin = await writeReports(reportDir, results, {
      withoutTest: checks.filter((c) => !collector.outcomes.has(c.id)),
      environment: {
        tool: `${TOOL_NAME} ${TOOL_VERSION}`,
        target: describeResultsTarget(results),
        profile: results.profile,
        seed: String(results.seed),
      },
      html: true,
    });

    const st = t.style;
    t.out("");
    for (const l of matrix(checks, st)) t.out(l);
    printNoteworthy(t, checks);
    if (errors.length) {
      t.out("");
      t.out(st.red(`harness errors (${errors.length}): not verdicts on the server`));
      for (const e of errors.slice(0, 30)) t.out(`  ${e.split("\n")[0]}`);
    }
    t.out("");
    t.out(`reports: ${fin.paths.results}, ${fin.paths.junit}, ${fin.htmlError ? "(no HTML)" : fin.paths.index}`);
    if (fin.htmlError) t.err(`ssec-conformance: the HTML report could not be generated: ${fin.htmlError}`);
    if (results.summary.fail || results.summary.error) t.out(`replay: ${runReplayCommand(settings)}`);
    if (settings.updateProfile) {
      const u = updateProfileFile(settings.updateProfile, settings.profile, results, (id) =>
        deviationFor(ctx.profile, id),
      );
      t.out(
        `profile ${settings.updateProfile}: ${u.added.length} failing check(s) declared as deviations${u.nowPassing.length ? `; ${u.nowPassing.length} declared deviation(s) now pass: ${u.nowPassing.join(", ")}` : ""} — review before committing`,
      );
    }
    t.out(verdictLine(results, code, st));
    return code;
  }
}
