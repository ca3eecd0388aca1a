/**
 * A --bucket that blocks SSE-C (AWS blocks SSE-C on new buckets, BlockedEncryptionTypes): found at
 * set-up, before any check, from GetBucketEncryption. The run may unblock it only when told so
 * (--unblock-bucket): PutBucketEncryption with the bucket's own rules minus SSE-C in
 * BlockedEncryptionTypes, and the original configuration put back at the end. Otherwise, or when
 * the unblock is refused, the run stops with one line (SetupError, exit 3) instead of hundreds of
 * per-check errors. Nothing here ever DELETEs a subresource.
 */
import {
  parseServerSideEncryptionConfiguration,
  serverSideEncryptionConfigurationXml,
  statusAndCode,
  type EncryptionRuleInput,
} from "../client/index.ts";
import type { S3Client } from "../client/types.ts";
import { putBucketEncryption, readBlockedTypes } from "../kit/encryption-block.ts";
import { SetupError } from "./setup-error.ts";

export interface GivenBucketSsec {
  notes: string[];
  /** Puts the bucket's original encryption configuration back; returns a problem line, if any. */
  restore?: () => Promise<string | undefined>;
}

function putEncryption(client: S3Client, bucket: string, rules: EncryptionRuleInput[]) {
  return putBucketEncryption(client, bucket, serverSideEncryptionConfigurationXml(rules));
}

export async function allowSsecOnGivenBucket(
  client: S3Client,
  bucket: string,
  mayUnblock: boolean,
): Promise<GivenBucketSsec> {
  const read = await readBlockedTypes(client, bucket);
  // No configuration, or a server without ?encryption: nothing blocks SSE-C that the run can see.
  if ("why" in read || !read.types.includes("SSE-C")) return { notes: [] };
  const blocked = `bucket ${bucket} blocks SSE-C (GetBucketEncryption: BlockedEncryptionTypes SSE-C)`;
  if (!mayUnblock)
    throw new SetupError(
      `${blocked}: no check can run there; give --unblock-bucket to let the run unblock it (the block is restored at the end), or use a bucket that allows SSE-C`,
    );
  const original: EncryptionRuleInput[] = parseServerSideEncryptionConfiguration(read.answer.body).map((r) => ({
    ...(r.sseAlgorithm !== undefined ? { sseAlgorithm: r.sseAlgorithm } : {}),
    ...(r.kmsMasterKeyId !== undefined ? { kmsMasterKeyId: r.kmsMasterKeyId } : {}),
    ...(r.bucketKeyEnabled !== undefined ? { bucketKeyEnabled: r.bucketKeyEnabled } : {}),
    ...(r.blockedEncryptionTypes.length ? { blockedEncryptionTypes: r.blockedEncryptionTypes } : {}),
  }));
  const unblocked = original.map((r) => {
    const rest = (r.blockedEncryptionTypes ?? []).filter((t) => t !== "SSE-C" && t !== "NONE");
    return { ...r, blockedEncryptionTypes: rest.length ? rest : ["NONE"] };
  });
  const put = await putEncryption(client, bucket, unblocked);
  if (put.status !== 200)
    throw new SetupError(
      `${blocked}, and unblocking it was refused (PutBucketEncryption answered ${statusAndCode(put)}): unblock it yourself or use a bucket that allows SSE-C`,
    );
  const after = await readBlockedTypes(client, bucket);
  if ("why" in after || after.types.includes("SSE-C"))
    throw new SetupError(`${blocked}, and it still does after PutBucketEncryption with BlockedEncryptionTypes NONE`);
  return {
    notes: [`SSE-C unblocked on bucket ${bucket} for the run (--unblock-bucket); its block is restored at the end`],
    async restore() {
      const back = await putEncryption(client, bucket, original).catch((e: Error) => e);
      if (back instanceof Error || back.status !== 200)
        return `bucket ${bucket}: could not restore its SSE-C block (${back instanceof Error ? back.message : statusAndCode(back)}); re-block it with PutBucketEncryption BlockedEncryptionTypes SSE-C`;
      return undefined;
    },
  };
}
