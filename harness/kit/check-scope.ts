/**
 * The check a request belongs to, whatever client sent it (the file's, a property's own): its
 * transcript and its exchange and connection counts (results.json `exchanges`, `connections`).
 * An AsyncLocalStorage rather than a "current check" variable, so that checks of one file may
 * run side by side and still each get their own exchanges.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Transcript } from "./transcript.ts";

export interface CheckScope {
  transcript: Transcript;
  /** Exchanges sent by any client of the check (retried attempts included). */
  exchanges: number;
  /** Connections opened for the check's requests. */
  connections: number;
}

const scope = new AsyncLocalStorage<CheckScope>();

/** Runs `body` as the check of `s`: every exchange and connection its requests make is counted there. */
export function inCheck<T>(s: CheckScope, body: () => Promise<T>): Promise<T> {
  return scope.run(s, body);
}

/** The check whose request this is, or undefined (a file's afterAll, a set-up outside any check). */
export function currentCheck(): CheckScope | undefined {
  return scope.getStore();
}
