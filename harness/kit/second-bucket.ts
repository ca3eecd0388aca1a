/**
 * A second bucket for a check: created beside the run's bucket, recorded for the run's cleanup,
 * and emptied and deleted after the check — only what this check created. Its SSE-C setting can
 * be blocked (evidence blocked.write-refused, http.ssec-refused; AWS BlockedEncryptionTypes).
 */
import { createHash } from "node:crypto";
import type { S3Response } from "../client/types.ts";
import { serverSideEncryptionConfigurationXml } from "../client/index.ts";
import { secondBucketsPrefix } from "../config/target.ts";
import type { CheckContext } from "./types.ts";
import { CheckSkip, PreconditionError } from "./check-errors.ts";
import { describeAnswer, removeBucket } from "./remove-bucket.ts";

function encryptionXml(blocked: "SSE-C" | "NONE"): string {
  return serverSideEncryptionConfigurationXml([{ sseAlgorithm: "AES256", blockedEncryptionTypes: [blocked] }]);
}

export interface SecondBucket {
  bucket: string;
  /**
   * Block (or unblock) SSE-C on it; skips the check when the target does not support the setting
   * (unsupportedEncryptionSetting), errors when a supported setting fails.
   */
  setSsecBlocked(blocked: boolean): Promise<void>;
}

/**
 * Create a second bucket for the run (named after the run's bucket), run `body`, then delete
 * what is in it and the bucket — only what this check created.
 */
export async function withSecondBucket(ctx: CheckContext, body: (b: SecondBucket) => Promise<void>): Promise<void> {
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
        const xml = encryptionXml(blocked ? "SSE-C" : "NONE");
        const put = await ctx.client.send({
          method: "PUT",
          bucket,
          query: [["encryption", ""]],
          body: xml,
          headers: [
            ["content-type", "application/xml"],
            ["content-md5", createHash("md5").update(xml).digest("base64")],
          ],
        });
        if (put.status === 200) return;
        const unsupported = unsupportedEncryptionSetting(put);
        if (unsupported) ctx.skip(`the target ${unsupported} (${describeAnswer(put)})`);
        // Anything else (403, 5xx, another 400) is a setting the target knows and failed to apply:
        // no verdict, and not a silent skip either.
        ctx.require(put, 200, `PutBucketEncryption with BlockedEncryptionTypes ${blocked ? "SSE-C" : "NONE"}`);
      },
    });
  } catch (err) {
    verdict = !(err instanceof CheckSkip);
    throw err;
  } finally {
    const leftover = await removeBucket(ctx, bucket);
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
 * Why a PutBucketEncryption answer means "not supported here" (the checks skip), or undefined when
 * it is a failure of a supported feature (the checks error). Only the answers that clearly say the
 * target lacks the feature count: 501 NotImplemented (the operation), 405 MethodNotAllowed (the
 * `?encryption` subresource), and 400 MalformedXML — what a PutBucketEncryption that predates
 * BlockedEncryptionTypes (added by AWS in 2025, evidence http.ssec-refused; the AWS SSE-C blocking guide) answers to
 * the unknown element.
 */
export function unsupportedEncryptionSetting(res: S3Response): string | undefined {
  if (res.status === 501 || res.error?.code === "NotImplemented") return "does not implement PutBucketEncryption";
  if (res.status === 405) return "does not allow PutBucketEncryption";
  if (res.status === 400 && res.error?.code === "MalformedXML") return "does not know BlockedEncryptionTypes";
  return undefined;
}
