/**
 * One root cause, one failure: a check that names a `control` (CheckDef.control) builds on the
 * capability that control checks (copying from an SSE-C source at all). When the control
 * fails outright and a dependent fails with the very same answer (the control got `501
 * NotImplemented`, so does the dependent), the dependent reports `blocked` by the control
 * instead of failing again for the same cause; the gate counts the control only. A dependent
 * that fails differently (the copy was made where it must be refused) is a failure of its own.
 *
 * The control's verdict is recorded as it is graded. In one suite file the control is
 * registered first (controls.test.ts checks the order), and since a file's checks run side by
 * side, a dependent whose control runs in the same file waits for the control's verdict before
 * it is graded (controlSettled; its body runs meanwhile). Across files the record is a small file per run
 * under the OS temporary directory, keyed by the target's endpoint, bucket and key prefix: a
 * dependent whose control has not been graded yet is graded on its own.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Target } from "../config/target.ts";
import { CATALOGUE } from "../checks/catalogue.ts";
import type { CheckDef, CheckOutcome, Verdict } from "../checks/types.ts";

/** A failed control, as its dependents name it. */
export interface FailedControl {
  id: string;
  status: Verdict;
  /** The control's expected/actual lines (already redacted). */
  summary: string;
}

interface ControlRecord {
  status: Verdict;
  summary: string;
  /** The answer the control failed on (`501 NotImplemented`), when it failed on a response. */
  actual?: string;
}

/** Ids some catalogue check names as its control. */
const CONTROLS = new Set(CATALOGUE.flatMap((c) => (c.control ? [c.control] : [])));
/** Verdicts that block the dependents: the server failed the control (or is declared to). */
const BLOCKING: ReadonlySet<Verdict> = new Set(["fail", "xfail"]);
/** Dependent verdicts a failed control turns into `blocked`; a pass stays a pass. */
const BLOCKABLE: ReadonlySet<Verdict> = new Set(["fail", "warn", "error"]);

/** This worker's records, by record file (so runs that share a worker never see each other's). */
const graded = new Map<string, ControlRecord>();

function runDir(target: Pick<Target, "endpoint" | "bucket" | "keyPrefix">): string {
  const run = createHash("sha256").update(`${target.endpoint}\n${target.bucket}\n${target.keyPrefix}`).digest("hex");
  return join(tmpdir(), "ssec-conformance-controls", run.slice(0, 24));
}

function fileOf(target: Pick<Target, "endpoint" | "bucket" | "keyPrefix">, id: string): string {
  return join(runDir(target), `${id}.json`);
}

/** The expected/actual lines of an outcome: what a dependent quotes as the control's failure. */
function summaryOf(o: CheckOutcome): string {
  if (o.expected !== undefined || o.actual !== undefined)
    return `expected ${o.expected ?? "?"}, actual ${o.actual ?? "?"}`;
  return (o.message ?? "").split("\n").slice(1, 3).join(" ").trim();
}

/** Controls of this file by id: settled once the control's test has ended, however it ended. */
const settled = new Map<string, { promise: Promise<void>; resolve: () => void }>();

function settlement(id: string): { promise: Promise<void>; resolve: () => void } {
  let s = settled.get(id);
  if (!s) {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    settled.set(id, (s = { promise, resolve }));
  }
  return s;
}

/** Whether `id` is some check's control (its dependents may wait for it). */
export function isControl(id: string): boolean {
  return CONTROLS.has(id);
}

/** The control `id`'s test of this file has ended (called whatever its verdict, skips included). */
export function controlEnded(id: string): void {
  settlement(id).resolve();
}

/** Resolves when the control `id`'s test of this file has ended; call only when that test is going to run. */
export function controlSettled(id: string): Promise<void> {
  return settlement(id).promise;
}

/** Record a graded check's verdict when it is some check's control (the outcome is already redacted). */
export function recordControl(target: Pick<Target, "endpoint" | "bucket" | "keyPrefix">, o: CheckOutcome): void {
  if (!CONTROLS.has(o.id)) return;
  const rec: ControlRecord = { status: o.status, summary: summaryOf(o), ...(o.actual ? { actual: o.actual } : {}) };
  graded.set(fileOf(target, o.id), rec);
  try {
    mkdirSync(runDir(target), { recursive: true });
    writeFileSync(fileOf(target, o.id), JSON.stringify(rec));
  } catch {
    // The cross-file record is a convenience: without it, other files grade their dependents alone.
  }
}

function recordOf(target: Pick<Target, "endpoint" | "bucket" | "keyPrefix">, id: string): ControlRecord | undefined {
  const here = graded.get(fileOf(target, id));
  if (here) return here;
  try {
    return JSON.parse(readFileSync(fileOf(target, id), "utf8")) as ControlRecord;
  } catch {
    return undefined;
  }
}

/**
 * The failed control that blocks `def`, whose own verdict is `verdict` and whose failure text
 * is `answer` (its `actual`, or its error message); undefined when nothing blocks it.
 */
export function blockingControl(
  target: Pick<Target, "endpoint" | "bucket" | "keyPrefix">,
  def: Pick<CheckDef, "control">,
  verdict: Verdict,
  answer: string | undefined,
): FailedControl | undefined {
  if (!def.control || !BLOCKABLE.has(verdict) || !answer) return undefined;
  const rec = recordOf(target, def.control);
  if (!rec || !BLOCKING.has(rec.status) || !rec.actual || !answer.includes(rec.actual)) return undefined;
  return { id: def.control, status: rec.status, summary: rec.summary };
}
