/**
 * The suite catches every fault the reference server can inject (issue 7). For each fault in
 * harness/server/faults.ts: start the reference server with that fault, run the conformance
 * suites restricted to the checks the fault map names (declared breaks + neighbours), and assert
 * that the run fails the gate (exit 1) and that every declared check is among the failing ones.
 * One fault also runs over the whole suite, and a control run of every selected check against
 * the correct server must pass — so a failure is the fault's doing, not the check's.
 *
 * Each run is a child process (suite-run.ts: vitest's Node API, as the CLI drives it), several
 * side by side (SSEC_SELFTEST_JOBS, default: the machine's parallelism, at most 4). The kill
 * matrix and `faults: K caught, S missed` are printed at the end.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULTS, type FaultName } from "../server/faults.ts";
import { collectRegisteredIds } from "../checks/run-check.ts";
import { FAULT_MAP, FULL_SUITE_FAULT } from "./fault-map.ts";
import { killMatrix, outcomeOf, planFor, type FaultOutcome, type FaultPlan } from "./fault-plan.ts";
import type { SuiteRunRequest, SuiteRunResult } from "./suite-run.ts";

const RUNNER = fileURLToPath(new URL("./suite-run.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SEED = 42;
const RUNS = 100;

function suiteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? suiteFiles(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [join(dir, e.name)] : []);
}

/** Which suite file registers each check (imported with registration off: no test runs here). */
async function registry(): Promise<Map<string, string>> {
  const fileOf = new Map<string, string>();
  for (const file of suiteFiles(join(ROOT, "suites")).sort()) {
    const ids = await collectRegisteredIds(() => import(file));
    for (const id of ids) fileOf.set(id, relative(ROOT, file));
  }
  return fileOf;
}

function runSuites(req: SuiteRunRequest): Promise<SuiteRunResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    for (const k of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "TEST"]) delete env[k];
    const child = spawn(process.execPath, ["--import", "tsx", RUNNER, JSON.stringify(req)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("@@result "));
      if (code !== 0 || !line) reject(new Error(`suite-run exited ${code} for faults [${req.faults.join(", ")}]\n${err.slice(-4000)}\n${out.slice(-4000)}`));
      else resolve(JSON.parse(line.slice("@@result ".length)) as SuiteRunResult);
    });
  });
}

function request(plan: FaultPlan, faults: string[]): SuiteRunRequest {
  return {
    faults, files: plan.files, only: plan.only, dataDir: plan.dataDir, strict: plan.strict, seed: SEED, runs: RUNS,
    ...(process.env.SSEC_SELFTEST_SERVER_LOG ? { serverLog: join(process.env.SSEC_SELFTEST_SERVER_LOG, `${plan.fault}.log`) } : {}),
  };
}

/** Runs `jobs` with at most `width` at a time, longest first (they are listed that way). */
function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T>[] {
  const results: Promise<T>[] = [];
  let next = 0;
  const settle: ((v: Promise<T>) => void)[] = [];
  for (let i = 0; i < jobs.length; i++) results.push(new Promise<T>((r) => settle.push(r)));
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      const p = jobs[i]();
      settle[i](p);
      await p.catch(() => undefined);
    }
  };
  for (let i = 0; i < Math.min(width, jobs.length); i++) void lane();
  return results;
}

const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];
const fileOf = await registry();
const plans = new Map(FAULT_NAMES.map((f) => [f, planFor(f, FAULT_MAP[f], fileOf)]));
const fullPlan = { ...planFor(FULL_SUITE_FAULT, FAULT_MAP[FULL_SUITE_FAULT], fileOf, true), dataDir: true };
/** The correct server against every check any fault run selects (with --data-dir, --strict: nothing may even warn). */
const controlIds = [...new Set([...plans.values()].flatMap((p) => p.ids))];
const controlPlan: FaultPlan = {
  fault: "(none: control)", only: controlIds, declared: [], ids: controlIds,
  files: [...new Set(controlIds.map((id) => fileOf.get(id)!))].sort(), dataDir: true, strict: true,
};

const width = Math.max(1, Math.min(4, Number(process.env.SSEC_SELFTEST_JOBS) || availableParallelism()));
const started = Date.now();
let fullRun: Promise<SuiteRunResult>;
let controlRun: Promise<SuiteRunResult>;
const faultRuns = new Map<FaultName, Promise<SuiteRunResult>>();
const outcomes: FaultOutcome[] = [];

beforeAll(() => {
  // The full-suite run is the longest: start it first so the short ones fill the other lanes.
  const jobs: (() => Promise<SuiteRunResult>)[] = [
    () => runSuites(request(fullPlan, [FULL_SUITE_FAULT])),
    () => runSuites(request(controlPlan, [])),
    ...FAULT_NAMES.map((f) => () => runSuites(request(plans.get(f)!, [f]))),
  ];
  const promises = pool(jobs, width);
  fullRun = promises[0];
  controlRun = promises[1];
  FAULT_NAMES.forEach((f, i) => faultRuns.set(f, promises[i + 2]));
  // Tests await them one by one; unawaited rejections are reported by the test that awaits them.
  for (const p of promises) p.catch(() => undefined);
});

afterAll(() => {
  if (outcomes.length === 0) return;
  const declared = new Map([...plans].map(([f, p]) => [f as string, p.declared]));
  const order = (o: FaultOutcome) => (o.full ? FAULT_NAMES.length : FAULT_NAMES.indexOf(o.fault as FaultName));
  const text = killMatrix([...outcomes].sort((a, b) => order(a) - order(b)), declared);
  console.log(`${text}\nself-test wall time: ${((Date.now() - started) / 1000).toFixed(1)} s (${width} runs at a time)`);
});

describe("the suites catch every injected fault", () => {
  it("control: every selected check passes against the correct server (--strict, --data-dir)", async () => {
    const r = await controlRun;
    const bad = r.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.status}\n${c.message ?? ""}`);
    expect(bad).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.checks.map((c) => c.id).sort()).toEqual([...controlIds].sort());
  });

  it.each(FAULT_NAMES)("%s: the run fails and the declared checks are among the failing ones", async (fault) => {
    const plan = plans.get(fault)!;
    const r = await faultRuns.get(fault)!;
    const o = outcomeOf(plan, r);
    outcomes.push(o);
    // Every selected check ran (none lost to a file that failed to load).
    expect(r.checks.map((c) => c.id).sort()).toEqual([...plan.ids].sort());
    expect(o.missed, `declared to break ${fault} but did not fail`).toEqual([]);
    expect(r.exitCode).toBe(1);
  });

  it(`full suite with ${FULL_SUITE_FAULT}: fails, the declared checks among the failing ones`, async () => {
    const r = await fullRun;
    const o = outcomeOf(fullPlan, r, true);
    outcomes.push(o);
    expect(r.checks.length).toBe(fileOf.size);
    expect(o.missed).toEqual([]);
    expect(r.exitCode).toBe(1);
  });
});
