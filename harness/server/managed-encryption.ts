/** The answer headers of server-managed encryption (SSE-S3, SSE-KMS): shared by the writes and metadata.ts. */
import type { RequestHeaders } from "./request.ts";
import type { ManagedEncryption } from "./storage/types.ts";

/** The key id answered for an aws:kms default without KMSMasterKeyID (AWS: the account's aws/s3 key). */
export const DEFAULT_KMS_KEY = "arn:aws:kms:us-east-1:000000000000:alias/aws/s3";

/**
 * Does a request speak OBS's own dialect (any x-obs- header)? Then the answer does too, as the SSE-C
 * echo does (evidence obs.both-header-forms).
 */
export function speaksObs(h: RequestHeaders): boolean {
  return h.withPrefix("x-obs-").length > 0;
}

/**
 * x-amz-server-side-encryption (and the KMS key id) on the answer of a write or read of an SSE-S3 /
 * SSE-KMS object; x-obs-server-side-encryption (and x-obs-server-side-encryption-kms-key-id) to a
 * request in the OBS dialect.
 */
export function managedHeaders(sse: ManagedEncryption | undefined, kmsKeyId?: string, obs = false): [string, string][] {
  if (!sse) return [];
  const prefix = obs ? "x-obs-" : "x-amz-";
  const out: [string, string][] = [[`${prefix}server-side-encryption`, sse]];
  if (sse === "aws:kms")
    out.push([`${prefix}server-side-encryption-${obs ? "kms-key-id" : "aws-kms-key-id"}`, kmsKeyId ?? DEFAULT_KMS_KEY]);
  return out;
}
