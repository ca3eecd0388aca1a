/**
 * A graded check as the reports see it (`task.meta.ssec`): the h2spec-style text, expected and
 * actual, replay data for properties, the transcript of a failing check — every free-text field
 * passed through the one redactor before it leaves the worker.
 */
import type { Target } from "../config/target.ts";
import type { CheckDef, CheckOutcome, DeviationRecord, Verdict } from "../checks/types.ts";
import { deviationNote } from "../checks/deviations.ts";
import { formatOutcome } from "../checks/grade.ts";
import { FEATURES } from "../checks/features.ts";
import type { RawOutcome } from "../checks/grade.ts";
import { redact } from "../secrets/redact.ts";
import type { PropertyReplay } from "./check-errors.ts";
import type { FailedControl } from "./controls.ts";
import { completeReplayLine } from "./replay-line.ts";
import type { Transcript } from "./transcript.ts";

export interface Graded {
  def: CheckDef;
  target: Target;
  raw: RawOutcome;
  verdict: Verdict;
  /** The profile's deviation that graded the check (expired or not). */
  deviation?: DeviationRecord;
  replay?: PropertyReplay;
  durationMs: number;
  transcript: Transcript;
  /** The failed control that turned this check's failure into `blocked`. */
  blockedBy?: FailedControl;
  /** Exchanges and connections the check's requests made (check-scope.ts). */
  traffic?: { exchanges: number; connections: number };
}

/** The outcome of a graded check, its redacted text, and the rendered transcript when it is shown. */
export function outcomeOf(g: Graded): { outcome: CheckOutcome; text: string; rendered?: string } {
  const { def, target, raw, verdict, deviation, replay } = g;
  const lines =
    raw.kind === "failed"
      ? {
          expected: raw.expected,
          actual: raw.actual,
          detail: replay ? completeReplayLine(raw.detail, target, def.id, replay.seed) : raw.detail,
        }
      : raw.kind === "errored"
        ? { detail: raw.message }
        : raw.kind === "skipped" || raw.kind === "unsupported"
          ? { reason: raw.reason }
          : {};
  // An expired deviation is why the check fails: its note comes first.
  const note = deviation ? deviationNote(deviation, raw.kind === "passed") : undefined;
  const text = redact(
    formatOutcome(def, verdict, {
      ...lines,
      reason:
        [
          deviation?.expired ? note : undefined,
          "reason" in lines ? lines.reason : undefined,
          deviation?.expired ? undefined : note,
          g.blockedBy
            ? `blocked by ${g.blockedBy.id} (${g.blockedBy.status}: ${g.blockedBy.summary}); counted there`
            : undefined,
        ]
          .filter(Boolean)
          .join("\n") || undefined,
    }),
  );
  const showTranscript = verdict === "fail" || verdict === "error" || verdict === "warn" || verdict === "xfail";
  const rendered = showTranscript ? g.transcript.render() : undefined;
  const outcome: CheckOutcome = {
    id: def.id,
    status: verdict,
    durationMs: g.durationMs,
    message: verdict === "pass" ? undefined : text,
    expected: raw.kind === "failed" ? raw.expected : undefined,
    actual: raw.kind === "failed" ? raw.actual : undefined,
    ...notRunFields(raw, verdict),
    ...(replay ? { seed: replay.seed, path: replay.path, counterexample: replay.counterexample } : {}),
    transcript: rendered,
    ...(g.transcript.retryCount ? { retries: g.transcript.retryCount } : {}),
    ...(g.traffic ? { exchanges: g.traffic.exchanges, connections: g.traffic.connections } : {}),
    ...(g.blockedBy ? { blockedBy: g.blockedBy.id } : {}),
    ...(deviation ? { deviation } : {}),
  };
  return { outcome, text, rendered };
}

/**
 * A check that did not run keeps its one-line reason (the reports group by it); an unsupported
 * feature the profile requires is a failure with expected/actual saying so.
 */
function notRunFields(raw: RawOutcome, verdict: Verdict): Pick<CheckOutcome, "reason" | "expected" | "actual"> {
  if (raw.kind === "skipped") return verdict === "skip" ? { reason: raw.reason } : {};
  if (raw.kind !== "unsupported") return {};
  if (verdict === "fail")
    return { expected: `${FEATURES[raw.feature].title} (the profile requires it)`, actual: raw.reason };
  return { reason: raw.reason };
}

/** The outcome with every free-text field passed through the redactor. */
export function redactOutcome(o: CheckOutcome): CheckOutcome {
  const out: CheckOutcome = { ...o };
  for (const k of ["message", "expected", "actual", "counterexample", "transcript", "path", "reason"] as const) {
    const v = out[k];
    if (typeof v === "string") out[k] = redact(v);
  }
  if (out.deviation) out.deviation = { ...out.deviation, reason: redact(out.deviation.reason) };
  return out;
}
