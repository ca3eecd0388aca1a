/**
 * `check(id, body)` registers one vitest test per catalogue check; `runCheck` (run-check.ts) runs
 * it. A `fail` or `error` fails the vitest test (its message is the h2spec-style text); `skip`
 * skips it; pass, warn, xfail and xpass leave it passed (the CLI applies --strict to xpass).
 */
import { inject, test } from "vitest";
import type { TestContext } from "vitest";
import { getCheck } from "../checks/catalogue.ts";
import type { CheckContext } from "./types.ts";
import { runCheck } from "./run-check.ts";
import { filteredOut } from "./selection.ts";
import { controlEnded, isControl } from "./controls.ts";
import type { CheckFilters } from "../config/filters.ts";

export interface CheckOptions {
  /** Per-check timeout in ms (default 120 s: a 5 MiB round trip on a slow link). */
  timeout?: number;
  /**
   * Run alone, not side by side with the other checks of its file. The checks of a file run
   * concurrently (vitest `concurrent`, at most `maxConcurrency` at a time): most of a check is
   * waiting for answers, and its objects, keys and part numbers are its own (fixtures shared
   * with `shared()` are made once, by whichever check asks first). A check whose body depends on
   * what another check of the file does or has done says so here.
   */
  serial?: boolean;
}

// While set, `check()` records ids instead of registering tests (the catalogue lint's
// "every check is run by a suite" uses it; see collectRegisteredIds).
let collecting: string[] | undefined;

/**
 * The check ids that `load` (importing suite files) registers, without registering any test.
 * An id registered twice appears twice.
 */
export async function collectRegisteredIds(load: () => Promise<unknown>): Promise<string[]> {
  const ids: string[] = [];
  collecting = ids;
  try {
    await load();
  } finally {
    collecting = undefined;
  }
  return ids;
}

/** Register the catalogue check `id` as one vitest test. Throws at collection on an unknown id. */
export function check(id: string, body: (ctx: CheckContext) => Promise<void>, opts: CheckOptions = {}): void {
  const def = getCheck(id);
  if (collecting) {
    collecting.push(def.id);
    return;
  }
  // A check --only/--skip leaves out is not registered at all: the results grade it "filtered
  // out" from the catalogue (report/results.ts gradeChecks), and its file skips no test per check.
  if (filteredOut(def.id, inject("filters") as CheckFilters | undefined)) return;
  const control = isControl(def.id);
  const options = { timeout: opts.timeout ?? 120_000, ...(opts.serial ? { sequential: true } : { concurrent: true }) };
  test(`${def.id} — ${def.title}`, options, async (tctx: TestContext) => {
    try {
      await runCheck(def, body, tctx);
    } finally {
      if (control) controlEnded(def.id);
    }
  });
}
