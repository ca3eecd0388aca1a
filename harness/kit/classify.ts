/** What a check's body ended with, before grading: passed, failed (a verdict), skipped or errored. */
import type { RawOutcome } from "../checks/grade.ts";
import { S3TransportError } from "../client/index.ts";
import { CheckFailure, CheckSkip, CheckUnsupported } from "./check-errors.ts";

export function classify(err: unknown): RawOutcome {
  if (err instanceof CheckFailure)
    return { kind: "failed", expected: err.expected, actual: err.actual, detail: err.detail };
  if (err instanceof CheckSkip) return { kind: "skipped", reason: err.reason };
  if (err instanceof CheckUnsupported) return { kind: "unsupported", feature: err.feature, reason: err.reason };
  // The server sent its status line and then cut the body off (not a timeout): it answered, and
  // wrongly — a verdict, as for streamed bodies (expect-bytes.ts expectStreamBytes). A server that
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
