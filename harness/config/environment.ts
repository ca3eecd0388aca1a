/**
 * The process environment, read here and nowhere else in the harness (tests, the self-test and
 * the benchmark aside): the CLI's settings come from it (settings.ts reads the variables the flag
 * table names), and so do the terminal's colour, the environment `npm test` resolves its target
 * from, and the environment handed to the child processes and vitest runs the harness starts.
 */
import type { Env } from "./types.ts";

/** The environment of this process, for resolveRunSettings and the report settings. */
export function processEnv(): Env {
  return process.env;
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM is dumb. */
export function colourWanted(stream: { isTTY?: boolean }, env: Env = processEnv()): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== "dumb";
}

/**
 * The environment `npm test`'s conformance project resolves its target from: everything but AWS_*.
 * A developer's shell often points those at a real account, and the project's own tests must not
 * create buckets there; testing a real endpoint takes an explicit SSEC_ENDPOINT.
 */
export function projectTestEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("AWS_")));
}

/** This process's environment with some variables set, for a child process the harness spawns. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** What vitest's own CLI sets before a run (vitest/dist cli-api startVitest); suites may look at them. */
export function markVitestRun(env: NodeJS.ProcessEnv = process.env): void {
  env.TEST = "true";
  env.VITEST = "true";
  env.NODE_ENV ??= "test";
}
