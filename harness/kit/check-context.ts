/**
 * The context a check's body gets: the file's client bound to the run's bucket, fresh object keys
 * and customer keys (reproducible from the run's seed), and assertions that compare status + S3
 * error Code only.
 */
import type { S3Client } from "../client/types.ts";
import type { Target } from "../config/target.ts";
import type { CheckDef, Profile } from "../checks/types.ts";
import { expectationFor, namedExpectationFor } from "../checks/profile.ts";
import { deriveKey } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";
import { CheckFailure, CheckSkip, PreconditionError } from "./check-errors.ts";
import { describeResponse, statusList } from "./satisfies.ts";
import { gradeAnswer } from "./refusals.ts";

// Per test file (vitest isolates files): counters that keep object and customer keys unique.
const keyCounters = new Map<string, number>();
let objectCounter = 0;

export function makeContext(
  def: CheckDef,
  target: Target,
  profile: Profile,
  c: S3Client,
  note: (text: string) => void,
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
    misses: [],
    expected: (fallback) => expectationFor(profile, def, fallback),
    expectation: (name) => namedExpectationFor(profile, def, name),
    expectError(res, expectation) {
      let e = expectation ?? ctx.expected();
      // A HEAD response has no body, so no error Code to compare (evidence algorithm.invalid-head,
      // key.wrong-length-read, head.no-key-refused).
      if (res.exchange.method === "HEAD" && e.code) e = { ...e, code: null };
      gradeAnswer(ctx, res, [e], expectation || !def.expect ? [] : [def.expect]);
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
            ? " (hint: the bucket may block SSE-C — BlockedEncryptionTypes, evidence blocked.write-refused; unblock it or let the run create its bucket)"
            : "";
        throw new PreconditionError(`precondition failed: ${what} answered ${describeResponse(res)}${hint}`);
      }
    },
    skip(reason) {
      throw new CheckSkip(reason);
    },
    note,
  };
  return ctx;
}
