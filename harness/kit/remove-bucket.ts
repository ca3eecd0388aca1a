/**
 * Emptying and deleting a bucket a check created (kept in one file: it is the one place the kit
 * deletes buckets).
 */
import type { S3Response } from "../client/types.ts";
import { parseListBucket, parseListMultipartUploads } from "../client/index.ts";
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
export async function removeBucket(ctx: CheckContext, bucket: string): Promise<string | undefined> {
  const problems: string[] = [];
  const attempt = async (
    what: string,
    send: () => Promise<S3Response>,
    ok: readonly number[],
  ): Promise<S3Response | undefined> => {
    try {
      const res = await send();
      if (!ok.includes(res.status)) problems.push(`${what} answered ${describeAnswer(res)}`);
      return res;
    } catch (err) {
      problems.push(`${what} failed: ${(err as Error).message}`);
      return undefined;
    }
  };
  // Open uploads first: a bucket with one cannot be deleted (BucketNotEmpty on AWS).
  let uploadMarkers: [string, string][] = [];
  for (let page = 0; page < 1000; page++) {
    const res = await attempt(
      `ListMultipartUploads of ${bucket}`,
      () => ctx.client.send({ method: "GET", bucket, query: [["uploads", ""], ...uploadMarkers] }),
      [200],
    );
    if (res?.status !== 200) break;
    const list = parseListMultipartUploads(res.body);
    for (const u of list.uploads) {
      await attempt(
        `abort of upload ${u.uploadId} of ${u.key}`,
        () => ctx.client.send({ method: "DELETE", bucket, key: u.key, query: [["uploadId", u.uploadId]] }),
        [200, 204],
      );
    }
    if (!list.isTruncated || list.nextKeyMarker === undefined) break;
    uploadMarkers = [
      ["key-marker", list.nextKeyMarker],
      ...(list.nextUploadIdMarker ? [["upload-id-marker", list.nextUploadIdMarker] as [string, string]] : []),
    ];
  }
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const query: [string, string][] = [
      ["list-type", "2"],
      ...(token ? [["continuation-token", token] as [string, string]] : []),
    ];
    const res = await attempt(
      `ListObjectsV2 of ${bucket}`,
      () => ctx.client.send({ method: "GET", bucket, query }),
      [200],
    );
    if (res?.status !== 200) break;
    const list = parseListBucket(res.body);
    for (const { key } of list.contents) {
      await attempt(`DELETE of ${key}`, () => ctx.client.send({ method: "DELETE", bucket, key }), [200, 204]);
    }
    token = list.isTruncated ? list.nextContinuationToken : undefined;
    if (!token) break;
  }
  await attempt(`DELETE of bucket ${bucket}`, () => ctx.client.send({ method: "DELETE", bucket }), [200, 204]);
  if (problems.length === 0) return undefined;
  const text = `the second bucket ${bucket} may be left behind: ${problems.join("; ")}`;
  ctx.note(text);
  return text;
}
