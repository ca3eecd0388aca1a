/**
 * Arrangement steps: objects and uploads a check needs before its one request. A failure here is
 * a precondition error (no verdict), never a verdict on the server.
 */
import type { HeaderList } from "../client/types.ts";
import type { CustomerKey } from "../ssec/index.ts";
import { deriveKey } from "../ssec/index.ts";
import type { CheckContext, PartRef, PlainObject, Stored, StoredObject, Upload } from "./types.ts";
import { PreconditionError } from "./check-errors.ts";
import { bodyOf, payload } from "./payload.ts";
import { targetTrio } from "./trios.ts";
import { etagOf } from "./object-requests.ts";
import { abort, complete, completedEtag, completedOk, initiate, uploadIdOf, uploadPart } from "./multipart-requests.ts";

export interface PutOptions {
  size?: number;
  body?: Buffer;
  key?: CustomerKey;
  objectKey?: string;
  label?: string;
  headers?: HeaderList;
}

/** A body for `opts` (given, or `size` deterministic bytes). */
function bodyFor(ctx: CheckContext, opts: PutOptions, label: string): Buffer {
  return opts.body ?? payload(ctx.target.seed, `${ctx.def.id}/${label}`, opts.size ?? 1024);
}

/** PUT an SSE-C object as a fixture. */
export async function putSsec(ctx: CheckContext, opts: PutOptions = {}): Promise<StoredObject> {
  const label = opts.label ?? "fixture";
  const key = opts.key ?? ctx.customerKey(label);
  const objectKey = opts.objectKey ?? ctx.objectKey(label);
  const body = bodyFor(ctx, opts, label);
  const res = await ctx.send({
    method: "PUT",
    key: objectKey,
    body,
    headers: [...targetTrio(ctx, key), ...(opts.headers ?? [])],
  });
  ctx.require(res, 200, `SSE-C PUT of the ${body.length}-byte fixture`);
  return { objectKey, key, body, etag: etagOf(res) };
}

/** PUT an object without SSE-C as a fixture. */
export async function putPlain(ctx: CheckContext, opts: PutOptions = {}): Promise<PlainObject> {
  const label = opts.label ?? "plain";
  const objectKey = opts.objectKey ?? ctx.objectKey(label);
  const body = bodyFor(ctx, opts, label);
  const res = await ctx.send({ method: "PUT", key: objectKey, body, headers: opts.headers });
  ctx.require(res, 200, `plain PUT of the ${body.length}-byte fixture`);
  return { objectKey, body, etag: etagOf(res) };
}

/** A property case's object: SSE-C under `key`, or plain when undefined, of `size` bytes (bodyOf). */
export async function putFixture(
  ctx: CheckContext,
  key: CustomerKey | undefined,
  size: number,
  label = "fixture",
): Promise<Stored> {
  const body = bodyOf(ctx, size);
  return key ? putSsec(ctx, { key, body, label }) : putPlain(ctx, { body, label });
}

/** A fixture's key, reproducible from the run's seed and the check id alone (the same for every case). */
export function fixtureKey(ctx: CheckContext, label: string): CustomerKey {
  return deriveKey(ctx.target.seed, `${ctx.def.id}/${label}`);
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

/** Upload a part with the upload's own trio as an arrangement step; returns its ETag. */
export async function uploadPartFixture(
  ctx: CheckContext,
  upload: Upload,
  partNumber: number,
  body: Buffer,
  what = `Upload Part ${partNumber} (${body.length} bytes) of the fixture`,
): Promise<PartRef> {
  const res = await uploadPart(ctx, upload, partNumber, body, targetTrio(ctx, upload.key));
  ctx.require(res, 200, what);
  return { partNumber, etag: res.headers["etag"] ?? "" };
}

/** Complete as an arrangement step, with the upload's trio (AWS accepts it; Ceph requires it); returns the ETag. */
export async function completeFixture(ctx: CheckContext, upload: Upload, parts: PartRef[]): Promise<string> {
  const res = await complete(ctx, upload, parts, targetTrio(ctx, upload.key));
  ctx.require(res, 200, "Complete Multipart Upload of the fixture");
  if (!completedOk(res))
    throw new PreconditionError(
      "precondition failed: Complete Multipart Upload of the fixture answered 200 with an <Error> body",
    );
  return completedEtag(res).replace(/^"|"$/g, "");
}

/**
 * An SSE-C multipart object with the given plaintext part sizes (all but the last ≥ 5 MiB).
 * Unaligned sizes (5 MiB + 1) put part boundaries inside cipher blocks and chunks (minio/minio#5576; ceph/ceph#27130).
 */
export async function putSsecMultipart(
  ctx: CheckContext,
  partSizes: number[],
  opts: { key?: CustomerKey; label?: string } = {},
): Promise<StoredObject> {
  const label = opts.label ?? "multipart";
  const key = opts.key ?? ctx.customerKey(label);
  const body = payload(
    ctx.target.seed,
    `${ctx.def.id}/${label}`,
    partSizes.reduce((a, b) => a + b, 0),
  );
  const upload = await initiateFixture(ctx, key, label);
  const parts: PartRef[] = [];
  let offset = 0;
  for (const [i, size] of partSizes.entries()) {
    const part = body.subarray(offset, offset + size);
    parts.push(await uploadPartFixture(ctx, upload, i + 1, part, `SSE-C Upload Part ${i + 1} of the fixture`));
    offset += size;
  }
  const etag = await completeFixture(ctx, upload, parts);
  return { objectKey: upload.objectKey, key, body, etag, partSizes };
}

/** Run `body` with an upload and abort it afterwards, whatever happened. */
export async function withUpload(
  ctx: CheckContext,
  key: CustomerKey | undefined,
  body: (u: Upload) => Promise<void>,
): Promise<void> {
  const u = await initiateFixture(ctx, key);
  try {
    await body(u);
  } finally {
    await abort(ctx, u).catch(() => undefined);
  }
}
