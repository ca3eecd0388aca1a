/**
 * Raw requests for the copy and multipart suites (PUT Object - Copy, Initiate Multipart Upload,
 * Upload Part, Upload Part - Copy), on top of the shared kit (harness/checks/kit.ts). Each takes
 * the SSE-C headers to send as they are, so a check can omit, alter or add any of them; the
 * helpers add only what the operation itself needs (query, copy-source, XML body). The `…Fixture`
 * helpers are arrangement steps: a failure there is a precondition error, not a verdict.
 */
import { afterAll } from "vitest";
import type { HeaderList, S3Response } from "../client/types.ts";
import {
  completeMultipartUploadXml,
  parseCompleteMultipartUpload,
  parseCopyObjectResult,
  parseCopyPartResult,
  parseInitiateMultipartUpload,
  parseListParts,
  s3UriEncode,
} from "../client/index.ts";
import type { CheckContext } from "./run-check.ts";
import { PreconditionError } from "./run-check.ts";
import type { CustomerKey } from "./fixtures.ts";
import { copyNames, ssecHeaders } from "./fixtures.ts";

// One implementation for the interface and the property suites (harness/checks/kit.ts).
export { expectNoUpload } from "./fixtures.ts";

/** A part as Complete wants it. */
export interface PartRef {
  partNumber: number;
  etag: string;
}

/** An upload in progress. */
export interface Upload {
  objectKey: string;
  uploadId: string;
  /** The upload's customer key; undefined for an upload initiated without SSE-C. */
  key?: CustomerKey;
}

/** Inclusive byte range, as `x-amz-copy-source-range: bytes=first-last`. */
export interface ByteRange {
  first: number;
  last: number;
}

/** `x-amz-copy-source: /bucket/key` (x-obs- for OBS; the key URI-encoded as in a path, S3 style). */
export function copySourceHeader(ctx: CheckContext, objectKey: string): [string, string] {
  return [copyNames(ctx.dialect).copySource, `/${ctx.bucket}/${s3UriEncode(objectKey, true)}`];
}

/** The target trio for `key`, or no headers for a plain target. */
export function targetTrio(ctx: CheckContext, key: CustomerKey | undefined): HeaderList {
  return key ? ssecHeaders(ctx.dialect, key) : [];
}

/** The copy-source trio for `key`, or no headers for a plain source. */
export function sourceTrio(ctx: CheckContext, key: CustomerKey | undefined): HeaderList {
  return key ? ssecHeaders(ctx.dialect, key, true) : [];
}

// ---------------------------------------------------------------------------------------------
// PUT Object - Copy

export function copyObject(
  ctx: CheckContext,
  source: string,
  target: string,
  headers: HeaderList = [],
  plainHttp = false,
): Promise<S3Response> {
  return ctx.send({ method: "PUT", key: target, headers: [copySourceHeader(ctx, source), ...headers], plainHttp });
}

/** ETag of a PUT Object - Copy answer (CopyObjectResult body), unquoted. */
export function copyObjectEtag(res: S3Response): string {
  return parseCopyObjectResult(res.body).etag.replace(/^"|"$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Multipart

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

/** Initiate an upload as an arrangement step (SSE-C under `key`, or plain when undefined). */
export async function initiateFixture(
  ctx: CheckContext,
  key: CustomerKey | undefined,
  label = "upload",
): Promise<Upload> {
  const objectKey = ctx.objectKey(label);
  const res = await initiate(ctx, objectKey, targetTrio(ctx, key));
  ctx.require(res, 200, `${key ? "SSE-C " : ""}Initiate Multipart Upload of the fixture`);
  return { objectKey, uploadId: uploadIdOf(res), key };
}

function partQuery(upload: Upload, partNumber: number): [string, string][] {
  return [
    ["partNumber", String(partNumber)],
    ["uploadId", upload.uploadId],
  ];
}

export function uploadPart(
  ctx: CheckContext,
  upload: Upload,
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

/** Upload a part with the upload's own trio as an arrangement step; returns its ETag. */
export async function uploadPartFixture(
  ctx: CheckContext,
  upload: Upload,
  partNumber: number,
  body: Buffer,
): Promise<PartRef> {
  const res = await uploadPart(ctx, upload, partNumber, body, targetTrio(ctx, upload.key));
  ctx.require(res, 200, `Upload Part ${partNumber} (${body.length} bytes) of the fixture`);
  return { partNumber, etag: res.headers["etag"] ?? "" };
}

export function uploadPartCopy(
  ctx: CheckContext,
  upload: Upload,
  partNumber: number,
  source: string,
  headers: HeaderList = [],
  range?: ByteRange,
  plainHttp = false,
): Promise<S3Response> {
  const extra: HeaderList = [copySourceHeader(ctx, source)];
  if (range) extra.push([copyNames(ctx.dialect).copySourceRange, `bytes=${range.first}-${range.last}`]);
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
  upload: Upload,
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

/** Complete as an arrangement step, with the upload's trio (AWS accepts it; Ceph requires it). */
export async function completeFixture(ctx: CheckContext, upload: Upload, parts: PartRef[]): Promise<string> {
  const res = await complete(ctx, upload, parts, targetTrio(ctx, upload.key));
  ctx.require(res, 200, "Complete Multipart Upload of the fixture");
  if (!completedOk(res))
    throw new PreconditionError(
      "precondition failed: Complete Multipart Upload of the fixture answered 200 with an <Error> body",
    );
  return parseCompleteMultipartUpload(res.body).etag.replace(/^"|"$/g, "");
}

/** What names an upload, whatever key type the caller keeps beside it. */
export type UploadRef = Pick<Upload, "objectKey" | "uploadId">;

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

/** A refused part left nothing behind: ListParts (without SSE-C, E31) does not list it. */
export async function expectNoPart(ctx: CheckContext, upload: UploadRef, partNumber: number): Promise<void> {
  const { res, partNumbers } = await listParts(ctx, upload);
  ctx.require(res, 200, "ListParts of the upload");
  if (partNumbers.includes(partNumber)) {
    ctx.fail(
      `no part ${partNumber} stored (ListParts)`,
      `ListParts lists part ${partNumber}: the refused request stored it`,
    );
  }
}

/**
 * An upload shared by the checks of one file (the refusals each send their own part number),
 * made by the first check that needs it and aborted once the file's checks have run, so the run
 * leaves no upload open. A failed creation fails every check that needs it with the same error.
 */
export function sharedUpload(make: (ctx: CheckContext) => Promise<Upload>): (ctx: CheckContext) => Promise<Upload> {
  let made: { ctx: CheckContext; upload: Promise<Upload> } | undefined;
  afterAll(async () => {
    if (!made) return;
    const upload = await made.upload.catch(() => undefined);
    // The file's client is still open: run-check.ts registered its afterAll first, and vitest
    // runs a file's afterAll hooks in reverse order (sequence.hooks "stack").
    if (upload) await abort(made.ctx, upload);
  });
  return (ctx) => (made ??= { ctx, upload: make(ctx) }).upload;
}

/**
 * Part numbers for checks sharing one upload: each check takes its own, so what one check stored
 * never hides what another refused.
 */
export function partNumbers(start = 1): () => number {
  let next = start;
  return () => next++;
}
