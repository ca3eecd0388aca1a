/**
 * Raw multipart requests (Initiate, Upload Part, Upload Part - Copy, Complete, Abort, ListParts),
 * each with the SSE-C headers to send as they are, and the readers of their answers.
 */
import type { HeaderList, S3Response } from "../client/types.ts";
import {
  completeMultipartUploadXml,
  parseCompleteMultipartUpload,
  parseCopyPartResult,
  parseInitiateMultipartUpload,
  parseListParts,
} from "../client/index.ts";
import type { ByteRange, CheckContext, PartRef, UploadRef } from "./types.ts";
import { copyHeaders, copySourceHeader } from "./trios.ts";

export function initiate(
  ctx: CheckContext,
  objectKey: string,
  headers: HeaderList = [],
  plainHttp = false,
): Promise<S3Response> {
  return ctx.send({ method: "POST", key: objectKey, query: [["uploads", ""]], headers, plainHttp });
}

export function uploadIdOf(res: S3Response): string {
  return parseInitiateMultipartUpload(res.body).uploadId;
}

function partQuery(upload: UploadRef, partNumber: number): [string, string][] {
  return [
    ["partNumber", String(partNumber)],
    ["uploadId", upload.uploadId],
  ];
}

export function uploadPart(
  ctx: CheckContext,
  upload: UploadRef,
  partNumber: number,
  body: Buffer,
  headers: HeaderList = [],
  plainHttp = false,
): Promise<S3Response> {
  return ctx.send({
    method: "PUT",
    key: upload.objectKey,
    query: partQuery(upload, partNumber),
    body,
    headers,
    plainHttp,
  });
}

export function uploadPartCopy(
  ctx: CheckContext,
  upload: UploadRef,
  partNumber: number,
  source: string,
  headers: HeaderList = [],
  range?: ByteRange,
  plainHttp = false,
): Promise<S3Response> {
  const extra: HeaderList = [copySourceHeader(ctx, source)];
  if (range) extra.push([copyHeaders(ctx).copySourceRange, `bytes=${range.first}-${range.last}`]);
  return ctx.send({
    method: "PUT",
    key: upload.objectKey,
    query: partQuery(upload, partNumber),
    headers: [...extra, ...headers],
    plainHttp,
  });
}

/** ETag of an Upload Part - Copy answer (CopyPartResult body), as Complete wants it. */
export function copyPartEtag(res: S3Response): string {
  return parseCopyPartResult(res.body).etag;
}

export function complete(
  ctx: CheckContext,
  upload: UploadRef,
  parts: PartRef[],
  headers: HeaderList = [],
): Promise<S3Response> {
  return ctx.send({
    method: "POST",
    key: upload.objectKey,
    query: [["uploadId", upload.uploadId]],
    headers: [["content-type", "application/xml"], ...headers],
    body: completeMultipartUploadXml(parts),
  });
}

/**
 * S3 may answer Complete with 200 and an `<Error>` body (AWS CompleteMultipartUpload docs); the
 * client parses `<Error>` only on error statuses, so look at the root element here.
 */
export function completedOk(res: S3Response): boolean {
  return (
    res.status === 200 &&
    res.error === undefined &&
    /<CompleteMultipartUploadResult[\s>]/.test(res.body.toString("utf8"))
  );
}

/** The ETag a Complete answer (CompleteMultipartUploadResult body) names, as sent. */
export function completedEtag(res: S3Response): string {
  return parseCompleteMultipartUpload(res.body).etag;
}

export function abort(ctx: CheckContext, upload: UploadRef): Promise<S3Response> {
  return ctx.send({ method: "DELETE", key: upload.objectKey, query: [["uploadId", upload.uploadId]] });
}

export async function listParts(
  ctx: CheckContext,
  upload: UploadRef,
  headers: HeaderList = [],
): Promise<{ res: S3Response; partNumbers: number[] }> {
  const res = await ctx.send({ method: "GET", key: upload.objectKey, query: [["uploadId", upload.uploadId]], headers });
  return { res, partNumbers: res.status === 200 ? parseListParts(res.body).parts.map((p) => p.partNumber) : [] };
}
