/** What an SSE-C success answers: the algorithm and the key's MD5 echoed, the key itself never. */
import type { S3Response } from "../client/types.ts";
import { SSEC_ALGORITHM } from "../ssec/index.ts";
import type { CustomerKey } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";
import { echoNames, trioNames } from "./trios.ts";

/** The response echoes algorithm AES256 and the key's MD5 (OBS Table 1; evidence headers.interfaces). */
export function expectEcho(ctx: CheckContext, res: S3Response, key: Pick<CustomerKey, "md5">): void {
  const n = trioNames(ctx);
  const echo = echoNames(ctx);
  ctx.expectEqual(res.headers[echo.algorithm], SSEC_ALGORITHM, `${n.algorithm} echo`);
  ctx.expectEqual(res.headers[echo.md5], key.md5, `${n.md5} echo`);
}

/** Neither the headers nor the body of a response carry the key, in any form (evidence errors.no-key-echo). */
export function expectNoKeyLeak(ctx: CheckContext, res: S3Response, key: CustomerKey): void {
  const raw = key.raw;
  const forms = [key.base64, raw.toString("hex"), raw.toString("base64url")];
  for (const [name, value] of Object.entries(res.headers)) {
    if (name === echoNames(ctx).key) ctx.fail("no key header in the response", `response header ${name}`);
    if (forms.some((f) => value.includes(f)))
      ctx.fail("the key absent from response headers", `header ${name} carries the key`);
  }
  const body = res.body.toString("latin1");
  if (forms.some((f) => body.includes(f)) || (raw.length >= 16 && res.body.includes(raw))) {
    ctx.fail("the key absent from the response body", "the body carries the key");
  }
}

/** A read with the key answered 200 with the plaintext length, the echo, and not the key. */
export function expectReadEcho(ctx: CheckContext, res: S3Response, obj: { key: CustomerKey; body: Buffer }): void {
  ctx.expectStatus(res, 200);
  ctx.expectEqual(res.headers["content-length"], String(obj.body.length), "Content-Length");
  expectEcho(ctx, res, obj.key);
  expectNoKeyLeak(ctx, res, obj.key);
}
