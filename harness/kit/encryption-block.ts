/**
 * Blocking and unblocking SSE-C on a bucket the run created (AWS BlockedEncryptionTypes), and
 * telling a server that has the setting from one that does not: the one place both the run's
 * feature probe (runner/feature-probes.ts) and the blocked-bucket checks (second-bucket.ts) set it.
 *
 * A server has the feature when PutBucketEncryption takes BlockedEncryptionTypes AND
 * GetBucketEncryption reads it back. A refusal of the PUT with any 4xx or a 501 (NotImplemented,
 * MalformedXML for the unknown element, AccessDenied…) means it does not; so does a 200 to the PUT
 * whose setting GetBucketEncryption does not return (a server that ignores unknown elements).
 * Only a 5xx other than 501, or an unblock the server reads back as still blocked, is a failure of
 * a feature the server has.
 */
import {
  md5Base64,
  parseServerSideEncryptionConfiguration,
  serverSideEncryptionConfigurationXml,
} from "../client/index.ts";
import type { S3Client, S3Response } from "../client/types.ts";
import { describeAnswer } from "./remove-bucket.ts";

export type BlockAttempt =
  | { outcome: "done" }
  /** The server does not have BlockedEncryptionTypes: why, in a clause (`answers 501 NotImplemented to …`). */
  | { outcome: "unsupported"; reason: string }
  /** The server has the setting and failed to apply it (no verdict on the checks that need it). */
  | { outcome: "failed"; what: string; answer: S3Response };

export function encryptionBlockXml(blocked: boolean): string {
  return serverSideEncryptionConfigurationXml([
    { sseAlgorithm: "AES256", blockedEncryptionTypes: [blocked ? "SSE-C" : "NONE"] },
  ]);
}

/** PutBucketEncryption with a ServerSideEncryptionConfiguration document (the run's set-up, its probes and checks). */
export function putBucketEncryption(client: S3Client, bucket: string, xml: string): Promise<S3Response> {
  return client.send({
    method: "PUT",
    bucket,
    query: [["encryption", ""]],
    body: xml,
    headers: [
      ["content-type", "application/xml"],
      ["content-md5", md5Base64(xml)],
    ],
  });
}

/** Reads GetBucketEncryption's BlockedEncryptionTypes, or says why it cannot. */
export async function readBlockedTypes(
  client: S3Client,
  bucket: string,
): Promise<{ types: string[]; answer: S3Response } | { why: string; answer: S3Response }> {
  const answer = await client.send({ method: "GET", bucket, query: [["encryption", ""]] });
  if (answer.status !== 200) return { why: `GetBucketEncryption answers ${describeAnswer(answer)}`, answer };
  try {
    return {
      types: parseServerSideEncryptionConfiguration(answer.body).flatMap((r) => r.blockedEncryptionTypes),
      answer,
    };
  } catch {
    return { why: "GetBucketEncryption answers 200 without a ServerSideEncryptionConfiguration", answer };
  }
}

/** PutBucketEncryption that blocks (or unblocks) SSE-C, then GetBucketEncryption to see that it took. */
export async function setEncryptionBlock(client: S3Client, bucket: string, blocked: boolean): Promise<BlockAttempt> {
  const xml = encryptionBlockXml(blocked);
  const setting = `BlockedEncryptionTypes ${blocked ? "SSE-C" : "NONE"}`;
  const put = await putBucketEncryption(client, bucket, xml);
  if (put.status !== 200) {
    if ((put.status >= 400 && put.status < 500) || put.status === 501)
      return { outcome: "unsupported", reason: `PutBucketEncryption with ${setting} answers ${describeAnswer(put)}` };
    return { outcome: "failed", what: `PutBucketEncryption with ${setting}`, answer: put };
  }
  const back = await readBlockedTypes(client, bucket);
  if ("why" in back) return { outcome: "unsupported", reason: `PutBucketEncryption takes ${setting}, but ${back.why}` };
  if (blocked && !back.types.includes("SSE-C"))
    return {
      outcome: "unsupported",
      reason: `PutBucketEncryption takes ${setting}, but GetBucketEncryption does not read it back (${back.types.length ? back.types.join(", ") : "no BlockedEncryptionTypes"})`,
    };
  if (!blocked && back.types.includes("SSE-C"))
    return { outcome: "failed", what: `GetBucketEncryption after ${setting} (still SSE-C)`, answer: back.answer };
  return { outcome: "done" };
}
