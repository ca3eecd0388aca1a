/**
 * Issue 9's suite figures: a full default `ssec-conformance run` (no endpoint: the in-process
 * reference server, default property runs) as a user starts it, timed from spawn to exit; the
 * check count comes from the run's results.json (its documented contract, harness/report/results.ts).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "./server-process.ts";

export interface SuiteRunResult {
  wallSeconds: number;
  exitCode: number | null;
  /** Checks that ran (every status but skip). */
  checks: number;
  summary: Record<string, number>;
  /** results.json `exchanges` (issue 16): HTTP exchanges and connections of the checks; null in an older file. */
  exchanges: number | null;
  connections: number | null;
}

interface ResultsFile {
  summary: Record<string, number>;
  checks: { id: string; status: string }[];
  exchanges?: { total: number; connections: number };
}

export interface SuiteRunOptions {
  /** Arguments after `run --report-dir DIR` (an endpoint and its credentials). */
  args?: string[];
  /** Files to write into the run's working directory first (a CA certificate), by name. */
  files?: Record<string, string>;
}

/** The environment of a user with no target configured: no AWS_ or SSEC_ variable leaks in. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|SSEC_)/.test(k)) env[k] = v;
  return { ...env, NO_COLOR: "1" };
}

export async function runSuite(
  log: (line: string) => void = () => undefined,
  opts: SuiteRunOptions = {},
): Promise<SuiteRunResult> {
  const work = await mkdtemp(join(tmpdir(), "ssec-bench-run-"));
  try {
    for (const [name, text] of Object.entries(opts.files ?? {})) await writeFile(join(work, name), text);
    const reportDir = join(work, "reports");
    const bin = resolve(PACKAGE_ROOT, "bin/ssec-conformance.js");
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, "run", "--report-dir", reportDir, ...(opts.args ?? [])], {
      cwd: work,
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tail: string[] = [];
    const keep = (d: Buffer) => {
      for (const l of d.toString("utf8").split("\n")) if (l.trim()) tail.push(l);
      while (tail.length > 20) tail.shift();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const exitCode = await new Promise<number | null>((res, rej) => {
      child.once("error", rej);
      child.once("close", (code) => res(code));
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const file = join(reportDir, "results.json");
    if (!existsSync(file)) {
      throw new Error(`the run (exit ${exitCode}) wrote no ${file}; its last lines:\n${tail.join("\n")}`);
    }
    const results = JSON.parse(await readFile(file, "utf8")) as ResultsFile;
    const checks = results.checks.filter((c) => c.status !== "skip").length;
    log(`suite: exit ${exitCode} in ${wallSeconds.toFixed(1)} s, ${checks} checks run; ${tail[tail.length - 1] ?? ""}`);
    return {
      wallSeconds,
      exitCode,
      checks,
      summary: results.summary,
      exchanges: results.exchanges?.total ?? null,
      connections: results.exchanges?.connections ?? null,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
