/**
 * Refusals a property accepts: any one of several named profile expectations (the server may
 * report any of several faults first); a deviation the vendor declares for the check id replaces
 * them all with its status/code.
 */
import type { S3Response } from "../client/types.ts";
import type { Expectation } from "../checks/types.ts";
import { describeActual, describeExpectation } from "../checks/grade.ts";
import { deviationFor } from "../checks/profile.ts";
import type { SsecPart } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";
import { CheckFailure } from "./check-errors.ts";
import { satisfies } from "./satisfies.ts";

/**
 * The profile expectation each left-out header calls for (evidence missing.algorithm-put, missing.key-put,
 * missing.md5).
 */
export const MISSING_EXPECTATION: Record<SsecPart, string> = {
  algorithm: "missing-algorithm",
  key: "missing-key",
  md5: "missing-md5",
};

/**
 * A bad key-MD5 is refused as a mismatch (evidence md5.mismatch-put); an empty one may be called missing (evidence
 * missing.md5).
 */
export function badMd5Expectations(text: string): string[] {
  return text === "" ? ["md5-mismatch", "missing-md5"] : ["md5-mismatch"];
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
  if (options.some((e) => satisfies(res, e))) return;
  const expected = [...new Set(options.map(describeExpectation))].join(" or ");
  throw new CheckFailure(
    `${expected} (${names.join(" | ")})`,
    describeActual(res.status, res.error?.code),
    res.error?.message ? `server message: ${res.error.message}` : undefined,
  );
}
