/**
 * OBS's two header forms (evidence obs.both-header-forms): an OBS endpoint takes the SSE-C headers
 * in its native x-obs- names and in the S3-compatible x-amz- names. Under an OBS profile the run
 * speaks x-obs- (`ctx.dialect`); the `<slug>.obs-*` checks send one request of their interface in
 * the x-amz- form (`S3_FORM`) and read the object back in the native form, so each interface is
 * checked in both. Against a target of another dialect they are skipped: x-obs- names mean nothing
 * to Amazon S3.
 */
import type { HeaderList, S3Response } from "../client/types.ts";
import { SSEC_ALGORITHM, echoHeaderNames, type CustomerKey } from "../ssec/index.ts";
import { expectBody } from "./expect-bytes.ts";
import { payload } from "./payload.ts";
import { copySourceHeader, targetTrio } from "./trios.ts";
import type { CheckContext } from "./types.ts";

/** A form to build header sets in (the trios take `Pick<CheckContext, "dialect">`). */
export type HeaderForm = Pick<CheckContext, "dialect">;

/** The S3-compatible form of the SSE-C headers, x-amz- (the seed page's Table 1). */
export const S3_FORM: HeaderForm = { dialect: "amz" };

/** Skips the check unless the target speaks OBS's dialect (a profile with `"dialect": "obs"`). */
export function requireObsTarget(ctx: CheckContext): void {
  if (ctx.dialect !== "obs")
    ctx.skip("an OBS check: it runs with a profile of the OBS dialect (--profile obs), beside the x-obs- run");
}

/** The response echoes AES256 and the key's MD5 in `form`'s names: the names of the request. */
export function expectEchoIn(ctx: CheckContext, res: S3Response, key: CustomerKey, form: HeaderForm): void {
  const echo = echoHeaderNames(form.dialect);
  ctx.expectEqual(res.headers[echo.algorithm], SSEC_ALGORITHM, `${echo.algorithm} echo`);
  ctx.expectEqual(res.headers[echo.md5], key.md5, `${echo.md5} echo`);
}

/** The copy-source header in `form` (x-amz-copy-source or x-obs-copy-source) for an object of the run's bucket. */
export function copySourceIn(ctx: CheckContext, form: HeaderForm, objectKey: string): [string, string] {
  return copySourceHeader({ dialect: form.dialect, bucket: ctx.bucket }, objectKey);
}

/** An SSE-C PUT under `key` with the trio in `form`'s names: accepted, with the echo in those names. */
export async function putInForm(
  ctx: CheckContext,
  form: HeaderForm,
  key: CustomerKey,
  extra: HeaderList = [],
): Promise<{ objectKey: string; body: Buffer }> {
  const objectKey = ctx.objectKey(`${form.dialect}-form`);
  const body = payload(ctx.target.seed, `${ctx.def.id}/${form.dialect}`, 777);
  const res = await ctx.send({ method: "PUT", key: objectKey, body, headers: [...targetTrio(form, key), ...extra] });
  ctx.expectStatus(res, 200, `PUT with the ${form.dialect === "amz" ? "x-amz-" : "x-obs-"} SSE-C headers`);
  expectEchoIn(ctx, res, key, form);
  return { objectKey, body };
}

/** A GET with the trio in `form`'s names returns `body`, with the echo in those names. */
export async function expectReadsBackIn(
  ctx: CheckContext,
  form: HeaderForm,
  objectKey: string,
  key: CustomerKey,
  body: Buffer,
): Promise<void> {
  const res = await ctx.send({ method: "GET", key: objectKey, headers: targetTrio(form, key) });
  ctx.expectStatus(res, 200, `GET with the ${form.dialect === "amz" ? "x-amz-" : "x-obs-"} SSE-C headers`);
  expectEchoIn(ctx, res, key, form);
  await expectBody(ctx, res, body);
}
