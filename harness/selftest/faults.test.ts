/**
 * The suite catches every fault the reference server can inject (issue 7). For each fault in
 * harness/server/faults.ts: start the reference server with that fault, run the conformance
 * suites restricted to the checks the fault map names (declared breaks + neighbours), and assert
 * that the run fails the gate (exit 1) and that every declared check is among the failing ones.
 * One fault also runs over the whole suite, and a control run of every selected check against
 * the correct server must pass — so a failure is the fault's doing, not the check's.
 *
 * The full-suite run is the product end to end: `ssec-conformance run --endpoint …` (the real
 * bin) against a reference server started here with the fault, its exit status and
 * results.json. The targeted runs go through suite-run.ts children (vitest's Node API, as the
 * CLI drives it), batched through one vitest instance per child with the files of a run sharing
 * a worker: seconds per fault instead of a CLI start each. Up to SSEC_SELFTEST_JOBS children run
 * side by side (default: the machine's parallelism, at most 4). SSEC_SELFTEST_SERVER_LOG=<dir>
 * keeps each targeted run's server log. The kill matrix and `faults: K caught, S missed` are
 * printed at the end.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULTS, type FaultName } from "../server/faults.ts";
import { CATALOGUE } from "../checks/catalogue.ts";
import { suiteFileOf } from "../checks/suite-files.ts";
import { startServer } from "../server/index.ts";
import type { ResultsFile } from "../report/results.ts";
import { endpointArgs, runCli, scratchDir, TSX_CHILD_ARGS } from "./spawn-cli.ts";
import { FAULT_MAP, FULL_SUITE_FAULT } from "./fault-map.ts";
import { killMatrix, outcomeOf, planFor, type FaultOutcome, type FaultPlan } from "./fault-plan.ts";
import type { SuiteBatch, SuiteRunRequest, SuiteRunResult } from "./suite-run.ts";

const RUNNER = fileURLToPath(new URL("./suite-run.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SEED = 42;
/**
 * Runs per property check. Below the CLI's 100: here the properties are witnesses of which
 * faults they catch (a failing property stops at its first counterexample; a passing one runs
 * them all), and properties-fault.test.ts covers their shrinking and replay at 100 runs.
 */
const RUNS = 30;

/** Which suite file registers each check (checks/suite-files.ts, proven by kit/catalogue-coverage.test.ts). */
function registry(): Map<string, string> {
  return new Map(CATALOGUE.map((c) => [c.id, suiteFileOf(c.id)!]));
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // reported by the test that awaits it
  return { promise, resolve, reject };
}

/** One child process running a batch of suite runs; each run's result settles as it arrives. */
interface BatchJob {
  batch: SuiteBatch;
  results: Deferred<SuiteRunResult>[];
}

/** Targeted runs share a worker per batch (suite-run.ts `isolate: false`); the CLI run covers isolation. */
function job(runs: SuiteRunRequest[]): BatchJob {
  return { batch: { runs, isolate: false }, results: runs.map(() => deferred<SuiteRunResult>()) };
}

function launch(j: BatchJob): Promise<void> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    for (const k of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "TEST"]) delete env[k];
    const child = spawn(process.execPath, [...TSX_CHILD_ARGS, RUNNER, JSON.stringify(j.batch)], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let pending = "";
    let tail = "";
    child.stdout.on("data", (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^@@result (\d+) (.*)$/.exec(line);
        if (m) j.results[Number(m[1])].resolve(JSON.parse(m[2]) as SuiteRunResult);
        else tail = (tail + line + "\n").slice(-4000);
      }
    });
    child.stderr.on("data", (d: Buffer) => (tail = (tail + d.toString()).slice(-4000)));
    const fail = (why: string) => {
      // Runs that never reported (the child died): reject with what it printed last.
      for (const r of j.results) r.reject(new Error(`suite-run ${why}\n${tail}`));
      done();
    };
    child.on("error", (e) => fail(e.message));
    child.on("close", (code) => fail(`exited ${code} before reporting this run`));
  });
}

/** Runs the jobs, `width` at a time, in the order given. */
async function pool(jobs: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
}

/**
 * The whole suite through the real CLI against a reference server with `fault`: its exit status
 * and results.json, as a CI gate would read them. (--endpoint makes it an external target: the
 * at-rest checks skip, as they would against a vendor.)
 */
async function cliRun(fault: string, into: Deferred<SuiteRunResult>): Promise<void> {
  const started = performance.now();
  try {
    const server = await startServer({ faults: [fault] });
    try {
      const dir = scratchDir("faults-full");
      const cli = await runCli(
        [
          "run",
          ...endpointArgs(server),
          "--runs",
          String(RUNS),
          "--seed",
          String(SEED),
          "--concurrency",
          "1",
          "--no-html",
          "--report-dir",
          "out",
        ],
        { cwd: dir, timeoutMs: 540_000 },
      );
      if (cli.code !== 0 && cli.code !== 1)
        throw new Error(
          `ssec-conformance run exited ${cli.code}\n${cli.stderr.slice(-3000)}\n${cli.stdout.slice(-3000)}`,
        );
      const results = JSON.parse(readFileSync(join(dir, "out", "results.json"), "utf8")) as ResultsFile;
      into.resolve({
        exitCode: cli.code,
        checks: results.checks.map((c) => ({
          id: c.id,
          status: c.status,
          durationMs: c.durationMs,
          ...(c.message ? { message: c.message } : {}),
        })),
        durationMs: Math.round(performance.now() - started),
      });
    } finally {
      await server.close();
    }
  } catch (e) {
    into.reject(e);
  }
}

function request(plan: FaultPlan, faults: string[]): SuiteRunRequest {
  return {
    faults,
    files: plan.files,
    only: plan.only,
    dataDir: plan.dataDir,
    strict: plan.strict,
    ...(plan.profile ? { profile: plan.profile } : {}),
    seed: SEED,
    runs: RUNS,
    ...(process.env.SSEC_SELFTEST_SERVER_LOG
      ? { serverLog: join(process.env.SSEC_SELFTEST_SERVER_LOG, `${plan.fault}.log`) }
      : {}),
  };
}

/**
 * SSEC_SELFTEST_FAULTS=a,b runs only those faults (and their control run, no full-suite run):
 * for working on a fault. `npm test` runs them all.
 */
const ONLY_FAULTS = (process.env.SSEC_SELFTEST_FAULTS ?? "").split(",").filter(Boolean);
const FAULT_NAMES = (Object.keys(FAULTS) as FaultName[]).filter((f) => !ONLY_FAULTS.length || ONLY_FAULTS.includes(f));
const fileOf = registry();
const plans = new Map(FAULT_NAMES.map((f) => [f, planFor(f, FAULT_MAP[f], fileOf)]));
const fullPlan = planFor(FULL_SUITE_FAULT, FAULT_MAP[FULL_SUITE_FAULT], fileOf, true);
/**
 * The correct server against every check any fault run selects (with --data-dir, --strict: nothing
 * may even warn), once per profile the fault runs are graded by (aws, and obs for the OBS-dialect faults).
 */
function controlFor(profile: string | undefined): FaultPlan {
  const ids = [...new Set([...plans.values()].filter((p) => p.profile === profile).flatMap((p) => p.ids))];
  return {
    fault: `(none: control${profile ? `, profile ${profile}` : ""})`,
    only: ids,
    declared: [],
    unsupported: [],
    ids,
    holds: [],
    oneCause: false,
    files: [...new Set(ids.map((id) => fileOf.get(id)!))].sort(),
    dataDir: true,
    strict: true,
    ...(profile ? { profile } : {}),
  };
}
const controlPlans = [...new Set([...plans.values()].map((p) => p.profile))]
  .sort((a, b) => (a ?? "").localeCompare(b ?? ""))
  .map(controlFor);

const width = Math.max(1, Math.min(4, Number(process.env.SSEC_SELFTEST_JOBS) || availableParallelism()));
const started = Date.now();
// The full-suite run (the CLI) is the longest, so it starts first; the targeted runs are spread
// over batch children.
const full = deferred<SuiteRunResult>();
// Twice as many batches as lanes, so the lane that finishes the full-suite run takes the rest.
const groups: FaultName[][] = Array.from({ length: 2 * width }, () => []);
FAULT_NAMES.forEach((f, i) => groups[i % groups.length].push(f));
const faultJobs = groups.map((g, i) =>
  job([...(i === 0 ? controlPlans.map((c) => request(c, [])) : []), ...g.map((f) => request(plans.get(f)!, [f]))]),
);
const controlRuns = controlPlans.map((c, k) => ({ plan: c, run: faultJobs[0].results[k].promise }));
const fullRun = full.promise;
const faultRuns = new Map<FaultName, Promise<SuiteRunResult>>();
groups.forEach((g, i) =>
  g.forEach((f, k) => faultRuns.set(f, faultJobs[i].results[k + (i === 0 ? controlPlans.length : 0)].promise)),
);
const outcomes: FaultOutcome[] = [];

/** A run whose child died before reporting: counted as missed, with the reason among its errors. */
async function settled(plan: FaultPlan, run: Promise<SuiteRunResult>, full = false): Promise<SuiteRunResult> {
  return run.catch((e: unknown) => {
    outcomes.push({
      fault: plan.fault,
      caught: false,
      exitCode: -1,
      failing: [],
      missed: plan.declared,
      durationMs: 0,
      strict: plan.strict,
      full,
      errors: [`suite-run crashed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`],
    });
    throw e;
  });
}

beforeAll(() => {
  const cli = ONLY_FAULTS.length ? [] : [() => cliRun(FULL_SUITE_FAULT, full)];
  void pool([...cli, ...faultJobs.map((j) => () => launch(j))], width);
});

afterAll(() => {
  if (outcomes.length === 0) return;
  const declared = new Map([...plans].map(([f, p]) => [f as string, p.declared]));
  const order = (o: FaultOutcome) => (o.full ? FAULT_NAMES.length : FAULT_NAMES.indexOf(o.fault as FaultName));
  const text = killMatrix(
    [...outcomes].sort((a, b) => order(a) - order(b)),
    declared,
  );
  console.log(
    `${text}\nself-test wall time: ${((Date.now() - started) / 1000).toFixed(1)} s (${width} child processes at a time)`,
  );
});

describe("the suites catch every injected fault", () => {
  it("control: every selected check passes against the correct server (--strict, --data-dir)", async () => {
    for (const { plan, run } of controlRuns) {
      const r = await run;
      const bad = r.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.status}\n${c.message ?? ""}`);
      expect(bad, plan.fault).toEqual([]);
      expect(r.exitCode, plan.fault).toBe(0);
      expect(r.checks.map((c) => c.id).sort(), plan.fault).toEqual([...plan.ids].sort());
    }
  });

  it.each(FAULT_NAMES)("%s: the run fails and the declared checks are among the failing ones", async (fault) => {
    const plan = plans.get(fault)!;
    const r = await settled(plan, faultRuns.get(fault)!);
    const o = outcomeOf(plan, r);
    outcomes.push(o);
    // Every selected check ran (none lost to a file that failed to load).
    expect(r.checks.map((c) => c.id).sort()).toEqual([...plan.ids].sort());
    expect(o.missed, `declared to break ${fault} (or to be unsupported) but did not`).toEqual([]);
    // Each check fails for the reason it names; one root cause, one failure (fault-map.ts).
    expect(o.problems, `${fault} caught for another reason than declared`).toEqual([]);
    // A fault that only removes an optional feature leaves the gate to the rest: it passes.
    expect(r.exitCode).toBe(plan.declared.length === 0 && plan.unsupported.length > 0 ? 0 : 1);
  });

  it.skipIf(ONLY_FAULTS.length > 0)(
    `full suite through the CLI with ${FULL_SUITE_FAULT}: exit 1, the declared checks among the failing ones`,
    async () => {
      const r = await settled(fullPlan, fullRun, true);
      const o = outcomeOf(fullPlan, r, true);
      outcomes.push(o);
      // results.json lists every catalogue check with a verdict.
      expect(r.checks.map((c) => c.id).sort()).toEqual([...fileOf.keys()].sort());
      expect(o.missed).toEqual([]);
      expect(r.exitCode).toBe(1);
    },
  );
});
