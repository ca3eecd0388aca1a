/**
 * Runs conformance suite files against reference servers started in this process, each with
 * its own faults, through vitest's Node API (no config file, the package as root,
 * target/profile/filters handed over with `provide`, as the CLI does), and returns every
 * selected check's graded verdict (`task.meta.ssec`) plus the exit status the CLI would give
 * (exit status 1 when any check is `fail`).
 *
 * A batch is several runs, one after another, through ONE vitest instance: a fresh server, a
 * fresh bucket and new provided values per run, then `runTestFiles`. With `isolate: false` the
 * suite files of a run share one worker instead of a fresh process each, which takes a targeted
 * run from ~6 s to ~1 s (the checks themselves take a fraction of that); test files are still
 * re-evaluated on every run, so no fixture outlives its server. `isolate: true` is what the CLI
 * does, for runs that must be exactly that (the self-test's full-suite run).
 *
 * Used by faults.test.ts in a child process (`node --import tsx suite-run.ts '<json batch>'`),
 * printing one `@@result <index> <json>` line per finished run, so the nested vitest shares
 * nothing with the vitest running the self-test and several batches can run side by side.
 */
import { appendFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { createVitest } from "vitest/node";
import type { Vitest } from "vitest/node";
import { startServer } from "../server/index.ts";
import type { CheckOutcome, Verdict } from "../checks/types.ts";
import { referenceTarget } from "./reference-target.ts";

const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface SuiteRunRequest {
  /** Faults switched on in the reference server (harness/server/faults.ts). */
  faults: string[];
  /** Test files under the package root; each must register some of the `only` checks. */
  files: string[];
  /** `--only` globs over check ids; empty = every check of the files. */
  only: string[];
  /** Store objects in a fresh temporary --data-dir (and tell the suites where: Target.referenceDataDir). */
  dataDir: boolean;
  seed: number;
  /** Runs per property check. */
  runs: number;
  profile?: string;
  /** `--strict`: SHOULD failures are graded `fail` (and fail the gate) instead of `warn`. */
  strict?: boolean;
  /** Append the server's one-line request logs (never key material) to this file: for debugging a run. */
  serverLog?: string;
}

export interface SuiteBatch {
  runs: SuiteRunRequest[];
  /** One process per test file, as the CLI runs (slow); false: the files of a run share a worker. */
  isolate: boolean;
}

export interface CheckVerdict {
  id: string;
  status: Verdict;
  durationMs: number;
  /** The h2spec-style message of a non-passing check (keys already redacted by the runner). */
  message?: string;
}

export interface SuiteRunResult {
  /** What `ssec-conformance run` would exit with: 0 no fail, 1 some fail, 3 no verdict at all. */
  exitCode: 0 | 1 | 3;
  checks: CheckVerdict[];
  durationMs: number;
}

/**
 * Exit status: a `fail` fails the gate (under --strict SHOULD failures are already
 * graded `fail`; xpass needs a declared deviation, which the aws profile has none of); nothing
 * graded at all is exit 3.
 */
export function exitCodeOf(checks: readonly CheckVerdict[]): 0 | 1 | 3 {
  if (checks.some((c) => c.status === "fail")) return 1;
  if (checks.length === 0 || checks.every((c) => c.status === "error" || c.status === "skip")) return 3;
  return 0;
}

function createBatchVitest(files: string[], isolate: boolean): Promise<Vitest> {
  return createVitest(
    "test",
    {
      root: PACKAGE_ROOT,
      config: false,
      include: files,
      watch: false,
      reporters: [{}],
      testTimeout: 120_000,
      hookTimeout: 30_000,
      // Batches run beside each other (faults.test.ts): one worker each.
      maxWorkers: 1,
      isolate,
    },
    { cacheDir: resolve(tmpdir(), "ssec-conformance-selftest-vite-cache") },
  );
}

async function runOne(vitest: Vitest, r: SuiteRunRequest): Promise<SuiteRunResult> {
  const started = performance.now();
  const dataDir = r.dataDir ? await mkdtemp(join(tmpdir(), "ssec-selftest-data-")) : undefined;
  const log = r.serverLog;
  const server = await startServer({
    faults: r.faults,
    ...(dataDir ? { dataDir } : {}),
    ...(log ? { log: (line: string) => appendFileSync(log, `${line}\n`) } : {}),
  });
  try {
    const { target, profile } = await referenceTarget(server, {
      bucket: `selftest-${process.pid}-${Date.now().toString(36)}`,
      profile: r.profile,
      seed: r.seed,
      runs: r.runs,
      strict: r.strict,
      dataDir,
    });
    vitest.provide("target", target);
    vitest.provide("profile", profile);
    vitest.provide("filters", { only: r.only, skip: [] });
    const files = r.files.map((f) => resolve(PACKAGE_ROOT, f));
    const result = await vitest.runTestFiles(files);
    const checks: CheckVerdict[] = [];
    // testModules also lists the modules of earlier runs of the batch, with their old results.
    const ran = new Set(files);
    for (const mod of result.testModules.filter((m) => ran.has(m.moduleId))) {
      for (const t of mod.children.allTests()) {
        const o: CheckOutcome | undefined = t.meta().ssec;
        if (o)
          checks.push({
            id: o.id,
            status: o.status,
            durationMs: o.durationMs,
            ...(o.message ? { message: o.message } : {}),
          });
        else {
          // A test that left no outcome died before grading (collection error, crash): no verdict.
          const err = t.result().errors?.[0]?.message;
          checks.push({
            id: t.name.split(" — ")[0],
            status: "error",
            durationMs: 0,
            message: err ?? `no outcome (${t.result().state})`,
          });
        }
      }
      for (const e of mod.errors())
        checks.push({ id: mod.moduleId, status: "error", durationMs: 0, message: e.message });
    }
    for (const e of result.unhandledErrors) {
      checks.push({
        id: "(unhandled)",
        status: "error",
        durationMs: 0,
        message: e instanceof Error ? e.message : String(e),
      });
    }
    // Filtered-out checks are the CLI's "skip (filtered out)"; they say nothing about the fault.
    const selected = checks.filter((c) => !(c.status === "skip" && c.message?.startsWith("filtered out")));
    return { exitCode: exitCodeOf(selected), checks: selected, durationMs: Math.round(performance.now() - started) };
  } finally {
    await server.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs the batch in order; `onResult` gets each run's result as soon as it is known. */
export async function runBatch(batch: SuiteBatch, onResult: (index: number, r: SuiteRunResult) => void): Promise<void> {
  const files = [...new Set(batch.runs.flatMap((r) => r.files))];
  const vitest = await createBatchVitest(files, batch.isolate);
  try {
    for (const [i, r] of batch.runs.entries()) onResult(i, await runOne(vitest, r));
  } finally {
    await vitest.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const batch = JSON.parse(process.argv[2] ?? "{}") as SuiteBatch;
  runBatch(batch, (i, r) => process.stdout.write(`\n@@result ${i} ${JSON.stringify(r)}\n`)).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    },
  );
}
