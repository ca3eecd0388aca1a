/**
 * What a refused request must not have left behind: an object, an open upload, a part; and what
 * it must not have changed: the old object.
 */
import { parseListMultipartUploads } from "../client/index.ts";
import { describeActual } from "../checks/grade.ts";
import type { CheckContext, Stored, UploadRef } from "./types.ts";
import { getSsec } from "./object-requests.ts";
import { listParts } from "./multipart-requests.ts";
import { expectBytes } from "./expect-bytes.ts";

/** No object under `objectKey` (a refused write stored nothing). */
export async function expectAbsent(ctx: CheckContext, objectKey: string, bucket?: string): Promise<void> {
  const res = await ctx.send({ method: "HEAD", key: objectKey, ...(bucket ? { bucket } : {}) });
  if (res.status !== 404)
    ctx.fail("nothing stored (HEAD 404)", `HEAD answered ${res.status}: the refused request stored an object`);
}

/** An open multipart upload as ListMultipartUploads names it. */
export interface OpenUpload {
  objectKey: string;
  uploadId: string;
}

/**
 * Every open upload whose key starts with `prefix` in `bucket` (default: the run's), following
 * KeyMarker/UploadIdMarker pages. A listing that does not answer 200 is a precondition error:
 * without it nothing can be said about what a request left behind.
 */
export async function listOpenUploads(ctx: CheckContext, prefix: string, bucket?: string): Promise<OpenUpload[]> {
  const out: OpenUpload[] = [];
  let markers: [string, string][] = [];
  for (;;) {
    const res = await ctx.send({
      method: "GET",
      ...(bucket ? { bucket } : {}),
      query: [["uploads", ""], ["prefix", prefix], ...markers],
    });
    ctx.require(res, 200, `ListMultipartUploads${bucket ? ` of ${bucket}` : ""}`);
    const page = parseListMultipartUploads(res.body);
    out.push(...page.uploads.map((u) => ({ objectKey: u.key, uploadId: u.uploadId })));
    if (!page.isTruncated || page.nextKeyMarker === undefined) return out;
    markers = [
      ["key-marker", page.nextKeyMarker],
      ...(page.nextUploadIdMarker ? [["upload-id-marker", page.nextUploadIdMarker] as [string, string]] : []),
    ];
  }
}

/**
 * A refused Initiate left no upload behind: ListMultipartUploads lists none for `objectKey`
 * (HEAD of the key proves nothing: an upload never creates the object). Any upload found is
 * aborted, then reported. Used by the interface and the property suites alike.
 */
export async function expectNoUpload(ctx: CheckContext, objectKey: string, bucket?: string): Promise<void> {
  const found = (await listOpenUploads(ctx, objectKey, bucket)).filter((u) => u.objectKey === objectKey);
  for (const u of found) {
    await ctx
      .send({ method: "DELETE", ...(bucket ? { bucket } : {}), key: u.objectKey, query: [["uploadId", u.uploadId]] })
      .catch(() => undefined);
  }
  if (found.length > 0) {
    ctx.fail(
      "no upload created (ListMultipartUploads)",
      `${found.length} upload(s) for the key: the refused Initiate created one`,
    );
  }
}

/**
 * The old object still reads back with its key (or without one, if plain), byte for byte (a refused overwrite left it
 * intact).
 */
export async function expectIntact(ctx: CheckContext, obj: Stored): Promise<void> {
  const res = await getSsec(ctx, obj, obj.key);
  if (res.status !== 200)
    ctx.fail("the old object intact (GET with its key 200)", describeActual(res.status, res.error?.code));
  expectBytes(ctx, res.body, obj.body, "old object's bytes");
}

/** A refused part left nothing behind: ListParts (without SSE-C, evidence list-parts.without-key) does not list it. */
export async function expectNoPart(ctx: CheckContext, upload: UploadRef, partNumber = 1): Promise<void> {
  const { res, partNumbers } = await listParts(ctx, upload);
  ctx.require(res, 200, "ListParts of the upload");
  if (partNumbers.includes(partNumber)) {
    ctx.fail(
      `no part ${partNumber} stored (ListParts)`,
      `ListParts lists part ${partNumber}: the refused request stored it`,
    );
  }
}
