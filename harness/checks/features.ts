/**
 * Optional server features: what a server may lack without being wrong. Each one is probed once
 * per run (harness/runner/feature-probes.ts); a check that needs one names it (`CheckDef.feature`)
 * and, where the server lacks it, is `unsupported` with the probe's reason instead of running.
 * A profile that lists the feature in `requires` (or a `--strict` run) makes that a failure.
 * Pure data and functions.
 */
import type { FeatureName, Profile } from "./types.ts";

export interface FeatureSpec {
  /** How the feature is named where S3 names it. */
  title: string;
  /** What a server that has it does, in one sentence. */
  description: string;
}

export const FEATURES: Record<FeatureName, FeatureSpec> = {
  "blocked-encryption-types": {
    title: "BlockedEncryptionTypes",
    description:
      "PutBucketEncryption takes BlockedEncryptionTypes (SSE-C blocked or NONE), GetBucketEncryption reads it back, and a bucket that blocks SSE-C refuses SSE-C writes.",
  },
  "bucket-policy": {
    title: "Bucket policies",
    description:
      "PutBucketPolicy takes a Deny of s3:PutObject conditioned on s3:x-amz-server-side-encryption-customer-algorithm, GetBucketPolicy reads it back, and writes it matches are refused.",
  },
  "sse-s3": {
    title: "SSE-S3",
    description:
      "PutBucketEncryption takes ApplyServerSideEncryptionByDefault AES256 and a write without encryption headers into that bucket is stored SSE-S3 (x-amz-server-side-encryption: AES256 on its HEAD), as a write with x-amz-server-side-encryption: AES256 is anywhere.",
  },
  "sse-kms-default": {
    title: "SSE-KMS default encryption",
    description:
      "PutBucketEncryption takes ApplyServerSideEncryptionByDefault aws:kms and a write without encryption headers into that bucket is stored SSE-KMS (x-amz-server-side-encryption: aws:kms on its HEAD).",
  },
  versioning: {
    title: "Bucket versioning",
    description:
      "PutBucketVersioning enables versioning, GetBucketVersioning reads it back, ListObjectVersions lists versions, and reads, copies and deletes take a versionId.",
  },
  "object-attributes": {
    title: "GetObjectAttributes",
    description: "GET /bucket/key?attributes answers a GetObjectAttributesResponse with the attributes asked for.",
  },
};

export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

export function isFeatureName(s: string): s is FeatureName {
  return (FEATURE_NAMES as string[]).includes(s);
}

/** What a probe found: the feature is there, is not (with why), or could not be probed (with why). */
export type FeatureSupport =
  | { state: "supported"; detail?: string }
  | { state: "unsupported"; reason: string }
  | { state: "unknown"; reason: string };

/** What the run knows of each optional feature (absent: not probed; the check finds out itself). */
export type FeatureMap = Partial<Record<FeatureName, FeatureSupport>>;

/** The one-line reason a check is `unsupported`: `BlockedEncryptionTypes not supported: <why>`. */
export function unsupportedReason(feature: FeatureName, why: string): string {
  return `${FEATURES[feature].title} not supported: ${why}`;
}

/** The profile declares the server has the feature: lacking it is a failure, not `unsupported`. */
export function requiredByProfile(profile: Pick<Profile, "requires">, feature: FeatureName): boolean {
  return profile.requires?.includes(feature) ?? false;
}
