/**
 * POST Object (OBS Table 2 row 2): browser-form uploads whose SSE-C values are form fields with
 * the headers' names, covered by the signed policy (evidence post.form-fields). The shared matrix varies
 * those fields. Checks are declared in harness/checks/catalogue/post-object.ts.
 */
import {
  atRestChecks,
  check,
  etagOf,
  expectAbsent,
  expectBody,
  expectEcho,
  expectNoKeyLeak,
  getSsec,
  headSsec,
  md5Hex,
  payload,
  postObject,
  runMatrix,
  targetTrio,
  trioNames,
  withBlockedBucket,
} from "../../harness/kit/index.ts";
import { expectReadsBackIn, requireObsTarget, S3_FORM } from "../../harness/kit/index.ts";
import type { CheckContext, CustomerKey, PostOptions, S3Response } from "../../harness/kit/index.ts";

/** Success statuses of POST Object: 204 by default, 200/201 with success_action_status. */
const POSTED = [200, 201, 204] as const;

/** Posts an SSE-C object and checks it reads back with the key. */
async function postAndReadBack(
  ctx: CheckContext,
  size: number,
): Promise<{ res: S3Response; key: CustomerKey; body: Buffer; objectKey: string }> {
  const key = ctx.customerKey();
  const objectKey = ctx.objectKey();
  const body = payload(ctx.target.seed, ctx.def.id, size);
  const res = await postObject(ctx, { objectKey, body, fields: targetTrio(ctx, key) });
  ctx.expectStatus(res, POSTED, "POST with SSE-C form fields");
  const back = await getSsec(ctx, { objectKey }, key, { streamResponse: size > 256 * 1024 });
  ctx.expectStatus(back, 200, "GET with the key");
  await expectBody(ctx, back, body);
  return { res, key, body, objectKey };
}

check("post-object.round-trip", async (ctx) => {
  await postAndReadBack(ctx, 1000);
});

check("post-object.round-trip-0-bytes", async (ctx) => {
  await postAndReadBack(ctx, 0);
});

check("post-object.round-trip-5mib-plus-1", async (ctx) => {
  await postAndReadBack(ctx, 5 * 1024 * 1024 + 1);
});

check("post-object.echo", async (ctx) => {
  const key = ctx.customerKey();
  const res = await postObject(ctx, {
    objectKey: ctx.objectKey(),
    body: Buffer.from("echo"),
    fields: targetTrio(ctx, key),
  });
  ctx.expectStatus(res, POSTED, "POST with SSE-C form fields");
  expectEcho(ctx, res, key);
  expectNoKeyLeak(ctx, res, key);
});

check("post-object.stored-encrypted", async (ctx) => {
  const key = ctx.customerKey();
  const objectKey = ctx.objectKey();
  const res = await postObject(ctx, {
    objectKey,
    body: payload(ctx.target.seed, ctx.def.id, 512),
    fields: targetTrio(ctx, key),
  });
  ctx.require(res, [...POSTED], "POST of the fixture with SSE-C form fields");
  ctx.expectRefused(await getSsec(ctx, { objectKey }, undefined));
  ctx.expectRefused(await getSsec(ctx, { objectKey }, ctx.customerKey("other")));
});

/** A POST with the trio whose policy does not cover it as `policy` says: refused, nothing stored. */
async function expectPolicyRefused(
  ctx: CheckContext,
  body: string,
  policy: Pick<PostOptions, "omitConditionsFor" | "conditions">,
) {
  const objectKey = ctx.objectKey();
  const res = await postObject(ctx, {
    objectKey,
    body: Buffer.from(body),
    fields: targetTrio(ctx, ctx.customerKey()),
    ...policy,
  });
  ctx.expectError(res);
  await expectAbsent(ctx, objectKey);
}

check("post-object.policy-without-ssec-conditions", async (ctx) => {
  const n = trioNames(ctx);
  await expectPolicyRefused(ctx, "uncovered", { omitConditionsFor: [n.algorithm, n.key, n.md5] });
});

check("post-object.policy-condition-mismatch", async (ctx) => {
  const n = trioNames(ctx);
  await expectPolicyRefused(ctx, "mismatch", {
    omitConditionsFor: [n.md5],
    conditions: [["eq", `$${n.md5}`, ctx.customerKey("policy").md5]],
  });
});

check("post-object.presigned-expired", async (ctx) => {
  // A presigned POST (the form @aws-sdk/s3-presigned-post builds: fields plus a signed policy) used after its expiration.
  const objectKey = ctx.objectKey();
  const res = await postObject(ctx, {
    objectKey,
    body: Buffer.from("expired"),
    fields: targetTrio(ctx, ctx.customerKey()),
    expiration: new Date(Date.now() - 60_000),
  });
  ctx.expectError(res);
  await expectAbsent(ctx, objectKey);
});

check("post-object.etag-not-plaintext-md5", async (ctx) => {
  const { res, key, body, objectKey } = await postAndReadBack(ctx, 2222);
  let etag = etagOf(res);
  if (etag === "") {
    // A 204 may omit the ETag: take the stored one.
    const head = await headSsec(ctx, { objectKey }, key);
    ctx.require(head, 200, "HEAD with the key");
    etag = etagOf(head);
  }
  if (etag.toLowerCase() === md5Hex(body))
    ctx.fail("an ETag other than the plaintext MD5", `ETag ${etag} = MD5 of the plaintext`);
});

check("post-object.blocked-bucket-refused", async (ctx) => {
  await withBlockedBucket(ctx, async (bucket) => {
    const objectKey = ctx.objectKey();
    const res = await postObject(ctx, {
      bucket,
      objectKey,
      body: Buffer.from("blocked"),
      fields: targetTrio(ctx, ctx.customerKey()),
    });
    ctx.expectError(res);
    await expectAbsent(ctx, objectKey, bucket);
  });
});

// At rest (evidence at-rest.encrypted, errors.no-key-echo): only the bundled reference server's storage can be read.
async function postFixture(ctx: CheckContext): Promise<{ key: CustomerKey; body: Buffer }> {
  const key = ctx.customerKey();
  const body = payload(ctx.target.seed, ctx.def.id, 3000);
  const res = await postObject(ctx, { objectKey: ctx.objectKey(), body, fields: targetTrio(ctx, key) });
  ctx.require(res, POSTED, "POST with SSE-C form fields");
  return { key, body };
}

atRestChecks("post-object", async (ctx) => {
  const since = Date.now();
  const { key, body } = await postFixture(ctx);
  return { since, body, keys: [{ key }] };
});

runMatrix("POST Object", {
  async send(ctx, sse) {
    const objectKey = ctx.objectKey("matrix");
    const res = await postObject(ctx, {
      objectKey,
      body: payload(ctx.target.seed, ctx.def.id, 700),
      fields: sse.headers,
      plainHttp: sse.plainHttp,
    });
    return { res, verify: () => expectAbsent(ctx, objectKey) };
  },
});

// OBS's two header forms (evidence obs.both-header-forms): under an OBS-dialect profile the run speaks x-obs-;
// this check sends its interface's request in the x-amz- form and the rest in the native form.
check("post-object.obs-amz-form", async (ctx) => {
  requireObsTarget(ctx);
  const key = ctx.customerKey();
  const objectKey = ctx.objectKey();
  const body = payload(ctx.target.seed, ctx.def.id, 500);
  const res = await postObject(ctx, { objectKey, body, fields: targetTrio(S3_FORM, key) });
  ctx.expectStatus(res, POSTED, "POST with the x-amz- SSE-C form fields");
  await expectReadsBackIn(ctx, ctx, objectKey, key, body);
});
