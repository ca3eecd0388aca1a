/**
 * Runs ONE property check of suites/properties against a reference server started in this
 * process with the given faults, through vitest's Node API (no config file, the
 * package as root, target/profile/filters handed over with `provide`), and returns what the
 * check left: its graded outcome (`task.meta.ssec`: verdict, seed, path, counterexample) and
 * the failure message vitest printed.
 *
 * Used by properties-fault.test.ts in a child process (`node --import tsx property-run.ts
 * '<json>'`, printing the result as JSON), so the nested vitest run shares nothing with the
 * vitest that runs the self-test.
 */
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { tmpdir } from "node:os";
import { createVitest } from "vitest/node";
import { startServer } from "../server/index.ts";
import type { CheckOutcome } from "../checks/types.ts";
import type { Target } from "../config/target.ts";
import { referenceTarget } from "./reference-target.ts";

const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface PropertyRunRequest {
  /** Test file under the package root, e.g. `suites/properties/bad-md5.test.ts`. */
  file: string;
  /** The check id to run (the file's other checks are filtered out). */
  id: string;
  faults: string[];
  seed: number;
  runs: number;
  profile?: string;
  /** Target fields set as the CLI would (the stateful budgets, the script directory). */
  target?: Partial<Target>;
}

export interface PropertyRunResult {
  /** vitest's state of the test: passed / failed / skipped. */
  state: string;
  outcome?: CheckOutcome;
  /** The failure message vitest reports (the h2spec text). */
  message?: string;
}

export async function runPropertyCheck(r: PropertyRunRequest): Promise<PropertyRunResult> {
  const server = await startServer({ faults: r.faults, httpPort: null });
  try {
    const made = await referenceTarget(server, {
      bucket: `selftest-props-${process.pid}-${Date.now()}`,
      profile: r.profile,
      seed: r.seed,
      runs: r.runs,
    });
    const { profile } = made;
    const target: Target = { ...made.target, ...r.target };
    const vitest = await createVitest(
      "test",
      {
        root: PACKAGE_ROOT,
        config: false,
        include: [r.file],
        watch: false,
        reporters: [{}],
        provide: { target, profile, filters: { only: [r.id], skip: [] } },
        testTimeout: 600_000,
      },
      { cacheDir: resolve(tmpdir(), "ssec-conformance-selftest-vite-cache") },
    );
    try {
      await vitest.start([r.file]);
      for (const mod of vitest.state.getTestModules()) {
        for (const t of mod.children.allTests()) {
          const outcome = t.meta().ssec;
          if (outcome?.id !== r.id) continue;
          const result = t.result();
          return { state: result.state, outcome, message: result.errors?.[0]?.message };
        }
      }
      return { state: "missing" };
    } finally {
      await vitest.close();
    }
  } finally {
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const request = JSON.parse(process.argv[2] ?? "{}") as PropertyRunRequest;
  runPropertyCheck(request).then(
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
