/** The answer headers of server-managed encryption (SSE-S3, SSE-KMS): shared by the writes and metadata.ts. */
import type { ManagedEncryption } from "./storage/types.ts";

/** The key id answered for an aws:kms default without KMSMasterKeyID (AWS: the account's aws/s3 key). */
export const DEFAULT_KMS_KEY = "arn:aws:kms:us-east-1:000000000000:alias/aws/s3";

/** x-amz-server-side-encryption (and the KMS key id) on the answer of a write or read of an SSE-S3 / SSE-KMS object. */
export function managedHeaders(sse: ManagedEncryption | undefined, kmsKeyId?: string): [string, string][] {
  if (!sse) return [];
  const out: [string, string][] = [["x-amz-server-side-encryption", sse]];
  if (sse === "aws:kms") out.push(["x-amz-server-side-encryption-aws-kms-key-id", kmsKeyId ?? DEFAULT_KMS_KEY]);
  return out;
}
