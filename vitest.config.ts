import { defineConfig } from "vitest/config";

/**
 * Three projects, kept apart:
 * - unit: the harness's own tests (client, server, catalogue, CLI), `harness/**\/*.test.ts`;
 * - conformance: the suites against the bundled reference server, `suites/**\/*.test.ts`;
 * - selftest: the CLI end to end, fault injection, reports, `harness/selftest/**\/*.test.ts`.
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
          exclude: ["harness/selftest/**", "**/node_modules/**"],
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
          // Each test drives the real CLI through whole runs.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
