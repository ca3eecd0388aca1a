/**
 * Runs conformance suite files against a reference server started in this process with the
 * given faults, through vitest's Node API (TOOLCHAIN §6: no config file, the package as root,
 * target/profile/filters handed over with `provide`, as the CLI does), and returns every
 * selected check's graded verdict (`task.meta.ssec`) plus the exit status the CLI would give
 * (DESIGN.md "Exit status": 1 when any check is `fail`).
 *
 * Used by faults.test.ts in a child process (`node --import tsx suite-run.ts '<json>'`, the
 * result printed as one `@@result` JSON line), so the nested vitest run shares nothing with
 * the vitest that runs the self-test, and several faults can run side by side.
 */
import { appendFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { createVitest } from "vitest/node";
import { startServer } from "../server/index.ts";
import { createClient } from "../client/index.ts";
import { loadProfile } from "../checks/profile.ts";
import { checkIds } from "../checks/catalogue.ts";
import type { CheckOutcome, Verdict } from "../checks/types.ts";
import type { Target } from "../config/target.ts";

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

/** DESIGN.md "Exit status", without --strict: a `fail` fails the gate; nothing graded at all is exit 3. */
export function exitCodeOf(checks: readonly CheckVerdict[]): 0 | 1 | 3 {
  if (checks.some((c) => c.status === "fail")) return 1;
  if (checks.length === 0 || checks.every((c) => c.status === "error" || c.status === "skip")) return 3;
  return 0;
}

export async function runSuites(r: SuiteRunRequest): Promise<SuiteRunResult> {
  const started = performance.now();
  const dataDir = r.dataDir ? await mkdtemp(join(tmpdir(), "ssec-selftest-data-")) : undefined;
  const log = r.serverLog;
  const server = await startServer({
    faults: r.faults,
    ...(dataDir ? { dataDir } : {}),
    ...(log ? { log: (line: string) => appendFileSync(log, `${line}\n`) } : {}),
  });
  try {
    const bucket = `selftest-${process.pid}-${Date.now().toString(36)}`;
    const client = createClient({
      endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKey, secretAccessKey: server.secretKey, caPem: server.caPem,
    });
    const made = await client.send({ method: "PUT", bucket });
    await client.close();
    if (made.status !== 200) throw new Error(`cannot create the bucket: ${made.status}`);
    const profile = loadProfile(r.profile ?? "aws", checkIds());
    const target: Target = {
      endpoint: server.endpoint, ...(server.httpEndpoint ? { httpEndpoint: server.httpEndpoint } : {}),
      region: server.region, accessKeyId: server.accessKey, secretAccessKey: server.secretKey,
      bucket, bucketOwned: true, keyPrefix: "selftest/", virtualHosted: false, caPem: server.caPem, insecure: false,
      dialect: profile.dialect, profileName: profile.name, reference: true, ...(dataDir ? { referenceDataDir: dataDir } : {}),
      seed: r.seed, runs: r.runs, timeoutMs: 30_000, strict: r.strict ?? false,
    };
    const vitest = await createVitest(
      "test",
      {
        root: PACKAGE_ROOT,
        config: false,
        include: r.files,
        watch: false,
        reporters: [{}],
        provide: { target, profile, filters: { only: r.only, skip: [] } },
        testTimeout: 120_000,
        // Each child runs beside others (faults.test.ts runs several at once): one worker each.
        maxWorkers: 1,
      },
      { cacheDir: resolve(tmpdir(), "ssec-conformance-selftest-vite-cache") },
    );
    const checks: CheckVerdict[] = [];
    try {
      await vitest.start(r.files);
      for (const mod of vitest.state.getTestModules()) {
        for (const t of mod.children.allTests()) {
          const o: CheckOutcome | undefined = t.meta().ssec;
          if (o) checks.push({ id: o.id, status: o.status, durationMs: o.durationMs, ...(o.message ? { message: o.message } : {}) });
          else {
            // A test that left no outcome died before grading (collection error, crash): no verdict.
            const err = t.result().errors?.[0]?.message;
            checks.push({ id: t.name.split(" — ")[0], status: "error", durationMs: 0, message: err ?? `no outcome (${t.result().state})` });
          }
        }
        for (const e of mod.errors()) checks.push({ id: mod.moduleId, status: "error", durationMs: 0, message: e.message });
      }
    } finally {
      await vitest.close();
    }
    // Filtered-out checks are the CLI's "skip (filtered out)"; they say nothing about the fault.
    const selected = checks.filter((c) => !(c.status === "skip" && c.message?.startsWith("filtered out")));
    return { exitCode: exitCodeOf(selected), checks: selected, durationMs: Math.round(performance.now() - started) };
  } finally {
    await server.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const request = JSON.parse(process.argv[2] ?? "{}") as SuiteRunRequest;
  runSuites(request).then(
    (result) => {
      process.stdout.write(`\n@@result ${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    },
  );
}
