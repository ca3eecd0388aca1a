/**
 * A bucket whose default encryption is SSE-S3 or SSE-KMS (ApplyServerSideEncryptionByDefault
 * AES256 or aws:kms): the one place the run's feature probes (runner/feature-probes.ts, features
 * sse-s3 and sse-kms-default) and the checks of copies across encryption types set it. SSE-C stays allowed on it: BlockedEncryptionTypes NONE
 * goes with the default where the server takes it (AWS blocks SSE-C on new buckets since April
 * 2026), and the default goes alone where it does not.
 *
 * A server has the feature when PutBucketEncryption takes the default and GetBucketEncryption
 * reads it back; a 4xx or 501 to the PUT, or a default not read back, means it does not.
 */
import { parseServerSideEncryptionConfiguration, serverSideEncryptionConfigurationXml } from "../client/index.ts";
import type { S3Client, S3Response } from "../client/types.ts";
import { unsupportedReason } from "../checks/features.ts";
import type { FeatureName } from "../checks/types.ts";
import { CheckUnsupported } from "./check-errors.ts";
import { putBucketEncryption, type BlockAttempt } from "./encryption-block.ts";
import { describeAnswer } from "./remove-bucket.ts";
import { inBucket, withSecondBucket } from "./second-bucket.ts";
import type { CheckContext } from "./types.ts";

const refusedAsUnknown = (res: S3Response) => (res.status >= 400 && res.status < 500) || res.status === 501;

/** The bucket default encryptions the checks set, and the feature (checks/features.ts) each one is. */
export type DefaultAlgorithm = "AES256" | "aws:kms";
export const DEFAULT_FEATURE: Record<DefaultAlgorithm, FeatureName> = {
  AES256: "sse-s3",
  "aws:kms": "sse-kms-default",
};

/** PutBucketEncryption with the default `algorithm` (and SSE-C allowed), then GetBucketEncryption to see that it took. */
export async function setDefaultEncryption(
  client: S3Client,
  bucket: string,
  algorithm: DefaultAlgorithm,
): Promise<BlockAttempt> {
  let put = await putBucketEncryption(
    client,
    bucket,
    serverSideEncryptionConfigurationXml([{ sseAlgorithm: algorithm, blockedEncryptionTypes: ["NONE"] }]),
  );
  if (refusedAsUnknown(put))
    put = await putBucketEncryption(
      client,
      bucket,
      serverSideEncryptionConfigurationXml([{ sseAlgorithm: algorithm }]),
    );
  if (put.status !== 200) {
    if (refusedAsUnknown(put))
      return {
        outcome: "unsupported",
        reason: `PutBucketEncryption with the default ${algorithm} answers ${describeAnswer(put)}`,
      };
    return { outcome: "failed", what: `PutBucketEncryption with the default ${algorithm}`, answer: put };
  }
  const back = await client.send({ method: "GET", bucket, query: [["encryption", ""]] });
  let algorithms: (string | undefined)[] = [];
  try {
    if (back.status === 200) algorithms = parseServerSideEncryptionConfiguration(back.body).map((r) => r.sseAlgorithm);
  } catch {
    algorithms = [];
  }
  if (!algorithms.includes(algorithm))
    return {
      outcome: "unsupported",
      reason: `PutBucketEncryption takes the default ${algorithm}, but GetBucketEncryption answers ${describeAnswer(back)} without it`,
    };
  return { outcome: "done" };
}

/**
 * A second bucket of the check's (second-bucket.ts) whose default encryption is `algorithm`; `body`
 * gets the check's context bound to it. The check is `unsupported` (feature sse-s3 or
 * sse-kms-default) where the target has no such default.
 */
export async function withDefaultEncryptionBucket(
  ctx: CheckContext,
  algorithm: DefaultAlgorithm,
  body: (bctx: CheckContext) => Promise<void>,
): Promise<void> {
  await withSecondBucket(ctx, async (b) => {
    const set = await setDefaultEncryption(ctx.client, b.bucket, algorithm);
    const feature = DEFAULT_FEATURE[algorithm];
    if (set.outcome === "unsupported") throw new CheckUnsupported(feature, unsupportedReason(feature, set.reason));
    if (set.outcome === "failed") ctx.require(set.answer, 200, set.what);
    await body(inBucket(ctx, b.bucket));
  });
}

/** withDefaultEncryptionBucket with the SSE-S3 default. */
export function withSseS3Bucket(ctx: CheckContext, body: (bctx: CheckContext) => Promise<void>): Promise<void> {
  return withDefaultEncryptionBucket(ctx, "AES256", body);
}
