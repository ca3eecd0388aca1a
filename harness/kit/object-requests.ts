/**
 * Raw requests on objects (PUT, POST form, GET, HEAD, PUT Object - Copy). Each takes the SSE-C
 * headers to send as they are, so a check can omit, alter or add any of them; the helpers add
 * only what the operation itself needs.
 */
import type { HeaderList, S3Request, S3Response } from "../client/types.ts";
import { buildPostForm, parseCopyObjectResult } from "../client/index.ts";
import type { PolicyCondition } from "../client/index.ts";
import type { CustomerKey } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";
import { copySourceHeader, targetTrio } from "./trios.ts";

export function putObject(ctx: CheckContext, objectKey: string, body: Buffer, headers: HeaderList = []) {
  return ctx.send({ method: "PUT", key: objectKey, body, headers });
}

function read(
  ctx: CheckContext,
  method: "GET" | "HEAD",
  objectKey: string,
  headers: HeaderList,
  extra: Partial<S3Request>,
): Promise<S3Response> {
  return ctx.send({ method, key: objectKey, ...extra, headers });
}

/** GET with exactly `headers`. */
export function getObject(ctx: CheckContext, objectKey: string, headers: HeaderList = []): Promise<S3Response> {
  return read(ctx, "GET", objectKey, headers, {});
}

/** HEAD with exactly `headers`. */
export function headObject(ctx: CheckContext, objectKey: string, headers: HeaderList = []): Promise<S3Response> {
  return read(ctx, "HEAD", objectKey, headers, {});
}

function readSsec(method: "GET" | "HEAD") {
  return (
    ctx: CheckContext,
    obj: { objectKey: string },
    key: CustomerKey | undefined,
    extra: Partial<S3Request> = {},
  ): Promise<S3Response> =>
    read(ctx, method, obj.objectKey, [...targetTrio(ctx, key), ...(extra.headers ?? [])], extra);
}

/** GET with the target trio for `key` (none when undefined) and `extra` (its headers after the trio). */
export const getSsec = readSsec("GET");

/** HEAD with the target trio for `key` (none when undefined) and `extra` (its headers after the trio). */
export const headSsec = readSsec("HEAD");

export interface PostOptions {
  objectKey: string;
  body: Buffer;
  /** SSE-C (and any other) form fields. */
  fields: HeaderList;
  bucket?: string;
  plainHttp?: boolean;
  omitConditionsFor?: string[];
  conditions?: PolicyCondition[];
  /** The policy's expiration (default: an hour after signing). */
  expiration?: Date;
}

/** POST Object: a policy-signed form; by default every field gets an exact-match policy condition. */
export function postObject(ctx: CheckContext, o: PostOptions): Promise<S3Response> {
  const bucket = o.bucket ?? ctx.bucket;
  const form = buildPostForm(
    { accessKeyId: ctx.target.accessKeyId, secretAccessKey: ctx.target.secretAccessKey, region: ctx.target.region },
    {
      bucket,
      key: o.objectKey,
      file: o.body,
      fields: o.fields,
      omitConditionsFor: o.omitConditionsFor,
      conditions: o.conditions,
      ...(o.expiration ? { expiration: o.expiration } : {}),
    },
  );
  return ctx.send({
    method: "POST",
    bucket,
    auth: "none",
    body: form.body,
    plainHttp: o.plainHttp,
    headers: [["content-type", form.contentType]],
  });
}

/** PUT Object - Copy from `source` to `target` with `headers` after the copy-source header. */
export function copyObject(
  ctx: CheckContext,
  source: string,
  target: string,
  headers: HeaderList = [],
  plainHttp = false,
): Promise<S3Response> {
  return ctx.send({ method: "PUT", key: target, headers: [copySourceHeader(ctx, source), ...headers], plainHttp });
}

/** ETag header value without quotes. */
export function etagOf(res: S3Response): string {
  return (res.headers["etag"] ?? "").replace(/^"|"$/g, "");
}

/** ETag of a PUT Object - Copy answer (CopyObjectResult body), unquoted. */
export function copyObjectEtag(res: S3Response): string {
  return parseCopyObjectResult(res.body).etag.replace(/^"|"$/g, "");
}
