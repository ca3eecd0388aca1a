/**
 * Bucket policies on the SSE-C algorithm (evidence policy.ssec-condition-key): the one place the
 * run's feature probe (runner/feature-probes.ts) and the put-object.policy-* checks set one. A
 * policy is only ever set on a bucket the run created for it (withPolicyBucket: a second bucket of
 * the check's own), and removed only through the guarded client, once GetBucketPolicy has shown the
 * server knows ?policy (client/subresource-guard.ts).
 *
 * A server has the feature when PutBucketPolicy takes the policy AND GetBucketPolicy reads a policy
 * document back. A 4xx or 501 to the PUT (NotImplemented, MalformedPolicy for a grammar it does not
 * know, MethodNotAllowed…) means it does not; only a 5xx other than 501 is a failure of a feature
 * the server has.
 */
import { ssecHeaderNames } from "../ssec/index.ts";
import type { S3Client, S3Response } from "../client/types.ts";
import { CheckUnsupported } from "./check-errors.ts";
import { setEncryptionBlock } from "./encryption-block.ts";
import { unsupportedReason } from "../checks/features.ts";
import { describeAnswer } from "./remove-bucket.ts";
import { withSecondBucket } from "./second-bucket.ts";
import type { CheckContext } from "./types.ts";

/** The condition key of the SSE-C algorithm header: `s3:` and the header's name (AWS's condition keys for S3). */
export const SSEC_ALGORITHM_CONDITION_KEY = `s3:${ssecHeaderNames("amz").algorithm.toLowerCase()}`;

/** The three conditions the checks set: require SSE-C, forbid it, require the algorithm AES256. */
export type SsecCondition = "require-ssec" | "forbid-ssec" | "algorithm-aes256";

const CONDITIONS: Record<SsecCondition, Record<string, Record<string, string>>> = {
  "require-ssec": { Null: { [SSEC_ALGORITHM_CONDITION_KEY]: "true" } },
  "forbid-ssec": { Null: { [SSEC_ALGORITHM_CONDITION_KEY]: "false" } },
  "algorithm-aes256": { StringNotEquals: { [SSEC_ALGORITHM_CONDITION_KEY]: "AES256" } },
};

/** A policy of one Deny of s3:PutObject on every object of `bucket` under `condition`. */
export function ssecPolicyDocument(bucket: string, condition: SsecCondition): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: `ssec-conformance-${condition}`,
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: CONDITIONS[condition],
      },
    ],
  });
}

export type PolicyAttempt =
  | { outcome: "done"; back: S3Response }
  | { outcome: "unsupported"; reason: string }
  | { outcome: "failed"; what: string; answer: S3Response };

export function getBucketPolicy(client: S3Client, bucket: string): Promise<S3Response> {
  return client.send({ method: "GET", bucket, query: [["policy", ""]] });
}

/** Does a GetBucketPolicy answer hold a policy document (JSON with a Statement)? */
export function isPolicyDocument(res: S3Response): boolean {
  if (res.status !== 200) return false;
  try {
    const doc = JSON.parse(res.body.toString("utf8")) as unknown;
    return typeof doc === "object" && doc !== null && "Statement" in doc;
  } catch {
    return false;
  }
}

/** PutBucketPolicy, then GetBucketPolicy to see that the server keeps it. */
export async function setBucketPolicy(client: S3Client, bucket: string, text: string): Promise<PolicyAttempt> {
  const put = await client.send({
    method: "PUT",
    bucket,
    query: [["policy", ""]],
    body: text,
    headers: [["content-type", "application/json"]],
  });
  if (put.status !== 200 && put.status !== 204) {
    if ((put.status >= 400 && put.status < 500) || put.status === 501)
      return { outcome: "unsupported", reason: `PutBucketPolicy answers ${describeAnswer(put)}` };
    return { outcome: "failed", what: "PutBucketPolicy", answer: put };
  }
  const back = await getBucketPolicy(client, bucket);
  if (!isPolicyDocument(back))
    return {
      outcome: "unsupported",
      reason: `PutBucketPolicy takes the policy, but GetBucketPolicy answers ${describeAnswer(back)} without a policy document`,
    };
  return { outcome: "done", back };
}

/**
 * A second bucket of the check's own, with SSE-C allowed where the server can block it (AWS blocks
 * it on new buckets), under a Deny of `condition`: `body` runs with the bucket's name. The bucket,
 * its policy and what the check wrote in it are deleted after the check (withSecondBucket).
 */
export async function withPolicyBucket(
  ctx: CheckContext,
  condition: SsecCondition,
  body: (bucket: string) => Promise<void>,
): Promise<void> {
  await withSecondBucket(ctx, async ({ bucket }) => {
    // A server without BlockedEncryptionTypes does not block SSE-C: nothing to unblock.
    const unblocked = await setEncryptionBlock(ctx.client, bucket, false);
    if (unblocked.outcome === "failed") ctx.require(unblocked.answer, 200, unblocked.what);
    const set = await setBucketPolicy(ctx.client, bucket, ssecPolicyDocument(bucket, condition));
    if (set.outcome === "unsupported")
      throw new CheckUnsupported("bucket-policy", unsupportedReason("bucket-policy", set.reason));
    if (set.outcome === "failed") ctx.require(set.answer, 200, set.what);
    await body(bucket);
  });
}
