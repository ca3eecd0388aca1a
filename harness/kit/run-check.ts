/**
 * The check runner: `check(id, body)` registers one vitest test per catalogue check, runs its body
 * against the injected target with a context (client, fresh object keys, customer keys,
 * assertions that compare status + S3 error Code only, a transcript), grades the verdict against
 * the profile and leaves it in `task.meta.ssec` for reporters and the CLI.
 *
 * A `fail` or `error` fails the vitest test (its message is the h2spec-style text); `skip` skips
 * it; pass, warn, xfail and xpass leave it passed (the CLI applies --strict to xpass).
 */
import { afterAll, inject, test } from "vitest";
import type { TestContext } from "vitest";
import type { HeaderList, S3Client, S3Request, S3Response } from "../client/types.ts";
import type { Target } from "../config/target.ts";
import { describeTarget } from "../config/target.ts";
import type { CheckFilters } from "../config/filters.ts";
import type { CheckDef, CheckOutcome, Expectation, Profile } from "../checks/types.ts";
import { getCheck } from "../checks/catalogue.ts";
import { deviationFor, expectationFor, matchesGlob } from "../checks/profile.ts";
import { describeActual, describeExpectation, formatOutcome, grade } from "../checks/grade.ts";
import type { RawOutcome } from "../checks/grade.ts";
import { registerSentKeys, Transcript } from "./transcript.ts";
import { deriveKey } from "../ssec/index.ts";
import type { CustomerKey } from "../ssec/index.ts";
import { openClient } from "./open-client.ts";
import { attachTranscript, labelCheck } from "./allure-labels.ts";
import { redact } from "../secrets/redact.ts";
import { S3TransportError } from "../client/index.ts";
import { replayCommand } from "../config/replay.ts";

/** What a property check leaves for replay (`--seed`), shown in every report (keys redacted). */
export interface PropertyReplay {
  seed: number;
  path: string;
  counterexample: string;
}

/** The server answered wrongly: graded fail / warn / xfail. */
export class CheckFailure extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly detail?: string,
    /** Set by property checks (suites/properties): lands in the outcome's seed/path/counterexample. */
    readonly replay?: PropertyReplay,
  ) {
    super(`expected: ${expected}\nactual: ${actual}${detail ? `\n${detail}` : ""}`);
    this.name = "CheckFailure";
  }
}

/** The check cannot be run here (no plain-HTTP endpoint, feature not implemented): skip. */
export class CheckSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "CheckSkip";
  }
}

/** A step the check depends on failed (fixture upload): no verdict on this check — error. */
export class PreconditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreconditionError";
  }
}

export interface CheckContext {
  readonly def: CheckDef;
  readonly target: Target;
  readonly profile: Profile;
  readonly client: S3Client;
  readonly bucket: string;
  readonly dialect: "amz" | "obs";
  /** Send with the run's bucket unless the request names another. */
  send(req: S3Request): Promise<S3Response>;
  /** A fresh object key under target.keyPrefix, unique within the run. */
  objectKey(label?: string): string;
  /** A customer key unique to this check and label, reproducible from the run's seed. */
  customerKey(label?: string, length?: number): CustomerKey;
  /** The check's expectation: the profile's named one (or `fallback`), with deviations applied. */
  expected(fallback?: Expectation): Expectation;
  /** Another named profile expectation (a secondary step of the check, e.g. the wrong-key read after a rotation). */
  expectation(name: string): Expectation;
  /** Asserts status and S3 error Code (never Message) against `expectation` (default: expected()). */
  expectError(res: S3Response, expectation?: Expectation): void;
  /** Asserts a 4xx refusal, whatever the code (the MUST half of a transport check). */
  expectRefused(res: S3Response): void;
  /** Asserts a success status (e.g. 200 or [200, 204]). */
  expectStatus(res: S3Response, status: number | readonly number[], what?: string): void;
  /** Fails unless `actual === expected`. */
  expectEqual<T>(actual: T, expected: T, what: string): void;
  /** Fails with expected/actual text. */
  fail(expected: string, actual: string, detail?: string): never;
  /** Requires a fixture step to have succeeded; otherwise the check errors (no verdict). */
  require(res: S3Response, status: number | readonly number[], what: string): void;
  skip(reason: string): never;
  note(text: string): void;
}

/** `400 InvalidRequest`-style summary of a response. */
export function describeResponse(res: S3Response): string {
  return describeActual(res.status, res.error?.code);
}

/**
 * Does a response satisfy an expectation? code undefined = any S3 error Code (an error status
 * still needs an `<Error>` body, except on HEAD and streamed reads, which have none to parse);
 * null = no error body (HEAD).
 */
export function satisfies(res: S3Response, e: Expectation): boolean {
  if (res.status !== e.status) return false;
  if (e.code === undefined)
    return res.status < 300 || res.exchange.method === "HEAD" || res.stream !== undefined || res.error !== undefined;
  if (e.code === null) return res.error === undefined;
  return res.error?.code === e.code;
}

function statusList(s: number | readonly number[]): readonly number[] {
  return typeof s === "number" ? [s] : s;
}

/** Is the check selected by --only / --skip? Returns the reason when it is filtered out. */
export function filteredOut(id: string, filters: CheckFilters | undefined): string | undefined {
  if (!filters) return undefined;
  if (filters.only.length > 0 && !filters.only.some((g) => matchesGlob(g, id))) {
    return `filtered out: not matched by --only ${filters.only.join(", ")}`;
  }
  const skipGlob = filters.skip.find((g) => matchesGlob(g, id));
  if (skipGlob) return `filtered out by --skip ${skipGlob}`;
  return undefined;
}

// One client per test file (vitest isolates files), routed to the running check's transcript.
// Checks in a file run one at a time, so `current` is unambiguous.
let client: S3Client | undefined;
let current: Transcript | undefined;
const keyCounters = new Map<string, number>();
let objectCounter = 0;

async function fileClient(target: Target): Promise<S3Client> {
  client ??= await openClient(target, (e) => {
    registerSentKeys(e);
    current?.record(e);
  });
  return client;
}

afterAll(async () => {
  await client?.close();
  client = undefined;
});

function makeContext(
  def: CheckDef,
  target: Target,
  profile: Profile,
  c: S3Client,
  transcript: Transcript,
): CheckContext {
  const ctx: CheckContext = {
    def,
    target,
    profile,
    client: c,
    bucket: target.bucket,
    dialect: target.dialect,
    send: (req) => c.send({ bucket: target.bucket, ...req }),
    objectKey: (label = "obj") => `${target.keyPrefix}${def.id}/${label}-${++objectCounter}`,
    customerKey: (label = "key", length = 32) => {
      const n = (keyCounters.get(`${def.id}/${label}`) ?? 0) + 1;
      keyCounters.set(`${def.id}/${label}`, n);
      return deriveKey(target.seed, `${def.id}/${label}/${n}`, length);
    },
    expected: (fallback) => expectationFor(profile, def, fallback),
    expectation(name) {
      const e = profile.expectations[name];
      if (!e) throw new Error(`profile "${profile.name}" has no expectation "${name}" (used by ${def.id})`);
      return e;
    },
    expectError(res, expectation) {
      let e = expectation ?? ctx.expected();
      // A HEAD response has no body, so no error Code to compare (BEHAVIOUR E14-E16).
      if (res.exchange.method === "HEAD" && e.code) e = { ...e, code: null };
      if (!satisfies(res, e)) {
        const msg = res.error?.message ? `server message: ${res.error.message}` : undefined;
        throw new CheckFailure(describeExpectation(e), describeResponse(res), msg);
      }
    },
    expectRefused(res) {
      if (res.status < 400 || res.status > 499) {
        throw new CheckFailure("a 4xx refusal", describeResponse(res));
      }
    },
    expectStatus(res, status, what) {
      const list = statusList(status);
      if (!list.includes(res.status)) {
        const msg = [what, res.error?.message ? `server message: ${res.error.message}` : undefined]
          .filter(Boolean)
          .join("\n");
        throw new CheckFailure(list.join(" or "), describeResponse(res), msg || undefined);
      }
    },
    expectEqual(actual, expected, what) {
      if (actual !== expected) throw new CheckFailure(`${what} = ${String(expected)}`, `${what} = ${String(actual)}`);
    },
    fail(expected, actual, detail) {
      throw new CheckFailure(expected, actual, detail);
    },
    require(res, status, what) {
      if (!statusList(status).includes(res.status)) {
        const hint =
          res.status === 403 && res.error?.code === "AccessDenied"
            ? " (hint: the bucket may block SSE-C — BlockedEncryptionTypes, BEHAVIOUR E32; unblock it or let the run create its bucket)"
            : "";
        throw new PreconditionError(`precondition failed: ${what} answered ${describeResponse(res)}${hint}`);
      }
    },
    skip(reason) {
      throw new CheckSkip(reason);
    },
    note: (text) => transcript.note(text),
  };
  return ctx;
}

function classify(err: unknown): RawOutcome {
  if (err instanceof CheckFailure)
    return { kind: "failed", expected: err.expected, actual: err.actual, detail: err.detail };
  if (err instanceof CheckSkip) return { kind: "skipped", reason: err.reason };
  // The server sent its status line and then cut the body off (not a timeout): it answered, and
  // wrongly — a verdict, as for streamed bodies (kit.ts expectStreamBytes). A server that
  // answers 200 to a wrong key and aborts once decryption fails must fail, not error.
  if (err instanceof S3TransportError && err.exchange.status !== undefined && err.kind !== "timeout") {
    return {
      kind: "failed",
      expected: "a complete response",
      actual: `${err.exchange.status}, then the connection closed before the body was complete`,
      detail: err.message,
    };
  }
  // vitest `expect` inside a body is a verdict on the server, like CheckFailure.
  if (err instanceof Error && err.name === "AssertionError") {
    const a = err as Error & { expected?: unknown; actual?: unknown };
    return {
      kind: "failed",
      expected: String(a.expected ?? "(see message)"),
      actual: String(a.actual ?? "(see message)"),
      detail: err.message,
    };
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { kind: "errored", message };
}

export interface CheckOptions {
  /** Per-check timeout in ms (default 120 s: a 5 MiB round trip on a slow link). */
  timeout?: number;
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
  test(`${def.id} — ${def.title}`, { timeout: opts.timeout ?? 120_000 }, async (tctx: TestContext) => {
    await runCheck(def, body, tctx);
  });
}

async function runCheck(def: CheckDef, body: (ctx: CheckContext) => Promise<void>, tctx: TestContext): Promise<void> {
  const started = performance.now();
  const target = inject("target") as Target | undefined;
  const profile = inject("profile") as Profile | undefined;
  const filters = inject("filters") as CheckFilters | undefined;

  // Everything a check leaves (meta for the CLI and reporters, the thrown error, Allure data)
  // passes redact() here, in the worker: only the worker knows the customer keys its checks made
  // (harness/ssec/key.ts registers them on creation); the CLI process knows the secret key only.
  const finish = (outcome: CheckOutcome): CheckOutcome => {
    const safe = redactOutcome(outcome);
    tctx.task.meta.ssec = safe;
    return safe;
  };

  if (!target || !profile) {
    const message = "no target/profile provided: run through `ssec-conformance` or the `conformance` vitest project";
    finish({ id: def.id, status: "error", durationMs: 0, message });
    throw new Error(formatOutcome(def, "error", { detail: message }));
  }

  const filtered = filteredOut(def.id, filters);
  if (filtered) {
    tctx.skip(finish({ id: def.id, status: "skip", durationMs: 0, message: filtered }).message);
  }
  const deviation = deviationFor(profile, def.id);
  await labelCheck(def, { profile: profile.name, target: describeTarget(target), seed: target.seed }, deviation);
  if (deviation?.expect === "skip") {
    const reason = `skipped by profile ${profile.name}: ${deviation.reason}`;
    tctx.skip(finish({ id: def.id, status: "skip", durationMs: 0, message: reason }).message);
  }

  const transcript = new Transcript();
  current = transcript;
  let raw: RawOutcome;
  let replay: PropertyReplay | undefined;
  try {
    const c = await fileClient(target);
    await body(makeContext(def, target, profile, c, transcript));
    raw = { kind: "passed" };
  } catch (err) {
    raw = classify(err);
    if (err instanceof CheckFailure) replay = err.replay;
  } finally {
    current = undefined;
  }

  const verdict = grade(raw, def.level, target.strict, deviation);
  const durationMs = Math.round(performance.now() - started);
  const lines =
    raw.kind === "failed"
      ? {
          expected: raw.expected,
          actual: raw.actual,
          detail: replay ? completeReplayLine(raw.detail, target, def.id, replay.seed) : raw.detail,
        }
      : raw.kind === "errored"
        ? { detail: raw.message }
        : raw.kind === "skipped"
          ? { reason: raw.reason }
          : {};
  const text = redact(
    formatOutcome(def, verdict, {
      ...lines,
      reason:
        [
          "reason" in lines ? lines.reason : undefined,
          deviation ? `declared deviation: ${deviation.reason}` : undefined,
        ]
          .filter(Boolean)
          .join("\n") || undefined,
    }),
  );
  const showTranscript = verdict === "fail" || verdict === "error" || verdict === "warn" || verdict === "xfail";
  const rendered = showTranscript ? transcript.render() : undefined;
  finish({
    id: def.id,
    status: verdict,
    durationMs,
    message: verdict === "pass" ? undefined : text,
    expected: raw.kind === "failed" ? raw.expected : undefined,
    actual: raw.kind === "failed" ? raw.actual : undefined,
    ...(replay ? { seed: replay.seed, path: replay.path, counterexample: replay.counterexample } : {}),
    transcript: rendered,
    ...(transcript.retryCount ? { retries: transcript.retryCount } : {}),
  });
  if (rendered) await attachTranscript(rendered);

  if (verdict === "skip") tctx.skip(raw.kind === "skipped" ? redact(raw.reason) : undefined);
  if (verdict === "fail" || verdict === "error") {
    const err = new Error(text);
    err.name = verdict === "fail" ? "CheckFailed" : "CheckError";
    // The stack of the body is noise next to the transcript; keep the h2spec text only.
    err.stack = text;
    throw err;
  }
}

/**
 * A property failure's `replay: ssec-conformance --seed S --runs R --only ID` line (written by
 * suites/properties/support/property.ts), completed with the target's flags: endpoint, CA,
 * bucket, addressing, profile… (harness/config/replay.ts; never credentials).
 */
export function completeReplayLine(
  detail: string | undefined,
  target: Target,
  id: string,
  seed: number,
): string | undefined {
  if (!detail) return detail;
  const line = replayCommand({
    ...(target.reference ? {} : { endpoint: target.endpoint }),
    ...(target.httpEndpoint && !target.reference ? { httpEndpoint: target.httpEndpoint } : {}),
    ...(target.caFile ? { caFile: target.caFile } : {}),
    insecure: target.insecure,
    ...(target.bucketOwned ? {} : { bucket: target.bucket }),
    virtualHosted: target.virtualHosted,
    region: target.region,
    profile: target.profileName,
    only: [id],
    seed,
    runs: target.runs,
    strict: target.strict,
  });
  return detail.replace(/^replay: ssec-conformance .*$/m, () => `replay: ${line}`);
}

/** The outcome with every free-text field passed through the redactor. */
export function redactOutcome(o: CheckOutcome): CheckOutcome {
  const out: CheckOutcome = { ...o };
  for (const k of ["message", "expected", "actual", "counterexample", "transcript", "path"] as const) {
    const v = out[k];
    if (typeof v === "string") out[k] = redact(v);
  }
  return out;
}

/**
 * A value shared by the checks of one file (an uploaded fixture object), created by the first
 * check that needs it — its exchanges appear in that check's transcript. A failed creation fails
 * every check that needs it with the same precondition error.
 */
export function shared<T>(create: (ctx: CheckContext) => Promise<T>): (ctx: CheckContext) => Promise<T> {
  let p: Promise<T> | undefined;
  return (ctx) => (p ??= create(ctx));
}

export type { HeaderList };
