/**
 * Multipart uploads and copies as raw requests, for the suites that build objects part by part or
 * copy them (PUT Object - Copy, Initiate Multipart Upload, Upload Part, Upload Part - Copy).
 * Every function takes the headers to send as they are, so a check can omit, alter or add any
 * SSE-C header; the functions only add what the operation itself needs (query, copy-source).
 * Nothing here asserts: the checks decide what a response means.
 */
import { XMLParser } from "fast-xml-parser";
import type { HeaderList, S3Client, S3Response } from "../../harness/client/types.ts";

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** Where an object lives. */
export interface ObjectRef {
  bucket: string;
  key: string;
}

/** A part as Complete wants it. */
export interface PartRef {
  partNumber: number;
  etag: string;
}

/** A part as ListParts reports it. */
export interface ListedPart extends PartRef {
  size: number;
}

/** S3 answers some failures of Complete and copies with 200 and an `<Error>` body (AWS docs). */
export function bodyError(res: S3Response): string | undefined {
  if (res.error) return res.error.code;
  if (res.status !== 200 || res.body.length === 0) return undefined;
  const text = res.body.toString("utf8");
  if (!/<Error>/.test(text)) return undefined;
  const parsed = xml.parse(text) as { Error?: { Code?: string } };
  return parsed.Error?.Code ?? "Error";
}

function xmlField(res: S3Response, path: string[]): string | undefined {
  let node: unknown = xml.parse(res.body.toString("utf8"));
  for (const name of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return typeof node === "string" ? node : undefined;
}

/** `x-amz-copy-source` value: `/bucket/key`, the key URI-encoded segment by segment. */
export function copySourceValue(src: ObjectRef): string {
  return `/${src.bucket}/${src.key.split("/").map(encodeURIComponent).join("/")}`;
}

export async function putObject(
  client: S3Client,
  ref: ObjectRef,
  body: Buffer,
  headers: HeaderList = [],
): Promise<S3Response> {
  return client.send({ method: "PUT", bucket: ref.bucket, key: ref.key, body, headers });
}

export async function getObject(
  client: S3Client,
  ref: ObjectRef,
  headers: HeaderList = [],
): Promise<S3Response> {
  return client.send({ method: "GET", bucket: ref.bucket, key: ref.key, headers });
}

export async function headObject(
  client: S3Client,
  ref: ObjectRef,
  headers: HeaderList = [],
): Promise<S3Response> {
  return client.send({ method: "HEAD", bucket: ref.bucket, key: ref.key, headers });
}

export async function deleteObject(client: S3Client, ref: ObjectRef): Promise<S3Response> {
  return client.send({ method: "DELETE", bucket: ref.bucket, key: ref.key });
}

/** PUT Object - Copy. `headers` carries the target and copy-source SSE-C trios, directives, etc. */
export async function copyObject(
  client: S3Client,
  source: ObjectRef,
  target: ObjectRef,
  headers: HeaderList = [],
): Promise<S3Response> {
  return client.send({
    method: "PUT",
    bucket: target.bucket,
    key: target.key,
    headers: [["x-amz-copy-source", copySourceValue(source)], ...headers],
  });
}

export interface Initiated {
  res: S3Response;
  /** Present when the server answered 200 with an UploadId. */
  uploadId?: string;
}

export async function initiate(
  client: S3Client,
  ref: ObjectRef,
  headers: HeaderList = [],
): Promise<Initiated> {
  const res = await client.send({
    method: "POST",
    bucket: ref.bucket,
    key: ref.key,
    query: [["uploads", ""]],
    headers,
  });
  const uploadId = res.status === 200 ? xmlField(res, ["InitiateMultipartUploadResult", "UploadId"]) : undefined;
  return { res, uploadId };
}

export async function uploadPart(
  client: S3Client,
  ref: ObjectRef,
  uploadId: string,
  partNumber: number,
  body: Buffer,
  headers: HeaderList = [],
): Promise<S3Response> {
  return client.send({
    method: "PUT",
    bucket: ref.bucket,
    key: ref.key,
    query: [
      ["partNumber", String(partNumber)],
      ["uploadId", uploadId],
    ],
    body,
    headers,
  });
}

/** Upload Part - Copy; `range` is inclusive, as `x-amz-copy-source-range: bytes=first-last`. */
export async function uploadPartCopy(
  client: S3Client,
  source: ObjectRef,
  target: ObjectRef,
  uploadId: string,
  partNumber: number,
  headers: HeaderList = [],
  range?: { first: number; last: number },
): Promise<S3Response> {
  const extra: HeaderList = [["x-amz-copy-source", copySourceValue(source)]];
  if (range) extra.push(["x-amz-copy-source-range", `bytes=${range.first}-${range.last}`]);
  return client.send({
    method: "PUT",
    bucket: target.bucket,
    key: target.key,
    query: [
      ["partNumber", String(partNumber)],
      ["uploadId", uploadId],
    ],
    headers: [...extra, ...headers],
  });
}

/** ETag of an Upload Part - Copy answer (in the `CopyPartResult` body, not a header). */
export function copyPartEtag(res: S3Response): string | undefined {
  return xmlField(res, ["CopyPartResult", "ETag"]);
}

/** ETag of a PUT Object - Copy answer (in the `CopyObjectResult` body). */
export function copyObjectEtag(res: S3Response): string | undefined {
  return xmlField(res, ["CopyObjectResult", "ETag"]);
}

export async function complete(
  client: S3Client,
  ref: ObjectRef,
  uploadId: string,
  parts: PartRef[],
  headers: HeaderList = [],
): Promise<S3Response> {
  const body =
    "<CompleteMultipartUpload>" +
    parts.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${p.etag}</ETag></Part>`).join("") +
    "</CompleteMultipartUpload>";
  return client.send({
    method: "POST",
    bucket: ref.bucket,
    key: ref.key,
    query: [["uploadId", uploadId]],
    headers: [["content-type", "application/xml"], ...headers],
    body,
  });
}

/** ETag of a CompleteMultipartUpload answer. */
export function completeEtag(res: S3Response): string | undefined {
  return xmlField(res, ["CompleteMultipartUploadResult", "ETag"]);
}

export async function abort(client: S3Client, ref: ObjectRef, uploadId: string): Promise<S3Response> {
  return client.send({ method: "DELETE", bucket: ref.bucket, key: ref.key, query: [["uploadId", uploadId]] });
}

export interface Listed {
  res: S3Response;
  parts: ListedPart[];
}

export async function listParts(
  client: S3Client,
  ref: ObjectRef,
  uploadId: string,
  headers: HeaderList = [],
): Promise<Listed> {
  const res = await client.send({
    method: "GET",
    bucket: ref.bucket,
    key: ref.key,
    query: [["uploadId", uploadId]],
    headers,
  });
  if (res.status !== 200) return { res, parts: [] };
  const parsed = xml.parse(res.body.toString("utf8")) as {
    ListPartsResult?: { Part?: Record<string, string> | Record<string, string>[] };
  };
  const raw = parsed.ListPartsResult?.Part;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return {
    res,
    parts: list.map((p) => ({
      partNumber: Number(p.PartNumber),
      etag: String(p.ETag ?? ""),
      size: Number(p.Size),
    })),
  };
}
