/**
 * Conditional GET and HEAD of an SSE-C object with a wrong key or none (checks/conditional-read-cases.ts):
 * one fixture per suite file, HEADed once with its key for its Last-Modified; each check sends one
 * precondition with the key missing or wrong, and the key's refusal is the answer graded (SHOULD
 * checks: evidence conditional.key-before-preconditions is inferred). `<slug>.conditional-wrong-key-if-match`
 * is the MUST next to them: a precondition that holds must not let a wrong key through.
 */
import type { HeaderList, S3Response } from "../client/types.ts";
import {
  CONDITIONAL_KEYS,
  CONDITIONAL_READ_CASES,
  conditionalReadId,
  type ConditionalReadCase,
  type ConditionalReadInterface,
} from "../checks/conditional-read-cases.ts";
import { describeExpectation } from "../checks/grade.ts";
import { check } from "./check.ts";
import { CheckFailure } from "./check-errors.ts";
import { expectNoPlaintext } from "./expect-bytes.ts";
import { putSsec } from "./fixtures.ts";
import { getSsec, headSsec } from "./object-requests.ts";
import { describeResponse } from "./satisfies.ts";
import { shared } from "./shared.ts";
import type { CheckContext, StoredObject } from "./types.ts";

const OTHER_ETAG = '"0123456789abcdef0123456789abcdef"';
const DAY_MS = 86_400_000;

interface Dated extends StoredObject {
  lastModified: string;
}

function conditionHeaders(c: ConditionalReadCase, obj: Dated): HeaderList {
  switch (c.name) {
    case "if-none-match":
      return [["if-none-match", `"${obj.etag}"`]];
    case "if-match-other":
      return [["if-match", OTHER_ETAG]];
    case "if-modified-since":
      return [["if-modified-since", obj.lastModified]];
    case "if-unmodified-since":
      return [["if-unmodified-since", new Date(Date.parse(obj.lastModified) - DAY_MS).toUTCString()]];
  }
}

/** No 2xx; the key's refusal, not the precondition's 304 or 412. */
function expectKeyRefusal(ctx: CheckContext, res: S3Response, alone: number): void {
  if (res.status >= 200 && res.status < 300)
    ctx.fail("a refusal for the key, no 2xx", `${describeResponse(res)}: served without the object's key`);
  if (res.status === 304) {
    const why =
      `the precondition answered (${alone}) before the key was checked; evidence conditional.key-before-preconditions ` +
      `has the key's refusal first (RFC 7232 section 5), not recorded from AWS, so a SHOULD for ${ctx.def.id}`;
    ctx.misses.push(new CheckFailure(describeExpectation(ctx.expected()), describeResponse(res), why));
    return;
  }
  ctx.expectError(res);
}

/** Registers the conditional-read checks of `iface` (GET Object or HEAD Object) in its suite file. */
export function runConditionalReads(iface: ConditionalReadInterface): void {
  const read = iface === "GET Object" ? getSsec : headSsec;
  const slug = iface === "GET Object" ? "get-object" : "head-object";
  const fixture = shared(async (ctx): Promise<Dated> => {
    const obj = await putSsec(ctx, { size: 1000, label: "conditional" });
    const head = await headSsec(ctx, obj, obj.key);
    ctx.require(head, 200, "HEAD of the conditional fixture with its key");
    return { ...obj, lastModified: head.headers["last-modified"] ?? new Date().toUTCString() };
  });

  check(`${slug}.conditional-wrong-key-if-match`, async (ctx) => {
    const obj = await fixture(ctx);
    const res = await read(ctx, obj, ctx.customerKey("other"), { headers: [["if-match", `"${obj.etag}"`]] });
    ctx.expectError(res);
    expectNoPlaintext(ctx, res, obj.body);
  });

  for (const key of CONDITIONAL_KEYS) {
    for (const c of CONDITIONAL_READ_CASES) {
      check(conditionalReadId(iface, key, c), async (ctx) => {
        const obj = await fixture(ctx);
        const sent = key === "wrong-key" ? ctx.customerKey("other") : undefined;
        const res = await read(ctx, obj, sent, { headers: conditionHeaders(c, obj) });
        expectKeyRefusal(ctx, res, c.alone);
        expectNoPlaintext(ctx, res, obj.body);
      });
    }
  }
}
