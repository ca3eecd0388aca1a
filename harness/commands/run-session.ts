/**
 * A run, once its settings are valid: context → target → suites → cleanup → reports → exit
 * status. The order matters: the target is cleaned up (also after a failure or a signal) before
 * the reports are written, and every line printed passes redact().
 */
import { resolve } from "node:path";
import { ConfigError } from "../config/config-error.ts";
import { describeTarget } from "../config/target.ts";
import type { RunSettings } from "../config/types.ts";
import { PACKAGE_ROOT, TOOL_NAME, TOOL_VERSION } from "../config/version.ts";
import { clearReportDir, redactPartialReports, reportDirProblem } from "../report/report-dir.ts";
import { OutcomeCollector, progressLegend } from "../runner/outcome-collector.ts";
import { loadRunContext, targetSettings, type RunContext } from "../runner/run-context.ts";
import { RunInterrupts, type RunPhase } from "../runner/interrupts.ts";
import { prepareTarget, SetupError, type PreparedTarget } from "../runner/lifecycle.ts";
import { TargetUnreachable } from "../runner/probe.ts";
import { runSuites } from "../runner/run-suites.ts";
import { registerSecret } from "../secrets/redact.ts";
import { finishRun, printBanner } from "./run-summary.ts";
import { readBaselineArg, type NamedResults } from "./results-args.ts";
import type { ExitCode, Terminal } from "./process-terminal.ts";

/** What the first SIGINT/SIGTERM does, by the phase it arrives in. */
const FIRST_SIGNAL: Record<RunPhase, string> = {
  setup: "stopping once the target is set up, then cleaning up (send it again to stop waiting)",
  checks: "stopping the run, then cleaning up (send it again to stop waiting)",
  cleanup: "finishing the cleanup of the target first (send it again to exit now and leave things behind)",
  reports: "the checks are done and the target is clean; finishing the reports (send it again to exit now)",
};

/** One run's state, shared by its steps. */
interface Session {
  t: Terminal;
  settings: RunSettings;
  ctx: RunContext;
  reportDir: string;
  interrupts: RunInterrupts;
  /** `--baseline`'s results. */
  baseline?: NamedResults;
  /** Set once the target is up. */
  prepared?: PreparedTarget;
}

export async function runSession(settings: RunSettings, t: Terminal): Promise<ExitCode> {
  if (settings.secretAccessKey) registerSecret(settings.secretAccessKey);
  const ctx = loadRunContext(settings);
  if (ctx instanceof ConfigError) {
    t.err(ctx.toString());
    return 2;
  }
  // Read now: a bad baseline is a usage error before any check, and `--baseline reports` may be
  // the very report directory this run is about to replace.
  const baseline = settings.baseline ? readBaselineArg(settings.baseline) : undefined;
  if (baseline instanceof ConfigError) {
    t.err(baseline.toString());
    return 2;
  }
  const reportDir = resolve(process.cwd(), settings.reportDir);
  const badReportDir = reportDirProblem(reportDir, settings.reportDir);
  if (badReportDir) {
    t.err(badReportDir.toString());
    return 2;
  }
  const session: Session = {
    t,
    settings,
    ctx,
    ...(baseline ? { baseline } : {}),
    reportDir,
    // The handlers run on a signal, after `session` is complete.
    interrupts: new RunInterrupts({
      first: (sig, phase) => t.err(`ssec-conformance: ${sig}: ${FIRST_SIGNAL[phase]}`),
      force: (sig, phase) => onSecondSignal(session, sig, phase),
    }).install(),
  };
  try {
    return await prepareAndRun(session);
  } finally {
    session.interrupts.uninstall();
  }
}

/** A second signal: exit now, redacting what is on disk and saying what may be left behind. */
function onSecondSignal({ t, settings, reportDir, prepared }: Session, sig: string, phase: RunPhase): void {
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
}

/** Starts or probes the target; a problem is an exit status (2 configuration, 3 unreachable or setup). */
async function prepare(s: Session): Promise<PreparedTarget | ExitCode> {
  try {
    return await prepareTarget(targetSettings(s.settings, s.ctx));
  } catch (e) {
    if (e instanceof ConfigError) {
      s.t.err(e.toString());
      return 2;
    }
    if (e instanceof TargetUnreachable) {
      s.t.err(`ssec-conformance: target unreachable (${e.kind}): ${e.message}`);
      return 3;
    }
    if (e instanceof SetupError) {
      s.t.err(`ssec-conformance: ${e.message}`);
      return 3;
    }
    throw e;
  }
}

async function prepareAndRun(s: Session): Promise<ExitCode> {
  const prepared = await prepare(s);
  if (typeof prepared === "number") return prepared;
  s.prepared = prepared;
  registerSecret(prepared.target.secretAccessKey);
  if (s.interrupts.interruptedBy) {
    s.interrupts.enter("cleanup");
    await cleanUp(s.t, prepared);
    clearReportDir(s.reportDir);
    s.t.err(
      `ssec-conformance: interrupted by ${s.interrupts.interruptedBy} before any check ran: no verdict, no report`,
    );
    return 3;
  }
  return runChecks(s, prepared);
}

async function cleanUp(t: Terminal, p: PreparedTarget): Promise<void> {
  const report = await p
    .cleanup()
    .catch((e: Error) => ({ problems: [e.message], deletedObjects: 0, abortedUploads: 0, bucketDeleted: false }));
  if (report.problems.length) {
    t.err(`ssec-conformance: cleanup left things behind (${report.problems.length}):`);
    for (const p of report.problems.slice(0, 20)) t.err(`  ${p}`);
  }
}

/** Banner, the suites under vitest, the cleanup (whatever happened), then the reports. */
async function runChecks(s: Session, prepared: PreparedTarget): Promise<ExitCode> {
  const { t, settings, ctx, reportDir, interrupts } = s;
  printBanner(t, settings, prepared, reportDir);
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
      features: prepared.features,
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
    await cleanUp(t, prepared);
  }
  interrupts.enter("reports");
  const interrupted = interrupts.interruptedBy;
  return finishRun(
    t,
    {
      settings,
      catalogue: ctx.catalogue,
      profile: ctx.profile,
      filters: ctx.filters,
      prepared,
      collector,
      startedAt,
      ...(interrupted ? { interrupted } : {}),
      ...(s.baseline ? { baseline: s.baseline } : {}),
    },
    reportDir,
  );
}
