/**
 * `propertyCheck(id, …)`: one catalogued check run as one fast-check property (issue 5).
 *
 * - Seeded by the run: `target.seed` (fixed default, `--seed`), `target.runs` cases
 *   (`--runs`; the CLI picks fewer against a remote endpoint). Coverage examples (every kind,
 *   subset or combination) run first and count towards the runs; when they outnumber the runs,
 *   they all run anyway.
 * - The cases run eight at a time first (concurrent-cases.ts: `fc.sample` with the run's seed is
 *   exactly what fc.check would generate); a passing property ends there. The first wrong answer,
 *   at case i, is replayed by fc.check from `path: "i"` one case at a time on fresh per-check
 *   fixtures, which shrinks it as a sequential run would (same path, counterexample, message).
 * - Uses `fc.check` — fc.assert's runner with the same `{ seed, numRuns, path }` parameters —
 *   because it returns the run details (seed, path, shrunk counterexample) as data instead of
 *   a message to parse; a failure then becomes an ordinary check failure whose outcome
 *   carries seed, path and the redacted counterexample, and whose message prints them with
 *   the command that replays the run.
 * - Allure labels are set once by the check runner, outside the property,
 *   and the test name has no seed in it (gotcha 5).
 * - Only a wrong answer from the server is a counterexample. A transport error or a failed
 *   arrangement step (fixture upload) stops the property at once — the remaining cases and the
 *   shrinking are skipped — and the check reports an error, not a verdict.
 * - The transcript keeps only the exchanges of the final (shrunk) counterexample, not the
 *   hundreds of passing cases before it.
 * - Every failing generator kind is reported, not only the first counterexample: once the
 *   property has failed, the cases of the other kinds (the coverage examples, then the run's
 *   generated values, seeded) run until each kind has failed once or passed them all; the
 *   failure lists each failing kind with its first (unshrunk) case. Kinds come from
 *   `PropertySpec.kind`, by default from the arbitraries' case types (property-kinds.ts).
 */
import fc from "fast-check";
import type { ExchangeRecord, S3Client, S3Request } from "../client/types.ts";
import { redact } from "../secrets/redact.ts";
import type { CheckContext } from "./types.ts";
import { CheckFailure } from "./check-errors.ts";
import type { PropertyReplay } from "./check-errors.ts";
import { check } from "./check.ts";
import { openClient } from "./open-client.ts";
import { formatExchange } from "./transcript.ts";
import { propertyKind } from "./property-kinds.ts";
import { caseExchanges, runCases, type FirstFailure } from "./concurrent-cases.ts";
import { forgetPerCheck } from "./shared.ts";

/** A check's context whose `send` goes through the property's own recording client. */
export type PropertyContext = CheckContext;

export interface PropertySpec<T> {
  /** The generated case. */
  arbitrary: fc.Arbitrary<T>;
  /** Cases every run tries first, reproducible from the seed (coverage of every kind). */
  examples?: (seed: number) => T[];
  /** One case: arrange, send, assert. Throws (ctx.fail, ctx.expect…) when the server answers wrongly. */
  run: (ctx: PropertyContext, value: T) => Promise<void>;
  /** The generator kind of a case (default: propertyKind, from the arbitraries' case types). */
  kind?: (value: T) => string | undefined;
}

/** A generator kind that fails, with its first failing case (redacted) and its answer. */
interface FailingKind {
  kind: string;
  value: string;
  answer: string;
}

/** Per-check time budget: generous, a property is many round trips (runs × requests + shrinking). */
const CHECK_TIMEOUT_MS = 30 * 60_000;
/** fast-check stops starting new cases (and shrinking) after this; the check then reports an error. */
const PROPERTY_TIME_LIMIT_MS = 25 * 60_000;

function isVerdict(e: unknown): boolean {
  return e instanceof CheckFailure || (e instanceof Error && e.name === "AssertionError");
}

export function propertyCheck<T>(id: string, spec: PropertySpec<T>): void {
  check(id, (ctx) => runProperty(ctx, spec), { timeout: CHECK_TIMEOUT_MS });
}

async function runProperty<T>(ctx: CheckContext, spec: PropertySpec<T>): Promise<void> {
  const { seed, runs } = ctx.target;
  const examples = spec.examples?.(seed) ?? [];
  const numRuns = Math.max(runs, examples.length);

  let exchanges: ExchangeRecord[] = [];
  let requests = 0;
  const client: S3Client = await openClient(ctx.target, (e) => {
    (caseExchanges() ?? exchanges).push(e);
    requests++;
  });
  const pctx: PropertyContext = {
    ...ctx,
    client,
    send: (req: S3Request) => client.send({ bucket: ctx.bucket, ...req }),
  };

  let fatal: unknown;
  let cases = 0;
  let failure: { error: unknown; exchanges: ExchangeRecord[] } | undefined;
  const property = fc.asyncProperty(spec.arbitrary, async (value) => {
    if (fatal !== undefined) return true; // stopped: let fast-check run out without requests
    cases++;
    exchanges = [];
    try {
      await spec.run(pctx, value);
      return true;
    } catch (e) {
      if (isVerdict(e)) {
        failure = { error: e, exchanges };
        throw e;
      }
      fatal = e;
      return true;
    }
  });

  const kindOf = spec.kind ?? propertyKind;
  let details: PropertyDetails<T>;
  let others: FailingKind[] = [];
  try {
    details = await firstPassThenReplay(pctx, spec, property, examples, numRuns, () => cases++);
    if (details.failed && !failure && details.firstPass && isVerdict(details.firstPass.error)) {
      // Failed side by side but not again when replayed alone: the first answer stands, unshrunk.
      failure = { error: details.firstPass.error, exchanges: details.firstPass.exchanges };
      ctx.note(`case ${details.firstPass.index} failed among concurrent cases and passed when replayed alone`);
    } else if (details.firstPass && !isVerdict(details.firstPass.error)) {
      fatal = details.firstPass.error;
    }
    if (details.failed && failure && details.counterexample && fatal === undefined) {
      const shown = failure.exchanges;
      exchanges = []; // the counterexample's exchanges stay its own
      others = await otherFailingKinds(pctx, spec, kindOf, details.counterexample[0], examples, numRuns);
      failure.exchanges = shown;
    }
  } finally {
    await client.close();
  }

  const budget = `${cases} cases run (${numRuns} runs incl. ${examples.length} coverage examples, plus shrinking), ${requests} requests; seed ${seed}`;
  ctx.note(budget);

  if (details.failed && failure && details.counterexample) {
    const counterexample = redact(fc.stringify(details.counterexample[0]));
    const replay: PropertyReplay = { seed, path: details.counterexamplePath ?? "", counterexample };
    ctx.note(`counterexample (shrunk ${details.numShrinks} times): ${counterexample}`);
    ctx.note(`its exchanges:\n\n${failure.exchanges.map((e, i) => formatExchange(e, i + 1)).join("\n\n")}`);
    if (fatal !== undefined) ctx.note(`shrinking stopped early: ${String(fatal)}`);
    const err = failure.error;
    const cf =
      err instanceof CheckFailure
        ? err
        : new CheckFailure(
            String((err as { expected?: unknown }).expected ?? "(see message)"),
            String((err as { actual?: unknown }).actual ?? "(see message)"),
            (err as Error).message,
          );
    const first = kindOf(details.counterexample[0]);
    const kinds = first
      ? [
          `failing kinds: ${[first, ...others.map((k) => k.kind)].join("; ")}`,
          ...others.map((k) => `  also fails, ${k.kind}: ${k.answer}; case ${k.value}`),
        ]
      : [];
    const detail = [
      cf.detail,
      `counterexample: ${counterexample}`,
      ...kinds,
      `property failed after ${details.numRuns} of ${numRuns} runs, shrunk ${details.numShrinks} times`,
      `seed: ${seed}, path: "${replay.path}"`,
      `replay: ssec-conformance --seed ${seed} --runs ${runs} --only ${ctx.def.id}`,
    ]
      .filter(Boolean)
      .join("\n");
    throw new CheckFailure(cf.expected, cf.actual, redact(detail), replay);
  }
  if (fatal !== undefined) throw fatal;
  if (details.interrupted) {
    throw new Error(`property stopped after ${PROPERTY_TIME_LIMIT_MS / 60_000} minutes: ${budget}; lower --runs`);
  }
  if (details.failed) {
    // fast-check failed without a case of ours failing (e.g. too many skipped values).
    throw new Error(`property could not run: ${details.errorInstance ?? "unknown reason"}; seed ${seed}`);
  }
}

/** What the report needs of a run: fc.RunDetails' fields, whichever pass found them. */
interface PropertyDetails<T> {
  failed: boolean;
  interrupted: boolean;
  counterexample: [T] | null;
  counterexamplePath: string | null;
  numShrinks: number;
  /** Runs up to and including the failing one (all of them when it passed). */
  numRuns: number;
  errorInstance: unknown;
  /** The first pass's lowest failing case, when it had one. */
  firstPass?: FirstFailure<T>;
}

/**
 * The run's cases side by side (concurrent-cases.ts); on a wrong answer at case i, fast-check
 * again from case i alone (`path: "i"`), sequentially, on fresh per-check fixtures, as a
 * sequential run would have met it: same counterexample, shrinking and path.
 */
async function firstPassThenReplay<T>(
  ctx: PropertyContext,
  spec: PropertySpec<T>,
  property: fc.IAsyncProperty<[T]>,
  examples: readonly T[],
  numRuns: number,
  counted: () => void,
): Promise<PropertyDetails<T>> {
  const { seed } = ctx.target;
  const generated = numRuns - examples.length;
  const values = [...examples, ...(generated > 0 ? fc.sample(spec.arbitrary, { seed, numRuns: generated }) : [])];
  const first = await runCases(
    values,
    (value) => {
      counted();
      return spec.run(ctx, value);
    },
    { deadline: performance.now() + PROPERTY_TIME_LIMIT_MS },
  );
  const none = { counterexample: null, counterexamplePath: null, numShrinks: 0, errorInstance: undefined };
  if (!first.failure) return { ...none, failed: false, interrupted: first.interrupted, numRuns: first.ran };
  const firstPass = first.failure;
  if (!isVerdict(firstPass.error))
    return { ...none, failed: false, interrupted: false, numRuns: firstPass.index + 1, firstPass };
  forgetPerCheck(ctx.def.id);
  const d = await fc.check(property, {
    seed,
    numRuns,
    examples: examples.map((e) => [e] as [T]),
    path: String(firstPass.index),
    interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
  });
  if (d.failed && d.counterexample)
    return {
      failed: true,
      interrupted: d.interrupted,
      counterexample: d.counterexample,
      counterexamplePath: d.counterexamplePath,
      numShrinks: d.numShrinks,
      numRuns: firstPass.index + d.numRuns,
      errorInstance: d.errorInstance,
      firstPass,
    };
  return {
    failed: true,
    interrupted: d.interrupted,
    counterexample: [firstPass.value],
    counterexamplePath: String(firstPass.index),
    numShrinks: 0,
    numRuns: firstPass.index + 1,
    errorInstance: d.errorInstance,
    firstPass,
  };
}

/**
 * After a failure: the kinds other than the counterexample's that fail too. Runs the coverage
 * examples, then the seeded values of the run, skipping kinds already seen failing; stops at
 * the first non-verdict error (the property's own report then stands).
 */
async function otherFailingKinds<T>(
  ctx: PropertyContext,
  spec: PropertySpec<T>,
  kindOf: (value: T) => string | undefined,
  counterexample: T,
  examples: readonly T[],
  numRuns: number,
): Promise<FailingKind[]> {
  const first = kindOf(counterexample);
  if (first === undefined) return [];
  const seen = new Set([first]);
  const found: FailingKind[] = [];
  const generated = fc.sample(spec.arbitrary, { seed: ctx.target.seed, numRuns });
  for (const value of [...examples, ...generated]) {
    const kind = kindOf(value);
    if (kind === undefined || seen.has(kind)) continue;
    try {
      await spec.run(ctx, value);
    } catch (e) {
      if (!isVerdict(e)) break;
      seen.add(kind);
      const answer = e instanceof CheckFailure ? `expected ${e.expected}, actual ${e.actual}` : (e as Error).message;
      found.push({
        kind,
        value: redact(fc.stringify(value).replace(/__proto__:null,/g, "")),
        answer: redact(answer.split("\n")[0]!),
      });
    }
  }
  if (found.length) ctx.note(`other failing kinds: ${found.map((k) => k.kind).join("; ")}`);
  return found;
}
