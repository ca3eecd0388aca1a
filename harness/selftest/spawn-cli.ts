/** Runs the real bin (bin/ssec-conformance.js) as a user would, capturing everything it prints. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../config/version.ts";

export const BIN = resolve(PACKAGE_ROOT, "bin/ssec-conformance.js");

/**
 * Node's arguments for a self-test child that runs a TypeScript file: the plain-JS dependencies
 * first (bin/preload-deps.js, seconds per child), then tsx's hooks.
 */
export const TSX_CHILD_ARGS: readonly string[] = [
  "--import",
  new URL("../../bin/preload-deps.js", import.meta.url).href,
  "--import",
  "tsx",
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const scratch: string[] = [];
// Each report directory holds a multi-megabyte HTML file: remove them when the test process ends
// (set SSEC_KEEP_SELFTEST=1 to keep them for a look).
process.once("exit", () => {
  if (process.env.SSEC_KEEP_SELFTEST) return;
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A scratch working directory, so reports land outside the repository. */
export function scratchDir(label: string): string {
  const d = mkdtempSync(join(tmpdir(), `ssec-selftest-${label}-`));
  scratch.push(d);
  return d;
}

/**
 * Environment for the child: no inherited endpoint or credentials (a developer's AWS_* must not
 * send the self-test anywhere), no colour.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|SSEC_)/.test(k) && k !== "FORCE_COLOR") env[k] = v;
  // vitest marks its own workers; the child is a fresh CLI, not a worker.
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  delete env.TEST;
  delete env.NODE_ENV;
  return { ...env, NO_COLOR: "1", ...extra };
}

export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? PACKAGE_ROOT,
      env: cleanEnv(opts.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 300_000);
    child.on("error", rej);
    child.on("close", (code) => {
      clearTimeout(timer);
      res({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** What a started reference server tells about itself (RunningServer). */
interface ServedTarget {
  endpoint: string;
  httpEndpoint?: string;
  caFile: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

/** The flags that point a run at a started reference server as at any endpoint (`--http-endpoint` when it has one). */
export function endpointArgs(s: ServedTarget): string[] {
  return [
    "--endpoint",
    s.endpoint,
    ...(s.httpEndpoint ? ["--http-endpoint", s.httpEndpoint] : []),
    "--ca",
    s.caFile,
    "--access-key",
    s.accessKey,
    "--secret-key",
    s.secretKey,
    "--region",
    s.region,
  ];
}
