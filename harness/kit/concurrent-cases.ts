/**
 * The first pass of a property or stateful check: the cases fast-check would run, in its order
 * (`fc.sample` with the run's seed yields exactly the values `fc.check` generates, after the
 * coverage examples), run a few at a time. A run is mostly round trips, so against an endpoint
 * 100 ms away eight cases in flight take an eighth of the time.
 *
 * Only a passing property ends here. On the first wrong answer the caller replays fast-check
 * itself from that case (`path: "<index>"`), one case at a time, so the shrinking, the path and
 * the counterexample are what a sequential run reports. Cases are launched in index order and no
 * new case starts after a failure, so every case before the lowest failing index has passed.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ExchangeRecord } from "../client/types.ts";

/** Cases in flight per property (and per stateful check). */
export const CASE_CONCURRENCY = 8;
/**
 * Cases in flight in this worker, over all its properties running side by side (a file's checks
 * run concurrently): bounds what one worker asks of the server at once, and its new connections.
 */
export const WORKER_CASE_LIMIT = 16;

let inFlight = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<void> {
  if (inFlight < WORKER_CASE_LIMIT) {
    inFlight++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else inFlight--;
}

/** The case a request belongs to: its exchanges, while cases run side by side. */
const currentCase = new AsyncLocalStorage<ExchangeRecord[]>();

/** The exchanges of the case whose request this is, or undefined outside the first pass. */
export function caseExchanges(): ExchangeRecord[] | undefined {
  return currentCase.getStore();
}

/** The lowest-index case that did not pass. */
export interface FirstFailure<T> {
  index: number;
  value: T;
  error: unknown;
  /** Its exchanges, in order. */
  exchanges: ExchangeRecord[];
}

export interface FirstPass<T> {
  /** Cases started. */
  ran: number;
  failure?: FirstFailure<T>;
  /** The time limit stopped the pass before every case had started. */
  interrupted: boolean;
}

/**
 * Runs `values` in order, at most `limit` at a time; stops starting cases at the first failure
 * (any throw: a wrong answer or a transport error, the caller tells them apart) or once
 * `deadline` (performance.now() ms) has passed, and waits for those in flight.
 */
export async function runCases<T>(
  values: readonly T[],
  run: (value: T) => Promise<void>,
  opts: { limit?: number; deadline?: number } = {},
): Promise<FirstPass<T>> {
  const limit = Math.max(1, opts.limit ?? CASE_CONCURRENCY);
  let next = 0;
  const found: { failure?: FirstFailure<T> } = {};
  let interrupted = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      await slot(); // taken before the case is chosen: no case starts after a failure
      if (next >= values.length || found.failure) return release();
      if (opts.deadline !== undefined && performance.now() > opts.deadline) {
        interrupted = true;
        return release();
      }
      const index = next++;
      const value = values[index]!;
      const exchanges: ExchangeRecord[] = [];
      try {
        await currentCase.run(exchanges, () => run(value));
      } catch (error) {
        // Read again after the await: another case may have failed meanwhile.
        const earlier = found.failure as FirstFailure<T> | undefined;
        if (!earlier || index < earlier.index) found.failure = { index, value, error, exchanges };
      } finally {
        release();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  const { failure } = found;
  return { ran: next, ...(failure ? { failure } : {}), interrupted: interrupted && !failure };
}
