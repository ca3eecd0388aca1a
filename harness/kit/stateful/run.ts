/**
 * `statefulCheck(id, commands)`: one catalogued check run as fast-check sequences of commands
 * (`fc.commands` + `fc.asyncModelRun`) against the model of checks/stateful/ (issue 15).
 *
 * - Budget: `target.statefulRuns` sequences of at most `target.statefulLength` commands
 *   (`--stateful-runs`, `--stateful-length`), seeded by the run's `--seed`; the failure prints
 *   seed, path and the line that replays the run.
 * - Each sequence starts from an empty model on fresh names; its three customer keys are the
 *   check's own, derived from the seed (redacted everywhere).
 * - A failure shrinks to the shortest sequence that still fails and is told as a numbered
 *   scenario (one request a line, expected against actual at the failing one), noted in the
 *   transcript, attached to the report and written as a standalone node script (script.ts)
 *   into the report directory's `stateful/`.
 * - As for properties (property.ts), only a wrong answer is a counterexample: a transport error
 *   or a failed arrangement stops the run at once and the check reports an error.
 */
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExchangeRecord, S3Client, S3Request } from "../../client/types.ts";
import { DEFAULTS } from "../../config/settings.ts";
import type { Call, Command, KeyLabel, Model } from "../../checks/stateful/model.ts";
import { applicable, EMPTY_MODEL, KEYS } from "../../checks/stateful/model.ts";
import { plan } from "../../checks/stateful/plan.ts";
import { redact } from "../../secrets/redact.ts";
import type { CustomerKey } from "../../ssec/index.ts";
import type { CheckContext } from "../types.ts";
import { CheckFailure } from "../check-errors.ts";
import { check } from "../check.ts";
import { openClient } from "../open-client.ts";
import { fixtureKey } from "../fixtures.ts";
import { formatExchange } from "../transcript.ts";
import { attachText } from "../allure-labels.ts";
import { describeResponse } from "../satisfies.ts";
import { describeCommand } from "./commands.ts";
import { describeCall, describeExpected, execute, type SequenceState } from "./execute.ts";
import { commandCount, scenarioLines, type ScenarioLine } from "./story.ts";
import { standaloneScript } from "./script.ts";
import { caseExchanges, runCases } from "../concurrent-cases.ts";

const CHECK_TIMEOUT_MS = 30 * 60_000;
const TIME_LIMIT_MS = 25 * 60_000;

/** One sequence's run: the real side of fc.asyncModelRun. */
interface Sequence {
  state: SequenceState;
  commands: number;
  /** The commands that ran, in words. */
  ran: string[];
  calls: Call[];
  lines: ScenarioLine[];
}

interface Box {
  model: Model;
}

class StepCommand implements fc.AsyncCommand<Box, Sequence> {
  constructor(readonly command: Command) {}

  check(m: Readonly<Box>): boolean {
    return applicable(m.model, this.command);
  }

  async run(m: Box, s: Sequence): Promise<void> {
    const { calls, next } = plan(m.model, this.command);
    s.commands++;
    s.ran.push(describeCommand(this.command));
    for (const call of calls) {
      s.calls.push(call);
      const line: ScenarioLine = {
        command: s.commands,
        text: describeCall(call),
        expected: describeExpected(s.state.ctx, call.expect, call.op === "HEAD"),
        actual: "",
        ok: true,
      };
      s.lines.push(line);
      try {
        const res = await execute(s.state, call);
        line.actual = res.status < 300 ? String(res.status) : describeResponse(res);
      } catch (e) {
        line.ok = false;
        line.actual = e instanceof CheckFailure ? e.actual : `no answer (${(e as Error).message})`;
        if (e instanceof CheckFailure) line.expected = e.expected;
        throw e;
      }
    }
    m.model = next;
  }

  toString(): string {
    return describeCommand(this.command);
  }
}

function isVerdict(e: unknown): boolean {
  return e instanceof CheckFailure || (e instanceof Error && e.name === "AssertionError");
}

export function statefulCheck(id: string, commands: fc.Arbitrary<Command>): void {
  check(id, (ctx) => runStateful(ctx, commands), { timeout: CHECK_TIMEOUT_MS });
}

/** The check's three customer keys, the same for every sequence (reproducible from the seed). */
export function sequenceKeys(ctx: CheckContext): Record<KeyLabel, CustomerKey> {
  return Object.fromEntries(KEYS.map((k) => [k, fixtureKey(ctx, `stateful/${k}`)])) as Record<KeyLabel, CustomerKey>;
}

async function runStateful(ctx: CheckContext, commands: fc.Arbitrary<Command>): Promise<void> {
  const { seed } = ctx.target;
  const runs = ctx.target.statefulRuns ?? DEFAULTS.statefulRunsReference;
  const length = ctx.target.statefulLength ?? DEFAULTS.statefulLength;
  let exchanges: ExchangeRecord[] = [];
  let requests = 0;
  const client: S3Client = await openClient(ctx.target, (e) => {
    (caseExchanges() ?? exchanges).push(e);
    requests++;
  });
  const sctx: CheckContext = { ...ctx, client, send: (req: S3Request) => client.send({ bucket: ctx.bucket, ...req }) };
  const keys = sequenceKeys(ctx);

  let fatal: unknown;
  let sequences = 0;
  let firstFailure: number | undefined;
  let replayed = 0; // sequences of the replay (from `offset` on)
  let failure: { error: unknown; seq: Sequence; exchanges: ExchangeRecord[] } | undefined;
  const sequence = (): Sequence => ({
    state: { ctx: sctx, prefix: `${sctx.objectKey("seq")}/`, keys, uploadIds: [], partEtags: new Map() },
    commands: 0,
    ran: [],
    calls: [],
    lines: [],
  });
  const arbitrary = fc.commands(
    [
      commands.map(
        (c) => new StepCommand(c),
        (v) => (v as StepCommand).command,
      ),
    ],
    { maxCommands: length, size: "medium" },
  );
  const property = fc.asyncProperty(arbitrary, async (cmds) => {
    if (fatal !== undefined) return true;
    sequences++;
    replayed++;
    exchanges = [];
    const seq = sequence();
    try {
      await fc.asyncModelRun(() => ({ model: { model: EMPTY_MODEL }, real: seq }), cmds);
      return true;
    } catch (e) {
      if (isVerdict(e)) {
        firstFailure ??= replayed;
        failure = { error: e, seq, exchanges };
        throw e;
      }
      fatal = e;
      return true;
    }
  });
  let details: fc.RunDetails<[Iterable<fc.AsyncCommand<Box, Sequence>>]> | undefined;
  let interrupted = false;
  let offset = 0;
  try {
    // The sequences side by side first (concurrent-cases.ts); on a wrong answer, fast-check again
    // from that sequence alone, as a sequential run meets it: same shrinking, path and scenario.
    const first = await runCases(
      fc.sample(arbitrary, { seed, numRuns: runs }),
      (cmds) => {
        sequences++;
        return fc.asyncModelRun(() => ({ model: { model: EMPTY_MODEL }, real: sequence() }), cmds);
      },
      { deadline: performance.now() + TIME_LIMIT_MS },
    );
    interrupted = first.interrupted;
    if (first.failure && !isVerdict(first.failure.error)) fatal = first.failure.error;
    else if (first.failure) {
      offset = first.failure.index;
      details = await fc.check(property, {
        seed,
        numRuns: runs,
        path: String(offset),
        interruptAfterTimeLimit: TIME_LIMIT_MS,
      });
      if (!details.failed) {
        // Failed side by side, passed alone: reported as an error, the first answer quoted.
        fatal = new Error(
          `sequence ${offset + 1} failed among concurrent sequences and passed when replayed alone: ${String((first.failure.error as Error).message ?? first.failure.error)}`,
        );
      }
    }
  } finally {
    await client.close();
  }
  const budget = `${sequences} sequences run (${runs} of at most ${length} commands, plus shrinking), ${requests} requests; seed ${seed}`;
  ctx.note(budget);

  if (details?.failed && failure && fatal === undefined) {
    const { seq } = failure;
    const path = details.counterexamplePath ?? "";
    const head =
      `scenario: ${seq.commands} command(s), ${seq.lines.length} request(s); the first failing sequence was ` +
      `number ${offset + firstFailure!} of ${runs}, shrunk ${details.numShrinks} times; keys A, B, C are three distinct customer keys`;
    const scenario = [head, ...scenarioLines(seq.lines)].join("\n");
    ctx.note(scenario);
    ctx.note(`its exchanges:\n\n${failure.exchanges.map((e, i) => formatExchange(e, i + 1)).join("\n\n")}`);
    const script = writeScript(ctx, seq.calls);
    await attachText("scenario", redact(scenario + (script ? `\n\nscript: ${script}` : "")));
    const err = failure.error;
    const cf =
      err instanceof CheckFailure ? err : new CheckFailure("(see message)", "(see message)", (err as Error).message);
    const counterexample = `${commandCount(seq.lines)} commands: ${seq.ran.join("; ")}`;
    const detail = [
      cf.detail,
      scenario,
      script ? `script: ${script} (plain node, no packages; see its first lines)` : undefined,
      `failed at sequence ${offset + firstFailure!} of ${runs}, shrunk ${details.numShrinks} times`,
      `seed: ${seed}, path: "${path}"`,
      `replay: ssec-conformance --seed ${seed} --runs ${ctx.target.runs} --only ${ctx.def.id}`,
    ]
      .filter(Boolean)
      .join("\n");
    throw new CheckFailure(cf.expected, cf.actual, redact(detail), { seed, path, counterexample });
  }
  if (fatal !== undefined) throw fatal;
  if (interrupted || details?.interrupted)
    throw new Error(`stateful check stopped after ${TIME_LIMIT_MS / 60_000} minutes: ${budget}`);
  if (details?.failed) throw new Error(`stateful check could not run: ${String(details.errorInstance)}; seed ${seed}`);
}

/** Writes the standalone script of a failing sequence into the report directory; its path, or undefined. */
function writeScript(ctx: CheckContext, calls: readonly Call[]): string | undefined {
  const dir = ctx.target.scriptDir;
  if (!dir) return undefined;
  const file = join(dir, `${ctx.def.id}.mjs`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    file,
    redact(standaloneScript({ id: ctx.def.id, seed: ctx.target.seed, dialect: ctx.dialect, calls, profile: ctx })),
    {
      mode: 0o755,
    },
  );
  return file;
}
