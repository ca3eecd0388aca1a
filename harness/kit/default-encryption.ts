/**
 * A bucket whose default encryption is SSE-S3 (ApplyServerSideEncryptionByDefault AES256): the
 * one place the run's feature probe (runner/feature-probes.ts, feature sse-s3) and the checks of
 * copies across encryption types set it. SSE-C stays allowed on it: BlockedEncryptionTypes NONE
 * goes with the default where the server takes it (AWS blocks SSE-C on new buckets since April
 * 2026), and the default goes alone where it does not.
 *
 * A server has the feature when PutBucketEncryption takes the default and GetBucketEncryption
 * reads it back; a 4xx or 501 to the PUT, or a default not read back, means it does not.
 */
import { parseServerSideEncryptionConfiguration, serverSideEncryptionConfigurationXml } from "../client/index.ts";
import type { S3Client, S3Response } from "../client/types.ts";
import { unsupportedReason } from "../checks/features.ts";
import { CheckUnsupported } from "./check-errors.ts";
import { putBucketEncryption, type BlockAttempt } from "./encryption-block.ts";
import { describeAnswer } from "./remove-bucket.ts";
import { inBucket, withSecondBucket } from "./second-bucket.ts";
import type { CheckContext } from "./types.ts";

const refusedAsUnknown = (res: S3Response) => (res.status >= 400 && res.status < 500) || res.status === 501;

/** PutBucketEncryption with the SSE-S3 default (and SSE-C allowed), then GetBucketEncryption to see that it took. */
export async function setDefaultSseS3(client: S3Client, bucket: string): Promise<BlockAttempt> {
  let put = await putBucketEncryption(
    client,
    bucket,
    serverSideEncryptionConfigurationXml([{ sseAlgorithm: "AES256", blockedEncryptionTypes: ["NONE"] }]),
  );
  if (refusedAsUnknown(put))
    put = await putBucketEncryption(client, bucket, serverSideEncryptionConfigurationXml([{ sseAlgorithm: "AES256" }]));
  if (put.status !== 200) {
    if (refusedAsUnknown(put))
      return {
        outcome: "unsupported",
        reason: `PutBucketEncryption with the default AES256 answers ${describeAnswer(put)}`,
      };
    return { outcome: "failed", what: "PutBucketEncryption with the default AES256", answer: put };
  }
  const back = await client.send({ method: "GET", bucket, query: [["encryption", ""]] });
  let algorithms: (string | undefined)[] = [];
  try {
    if (back.status === 200) algorithms = parseServerSideEncryptionConfiguration(back.body).map((r) => r.sseAlgorithm);
  } catch {
    algorithms = [];
  }
  if (!algorithms.includes("AES256"))
    return {
      outcome: "unsupported",
      reason: `PutBucketEncryption takes the default AES256, but GetBucketEncryption answers ${describeAnswer(back)} without it`,
    };
  return { outcome: "done" };
}

/**
 * A second bucket of the check's (second-bucket.ts) whose default encryption is SSE-S3; `body` gets
 * the check's context bound to it. The check is `unsupported` (feature sse-s3) where the target
 * has no such default.
 */
export async function withSseS3Bucket(ctx: CheckContext, body: (bctx: CheckContext) => Promise<void>): Promise<void> {
  await withSecondBucket(ctx, async (b) => {
    const set = await setDefaultSseS3(ctx.client, b.bucket);
    if (set.outcome === "unsupported") throw new CheckUnsupported("sse-s3", unsupportedReason("sse-s3", set.reason));
    if (set.outcome === "failed") ctx.require(set.answer, 200, set.what);
    await body(inBucket(ctx, b.bucket));
  });
}
