/**
 * PutBucketPolicy / GetBucketPolicy / DeleteBucketPolicy (?policy). A policy is parsed when it is
 * set (../bucket-policy.ts): one the server cannot enforce is refused, so every stored policy is
 * enforced. GetBucketPolicy returns the text as it was set; without one: 404 NoSuchBucketPolicy.
 */
import { readSmallBody } from "../body.ts";
import { enforceBucketPolicy, parseBucketPolicy } from "../bucket-policy.ts";
import type { RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { requireBucket } from "./common.ts";

/** AWS caps a bucket policy at 20 KB. */
const MAX_POLICY = 20 * 1024;

export async function putBucketPolicy(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  if (rc.server.faults.has("bucket-policy-unsupported"))
    throw new S3Fault("NotImplemented", "The reference server does not implement 'policy' on PutBucketPolicy.");
  const text = (await readSmallBody(rc.body(), MAX_POLICY)).toString("utf8");
  parseBucketPolicy(text, bucket.name);
  await rc.server.storage.updateBucket({ ...bucket, policy: text });
  return { status: 204, headers: [] };
}

export async function getBucketPolicy(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  if (bucket.policy === undefined)
    throw new S3Fault("NoSuchBucketPolicy", "The bucket policy does not exist", { BucketName: bucket.name });
  const body = Buffer.from(bucket.policy, "utf8");
  return {
    status: 200,
    headers: [
      ["Content-Type", "application/json"],
      ["Content-Length", String(body.length)],
    ],
    body,
  };
}

export async function deleteBucketPolicy(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  // A server that acknowledges the DELETE and keeps the policy.
  if (!rc.server.faults.has("policy-delete-ignored"))
    await rc.server.storage.updateBucket({ ...bucket, policy: undefined });
  return { status: 204, headers: [] };
}

/** The operations S3 authorizes as the s3:PutObject action (writes of object data). */
const PUT_OBJECT_ACTION: ReadonlySet<string> = new Set([
  "PutObject",
  "PostObject",
  "CopyObject",
  "CreateMultipartUpload",
  "UploadPart",
  "UploadPartCopy",
  "CompleteMultipartUpload",
]);

/**
 * The bucket policy's verdict on a write, before the write's own checks (S3 authorizes before it
 * validates the SSE-C headers: ceph/s3-tests test_encryption_sse_c_deny_algo_with_bucket_policy
 * expects 403 for an algorithm a policy denies). `algorithm` is the SSE-C algorithm as sent, in
 * either dialect (OBS's x-obs- header is the same request field); POST Object passes its form field.
 */
export async function checkBucketPolicy(rc: RequestContext, key: string, algorithm: string | undefined): Promise<void> {
  const { faults, storage } = rc.server;
  if (!PUT_OBJECT_ACTION.has(rc.op) || rc.addr.bucket === undefined) return;
  const bucket = await storage.getBucket(rc.addr.bucket);
  // A server that stores policies and never consults them on a write.
  if (bucket?.policy === undefined || faults.has("policy-ignored")) return;
  enforceBucketPolicy(parseBucketPolicy(bucket.policy, bucket.name), { key, algorithm }, faults);
}

/** The value of the condition key s3:x-amz-server-side-encryption-customer-algorithm in a request's headers. */
export function algorithmHeader(rc: RequestContext): string | undefined {
  // A server that maps the condition key onto the SSE-S3 header (a prefix match on x-amz-server-side-encryption).
  if (rc.server.faults.has("policy-key-reads-sse-header")) return rc.headers.get("x-amz-server-side-encryption");
  return (
    rc.headers.get("x-amz-server-side-encryption-customer-algorithm") ??
    rc.headers.get("x-obs-server-side-encryption-customer-algorithm")
  );
}
