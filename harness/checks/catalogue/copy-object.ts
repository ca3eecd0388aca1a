/**
 * Placeholder: the `suites2` engineer fills this interface's checks (and its suite).
 * Kept compiling so the aggregator can import all eight files from the start.
 */
import type { CheckDef } from "../types.ts";

export const checks: CheckDef[] = [];
