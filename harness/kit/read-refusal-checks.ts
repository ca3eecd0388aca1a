/**
 * The two read refusals every stored SSE-C object owes, as a pair of checks: a GET without its
 * key and a GET with another key are refused and carry none of its bytes.
 */
import { check, type CheckOptions } from "./check.ts";
import { expectReadRefused } from "./expect-bytes.ts";
import type { CheckContext, StoredObject } from "./types.ts";

/** Registers `ids.withoutKey` and `ids.wrongKey` on the object `object` gives the check. */
export function readRefusalChecks(
  ids: { withoutKey: string; wrongKey: string },
  object: (ctx: CheckContext) => Promise<StoredObject>,
  opts: CheckOptions = {},
): void {
  check(ids.withoutKey, async (ctx) => expectReadRefused(ctx, await object(ctx), undefined), opts);
  check(ids.wrongKey, async (ctx) => expectReadRefused(ctx, await object(ctx), ctx.customerKey("other")), opts);
}
