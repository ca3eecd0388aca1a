/**
 * Emptying and deleting a bucket a check created (kept in one file: it is the one place the kit
 * deletes buckets). The work is the client's emptyBucket, the same code the run's cleanup uses.
 */
import type { S3Response } from "../client/types.ts";
import { emptyBucket } from "../client/index.ts";
import type { CheckContext } from "./types.ts";

/** `403 AccessDenied`-style summary of an answer, for notes and skip reasons. */
export function describeAnswer(res: S3Response): string {
  return `${res.status} ${res.error?.code ?? ""}`.trim();
}

/**
 * Empty and delete a bucket this check created (nothing else is ever touched): abort its open
 * uploads, delete every object (all pages), then the bucket. A bucket left behind would stay in
 * the vendor's account, so a failure is never swallowed: it is noted in the transcript and
 * returned (withSecondBucket turns it into the check's error when there is no verdict to keep).
 */
export async function removeBucket(
  ctx: CheckContext,
  bucket: string,
  opts: { versions?: boolean } = {},
): Promise<string | undefined> {
  const report = await emptyBucket(ctx.client, bucket, opts);
  const problems = [...report.problems];
  if (!report.bucketDeleted && problems.length === 0) problems.push(`bucket ${bucket} was not deleted`);
  if (problems.length === 0) return undefined;
  const text = `the second bucket ${bucket} may be left behind: ${problems.join("; ")}`;
  ctx.note(text);
  return text;
}
