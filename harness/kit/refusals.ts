/**
 * Refusals a check accepts, and what a wrong code costs. A property accepts any one of several
 * named profile expectations (the server may report any of several faults first); a deviation
 * the vendor declares for the check id replaces them all with its status/code.
 *
 * Levels follow evidence (issue 13): where no recorded or documented entry states the exact
 * answer (`Expectation.exact === "SHOULD"`), a 4xx with another status or code is still the
 * refusal the check requires. That miss is recorded on the context, not thrown, so the check
 * goes on to assert what is a MUST (nothing served, nothing stored, no key echoed); the check
 * then grades `warn` (`fail` under --strict) with the miss as its message.
 */
import type { S3Response } from "../client/types.ts";
import type { Expectation } from "../checks/types.ts";
import type { RawOutcome } from "../checks/grade.ts";
import { describeActual, describeExpectation } from "../checks/grade.ts";
import { deviationFor, describeEvidence } from "../checks/profile.ts";
import type { CheckContext } from "./types.ts";
import { CheckFailure } from "./check-errors.ts";
import { satisfies } from "./satisfies.ts";

export { MISSING_EXPECTATION, badMd5Expectations } from "../checks/refusal-names.ts";

const isClientError = (status: number): boolean => status >= 400 && status <= 499;

/**
 * Throws unless `res` satisfies one of `options`; records a SHOULD miss instead when the exact
 * answer of one of them is only a SHOULD and `res` is still a 4xx refusal.
 */
export function gradeAnswer(
  ctx: CheckContext,
  res: S3Response,
  options: readonly Expectation[],
  names: string[],
): void {
  if (options.some((e) => satisfies(res, e))) return;
  const expected =
    [...new Set(options.map(describeExpectation))].join(" or ") + (names.length ? ` (${names.join(" | ")})` : "");
  const actual = describeActual(res.status, res.error?.code);
  const message = res.error?.message ? `server message: ${res.error.message}` : undefined;
  const soft = options.some((e) => e.exact === "SHOULD" && isClientError(e.status));
  // A refusal is an S3 error: a 4xx with an <Error> document (HEAD and streamed reads have none to parse).
  const s3Error = res.error !== undefined || res.exchange.method === "HEAD" || res.stream !== undefined;
  if (soft && isClientError(res.status) && s3Error) {
    const evidence = names.length ? names.map((n) => describeEvidence(ctx.profile, n)).join("; ") : "no evidence cited";
    const why =
      `refused with a 4xx as required; the exact answer is a SHOULD here (evidence: ${evidence} ` +
      `establishes the refusal, not this status and code for ${ctx.def.id})`;
    ctx.misses.push(new CheckFailure(expected, actual, [why, message].filter(Boolean).join("\n")));
    return;
  }
  throw new CheckFailure(expected, actual, message);
}

/** The response is a refusal the profile allows: any one of the named expectations. */
export function expectRefusal(ctx: CheckContext, res: S3Response, names: readonly string[]): void {
  const dev = deviationFor(ctx.profile, ctx.def.id);
  let options: Expectation[] =
    dev && (dev.status !== undefined || dev.code !== undefined)
      ? [ctx.expected()]
      : names.map((n) => ctx.expectation(n));
  // HEAD answers carry no body, so no error Code to compare (evidence algorithm.invalid-head, key.wrong-length-read,
  // head.no-key-refused).
  if (res.exchange.method === "HEAD") options = options.map((e) => (e.code ? { ...e, code: null } : e));
  gradeAnswer(ctx, res, options, [...names]);
}

/** What a check whose body held but missed exact answers (SHOULDs) ends with. */
export function missedOutcome(misses: readonly CheckFailure[]): RawOutcome | undefined {
  if (misses.length === 0) return undefined;
  const [first] = misses;
  const more = misses.length > 1 ? `${misses.length - 1} more answer(s) like it in this check` : undefined;
  const detail = [first.detail, more].filter(Boolean).join("\n");
  return { kind: "failed", expected: first.expected, actual: first.actual, detail, exactOnly: true };
}
