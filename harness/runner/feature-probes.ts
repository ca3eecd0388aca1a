/**
 * The run's feature probes (checks/features.ts): once per run, at set-up, each optional feature a
 * selected check needs is tried once and found supported, unsupported (with why) or not probed
 * (with why). The map is handed to the suites (`provide("features")`); a check that needs a
 * missing feature is then `unsupported` without running, and results.json and the banner say so.
 */
import { createHash } from "node:crypto";
import {
  createBucketConfigurationXml,
  emptyBucket,
  parseVersioningStatus,
  statusAndCode,
  versioningConfigurationXml,
} from "../client/index.ts";
import type { S3Client } from "../client/types.ts";
import type { FeatureMap, FeatureSupport } from "../checks/features.ts";
import { FEATURES } from "../checks/features.ts";
import type { FeatureName } from "../checks/types.ts";
import type { Target } from "../config/target.ts";
import { secondBucketsPrefix } from "../config/target.ts";
import { setEncryptionBlock } from "../kit/encryption-block.ts";
import { setDefaultEncryption, type DefaultAlgorithm } from "../kit/default-encryption.ts";
import { setBucketPolicy, ssecPolicyDocument } from "../kit/bucket-policy.ts";

/**
 * A probe bucket of the run's own (never a --bucket): created beside the run's bucket and recorded
 * for the cleanup first, as the checks' second buckets are; `probe` runs on it, then the bucket is
 * emptied and deleted (with any setting the probe left on it).
 */
async function onProbeBucket(
  client: S3Client,
  target: Target,
  tag: string,
  probe: (bucket: string) => Promise<FeatureSupport>,
): Promise<FeatureSupport> {
  const seed = tag === "prb" ? `probe/${target.keyPrefix}` : `probe-${tag}/${target.keyPrefix}`;
  const suffix = createHash("sha256").update(seed).digest("hex").slice(0, 8);
  const bucket = `${target.bucket.slice(0, 50).replace(/[.-]+$/, "")}-${tag}-${suffix}`;
  const marker = `${secondBucketsPrefix(target)}${bucket}`;
  const recorded = await client.send({ method: "PUT", bucket: target.bucket, key: marker, body: "" });
  if (recorded.status !== 200)
    return {
      state: "unknown",
      reason: `cannot record a probe bucket in ${target.bucket} (${statusAndCode(recorded)})`,
    };
  const body = createBucketConfigurationXml(target.region);
  const created = await client.send({ method: "PUT", bucket, ...(body ? { body } : {}) });
  if (created.status !== 200)
    return { state: "unknown", reason: `cannot create a bucket to probe it (${statusAndCode(created)})` };
  try {
    return await probe(bucket);
  } finally {
    const gone = await emptyBucket(client, bucket, { versions: true });
    if (gone.bucketDeleted)
      await client.send({ method: "DELETE", bucket: target.bucket, key: marker }).catch(() => undefined);
  }
}

/**
 * A default encryption (SSE-S3, SSE-KMS), on a probe bucket of the run's own (as above): the default is
 * set and read back (kit/default-encryption.ts), then a plain PUT must come out with it on its HEAD.
 */
function probeDefault(algorithm: DefaultAlgorithm) {
  return (client: S3Client, target: Target) => probeDefaultEncryption(client, target, algorithm);
}

async function probeDefaultEncryption(
  client: S3Client,
  target: Target,
  algorithm: DefaultAlgorithm,
): Promise<FeatureSupport> {
  return onProbeBucket(client, target, algorithm === "AES256" ? "sse" : "kms", async (bucket) => {
    const set = await setDefaultEncryption(client, bucket, algorithm);
    if (set.outcome === "unsupported") return { state: "unsupported", reason: set.reason };
    if (set.outcome === "failed")
      return { state: "unknown", reason: `${set.what} answered ${statusAndCode(set.answer)}` };
    const put = await client.send({ method: "PUT", bucket, key: "probe", body: "probe" });
    if (put.status !== 200) return { state: "unknown", reason: `a plain PUT answered ${statusAndCode(put)}` };
    const head = await client.send({ method: "HEAD", bucket, key: "probe" });
    const sse = head.headers["x-amz-server-side-encryption"];
    if (head.status === 200 && sse === algorithm) return { state: "supported" };
    return {
      state: "unsupported",
      reason: `a plain PUT into a bucket whose default is ${algorithm} reads back with ${sse ? `x-amz-server-side-encryption: ${sse}` : "no x-amz-server-side-encryption"} (HEAD ${head.status})`,
    };
  });
}

/**
 * Versioning, on a probe bucket of the run's own: enabled, read back, and listed. A server that does
 * not know ?versioning may take the PUT for a CreateBucket: only a read-back Status Enabled counts.
 */
function probeVersioning(client: S3Client, target: Target): Promise<FeatureSupport> {
  return onProbeBucket(client, target, "prv", async (bucket) => {
    const put = await client.send({
      method: "PUT",
      bucket,
      query: [["versioning", ""]],
      body: versioningConfigurationXml("Enabled"),
    });
    if (put.status !== 200)
      return { state: "unsupported", reason: `PutBucketVersioning answered ${statusAndCode(put)}` };
    const get = await client.send({ method: "GET", bucket, query: [["versioning", ""]] });
    const status = get.status === 200 ? readStatus(get.body) : undefined;
    if (status !== "Enabled")
      return {
        state: "unsupported",
        reason: `GetBucketVersioning answered ${statusAndCode(get)} without Status Enabled`,
      };
    const list = await client.send({ method: "GET", bucket, query: [["versions", ""]] });
    if (list.status !== 200 || !/<ListVersionsResult[\s>]/.test(list.body.toString("utf8")))
      return { state: "unsupported", reason: `ListObjectVersions answered ${statusAndCode(list)}` };
    return { state: "supported" };
  });
}

function readStatus(body: Buffer): string | undefined {
  try {
    return parseVersioningStatus(body);
  } catch {
    return undefined;
  }
}

/**
 * GetObjectAttributes of a small plain object in the run's bucket (deleted after). A server that
 * does not know ?attributes may answer it as a GET: only a GetObjectAttributesResponse counts.
 */
async function probeObjectAttributes(client: S3Client, target: Target): Promise<FeatureSupport> {
  const key = `${target.keyPrefix}probe-attributes`;
  const put = await client.send({ method: "PUT", bucket: target.bucket, key, body: "attributes" });
  if (put.status !== 200) return { state: "unknown", reason: `cannot write a probe object (${statusAndCode(put)})` };
  try {
    const res = await client.send({
      method: "GET",
      bucket: target.bucket,
      key,
      query: [["attributes", ""]],
      headers: [["x-amz-object-attributes", "ObjectSize"]],
    });
    if (res.status === 200 && /<GetObjectAttributesResponse[\s>]/.test(res.body.toString("utf8")))
      return { state: "supported" };
    return { state: "unsupported", reason: `GetObjectAttributes answered ${statusAndCode(res)}` };
  } finally {
    await client.send({ method: "DELETE", bucket: target.bucket, key }).catch(() => undefined);
  }
}

/** BlockedEncryptionTypes: SSE-C is blocked on a probe bucket and read back (kit/encryption-block.ts). */
function probeBlockedEncryptionTypes(client: S3Client, target: Target): Promise<FeatureSupport> {
  return onProbeBucket(client, target, "prb", async (bucket) => {
    const set = await setEncryptionBlock(client, bucket, true);
    if (set.outcome === "done") return { state: "supported" };
    if (set.outcome === "unsupported") return { state: "unsupported", reason: set.reason };
    return { state: "unknown", reason: `${set.what} answered ${statusAndCode(set.answer)}` };
  });
}

/** Bucket policies: a Deny on the SSE-C algorithm is set on a probe bucket and read back (kit/bucket-policy.ts). */
function probeBucketPolicy(client: S3Client, target: Target): Promise<FeatureSupport> {
  return onProbeBucket(client, target, "pol", async (bucket) => {
    const set = await setBucketPolicy(client, bucket, ssecPolicyDocument(bucket, "require-ssec"));
    if (set.outcome === "done") return { state: "supported" };
    if (set.outcome === "unsupported") return { state: "unsupported", reason: set.reason };
    return { state: "unknown", reason: `${set.what} answered ${statusAndCode(set.answer)}` };
  });
}

const PROBES: Record<FeatureName, (client: S3Client, target: Target) => Promise<FeatureSupport>> = {
  "blocked-encryption-types": probeBlockedEncryptionTypes,
  "sse-s3": probeDefault("AES256"),
  "sse-kms-default": probeDefault("aws:kms"),
  versioning: probeVersioning,
  "object-attributes": probeObjectAttributes,
  "bucket-policy": probeBucketPolicy,
};

/** Probes each of `features` once; a probe that throws (connection) leaves its feature not probed. */
export async function probeFeatures(
  client: S3Client,
  target: Target,
  features: readonly FeatureName[],
): Promise<FeatureMap> {
  const found: FeatureMap = {};
  for (const f of new Set(features)) {
    found[f] = await PROBES[f](client, target).catch((e: Error): FeatureSupport => ({
      state: "unknown",
      reason: `the probe failed: ${e.message}`,
    }));
  }
  return found;
}

/** One banner note per probed feature. */
export function featureNotes(found: FeatureMap): string[] {
  return Object.entries(found).map(([f, s]) => {
    const title = FEATURES[f as FeatureName].title;
    if (s.state === "supported") return `feature ${title}: supported`;
    if (s.state === "unsupported") return `feature ${title}: not supported (${s.reason}); its checks are unsupported`;
    return `feature ${title}: not probed (${s.reason}); its checks are skipped`;
  });
}
