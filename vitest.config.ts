import { defineConfig } from "vitest/config";

/**
 * The test files that run whole suites many times over (each fault's run, the stateful faults and
 * their scripts, the property faults, a full run searched for keys, the CI recipes' shards, the
 * interrupted runs): `npm run test:long`, which CI runs after `npm test`.
 */
const LONG = [
  "harness/selftest/faults.test.ts",
  "harness/selftest/stateful.test.ts",
  "harness/selftest/properties-fault.test.ts",
  "harness/selftest/ci-recipes.test.ts",
  "harness/selftest/lifecycle.test.ts",
  "harness/server-testing/reliability/key-hygiene.test.ts",
  "harness/selftest/interop-tools.test.ts",
];

/**
 * Four projects, kept apart:
 * - unit: the harness's own tests (client, server, catalogue, CLI), `harness/**\/*.test.ts`;
 * - conformance: the suites against the bundled reference server, `suites/**\/*.test.ts`;
 * - selftest: the CLI end to end, reports, profiles, usage, `harness/selftest/**\/*.test.ts`;
 * - long: the files in LONG, left out of the three others.
 * `npm test` runs the first three, `npm run test:long` the fourth.
 */
export default defineConfig({
  test: {
    // Vitest's default on this 2-CPU machine is one file at a time; most files wait on servers and
    // child processes, so three at a time keep both CPUs busy (SSEC_TEST_WORKERS to change it).
    maxWorkers: Number(process.env.SSEC_TEST_WORKERS) || 3,
    projects: [
      {
        test: {
          name: "unit",
          include: ["harness/**/*.test.ts"],
          exclude: ["harness/selftest/**", "**/node_modules/**", ...LONG],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "conformance",
          include: ["suites/**/*.test.ts"],
          // Starts the reference server (or uses SSEC_ENDPOINT / AWS_ENDPOINT_URL… when set),
          // creates the run's bucket, provides target/profile/filters, cleans up afterwards.
          globalSetup: ["harness/runner/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "selftest",
          include: ["harness/selftest/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...LONG],
          // Each test drives the real CLI through whole runs.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: "long",
          include: LONG,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
