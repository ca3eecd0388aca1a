/**
 * Upload Part - Copy (OBS Table 2 row 8: the SSE-C headers apply to the target part; seed
 * Table 3: the copy-source trio decrypts an SSE-C source). Part copies from SSE-C and plain
 * sources, whole and by x-amz-copy-source-range, including ranges that span the parts of a
 * multipart source (evidence upload-part-copy.from-ssec-source; minio/minio#6698; seaweedfs/seaweedfs#9281-7.53);
 * the target trio missing or replaced by the source's;
 * the copy-source trio missing, wrong or on a plain source; exact bytes once completed; and the
 * shared header matrix on both trios. Checks are declared in
 * harness/checks/catalogue/upload-part-copy.ts.
 */
import {
  abort,
  check,
  completeFixture,
  copyHeaders,
  copyPartEtag,
  expectBody,
  expectCopySourceRefused,
  expectEcho,
  expectNoKeyLeak,
  expectNoPart,
  expectNoPlaintext,
  getSsec,
  inBucket,
  initiateFixture,
  partNumbers,
  payload,
  putPlain,
  putSsec,
  putSsecMultipart,
  runCopySourceMatrix,
  runCopySourceOnlyOverHttp,
  runMatrix,
  shared,
  sharedUpload,
  sourceTrio,
  targetTrio,
  uploadPartCopy,
  uploadPartFixture,
} from "../../harness/kit/index.ts";
import {
  complete,
  copySourceIn,
  expectEchoIn,
  expectReadsBackIn,
  initiate,
  putInForm,
  requireObsTarget,
  S3_FORM,
  uploadIdOf,
  twoSsecVersions,
  versionCopySource,
  withVersionedBucket,
  withSecondBucket,
} from "../../harness/kit/index.ts";
import type {
  ByteRange,
  CheckContext,
  CustomerKey,
  HeaderList,
  PartRef,
  S3Response,
  StoredObject,
  Upload,
} from "../../harness/kit/index.ts";

const KIB = 1024;
const MIB = 1024 * KIB;
/** Several 64 KiB chunks and an unaligned tail. */
const SOURCE_SIZE = 3 * 64 * KIB + 33;
/** The multipart source: one unaligned 5 MiB + 1 part and a short last part (ceph/ceph#27130). */
const MPU_PART = 5 * MIB + 1;
const MPU_SIZES = [MPU_PART, 1000];
const MPU_TIMEOUT = { timeout: 300_000 };

const ssecSource = shared((ctx) => putSsec(ctx, { size: SOURCE_SIZE, label: "ssec-source" }));
const plainSource = shared((ctx) => putPlain(ctx, { size: SOURCE_SIZE, label: "plain-source" }));
const multipartSource = shared((ctx) => putSsecMultipart(ctx, MPU_SIZES, { label: "mpu-source" }));
/**
 * SSE-C uploads for the refusals of this file (aborted after the file); each check copies into
 * its own part number. A refusal must have one possible cause, so the set-up differs from a
 * passing copy only where the check says: target-side cases copy a plain source into an upload
 * of its own key (no copy-source trio to be wrong about), source-side cases copy the SSE-C source
 * into an upload under the source's own key, so a server that ignores the copy-source headers
 * (or reads the source with the target key) makes the copy instead of being refused for an
 * unrelated key mismatch.
 */
const refusals = sharedUpload((ctx) => initiateFixture(ctx, ctx.customerKey("upload"), "refusals"));
const sourceKeyUpload = sharedUpload(async (ctx) =>
  initiateFixture(ctx, (await ssecSource(ctx)).key, "source-key-refusals"),
);
const nextPart = partNumbers();

/** The part copy succeeded: 200 with a CopyPartResult (S3 can answer 200 with an <Error> body). */
function expectPartCopied(ctx: CheckContext, res: S3Response, partNumber: number, what: string): PartRef {
  ctx.expectStatus(res, 200, what);
  if (!/<CopyPartResult[\s>]/.test(res.body.toString("utf8"))) {
    ctx.fail(`${what}: a CopyPartResult body`, "200 without a CopyPartResult (an <Error> body?)");
  }
  return { partNumber, etag: copyPartEtag(res) };
}

/** Complete `upload` from `parts` and read it back with its key (none for a plain upload): exactly `expected`. */
async function expectCompletedBytes(
  ctx: CheckContext,
  upload: Upload,
  parts: PartRef[],
  expected: Buffer,
): Promise<void> {
  await completeFixture(ctx, upload, parts);
  if (upload.key) {
    // Stored encrypted: without the key the completed object is refused and none of it served.
    const bare = await getSsec(ctx, upload, undefined);
    ctx.expectRefused(bare);
    expectNoPlaintext(ctx, bare, expected);
  }
  const res = await getSsec(ctx, upload, upload.key, { streamResponse: expected.length > 256 * KIB });
  ctx.expectStatus(
    res,
    200,
    upload.key
      ? "GET of the completed object with its key"
      : "GET of the completed unencrypted object without SSE-C headers",
  );
  ctx.expectEqual(res.headers["content-length"], String(expected.length), "Content-Length of the completed object");
  await expectBody(ctx, res, expected, "the completed object's bytes");
}

interface PartCopyKeys {
  /** The copy-source trio's key; absent = no copy-source trio (a plain source). */
  from?: CustomerKey;
  /** The target trio's key; absent = the upload's own key, `null` = no target trio. */
  to?: CustomerKey | null;
  range?: ByteRange;
}

/** Copy into part `n` of `upload` from `source`. */
function copyPart(
  ctx: CheckContext,
  upload: Upload,
  n: number,
  source: { objectKey: string },
  keys: PartCopyKeys,
): Promise<S3Response> {
  const to = keys.to === undefined ? upload.key : (keys.to ?? undefined);
  const headers: HeaderList = [...sourceTrio(ctx, keys.from), ...targetTrio(ctx, to)];
  return uploadPartCopy(ctx, upload, n, source.objectKey, headers, keys.range);
}

// ---------------------------------------------------------------------------------------------
// Successful part copies (the first is the control of every check that copies an SSE-C source:
// it runs first, so they can be reported blocked by it)

check("upload-part-copy.from-ssec-source", async (ctx) => {
  const src = await ssecSource(ctx);
  const upload = await initiateFixture(ctx, ctx.customerKey("target"));
  const part = expectPartCopied(
    ctx,
    await copyPart(ctx, upload, 1, src, { from: src.key }),
    1,
    "part copy of a whole SSE-C source",
  );
  await expectCompletedBytes(ctx, upload, [part], src.body);
});

check("upload-part-copy.echo", async (ctx) => {
  const src = await ssecSource(ctx);
  const key = ctx.customerKey("target");
  const upload = await initiateFixture(ctx, key);
  try {
    const res = await copyPart(ctx, upload, 1, src, { from: src.key });
    expectPartCopied(ctx, res, 1, "part copy from an SSE-C source");
    expectEcho(ctx, res, key);
    expectNoKeyLeak(ctx, res, key);
    expectNoKeyLeak(ctx, res, src.key);
  } finally {
    await abort(ctx, upload);
  }
});

check("upload-part-copy.from-ssec-source-range", async (ctx) => {
  const src = await ssecSource(ctx);
  const upload = await initiateFixture(ctx, ctx.customerKey("target"));
  // Starts one byte before a 64 KiB boundary and ends mid-block in the next chunk.
  const range = { first: 64 * KIB - 1, last: 64 * KIB + 1000 };
  const part = expectPartCopied(
    ctx,
    await copyPart(ctx, upload, 1, src, { from: src.key, range }),
    1,
    "ranged part copy of an SSE-C source",
  );
  await expectCompletedBytes(ctx, upload, [part], src.body.subarray(range.first, range.last + 1));
});

check("upload-part-copy.from-plain-source", async (ctx) => {
  const src = await plainSource(ctx);
  const upload = await initiateFixture(ctx, ctx.customerKey("target"));
  const part = expectPartCopied(ctx, await copyPart(ctx, upload, 1, src, {}), 1, "part copy of an unencrypted source");
  await expectCompletedBytes(ctx, upload, [part], src.body);
});

check(
  "upload-part-copy.from-multipart-source-across-parts",
  async (ctx) => {
    const src = await multipartSource(ctx);
    const upload = await initiateFixture(ctx, ctx.customerKey("target"));
    const total = src.body.length;
    // Part 1: all of the source's part 1 and the first byte of its part 2 (≥ 5 MiB, not last).
    // Part 2: from 10 bytes before the source's boundary to its end.
    const r1 = { first: 0, last: MPU_PART };
    const r2 = { first: MPU_PART - 10, last: total - 1 };
    const p1 = expectPartCopied(
      ctx,
      await copyPart(ctx, upload, 1, src, { from: src.key, range: r1 }),
      1,
      `part copy bytes=${r1.first}-${r1.last}`,
    );
    const p2 = expectPartCopied(
      ctx,
      await copyPart(ctx, upload, 2, src, { from: src.key, range: r2 }),
      2,
      `part copy bytes=${r2.first}-${r2.last}`,
    );
    const expected = Buffer.concat([
      src.body.subarray(r1.first, r1.last + 1),
      src.body.subarray(r2.first, r2.last + 1),
    ]);
    await expectCompletedBytes(ctx, upload, [p1, p2], expected);
  },
  MPU_TIMEOUT,
);

check(
  "upload-part-copy.completed-exact-bytes",
  async (ctx) => {
    // s3-tests test_copy_part_enc: an uploaded part, then a copied one, under the upload's key.
    const src = await ssecSource(ctx);
    const upload = await initiateFixture(ctx, ctx.customerKey("target"));
    const own = payload(ctx.target.seed, `${ctx.def.id}/own`, 5 * MIB + 1);
    const p1 = await uploadPartFixture(ctx, upload, 1, own);
    const range = { first: 10, last: 1009 };
    const p2 = expectPartCopied(
      ctx,
      await copyPart(ctx, upload, 2, src, { from: src.key, range }),
      2,
      "ranged part copy of an SSE-C source",
    );
    await expectCompletedBytes(
      ctx,
      upload,
      [p1, p2],
      Buffer.concat([own, src.body.subarray(range.first, range.last + 1)]),
    );
  },
  MPU_TIMEOUT,
);

// ---------------------------------------------------------------------------------------------
// Refusals: nothing stored under the part number

/**
 * A part copy into a shared upload (`refusals` unless given), under the check's own part number,
 * is refused and stores no part. `copySource` names the copy-source headers a source-side
 * refusal is about (a failure says so).
 */
async function expectPartCopyRefused(
  ctx: CheckContext,
  source: { objectKey: string },
  keys: PartCopyKeys,
  copySource?: { upload: Upload; what: string },
): Promise<void> {
  const upload = copySource?.upload ?? (await refusals(ctx));
  const n = nextPart();
  const res = await copyPart(ctx, upload, n, source, keys);
  // The check that owns the code grades it; a variant (a range) asserts the refusal only.
  if (copySource) expectCopySourceRefused(ctx, res, copySource.what);
  else if (ctx.def.expect) ctx.expectError(res);
  else ctx.expectRefused(res);
  await expectNoPart(ctx, upload, n);
}

check("upload-part-copy.missing-target-key", async (ctx) => {
  const src = await ssecSource(ctx);
  await expectPartCopyRefused(ctx, src, { from: src.key, to: null });
});

check("upload-part-copy.source-key-as-target-key", async (ctx) => {
  const src = await ssecSource(ctx);
  await expectPartCopyRefused(ctx, src, { from: src.key, to: src.key });
});

// Source-side: into the upload under the source's own key, so only the copy-source trio is wrong.

check("upload-part-copy.source-key-missing", async (ctx) => {
  await expectPartCopyRefused(
    ctx,
    await ssecSource(ctx),
    {},
    {
      upload: await sourceKeyUpload(ctx),
      what: "SSE-C source sent without copy-source headers",
    },
  );
});

// A key other than the source's in the copy-source trio, for the whole source and for a range of it.
for (const [id, range, what] of [
  ["upload-part-copy.source-key-wrong", undefined, "copy-source headers with a key other than the source's"],
  [
    "upload-part-copy.source-key-wrong-range",
    { first: 100, last: 64 * KIB + 100 },
    "ranged copy with copy-source headers of another key",
  ],
] as const) {
  check(id, async (ctx) => {
    await expectPartCopyRefused(
      ctx,
      await ssecSource(ctx),
      { from: ctx.customerKey("wrong"), ...(range ? { range } : {}) },
      { upload: await sourceKeyUpload(ctx), what },
    );
  });
}

check("upload-part-copy.source-headers-on-plain-source", async (ctx) => {
  await expectPartCopyRefused(
    ctx,
    await plainSource(ctx),
    { from: ctx.customerKey("source") },
    { upload: await refusals(ctx), what: "copy-source headers on an unencrypted source" },
  );
});

check("upload-part-copy.source-wrong-key-if-none-match", async (ctx) => {
  // The key's refusal before the condition's 412 is a SHOULD (evidence copy.source-key-before-conditions).
  const src = await ssecSource(ctx);
  const upload = await sourceKeyUpload(ctx);
  const n = nextPart();
  const cond: [string, string] = [`${copyHeaders(ctx).copySource}-if-none-match`, `"${src.etag}"`];
  const headers: HeaderList = [...sourceTrio(ctx, ctx.customerKey("wrong")), ...targetTrio(ctx, upload.key), cond];
  const res = await uploadPartCopy(ctx, upload, n, src.objectKey, headers);
  ctx.expectError(res);
  await expectNoPart(ctx, upload, n);
});

// An SSE-C source into an upload initiated without SSE-C (evidence upload-part-copy.ssec-source-to-plain-upload): the
// copy-source trio alone; the part is stored as the upload says and the completed object reads without a key.
check("upload-part-copy.ssec-source-to-plain-upload", async (ctx) => {
  const src = await ssecSource(ctx);
  const upload = await initiateFixture(ctx, undefined, "plain-upload");
  const res = await copyPart(ctx, upload, 1, src, { from: src.key, to: null });
  const part = expectPartCopied(ctx, res, 1, "part copy of an SSE-C source into an upload without SSE-C");
  await expectCompletedBytes(ctx, upload, [part], src.body);
});

// Copy-source conditions on an SSE-C source (evidence copy.source-conditions), into the upload under the source's key.
check("upload-part-copy.source-if-match", async (ctx) => {
  const src = await ssecSource(ctx);
  const upload = await sourceKeyUpload(ctx);
  const n = nextPart();
  const cond: [string, string] = [`${copyHeaders(ctx).copySource}-if-match`, `"${src.etag}"`];
  const headers: HeaderList = [...sourceTrio(ctx, src.key), ...targetTrio(ctx, upload.key), cond];
  const res = await uploadPartCopy(ctx, upload, n, src.objectKey, headers);
  expectPartCopied(ctx, res, n, "part copy whose x-amz-copy-source-if-match names the source's ETag");
});

check("upload-part-copy.source-if-none-match", async (ctx) => {
  const src = await ssecSource(ctx);
  const upload = await sourceKeyUpload(ctx);
  const n = nextPart();
  const cond: [string, string] = [`${copyHeaders(ctx).copySource}-if-none-match`, `"${src.etag}"`];
  const headers: HeaderList = [...sourceTrio(ctx, src.key), ...targetTrio(ctx, upload.key), cond];
  const res = await uploadPartCopy(ctx, upload, n, src.objectKey, headers);
  ctx.expectError(res);
  await expectNoPart(ctx, upload, n);
});

// The AWS 2026 SSE-C block (evidence blocked.write-refused): a part copy into an SSE-C upload initiated while SSE-C
// was allowed is refused once the bucket blocks it (a plain source: only the block can refuse it).
check("upload-part-copy.blocked-bucket-refused", async (ctx) => {
  await withSecondBucket(ctx, async (b) => {
    await b.setSsecBlocked(false);
    const bctx = inBucket(ctx, b.bucket);
    const src = await putPlain(bctx, { size: 1000, label: "plain-source" });
    const upload = await initiateFixture(bctx, ctx.customerKey("upload"), "blocked");
    await b.setSsecBlocked(true);
    const res = await copyPart(bctx, upload, 1, src, {});
    ctx.expectError(res);
    await expectNoPart(bctx, upload, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// The shared header matrix: on the target trio (built from the upload's key, from a plain source:
// no copy-source trio), then on the copy-source trio (built from the source's key, into the upload
// under that same key with its valid target trio).

/** A matrix case's part copy into `upload`, under its own part number: a refusal stores no part. */
async function matrixPartCopy(
  ctx: CheckContext,
  upload: Upload,
  src: { objectKey: string },
  headers: HeaderList,
  plainHttp: boolean,
): Promise<{ res: S3Response; verify: () => Promise<void> }> {
  const n = nextPart();
  const res = await uploadPartCopy(ctx, upload, n, src.objectKey, headers, undefined, plainHttp);
  return { res, verify: () => expectNoPart(ctx, upload, n) };
}

runMatrix("Upload Part - Copy", {
  key: async (ctx) => (await refusals(ctx)).key!,
  send: async (ctx, sse) =>
    matrixPartCopy(ctx, await refusals(ctx), await plainSource(ctx), sse.headers, sse.plainHttp),
});

runCopySourceMatrix("Upload Part - Copy", {
  source: (ctx) => ssecSource(ctx),
  async send(ctx, req, src) {
    const upload = await sourceKeyUpload(ctx);
    return matrixPartCopy(ctx, upload, src, [...req.headers, ...targetTrio(ctx, upload.key)], req.plainHttp);
  },
});

// Only the copy-source trio over plain HTTP (evidence http.ssec-refused), into a part of an unencrypted
// upload of the check's own (initiated over HTTPS): the gate must see the copy-source trio too.
runCopySourceOnlyOverHttp("Upload Part - Copy", {
  source: (ctx) => ssecSource(ctx),
  async send(ctx, copySource, src) {
    const upload = await initiateFixture(ctx, undefined, "plain-upload");
    const res = await uploadPartCopy(ctx, upload, 1, src.objectKey, copySource, undefined, true);
    return {
      res,
      absent: () => expectNoPart(ctx, upload, 1),
      async made() {
        const part = expectPartCopied(
          ctx,
          res,
          1,
          "part copy from an SSE-C source into an unencrypted upload over plain HTTP",
        );
        await expectCompletedBytes(ctx, upload, [part], src.body);
      },
      // After a completed upload this answers 404 NoSuchUpload: harmless.
      cleanup: () => abort(ctx, upload),
    };
  },
});

// OBS's two header forms (evidence obs.both-header-forms): under an OBS-dialect profile the run speaks x-obs-;
// this check sends its interface's request in the x-amz- form and the rest in the native form.
check("upload-part-copy.obs-amz-form", async (ctx) => {
  requireObsTarget(ctx);
  const source = ctx.customerKey("source");
  const target = ctx.customerKey("target");
  const src = await putInForm(ctx, ctx, source);
  const objectKey = ctx.objectKey("target");
  const init = await initiate(ctx, objectKey, targetTrio(ctx, target));
  ctx.expectStatus(init, 200, "Initiate with the x-obs- SSE-C headers");
  const uploadId = uploadIdOf(init);
  const res = await ctx.send({
    method: "PUT",
    key: objectKey,
    query: [
      ["partNumber", "1"],
      ["uploadId", uploadId],
    ],
    headers: [
      copySourceIn(ctx, S3_FORM, src.objectKey),
      ...sourceTrio(S3_FORM, source),
      ...targetTrio(S3_FORM, target),
    ],
  });
  ctx.expectStatus(res, 200, "Upload Part - Copy with the x-amz- copy-source and target SSE-C headers");
  expectEchoIn(ctx, res, target, S3_FORM);
  const parts = [{ partNumber: 1, etag: copyPartEtag(res) }];
  const done = await complete(ctx, { objectKey, uploadId }, parts, targetTrio(ctx, target));
  ctx.expectStatus(done, 200, "Complete with the x-obs- SSE-C headers");
  await expectReadsBackIn(ctx, ctx, objectKey, target, src.body);
});

// Versioning (issue 14): the copy source names a noncurrent version, opened with that version's key.
function partCopyOfVersion(vctx: CheckContext, upload: { objectKey: string; uploadId: string }, headers: HeaderList) {
  return vctx.send({
    method: "PUT",
    key: upload.objectKey,
    query: [
      ["partNumber", "1"],
      ["uploadId", upload.uploadId],
    ],
    headers,
  });
}

check("upload-part-copy.source-version-own-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old } = await twoSsecVersions(vctx);
    const upload = await initiateFixture(vctx, old.key, "from-version");
    const res = await partCopyOfVersion(vctx, upload, [
      versionCopySource(vctx, old),
      ...sourceTrio(vctx, old.key),
      ...targetTrio(vctx, old.key),
    ]);
    ctx.expectStatus(res, 200, "part copy from the noncurrent version with its own copy-source key");
    ctx.expectEqual(res.headers["x-amz-copy-source-version-id"], old.versionId, "x-amz-copy-source-version-id");
    await completeFixture(vctx, upload, [{ partNumber: 1, etag: copyPartEtag(res) }]);
    const back = await getSsec(vctx, upload, old.key);
    ctx.expectStatus(back, 200, "GET of the completed upload with its key");
    await expectBody(ctx, back, old.body, "the part's bytes (the noncurrent version's)");
  });
});

check("upload-part-copy.source-version-current-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old, current } = await twoSsecVersions(vctx);
    const upload = await initiateFixture(vctx, old.key, "from-version");
    const res = await partCopyOfVersion(vctx, upload, [
      versionCopySource(vctx, old),
      ...sourceTrio(vctx, current.key),
      ...targetTrio(vctx, old.key),
    ]);
    ctx.expectError(res);
    await expectNoPart(vctx, upload);
  });
});
