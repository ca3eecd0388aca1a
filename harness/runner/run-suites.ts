/**
 * Runs the packaged suites with vitest's Node API: no config file, the package
 * as root (so it works from any cwd and from node_modules), absolute paths everywhere, the
 * allure-vitest reporter passed as an instance (gotcha 7) with reportMatchers off (gotcha 3),
 * the target/profile/filters handed over with provide.
 *
 * Vitest's logger installs SIGINT/SIGTERM handlers that exit the process a millisecond later;
 * the run's cleanup would never happen. They are refused as they are added (interrupts.ts
 * refusingSignalListeners): the caller's run-wide handler is the only one, and gets the means to
 * cancel the run through `cancelWith`.
 */
import { Writable } from "node:stream";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { createVitest, type Reporter } from "vitest/node";
import AllureReporter from "allure-vitest/reporter";
import type { Target } from "../config/target.ts";
import type { Profile } from "../checks/types.ts";
import { filteredOutReason, type CheckFilters } from "../config/filters.ts";
import { CATALOGUE } from "../checks/catalogue.ts";
import { suiteFilesFor } from "../checks/suite-files.ts";
import type { FeatureMap } from "../checks/features.ts";
import type { Shard } from "../config/settings.ts";
import { markVitestRun } from "../config/environment.ts";
import { PACKAGE_ROOT, TOOL_VERSION } from "../config/version.ts";
import { redact } from "../secrets/redact.ts";
import { refusingSignalListeners } from "./interrupts.ts";

export const SUITES_GLOB = "suites/**/*.test.ts";
/** vitest maxConcurrency: the checks of one suite file running at once. */
export const CHECKS_IN_FLIGHT = 12;
export const GLOBAL_SETUP = resolve(PACKAGE_ROOT, "harness/runner/global-setup.ts");

export interface SuiteRun {
  target: Target;
  profile: Profile;
  filters: CheckFilters;
  /** What the set-up's probes found of the optional features (runner/feature-probes.ts). */
  features?: FeatureMap;
  shard?: Shard;
  concurrency: number;
  timeoutMs: number;
  /** Absolute. */
  allureResultsDir: string;
  environmentInfo: Record<string, string>;
  reporters: Reporter[];
  /** Where vitest's own messages (load errors, warnings) go, already split in lines; redacted here. */
  log: (line: string) => void;
  /** Receives the function that cancels the run (the first SIGINT/SIGTERM calls it). */
  cancelWith: (cancel: () => void) => void;
}

/** A writable that hands vitest's output, redacted, to a line sink. */
function lineSink(log: (line: string) => void): Writable {
  let buf = "";
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      buf += chunk.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const l of lines) log(redact(l));
      cb();
    },
    final(cb) {
      if (buf) log(redact(buf));
      cb();
    },
  });
}

/**
 * The suite files a run loads: only those that register a selected check (a file costs its
 * import and fixtures even when --only filters out all of its checks); all of them when the
 * filters select nothing, so that the run still says so check by check.
 */
export function suiteInclude(filters: CheckFilters): string[] {
  const selected = CATALOGUE.filter((c) => !filteredOutReason(filters, c.id)).map((c) => c.id);
  return selected.length ? suiteFilesFor(selected) : [SUITES_GLOB];
}

export async function runSuites(o: SuiteRun): Promise<void> {
  markVitestRun();

  const sink = lineSink(o.log);
  const vitest = await refusingSignalListeners(() =>
    createVitest(
      "test",
      {
        root: PACKAGE_ROOT,
        config: false,
        include: suiteInclude(o.filters),
        watch: false,
        globalSetup: [GLOBAL_SETUP],
        provide: {
          target: o.target,
          profile: o.profile,
          filters: o.filters,
          ...(o.features ? { features: o.features } : {}),
        },
        reporters: [
          ...o.reporters,
          new AllureReporter({
            resultsDir: o.allureResultsDir,
            reportMatchers: false,
            environmentInfo: o.environmentInfo,
          }),
        ],
        maxWorkers: o.concurrency,
        fileParallelism: o.concurrency > 1,
        // Checks of one file in flight at once (they run side by side: kit/check.ts); each waits
        // mostly on round trips, so against a distant endpoint more in flight is less wall time.
        maxConcurrency: CHECKS_IN_FLIGHT,
        // A check is many requests (a property: runs × requests), each bounded by the per-request timeout.
        testTimeout: Math.max(120_000, o.timeoutMs * 10),
        hookTimeout: Math.max(60_000, o.timeoutMs * 4),
        passWithNoTests: true,
        // Transformed modules cached on disk (under cacheDir) between runs: about 2 s of CPU per run.
        experimental: { fsModuleCache: true },
        ...(o.shard ? { shard: `${o.shard.index}/${o.shard.count}` } : {}),
      },
      // Keep Vite's cache out of the package (it may sit read-only in node_modules) and out of the report dir.
      { cacheDir: resolve(tmpdir(), `ssec-conformance-${TOOL_VERSION}-vite-cache`) },
      { stdout: sink as unknown as NodeJS.WriteStream, stderr: sink as unknown as NodeJS.WriteStream },
    ),
  );

  o.cancelWith(() => void vitest.cancelCurrentRun("keyboard-input"));
  try {
    await vitest.start([]);
  } catch (e) {
    // FilesNotFoundError and friends: the collector reports "no checks ran" via the graded results.
    o.log(redact(`vitest: ${(e as Error).message}`));
  } finally {
    await vitest.close();
    sink.end();
  }
}
