/**
 * What a run prints and writes around the checks: the banner before them; after them the graded
 * results file, the report directory, and the terminal summary (matrix, failures, harness errors,
 * report paths, replay command, profile update, verdict line). Every line passes the Terminal's redact().
 */
import type { CheckDef, Profile } from "../checks/types.ts";
import { deviationFor } from "../checks/profile.ts";
import { filteredOutReason } from "../config/filters.ts";
import type { CheckFilters } from "../config/filters.ts";
import { replayCommand } from "../config/replay.ts";
import { describeTarget } from "../config/target.ts";
import type { RunSettings } from "../config/types.ts";
import { TOOL_NAME, TOOL_VERSION } from "../config/version.ts";
import { writeReports } from "../report/report-dir.ts";
import {
  describeResultsTarget,
  exitCodeFor,
  gradeChecks,
  summarize,
  type CheckResult,
  type ResultsFile,
} from "../report/results.ts";
import { matrix, printNoteworthy, verdictLine } from "../report/terminal.ts";
import { notRunGroups, notRunLines } from "../report/not-run.ts";
import { updateProfileFile } from "../report/update-profile.ts";
import { deviationLines } from "../report/deviations.ts";
import { baselineLines, diffRuns, gateWithBaseline } from "../report/run-diff.ts";
import type { OutcomeCollector } from "../runner/outcome-collector.ts";
import type { PreparedTarget } from "../runner/lifecycle.ts";
import type { ExitCode, Terminal } from "./process-terminal.ts";
import { defaultRunName, type NamedResults } from "./results-args.ts";

export function printBanner(t: Terminal, s: RunSettings, prepared: PreparedTarget, reportDir: string): void {
  const st = t.style;
  const target = prepared.server
    ? `the bundled reference server, in-process — ${describeTarget(prepared.target)}`
    : describeTarget(prepared.target);
  t.out(st.bold(`${TOOL_NAME} ${TOOL_VERSION}`));
  t.out(`  target   ${target}`);
  if (prepared.target.httpEndpoint) t.out(`  http     ${prepared.target.httpEndpoint} (SSE-C must be refused there)`);
  t.out(`  profile  ${s.profile}${s.strict ? " (strict: SHOULD failures and xpass fail the gate)" : ""}`);
  t.out(`  seed     ${s.seed}   runs ${s.runs} per property${s.endpoint ? " (remote budget; --runs to change)" : ""}`);
  t.out(`  stateful ${s.statefulRuns} sequences of up to ${s.statefulLength} commands per stateful check`);
  if (s.only.length || s.skip.length)
    t.out(`  filters  ${[...s.only.map((g) => `--only ${g}`), ...s.skip.map((g) => `--skip ${g}`)].join(" ")}`);
  if (s.shard) t.out(`  shard    ${s.shard.index}/${s.shard.count}`);
  if (s.baseline) t.out(`  baseline ${s.baseline} (a check that regressed since fails the gate)`);
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
      statefulRuns: s.statefulRuns,
      statefulLength: s.statefulLength,
      strict: s.strict,
    },
    "npx ssec-conformance",
  );
}

/** What the finished (or interrupted) checks leave for the summary. */
export interface FinishedRun {
  settings: RunSettings;
  catalogue: readonly CheckDef[];
  profile: Profile;
  filters: CheckFilters;
  prepared: PreparedTarget;
  collector: OutcomeCollector;
  startedAt: Date;
  /** The signal that stopped the run, if one did. */
  interrupted?: string;
  /** `--baseline`: the earlier run this one is compared with. */
  baseline?: NamedResults;
}

/** The graded results file of a run, and the harness errors it carries. */
function resultsOf(run: FinishedRun): { results: ResultsFile; errors: string[] } {
  const { settings, prepared, collector, interrupted } = run;
  const shard = settings.shard ? `${settings.shard.index}/${settings.shard.count}` : undefined;
  const checks = gradeChecks(run.catalogue, collector.outcomes, {
    collected: collector.collected,
    filteredOut: (id) => filteredOutReason(run.filters, id),
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
    startedAt: run.startedAt.toISOString(),
    durationMs: Date.now() - run.startedAt.getTime(),
    summary: summarize(checks),
    checks,
    runs: settings.runs,
    strict: settings.strict,
    ...(shard ? { shard } : {}),
    ...(errors.length ? { errors } : {}),
    retries: { total: checks.reduce((n, c) => n + (c.retries ?? 0), 0), perExchange: prepared.target.retries ?? 0 },
    exchanges: {
      total: checks.reduce((n, c) => n + (c.exchanges ?? 0), 0),
      connections: checks.reduce((n, c) => n + (c.connections ?? 0), 0),
    },
    region: prepared.target.region,
    bucket: prepared.target.bucket,
    addressing: prepared.target.virtualHosted ? "virtual-hosted" : "path-style",
    ...notRunFields(checks, prepared),
  };
  return { results, errors };
}

/** results.json's `notRun` groups and `features` (only when there is something to say). */
function notRunFields(
  checks: readonly CheckResult[],
  prepared: PreparedTarget,
): Pick<ResultsFile, "notRun" | "features"> {
  const groups = notRunGroups(checks);
  const features = Object.entries(prepared.features);
  return {
    ...(groups.length ? { notRun: groups } : {}),
    ...(features.length
      ? {
          features: Object.fromEntries(
            features.map(([f, s]) => [f, { state: s.state, ...("reason" in s ? { reason: s.reason } : {}) }]),
          ),
        }
      : {}),
  };
}

function printHarnessErrors(t: Terminal, errors: readonly string[]): void {
  if (!errors.length) return;
  t.out("");
  t.out(t.style.red(`harness errors (${errors.length}): not verdicts on the server`));
  for (const e of errors.slice(0, 30)) t.out(`  ${e.split("\n")[0]}`);
}

function updateProfile(t: Terminal, run: FinishedRun, results: ResultsFile, file: string): void {
  const u = updateProfileFile(file, run.settings.profile, results, (id) => deviationFor(run.profile, id));
  t.out(
    `profile ${file}: ${u.added.length} failing check(s) declared as deviations${u.nowPassing.length ? `; ${u.nowPassing.length} declared deviation(s) now pass: ${u.nowPassing.join(", ")}` : ""} — review before committing`,
  );
}

/** Grades the run, writes the report directory, prints the summary; returns the exit status. */
export async function finishRun(t: Terminal, run: FinishedRun, reportDir: string): Promise<ExitCode> {
  const { settings } = run;
  const { results, errors } = resultsOf(run);
  const checks: readonly CheckResult[] = results.checks;
  const base = run.baseline;
  const sinceBaseline = base
    ? diffRuns(base.results, results, { old: `${base.arg} (${defaultRunName(base.results)})`, new: "this run" })
    : undefined;
  const code = gateWithBaseline(exitCodeFor(results.summary, settings.strict, errors.length), sinceBaseline);
  const fin = await writeReports(reportDir, results, {
    withoutTest: checks.filter((c) => !run.collector.outcomes.has(c.id)),
    environment: {
      tool: `${TOOL_NAME} ${TOOL_VERSION}`,
      target: describeResultsTarget(results),
      profile: results.profile,
      seed: String(results.seed),
    },
    html: settings.html,
  });
  t.out("");
  for (const l of matrix(checks, t.style)) t.out(l);
  printNoteworthy(t, checks);
  printHarnessErrors(t, errors);
  const notRun = notRunLines(checks, results.notRun ?? []);
  if (notRun.length) t.out("");
  for (const l of notRun) t.out(l);
  const summaryLines = [
    deviationLines(checks, settings.strict, t.style),
    sinceBaseline ? baselineLines(sinceBaseline) : [],
  ];
  for (const lines of summaryLines.filter((l) => l.length)) {
    t.out("");
    for (const l of lines) t.out(l);
  }
  t.out("");
  const html = fin.htmlError
    ? "(no HTML)"
    : settings.html
      ? fin.paths.index
      : "(no HTML: --no-html; `report` builds it)";
  t.out(`reports: ${fin.paths.results}, ${fin.paths.junit}, ${html}`);
  if (fin.htmlError) t.err(`ssec-conformance: the HTML report could not be generated: ${fin.htmlError}`);
  if (results.summary.fail || results.summary.error) t.out(`replay: ${runReplayCommand(settings)}`);
  if (settings.updateProfile) updateProfile(t, run, results, settings.updateProfile);
  t.out(verdictLine(results, code, t.style));
  return code;
}
