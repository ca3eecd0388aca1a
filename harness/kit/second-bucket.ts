/**
 * A second bucket for a check: created beside the run's bucket, recorded for the run's cleanup,
 * and emptied and deleted after the check — only what this check created. Its SSE-C setting can
 * be blocked (evidence blocked.write-refused, http.ssec-refused; AWS BlockedEncryptionTypes).
 */
import { createHash } from "node:crypto";
import { secondBucketsPrefix } from "../config/target.ts";
import type { CheckContext } from "./types.ts";
import { CheckSkip, CheckUnsupported, PreconditionError } from "./check-errors.ts";
import { setEncryptionBlock } from "./encryption-block.ts";
import { unsupportedReason } from "../checks/features.ts";
import { describeAnswer, removeBucket } from "./remove-bucket.ts";

export interface SecondBucket {
  bucket: string;
  /**
   * Block (or unblock) SSE-C on it and read the setting back (encryption-block.ts): the check is
   * `unsupported` when the target does not have BlockedEncryptionTypes, errors when a setting the
   * target has fails.
   */
  setSsecBlocked(blocked: boolean): Promise<void>;
}

/**
 * Create a second bucket for the run (named after the run's bucket), run `body`, then delete
 * what is in it and the bucket — only what this check created.
 */
export async function withSecondBucket(
  ctx: CheckContext,
  body: (b: SecondBucket) => Promise<void>,
  /** `versions`: the bucket gets versioning; it is emptied version by version (client/empty-bucket.ts). */
  opts: { versions?: boolean } = {},
): Promise<void> {
  const suffix = createHash("sha256").update(`${ctx.def.id}/${ctx.target.keyPrefix}`).digest("hex").slice(0, 8);
  const bucket = `${ctx.target.bucket.slice(0, 50).replace(/[.-]+$/, "")}-blk-${suffix}`;
  // Recorded first, so the run's cleanup removes the bucket even when this check never reaches its finally.
  const marker = `${secondBucketsPrefix(ctx.target)}${bucket}`;
  const recorded = await ctx.client.send({ method: "PUT", bucket: ctx.target.bucket, key: marker, body: "" });
  ctx.require(recorded, 200, "PUT of the marker object that records the second bucket for cleanup");
  const created = await ctx.client.send({ method: "PUT", bucket });
  if (created.status !== 200) {
    ctx.skip(`cannot create a second bucket for the blocked-SSE-C setting (${describeAnswer(created)})`);
  }
  let verdict = false; // did the body end in a verdict (fail) or error of its own?
  try {
    await body({
      bucket,
      async setSsecBlocked(blocked) {
        const set = await setEncryptionBlock(ctx.client, bucket, blocked);
        if (set.outcome === "done") return;
        if (set.outcome === "unsupported")
          throw new CheckUnsupported(
            "blocked-encryption-types",
            unsupportedReason("blocked-encryption-types", set.reason),
          );
        // Anything else (a 5xx, an unblock that did not take) is a setting the target has and failed
        // to apply: no verdict, and not a silent skip either.
        ctx.require(set.answer, 200, set.what);
      },
    });
  } catch (err) {
    verdict = !(err instanceof CheckSkip || err instanceof CheckUnsupported);
    throw err;
  } finally {
    const leftover = await removeBucket(ctx, bucket, opts);
    // The bucket is gone: its record too (a failure here only costs the cleanup a 404).
    if (!leftover)
      await ctx.client.send({ method: "DELETE", bucket: ctx.target.bucket, key: marker }).catch(() => undefined);
    // A throw from `finally` replaces the body's outcome: keep a fail/error the body reached (the
    // note carries the leftover into its transcript); after a pass or skip, the check errors.
    // eslint-disable-next-line no-unsafe-finally
    if (leftover && !verdict) throw new PreconditionError(`cleanup failed: ${leftover}`);
  }
}

/** A second bucket that blocks SSE-C (evidence blocked.write-refused). */
export async function withBlockedBucket(ctx: CheckContext, body: (bucket: string) => Promise<void>): Promise<void> {
  await withSecondBucket(ctx, async (b) => {
    await b.setSsecBlocked(true);
    await body(b.bucket);
  });
}

/**
 * The check's context with `bucket` as its bucket: every kit request (copies, parts, fixtures,
 * expectAbsent) then goes to the second bucket; assertions and keys stay the check's.
 */
export function inBucket(ctx: CheckContext, bucket: string): CheckContext {
  return { ...ctx, bucket, send: (req) => ctx.send({ bucket, ...req }) };
}
