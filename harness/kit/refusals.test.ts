import { describe, expect, it } from "vitest";
import type { S3Response } from "../client/types.ts";
import type { CheckDef, Expectation, Profile } from "../checks/types.ts";
import { grade } from "../checks/grade.ts";
import { CheckFailure } from "./check-errors.ts";
import { gradeAnswer, missedOutcome } from "./refusals.ts";
import type { CheckContext } from "./types.ts";

const res = (status: number, code?: string, method = "GET"): S3Response => ({
  status,
  headers: {},
  body: Buffer.alloc(0),
  error: code ? { code, fields: {} } : undefined,
  exchange: { method, url: "https://x/", requestHeaders: [] },
});

const profile: Profile = {
  name: "t",
  dialect: "amz",
  expectations: {},
  evidence: { "md5-mismatch": ["md5.mismatch-other"] },
  deviations: {},
};
const def = { id: "get-object.md5-mismatch", level: "MUST" } as CheckDef;
const ctxWith = (): CheckContext => ({ def, profile, misses: [] }) as unknown as CheckContext;

const should: Expectation = { status: 400, code: "InvalidArgument", exact: "SHOULD" };
const must: Expectation = { status: 400, code: "InvalidArgument", exact: "MUST" };

describe("gradeAnswer: a wrong code where the evidence establishes only the refusal", () => {
  it("records a miss, not a failure, for a 4xx S3 error with another code", () => {
    const ctx = ctxWith();
    gradeAnswer(ctx, res(403, "AccessDenied"), [should], ["md5-mismatch"]);
    expect(ctx.misses).toHaveLength(1);
    expect(ctx.misses[0].expected).toBe("400 InvalidArgument (md5-mismatch)");
    expect(ctx.misses[0].actual).toBe("403 AccessDenied");
    expect(ctx.misses[0].detail).toMatch(/refused with a 4xx as required.*md5\.mismatch-other \(documented\)/s);
    // The check ends as a failure graded warn, fail under --strict.
    const raw = missedOutcome(ctx.misses)!;
    expect(grade(raw, "MUST", false)).toBe("warn");
    expect(grade(raw, "MUST", true)).toBe("fail");
  });

  it("fails at once where the exact answer is a MUST", () => {
    const ctx = ctxWith();
    expect(() => gradeAnswer(ctx, res(403, "AccessDenied"), [must], ["md5-mismatch"])).toThrow(CheckFailure);
    expect(ctx.misses).toHaveLength(0);
  });

  it("fails at once when the answer is no refusal: a success, a 5xx, or a 4xx without an S3 error document", () => {
    for (const r of [res(200), res(500, "InternalError"), res(400)]) {
      const ctx = ctxWith();
      expect(() => gradeAnswer(ctx, r, [should], ["md5-mismatch"])).toThrow(CheckFailure);
      expect(ctx.misses).toHaveLength(0);
    }
  });

  it("takes a HEAD 4xx as a refusal (no body to parse) and passes the expected answer silently", () => {
    const ctx = ctxWith();
    gradeAnswer(ctx, res(403, undefined, "HEAD"), [{ ...should, code: null }], ["md5-mismatch"]);
    expect(ctx.misses).toHaveLength(1);
    gradeAnswer(ctx, res(400, "InvalidArgument"), [should], ["md5-mismatch"]);
    expect(ctx.misses).toHaveLength(1);
    expect(missedOutcome([])).toBeUndefined();
  });
});
