/**
 * Runs one check's body against the injected target: filters and the profile's deviation first,
 * then the body with a fresh context and transcript, then the grade against the profile. The
 * verdict is left in `task.meta.ssec` for reporters and the CLI.
 */
import { inject } from "vitest";
import type { TestContext } from "vitest";
import type { Target } from "../config/target.ts";
import { describeTarget } from "../config/target.ts";
import type { CheckFilters } from "../config/filters.ts";
import type { CheckDef, CheckOutcome, Profile } from "../checks/types.ts";
import { declaredDeviation } from "../checks/profile.ts";
import { deviationRecord } from "../checks/deviations.ts";
import { formatOutcome, grade } from "../checks/grade.ts";
import { FEATURES, requiredByProfile, unsupportedReason, type FeatureMap } from "../checks/features.ts";
import type { RawOutcome } from "../checks/grade.ts";
import { redact } from "../secrets/redact.ts";
import type { CheckContext } from "./types.ts";
import { CheckFailure } from "./check-errors.ts";
import type { PropertyReplay } from "./check-errors.ts";
import { classify } from "./classify.ts";
import { makeContext } from "./check-context.ts";
import { missedOutcome } from "./refusals.ts";
import { fileClient } from "./file-client.ts";
import { inCheck, type CheckScope } from "./check-scope.ts";
import { filteredOut } from "./selection.ts";
import { outcomeOf, redactOutcome } from "./outcome.ts";
import { Transcript } from "./transcript.ts";
import { attachTranscript, labelCheck } from "./allure-labels.ts";
import { blockingControl, controlSettled, recordControl } from "./controls.ts";
import "./provided.ts";

/** The check's body with a fresh context, its exchanges recorded into the scope's transcript. */
async function runBody(
  def: CheckDef,
  body: (ctx: CheckContext) => Promise<void>,
  target: Target,
  profile: Profile,
  scope: CheckScope,
): Promise<{ raw: RawOutcome; replay?: PropertyReplay }> {
  return inCheck(scope, async () => {
    try {
      const c = await fileClient(target);
      const ctx = makeContext(def, target, profile, c, (text) => scope.transcript.note(text));
      await body(ctx);
      return { raw: missedOutcome(ctx.misses) ?? { kind: "passed" } };
    } catch (err) {
      return { raw: classify(err), ...(err instanceof CheckFailure ? { replay: err.replay } : {}) };
    }
  });
}

/** Whether the control `id` is a test of this check's file that is going to run (not skipped by a filter). */
function controlRunsHere(tctx: TestContext, id: string): boolean {
  const prefix = `${id} — `;
  const find = (tasks: readonly { name: string; mode: string; tasks?: unknown }[]): boolean =>
    tasks.some((t) =>
      t.name.startsWith(prefix)
        ? t.mode === "run" || t.mode === "queued"
        : Array.isArray(t.tasks) && find(t.tasks as typeof tasks),
    );
  return find(tctx.task.file.tasks);
}

/**
 * What the run's feature probe decided for the check's feature: unsupported (the check is graded
 * so, without running), a skip when it could not be probed, or undefined: run the body.
 */
function featureOutcome(def: CheckDef, features: FeatureMap | undefined): RawOutcome | undefined {
  const found = def.feature ? features?.[def.feature] : undefined;
  if (!def.feature || !found || found.state === "supported") return undefined;
  if (found.state === "unsupported")
    return { kind: "unsupported", feature: def.feature, reason: unsupportedReason(def.feature, found.reason) };
  return { kind: "skipped", reason: `${FEATURES[def.feature].title} not probed: ${found.reason}` };
}

export async function runCheck(
  def: CheckDef,
  body: (ctx: CheckContext) => Promise<void>,
  tctx: TestContext,
): Promise<void> {
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
    tctx.skip(finish({ id: def.id, status: "skip", durationMs: 0, message: filtered, reason: filtered }).message);
  }
  const declared = declaredDeviation(profile, def.id);
  const deviation = declared?.deviation;
  const record = declared ? deviationRecord(declared) : undefined;
  const withRecord = record ? { deviation: record } : {};
  await labelCheck(def, { profile: profile.name, target: describeTarget(target), seed: target.seed }, deviation);
  // A skip the profile declares; once expired (checks/deviations.ts) the check still does not run, but fails.
  const skipped = deviation?.expect === "skip" ? `skipped by profile ${profile.name}: ${deviation.reason}` : undefined;
  if (skipped && !declared?.expired) {
    tctx.skip(
      finish({ id: def.id, status: "skip", durationMs: 0, message: skipped, reason: skipped, ...withRecord }).message,
    );
  }

  const transcript = new Transcript();
  const scope: CheckScope = { transcript, exchanges: 0, connections: 0 };
  // An optional feature the run's probe found missing: the body does not run (checks/features.ts).
  const features = inject("features") as FeatureMap | undefined;
  const notRun = skipped ? { kind: "skipped" as const, reason: "not run: the profile declares it skipped" } : undefined;
  const feature = notRun ?? featureOutcome(def, features);
  const { raw, replay } = feature
    ? { raw: feature, replay: undefined }
    : await runBody(def, body, target, profile, scope);

  const required = def.feature !== undefined && requiredByProfile(profile, def.feature);
  const own = grade(raw, def.level, target.strict, deviation, required, declared?.expired === true);
  // One root cause, one failure: a dependent of a failed control is blocked by it (controls.ts);
  // a control that runs in this file is waited for (the file's checks run side by side).
  if (def.control && controlRunsHere(tctx, def.control)) await controlSettled(def.control);
  const answer = raw.kind === "failed" ? raw.actual : raw.kind === "errored" ? raw.message : undefined;
  const blockedBy = blockingControl(target, def, own, answer);
  const verdict = blockedBy ? "blocked" : own;
  const durationMs = Math.round(performance.now() - started);
  const { outcome, text, rendered } = outcomeOf({
    def,
    target,
    raw,
    verdict,
    ...withRecord,
    replay,
    durationMs,
    transcript,
    blockedBy,
    traffic: scope,
  });
  recordControl(target, finish(outcome));
  if (rendered) await attachTranscript(rendered);

  if (verdict === "skip" || verdict === "unsupported")
    tctx.skip(raw.kind === "skipped" || raw.kind === "unsupported" ? redact(raw.reason) : undefined);
  if (verdict === "blocked") tctx.skip(text);
  if (verdict === "fail" || verdict === "error") {
    const err = new Error(text);
    err.name = verdict === "fail" ? "CheckFailed" : "CheckError";
    // The stack of the body is noise next to the transcript; keep the h2spec text only.
    err.stack = text;
    throw err;
  }
}
