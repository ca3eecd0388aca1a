/**
 * PUT Object - Copy (OBS Table 2 row 3: the SSE-C headers apply to the target; OBS Table 3: the
 * copy-source trio decrypts an SSE-C source). Every source × target encryption mode, in-place key
 * rotation, the copy-source trio missing / wrong / on a plain source, sizes where encryption
 * layouts break, a multipart source, metadata directives, ETags, and the shared header matrix on
 * both trios. Checks are declared in harness/checks/catalogue/copy-object.ts.
 */
import {
  atRestChecks,
  check,
  copyHeaders,
  copyObject,
  copyObjectEtag,
  expectAbsent,
  expectBody,
  expectCopySourceRefused,
  expectEcho,
  expectIntact,
  expectNoKeyLeak,
  expectNoPlaintext,
  getSsec,
  headSsec,
  inBucket,
  KIB,
  md5Hex,
  MIB,
  putPlain,
  putSsec,
  putSsecMultipart,
  runCopySourceMatrix,
  runCopySourceOnlyOverHttp,
  runMatrix,
  shared,
  sourceTrio,
  sseS3Header,
  targetTrio,
  trioNames,
} from "../../harness/kit/index.ts";
import {
  copySourceIn,
  expectEchoIn,
  expectReadsBackIn,
  putInForm,
  requireObsTarget,
  S3_FORM,
  twoSsecVersions,
  versionCopySource,
  withVersionedBucket,
  withBlockedBucket,
  withDefaultEncryptionBucket,
  withSecondBucket,
  withSseS3Bucket,
} from "../../harness/kit/index.ts";
import { sseHeaderName } from "../../harness/kit/index.ts";
import type { CheckContext, CustomerKey, HeaderList, S3Response, StoredObject } from "../../harness/kit/index.ts";

/** Bodies above this are compared as they stream in rather than buffered. */
const STREAM_OVER = 256 * KIB;
/** A few 64 KiB chunks and an unaligned tail: a copy has to re-encrypt across chunk boundaries. */
const SOURCE_SIZE = 2 * 64 * KIB + 33;
/** Unaligned parts: boundaries inside AES blocks and chunks (minio/minio#5576; ceph/ceph#27130). */
const MULTIPART_SIZES = [5 * MIB + 1, 1000];
const CONTENT_TYPE = "text/x-ssec-conformance";
// User metadata stays x-amz-meta- in both dialects for now: OBS's native API names it x-obs-meta-,
// but the reference server stores only x-amz-meta-* (harness/server/metadata.ts), so an obs-dialect
// run against it would fail here for a server gap, not a suite bug.
const META = ["x-amz-meta-origin", "copy-source"] as const;

/** One SSE-C source for the file, with a Content-Type and user metadata. */
const ssecSource = shared((ctx) =>
  putSsec(ctx, { size: SOURCE_SIZE, label: "ssec-source", headers: [["content-type", CONTENT_TYPE], [...META]] }),
);
/** One unencrypted source for the file. */
const plainSource = shared((ctx) => putPlain(ctx, { size: SOURCE_SIZE, label: "plain-source" }));

/** The copy succeeded: 200 and a CopyObjectResult (S3 can answer 200 with an <Error> body). */
function expectCopied(ctx: CheckContext, res: S3Response, what: string): void {
  ctx.expectStatus(res, 200, what);
  if (!/<CopyObjectResult[\s>]/.test(res.body.toString("utf8"))) {
    ctx.fail(`${what}: a CopyObjectResult body`, "200 without a CopyObjectResult (an <Error> body?)");
  }
}

/**
 * GET `objectKey` with `key` (or without SSE-C) returns exactly `body`. An SSE-C copy is first read
 * without the key: refused, none of its bytes served — a copy stored or recorded in plain fails
 * here even where the read with the key would pass.
 */
async function expectReadsBack(
  ctx: CheckContext,
  objectKey: string,
  key: CustomerKey | undefined,
  body: Buffer,
): Promise<void> {
  if (key) {
    const bare = await getSsec(ctx, { objectKey }, undefined);
    ctx.expectRefused(bare);
    expectNoPlaintext(ctx, bare, body);
  }
  const res = await getSsec(ctx, { objectKey }, key, { streamResponse: body.length > STREAM_OVER });
  ctx.expectStatus(res, 200, key ? "GET of the copy with its key" : "GET of the copy without SSE-C headers");
  ctx.expectEqual(res.headers["content-length"], String(body.length), "Content-Length of the copy");
  await expectBody(ctx, res, body, "the copy's bytes");
}

/** Copy `source` to a fresh target, source under `from`, target under `to` (undefined = plain). */
async function copyTo(
  ctx: CheckContext,
  source: { objectKey: string },
  from: CustomerKey | undefined,
  to: CustomerKey | undefined,
  extra: HeaderList = [],
): Promise<{ target: string; res: S3Response }> {
  const target = ctx.objectKey("target");
  const res = await copyObject(ctx, source.objectKey, target, [
    ...sourceTrio(ctx, from),
    ...targetTrio(ctx, to),
    ...extra,
  ]);
  return { target, res };
}

/** A copy of `source` (read with `from`) to a fresh target under `to`, and what must follow it; `what` names the copy. */
type CopyExpectation = (
  ctx: CheckContext,
  source: { objectKey: string; body: Buffer },
  from: CustomerKey | undefined,
  to: CustomerKey | undefined,
  what: string,
) => Promise<void>;

/** The copy is made and reads back with `to` as the source's bytes. */
const expectCopyReadsBack: CopyExpectation = async (ctx, source, from, to, what) => {
  const { target, res } = await copyTo(ctx, source, from, to);
  expectCopied(ctx, res, what);
  await expectReadsBack(ctx, target, to, source.body);
};

/** A copy of an unencrypted (or SSE-S3) source to an SSE-C target under `to`: made, echoed, read back with `to`. */
async function expectCopyToSsec(
  ctx: CheckContext,
  source: { objectKey: string; body: Buffer },
  to: CustomerKey,
  what: string,
): Promise<void> {
  const { target, res } = await copyTo(ctx, source, undefined, to);
  expectCopied(ctx, res, what);
  expectEcho(ctx, res, to);
  await expectReadsBack(ctx, target, to, source.body);
}

/**
 * The copy is refused for the copy-source headers (`what`) and creates no target. For an SSE-C
 * source, give the target trio the source's own key (`to`): then only the copy-source trio can be
 * wrong, and a server that ignores it (or reads the source with the target key) makes the copy
 * instead of being refused for an unrelated key mismatch.
 */
const expectCopyRefused: CopyExpectation = async (ctx, source, from, to, what) => {
  const { target, res } = await copyTo(ctx, source, from, to);
  expectCopySourceRefused(ctx, res, what);
  await expectAbsent(ctx, target);
};

// ---------------------------------------------------------------------------------------------
// Every source × target mode (evidence headers.copy-source-trio; ceph/s3-tests test_copy_enc, minio/mint)

check("copy-object.ssec-to-ssec-same-key", async (ctx) => {
  const src = await ssecSource(ctx);
  await expectCopyReadsBack(ctx, src, src.key, src.key, "SSE-C → SSE-C copy under the same key");
});

check("copy-object.ssec-to-ssec-new-key", async (ctx) => {
  const src = await ssecSource(ctx);
  const key2 = ctx.customerKey("target");
  await expectCopyReadsBack(ctx, src, src.key, key2, "SSE-C → SSE-C copy under a new key");
});

check("copy-object.echo-target", async (ctx) => {
  const src = await ssecSource(ctx);
  const key2 = ctx.customerKey("target");
  const { res } = await copyTo(ctx, src, src.key, key2);
  expectCopied(ctx, res, "SSE-C → SSE-C copy");
  expectEcho(ctx, res, key2);
  expectNoKeyLeak(ctx, res, key2);
  expectNoKeyLeak(ctx, res, src.key);
});

check("copy-object.new-key-copy-refuses-old-key", async (ctx) => {
  const src = await ssecSource(ctx);
  const { target, res } = await copyTo(ctx, src, src.key, ctx.customerKey("target"));
  expectCopied(ctx, res, "SSE-C → SSE-C copy under a new key");
  ctx.expectRefused(await getSsec(ctx, { objectKey: target }, src.key));
});

check("copy-object.ssec-to-plain", async (ctx) => {
  const src = await ssecSource(ctx);
  await expectCopyReadsBack(ctx, src, src.key, undefined, "SSE-C → unencrypted copy");
});

check("copy-object.plain-to-ssec", async (ctx) => {
  await expectCopyToSsec(ctx, await plainSource(ctx), ctx.customerKey("target"), "unencrypted → SSE-C copy");
});

check("copy-object.plain-to-ssec-requires-key", async (ctx) => {
  const src = await plainSource(ctx);
  const { target, res } = await copyTo(ctx, src, undefined, ctx.customerKey("target"));
  expectCopied(ctx, res, "unencrypted → SSE-C copy");
  ctx.expectRefused(await getSsec(ctx, { objectKey: target }, undefined));
});

check("copy-object.plain-to-plain", async (ctx) => {
  const src = await plainSource(ctx);
  await expectCopyReadsBack(ctx, src, undefined, undefined, "unencrypted → unencrypted copy");
});

// ---------------------------------------------------------------------------------------------
// Key rotation in place (evidence headers.copy-source-trio, copy.rotate-in-place, copy.rotate-wrong-key)

/** An SSE-C object of this check's own, copied onto itself from its key to a new one. */
async function rotate(ctx: CheckContext): Promise<{ obj: StoredObject; key2: CustomerKey }> {
  const obj = await putSsec(ctx, { size: 5000, label: "rotated" });
  const key2 = ctx.customerKey("new");
  const res = await copyObject(ctx, obj.objectKey, obj.objectKey, [
    ...sourceTrio(ctx, obj.key),
    ...targetTrio(ctx, key2),
  ]);
  expectCopied(ctx, res, "in-place copy under a new key");
  expectEcho(ctx, res, key2);
  return { obj, key2 };
}

check("copy-object.rotate-in-place", async (ctx) => {
  const { obj, key2 } = await rotate(ctx);
  await expectReadsBack(ctx, obj.objectKey, key2, obj.body);
});

check("copy-object.rotate-in-place-refuses-old-key", async (ctx) => {
  const { obj } = await rotate(ctx);
  ctx.expectRefused(await getSsec(ctx, obj, obj.key));
});

check("copy-object.rotate-in-place-wrong-key", async (ctx) => {
  // minio/minio#5625: MinIO accepted an in-place "rotation" whose source and target key were the same wrong key.
  const obj = await putSsec(ctx, { size: 5000, label: "rotated" });
  const wrong = ctx.customerKey("wrong");
  const res = await copyObject(ctx, obj.objectKey, obj.objectKey, [
    ...sourceTrio(ctx, wrong),
    ...targetTrio(ctx, wrong),
  ]);
  // "The provided encryption parameters did not match the ones used originally." (reported as
  // AWS behaviour in minio#5625; the profile's copy-rotate-wrong-key, graded by its evidence).
  ctx.expectError(res);
  await expectIntact(ctx, obj);
});

// ---------------------------------------------------------------------------------------------
// The copy-source trio (OBS Table 3)

check("copy-object.source-key-missing", async (ctx) => {
  const src = await ssecSource(ctx);
  await expectCopyRefused(ctx, src, undefined, src.key, "SSE-C source sent without copy-source headers");
});

check("copy-object.source-key-wrong", async (ctx) => {
  const src = await ssecSource(ctx);
  const wrong = ctx.customerKey("wrong");
  await expectCopyRefused(ctx, src, wrong, src.key, "copy-source headers with a key other than the source's");
});

check("copy-object.source-algorithm-kms", async (ctx) => {
  const src = await ssecSource(ctx);
  const target = ctx.objectKey("target");
  const res = await copyObject(ctx, src.objectKey, target, [
    ...sourceTrio(ctx, src.key, { algorithm: "KMS" }),
    ...targetTrio(ctx, src.key),
  ]);
  expectCopySourceRefused(ctx, res, "copy-source algorithm KMS");
  await expectAbsent(ctx, target);
});

check("copy-object.source-headers-on-plain-source", async (ctx) => {
  // minio/minio#6671: MinIO once "decrypted" a plain source with the given key and stored an unreadable target.
  const src = await plainSource(ctx);
  const key = ctx.customerKey("source");
  await expectCopyRefused(ctx, src, key, ctx.customerKey("target"), "copy-source headers on an unencrypted source");
});

check("copy-object.source-headers-on-plain-source-keeps-target", async (ctx) => {
  const src = await plainSource(ctx);
  const existing = await putSsec(ctx, { size: 777, label: "existing-target" });
  const res = await copyObject(ctx, src.objectKey, existing.objectKey, [
    ...sourceTrio(ctx, ctx.customerKey("source")),
    ...targetTrio(ctx, ctx.customerKey("target")),
  ]);
  ctx.expectRefused(res);
  await expectIntact(ctx, existing);
});

check("copy-object.zero-byte-source-wrong-key", async (ctx) => {
  // pgsty/silo#82: an empty SSE-C object has no ciphertext to fail authentication on; the key check must not depend
  // on it.
  const src = await putSsec(ctx, { size: 0, label: "empty-source" });
  await expectCopyRefused(ctx, src, ctx.customerKey("wrong"), src.key, "copy-source headers with another key");
});

// ---------------------------------------------------------------------------------------------
// Metadata directive (only data is encrypted, metadata travels as usual: evidence http.ssec-refused)

check("copy-object.metadata-directive-copy", async (ctx) => {
  const src = await ssecSource(ctx);
  const key2 = ctx.customerKey("target");
  const { target, res } = await copyTo(ctx, src, src.key, key2, [[copyHeaders(ctx).metadataDirective, "COPY"]]);
  expectCopied(ctx, res, "SSE-C copy with metadata directive COPY");
  const head = await headSsec(ctx, { objectKey: target }, key2);
  ctx.expectStatus(head, 200, "HEAD of the copy with its key");
  ctx.expectEqual(head.headers["content-type"], CONTENT_TYPE, "Content-Type of the copy");
  ctx.expectEqual(head.headers[META[0]], META[1], `${META[0]} of the copy`);
});

check("copy-object.metadata-directive-replace", async (ctx) => {
  const src = await ssecSource(ctx);
  const key2 = ctx.customerKey("target");
  const { target, res } = await copyTo(ctx, src, src.key, key2, [
    [copyHeaders(ctx).metadataDirective, "REPLACE"],
    ["content-type", "application/x-replaced"],
    [META[0], "replaced"],
  ]);
  expectCopied(ctx, res, "SSE-C copy with metadata directive REPLACE");
  const head = await headSsec(ctx, { objectKey: target }, key2);
  ctx.expectStatus(head, 200, "HEAD of the copy with its key");
  ctx.expectEqual(head.headers["content-type"], "application/x-replaced", "Content-Type of the copy");
  ctx.expectEqual(head.headers[META[0]], "replaced", `${META[0]} of the copy`);
  await expectReadsBack(ctx, target, key2, src.body);
});

// ---------------------------------------------------------------------------------------------
// Sizes and a multipart source

for (const size of [0, 1, 16, 17, 64 * KIB + 1, 5 * MIB + 1]) {
  check(`copy-object.size-${size}`, async (ctx) => {
    const src = await putSsec(ctx, { size, label: "source" });
    const key2 = ctx.customerKey("target");
    await expectCopyReadsBack(ctx, src, src.key, key2, `SSE-C → SSE-C copy of ${size} bytes`);
  });
}

check(
  "copy-object.multipart-source",
  async (ctx) => {
    const src = await putSsecMultipart(ctx, MULTIPART_SIZES, { label: "mpu-source" });
    const key2 = ctx.customerKey("target");
    const { target, res } = await copyTo(ctx, src, src.key, key2);
    expectCopied(ctx, res, "copy of a multipart SSE-C object");
    expectEcho(ctx, res, key2);
    await expectReadsBack(ctx, target, key2, src.body);
  },
  { timeout: 300_000 },
);

// ---------------------------------------------------------------------------------------------
// ETags (evidence etag.not-plaintext-md5)

check("copy-object.etag-not-plaintext-md5", async (ctx) => {
  const src = await ssecSource(ctx);
  const key2 = ctx.customerKey("target");
  const { target, res } = await copyTo(ctx, src, src.key, key2);
  expectCopied(ctx, res, "SSE-C → SSE-C copy");
  const plainMd5 = md5Hex(src.body);
  const copyEtag = copyObjectEtag(res).toLowerCase();
  if (copyEtag === plainMd5)
    ctx.fail("a copy ETag other than the plaintext MD5", `CopyObjectResult ETag ${copyEtag} = MD5 of the plaintext`);
  const head = await headSsec(ctx, { objectKey: target }, key2);
  ctx.expectStatus(head, 200, "HEAD of the copy with its key");
  const headEtag = (head.headers["etag"] ?? "").replace(/^"|"$/g, "").toLowerCase();
  if (headEtag === plainMd5)
    ctx.fail("an ETag other than the plaintext MD5 on HEAD", `HEAD ETag ${headEtag} = MD5 of the plaintext`);
});

check("copy-object.plain-target-etag-md5", async (ctx) => {
  const src = await ssecSource(ctx);
  const { res } = await copyTo(ctx, src, src.key, undefined);
  expectCopied(ctx, res, "SSE-C → unencrypted copy");
  ctx.expectEqual(copyObjectEtag(res).toLowerCase(), md5Hex(src.body), "CopyObjectResult ETag (MD5 of the plaintext)");
});

// ---------------------------------------------------------------------------------------------
// Copy-source conditions on an SSE-C source (evidence copy.source-conditions): they hold or fail as for any source.

/** `x-amz-copy-source-<condition>` in the target's dialect. */
const copySourceCondition = (ctx: CheckContext, condition: string, value: string): [string, string] => [
  `${copyHeaders(ctx).copySource}-${condition}`,
  value,
];

check("copy-object.source-if-match", async (ctx) => {
  const src = await ssecSource(ctx);
  const key2 = ctx.customerKey("target");
  const { target, res } = await copyTo(ctx, src, src.key, key2, [
    copySourceCondition(ctx, "if-match", `"${src.etag}"`),
  ]);
  expectCopied(ctx, res, "SSE-C copy whose x-amz-copy-source-if-match names the source's ETag");
  await expectReadsBack(ctx, target, key2, src.body);
});

check("copy-object.source-if-none-match", async (ctx) => {
  const src = await ssecSource(ctx);
  const cond = copySourceCondition(ctx, "if-none-match", `"${src.etag}"`);
  const { target, res } = await copyTo(ctx, src, src.key, ctx.customerKey("target"), [cond]);
  ctx.expectError(res);
  await expectAbsent(ctx, target);
});

check("copy-object.source-if-unmodified-since", async (ctx) => {
  const src = await ssecSource(ctx);
  const head = await headSsec(ctx, src, src.key);
  ctx.require(head, 200, "HEAD of the source with its key");
  const before = new Date(Date.parse(head.headers["last-modified"] ?? "") - 86_400_000).toUTCString();
  const cond = copySourceCondition(ctx, "if-unmodified-since", before);
  const { target, res } = await copyTo(ctx, src, src.key, ctx.customerKey("target"), [cond]);
  ctx.expectError(res);
  await expectAbsent(ctx, target);
});

check("copy-object.source-wrong-key-if-none-match", async (ctx) => {
  // The key's refusal before the condition's 412 is a SHOULD (evidence copy.source-key-before-conditions).
  const src = await ssecSource(ctx);
  const cond = copySourceCondition(ctx, "if-none-match", `"${src.etag}"`);
  const { target, res } = await copyTo(ctx, src, ctx.customerKey("wrong"), src.key, [cond]);
  ctx.expectError(res);
  await expectAbsent(ctx, target);
});

// ---------------------------------------------------------------------------------------------
// Copies across encryption types (issue 14: real servers fail them or serve ciphertext with a 200): SSE-C ↔ SSE-S3,
// and a destination bucket whose default encryption is SSE-S3 (evidence copy.default-encryption-target,
// copy.request-encryption-wins). A copy whose target is SSE-S3 answers x-amz-server-side-encryption: AES256.

/**
 * The answer says SSE-S3, in the target's dialect; to a request that sent no header of either
 * dialect (a plain HEAD) a server may answer in either (OBS answers an S3-signed request as S3).
 */
function expectSseS3(ctx: CheckContext, res: S3Response, what: string, plainRequest = false): void {
  const [name, value] = sseS3Header(ctx);
  const other = sseHeaderName(ctx.dialect === "obs" ? "amz" : "obs");
  const got = res.headers[name] ?? (plainRequest ? res.headers[other] : undefined);
  ctx.expectEqual(got, value, `${name} on ${what}`);
}

check("copy-object.ssec-to-sse-s3", async (ctx) => {
  const src = await ssecSource(ctx);
  const { target, res } = await copyTo(ctx, src, src.key, undefined, [sseS3Header(ctx)]);
  expectCopied(ctx, res, "SSE-C → SSE-S3 copy");
  expectSseS3(ctx, res, "the copy's answer");
  await expectReadsBack(ctx, target, undefined, src.body);
});

check("copy-object.sse-s3-to-ssec", async (ctx) => {
  const src = await putPlain(ctx, { size: SOURCE_SIZE, label: "sse-s3-source", headers: [sseS3Header(ctx)] });
  await expectCopyToSsec(ctx, src, ctx.customerKey("target"), "SSE-S3 → SSE-C copy");
});

check("copy-object.ssec-to-default-encryption", async (ctx) => {
  await withSseS3Bucket(ctx, async (bctx) => {
    const src = await putSsec(bctx, { size: SOURCE_SIZE, label: "ssec-source" });
    const { target, res } = await copyTo(bctx, src, src.key, undefined);
    expectCopied(ctx, res, "SSE-C copy without target encryption headers into an SSE-S3-default bucket");
    expectSseS3(ctx, res, "the copy's answer");
    const head = await headSsec(bctx, { objectKey: target }, undefined);
    ctx.expectStatus(head, 200, "HEAD of the copy without a key");
    expectSseS3(ctx, head, "the copy's HEAD", true);
    await expectReadsBack(bctx, target, undefined, src.body);
  });
});

for (const [id, algorithm] of [
  ["copy-object.ssec-target-over-default", "AES256"],
  ["copy-object.ssec-target-over-default-kms", "aws:kms"],
] as const) {
  check(id, async (ctx) => {
    await withDefaultEncryptionBucket(ctx, algorithm, async (bctx) => {
      const src = await putPlain(bctx, { size: 5000, label: "plain-source" });
      const key = ctx.customerKey("target");
      const { target, res } = await copyTo(bctx, src, undefined, key);
      expectCopied(ctx, res, `copy to an SSE-C target in a bucket whose default is ${algorithm}`);
      expectEcho(ctx, res, key);
      await expectReadsBack(bctx, target, key, src.body);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The AWS 2026 SSE-C block (evidence blocked.write-refused): CopyObject is one of the writes it refuses.

check("copy-object.blocked-bucket-refused", async (ctx) => {
  await withBlockedBucket(ctx, async (bucket) => {
    const bctx = inBucket(ctx, bucket);
    const src = await putPlain(bctx, { size: 1000, label: "plain-source" });
    const { target, res } = await copyTo(bctx, src, undefined, ctx.customerKey("target"));
    ctx.expectError(res);
    await expectAbsent(bctx, target);
  });
});

check("copy-object.blocked-bucket-rotate-refused", async (ctx) => {
  await withSecondBucket(ctx, async (b) => {
    // Written while SSE-C is allowed, then the bucket blocks it: a rotation writes a new SSE-C object.
    await b.setSsecBlocked(false);
    const bctx = inBucket(ctx, b.bucket);
    const obj = await putSsec(bctx, { size: 1000, label: "rotated" });
    await b.setSsecBlocked(true);
    const res = await copyObject(bctx, obj.objectKey, obj.objectKey, [
      ...sourceTrio(ctx, obj.key),
      ...targetTrio(ctx, ctx.customerKey("new")),
    ]);
    ctx.expectError(res);
    await expectIntact(bctx, obj);
  });
});

// ---------------------------------------------------------------------------------------------
// At rest (evidence at-rest.encrypted, errors.no-key-echo): only the bundled reference server's storage can be read.

/** An SSE-C source of this check, copied under a new key; `since` is taken before the copy. */
async function copiedAtRest(ctx: CheckContext): Promise<{ src: StoredObject; key2: CustomerKey; since: number }> {
  const src = await putSsec(ctx, { size: 3000, label: "at-rest-source" });
  const key2 = ctx.customerKey("target");
  const since = Date.now();
  const { res } = await copyTo(ctx, src, src.key, key2);
  ctx.require(res, 200, "SSE-C → SSE-C copy under a new key");
  return { src, key2, since };
}

atRestChecks("copy-object", async (ctx) => {
  const { src, key2, since } = await copiedAtRest(ctx);
  return {
    since,
    body: src.body,
    keys: [
      { key: key2, label: "target key" },
      { key: src.key, label: "copy-source key" },
    ],
  };
});

/** A matrix copy of `src` to a fresh name: refused, it stores nothing there. */
async function matrixCopy(ctx: CheckContext, src: { objectKey: string }, headers: HeaderList, plainHttp: boolean) {
  const target = ctx.objectKey("matrix");
  const res = await copyObject(ctx, src.objectKey, target, headers, plainHttp);
  return { res, verify: () => expectAbsent(ctx, target) };
}

// ---------------------------------------------------------------------------------------------
// The shared header matrix: on the target trio (from a plain source: no copy-source trio to be
// wrong about), then on the copy-source trio (target trio under the source's own key, so only the
// copy-source trio can be wrong). A refused copy creates no target.

runMatrix("PUT Object - Copy", {
  async send(ctx, sse) {
    const src = await plainSource(ctx);
    return matrixCopy(ctx, src, sse.headers, sse.plainHttp);
  },
});

runCopySourceMatrix("PUT Object - Copy", {
  source: (ctx) => ssecSource(ctx),
  send: (ctx, req, src) => matrixCopy(ctx, src, [...req.headers, ...targetTrio(ctx, src.key)], req.plainHttp),
});

// Only the copy-source trio over plain HTTP (evidence http.ssec-refused): the gate must see it too.
runCopySourceOnlyOverHttp("PUT Object - Copy", {
  source: (ctx) => ssecSource(ctx),
  async send(ctx, copySource, src) {
    const target = ctx.objectKey("http-target");
    const res = await copyObject(ctx, src.objectKey, target, copySource, true);
    return {
      res,
      absent: () => expectAbsent(ctx, target),
      async made() {
        expectCopied(ctx, res, "SSE-C → unencrypted copy over plain HTTP");
        await expectReadsBack(ctx, target, undefined, src.body);
      },
    };
  },
});

// OBS's two header forms (evidence obs.both-header-forms): under an OBS-dialect profile the run speaks x-obs-;
// this check sends its interface's request in the x-amz- form and the rest in the native form.
check("copy-object.obs-amz-form", async (ctx) => {
  requireObsTarget(ctx);
  const source = ctx.customerKey("source");
  const target = ctx.customerKey("target");
  const src = await putInForm(ctx, ctx, source);
  const objectKey = ctx.objectKey("copy");
  const headers = [
    copySourceIn(ctx, S3_FORM, src.objectKey),
    ...sourceTrio(S3_FORM, source),
    ...targetTrio(S3_FORM, target),
  ];
  const res = await ctx.send({ method: "PUT", key: objectKey, headers });
  ctx.expectStatus(res, 200, "copy with the x-amz- copy-source and target SSE-C headers");
  expectEchoIn(ctx, res, target, S3_FORM);
  await expectReadsBackIn(ctx, ctx, objectKey, target, src.body);
});

// Versioning (issue 14): the copy source names a noncurrent version, opened with that version's key.
check("copy-object.source-version-own-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old } = await twoSsecVersions(vctx);
    const target = vctx.objectKey("copy-of-version");
    const res = await vctx.send({
      method: "PUT",
      key: target,
      headers: [versionCopySource(vctx, old), ...sourceTrio(vctx, old.key), ...targetTrio(vctx, old.key)],
    });
    ctx.expectStatus(res, 200, "copy of the noncurrent version with its own copy-source key");
    ctx.expectEqual(res.headers["x-amz-copy-source-version-id"], old.versionId, "x-amz-copy-source-version-id");
    const back = await getSsec(vctx, { objectKey: target }, old.key);
    ctx.expectStatus(back, 200, "GET of the copy with its key");
    await expectBody(ctx, back, old.body, "the copy's bytes (the noncurrent version's)");
  });
});

check("copy-object.source-version-current-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old, current } = await twoSsecVersions(vctx);
    const target = vctx.objectKey("copy-of-version");
    const res = await vctx.send({
      method: "PUT",
      key: target,
      headers: [versionCopySource(vctx, old), ...sourceTrio(vctx, current.key), ...targetTrio(vctx, old.key)],
    });
    ctx.expectError(res);
    await expectAbsent(vctx, target);
  });
});
