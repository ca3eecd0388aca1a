/**
 * Initiate Multipart Upload (OBS Table 2 row 6): the echo, what the upload's SSE-C setting means
 * for the completed object (key required, ETag `-N`, size = sum of parts; evidence upload-part.same-trio-required),
 * Complete and ListParts without the key (evidence complete.without-key, list-parts.without-key), the blocked-SSE-C
 * bucket (evidence blocked.write-refused) and the shared
 * header matrix. Checks are declared in harness/checks/catalogue/initiate-multipart-upload.ts.
 */
import {
  abort,
  check,
  complete,
  completedEtag,
  completedOk,
  completeFixture,
  expectBody,
  expectEcho,
  expectNoKeyLeak,
  expectNoPlaintext,
  expectNoUpload,
  getSsec,
  headSsec,
  initiate,
  initiateFixture,
  listParts,
  MIB,
  payload,
  putSsecMultipart,
  readRefusalChecks,
  readWithKey,
  runMatrix,
  shared,
  targetTrio,
  uploadIdOf,
  uploadPart,
  uploadPartFixture,
  withBlockedBucket,
  withSseS3Bucket,
} from "../../harness/kit/index.ts";
import { expectEchoIn, expectReadsBackIn, requireObsTarget, S3_FORM } from "../../harness/kit/index.ts";
import { CHECKSUM_MODE, checksumHeader, compositeChecksum, uploadChecksummedParts } from "../../harness/kit/index.ts";
import type { CheckContext } from "../../harness/kit/index.ts";

/** Two parts, the first unaligned (5 MiB + 1): the smallest multipart object with a real boundary. */
const PART_SIZES = [5 * MIB + 1, 1000];
const MPU_TIMEOUT = { timeout: 300_000 };

/** One completed SSE-C multipart object for the file (initiated, uploaded and completed with the key). */
const completed = shared((ctx) => putSsecMultipart(ctx, PART_SIZES, { label: "initiate-mpu" }));

check("initiate-multipart-upload.echo", async (ctx) => {
  const key = ctx.customerKey();
  const objectKey = ctx.objectKey();
  const res = await initiate(ctx, objectKey, targetTrio(ctx, key));
  ctx.expectStatus(res, 200, "SSE-C Initiate Multipart Upload");
  try {
    expectEcho(ctx, res, key);
    expectNoKeyLeak(ctx, res, key);
  } finally {
    await abort(ctx, { objectKey, uploadId: uploadIdOf(res) });
  }
});

check(
  "initiate-multipart-upload.completed-round-trip",
  async (ctx) => {
    const obj = await completed(ctx);
    const res = await readWithKey(ctx, obj, "the completed object");
    expectEcho(ctx, res, obj.key);
    await expectBody(ctx, res, obj.body, "the completed object's bytes");
  },
  MPU_TIMEOUT,
);

readRefusalChecks(
  {
    withoutKey: "initiate-multipart-upload.completed-requires-key",
    wrongKey: "initiate-multipart-upload.completed-wrong-key",
  },
  completed,
  MPU_TIMEOUT,
);

check(
  "initiate-multipart-upload.completed-head",
  async (ctx) => {
    const obj = await completed(ctx);
    const res = await headSsec(ctx, obj, obj.key);
    ctx.expectStatus(res, 200, "HEAD of the completed object with its key");
    ctx.expectEqual(
      res.headers["content-length"],
      String(obj.body.length),
      "Content-Length (sum of the plaintext parts)",
    );
    expectEcho(ctx, res, obj.key);
  },
  MPU_TIMEOUT,
);

check(
  "initiate-multipart-upload.completed-etag-part-count",
  async (ctx) => {
    const obj = await completed(ctx);
    const suffix = `-${PART_SIZES.length}`;
    if (!obj.etag.endsWith(suffix)) ctx.fail(`a Complete ETag ending in ${suffix}`, `ETag ${obj.etag}`);
    const head = await headSsec(ctx, obj, obj.key);
    ctx.expectStatus(head, 200, "HEAD with the key");
    ctx.expectEqual((head.headers["etag"] ?? "").replace(/^"|"$/g, ""), obj.etag, "HEAD ETag (the Complete ETag)");
    const get = await getSsec(ctx, obj, obj.key, { headers: [["range", "bytes=0-0"]] });
    ctx.expectStatus(get, 206, "ranged GET with the key");
    ctx.expectEqual((get.headers["etag"] ?? "").replace(/^"|"$/g, ""), obj.etag, "GET ETag (the Complete ETag)");
  },
  MPU_TIMEOUT,
);

check("initiate-multipart-upload.complete-without-key", async (ctx) => {
  const key = ctx.customerKey();
  const upload = await initiateFixture(ctx, key);
  const body = payload(ctx.target.seed, ctx.def.id, 4321);
  const part = await uploadPartFixture(ctx, upload, 1, body);
  const res = await complete(ctx, upload, [part]);
  // Whatever the answer, leave no upload open.
  if (!completedOk(res)) await abort(ctx, upload);
  ctx.expectError(res);
  if (res.status !== 200) return; // refused, as the profile expects (Ceph)
  if (!completedOk(res)) ctx.fail("a CompleteMultipartUploadResult", "200 with an <Error> body");
  ctx.note(`completed without SSE-C headers, ETag ${completedEtag(res)}`);
  // Completing without the key must not have changed what the object needs to be read (evidence get.no-key-refused).
  const back = await getSsec(ctx, upload, key);
  ctx.expectStatus(back, 200, "GET of the completed object with its key");
  await expectBody(ctx, back, body, "the completed object's bytes");
  ctx.expectError(await getSsec(ctx, upload, undefined), ctx.expectation("read-without-key"));
});

check("initiate-multipart-upload.list-parts-without-key", async (ctx) => {
  const upload = await initiateFixture(ctx, ctx.customerKey());
  try {
    const body = payload(ctx.target.seed, ctx.def.id, 100);
    await uploadPartFixture(ctx, upload, 1, body);
    await uploadPartFixture(ctx, upload, 2, body);
    const { res, partNumbers } = await listParts(ctx, upload);
    ctx.expectStatus(res, 200, "ListParts without SSE-C headers");
    ctx.expectEqual(partNumbers.join(","), "1,2", "listed part numbers");
  } finally {
    await abort(ctx, upload);
  }
});

check("initiate-multipart-upload.blocked-bucket", async (ctx) => {
  await withBlockedBucket(ctx, async (bucket) => {
    const objectKey = ctx.objectKey();
    const res = await ctx.send({
      bucket,
      method: "POST",
      key: objectKey,
      query: [["uploads", ""]],
      headers: targetTrio(ctx, ctx.customerKey()),
    });
    if (res.status === 200)
      await ctx.send({ bucket, method: "DELETE", key: objectKey, query: [["uploadId", uploadIdOf(res)]] });
    ctx.expectError(res);
    // The refusal left no upload open in the blocked bucket (evidence blocked.write-refused: nothing SSE-C may start
    // there).
    await expectNoUpload(ctx, objectKey, bucket);
  });
});

// A bucket default encryption under an SSE-C Initiate (evidence put.ssec-over-default): the upload's SSE-C wins.
check("initiate-multipart-upload.ssec-over-default", async (ctx) => {
  await withSseS3Bucket(ctx, async (bctx) => {
    const key = ctx.customerKey("upload");
    const objectKey = ctx.objectKey("over-default");
    const res = await initiate(bctx, objectKey, targetTrio(ctx, key));
    ctx.expectStatus(res, 200, "SSE-C Initiate in a bucket whose default is SSE-S3");
    expectEcho(ctx, res, key);
    const upload = { objectKey, uploadId: uploadIdOf(res), key };
    const body = payload(ctx.target.seed, ctx.def.id, 1000);
    const part = await uploadPart(bctx, upload, 1, body, targetTrio(ctx, key));
    ctx.expectStatus(part, 200, "SSE-C part of the upload");
    await completeFixture(bctx, upload, [{ partNumber: 1, etag: part.headers["etag"] ?? "" }]);
    const bare = await getSsec(bctx, upload, undefined);
    ctx.expectRefused(bare);
    expectNoPlaintext(ctx, bare, body);
    const back = await getSsec(bctx, upload, key);
    ctx.expectStatus(back, 200, "GET of the completed object with its key");
    await expectBody(ctx, back, body);
  });
});

// The shared header matrix. A refused initiate must leave no upload behind (ListMultipartUploads;
// HEAD of the object key would prove nothing: an upload never creates the object). An initiate
// that wrongly succeeds is aborted so the run leaves nothing open.
runMatrix("Initiate Multipart Upload", {
  async send(ctx, sse) {
    const objectKey = ctx.objectKey("matrix");
    const res = await initiate(ctx, objectKey, sse.headers, sse.plainHttp);
    if (res.status === 200) await abort(ctx, { objectKey, uploadId: uploadIdOf(res) });
    return {
      res,
      verify: () => expectNoUpload(ctx, objectKey),
    };
  },
});

// OBS's two header forms (evidence obs.both-header-forms): under an OBS-dialect profile the run speaks x-obs-;
// this check sends its interface's request in the x-amz- form and the rest in the native form.
check("initiate-multipart-upload.obs-amz-form", async (ctx) => {
  requireObsTarget(ctx);
  const key = ctx.customerKey();
  const objectKey = ctx.objectKey();
  const init = await initiate(ctx, objectKey, targetTrio(S3_FORM, key));
  ctx.expectStatus(init, 200, "Initiate with the x-amz- SSE-C headers");
  expectEchoIn(ctx, init, key, S3_FORM);
  const upload = { objectKey, uploadId: uploadIdOf(init) };
  const body = payload(ctx.target.seed, ctx.def.id, 1000);
  const part = await uploadPart(ctx, upload, 1, body, targetTrio(ctx, key));
  ctx.expectStatus(part, 200, "Upload Part with the x-obs- SSE-C headers");
  const done = await complete(ctx, upload, [{ partNumber: 1, etag: part.headers["etag"] ?? "" }], targetTrio(ctx, key));
  ctx.expectStatus(done, 200, "Complete with the x-obs- SSE-C headers");
  await expectReadsBackIn(ctx, ctx, objectKey, key, body);
});

// --- Complete Multipart Upload with the key, another key, and a checksum algorithm (issue 14 items 3, 4;
// evidence complete.with-key, complete.wrong-key-refused, complete.checksum-requires-key, checksum.composite-multipart).
/** A one-part SSE-C upload of `body` under a fresh key. */
async function onePartUpload(ctx: CheckContext, body: Buffer) {
  const upload = await initiateFixture(ctx, ctx.customerKey());
  const part = await uploadPartFixture(ctx, upload, 1, body);
  return { upload, part };
}

check("initiate-multipart-upload.complete-with-key", async (ctx) => {
  const body = payload(ctx.target.seed, ctx.def.id, 1000);
  const { upload, part } = await onePartUpload(ctx, body);
  const res = await complete(ctx, upload, [part], targetTrio(ctx, upload.key));
  if (!completedOk(res)) await abort(ctx, upload);
  ctx.expectStatus(res, 200, "Complete with the upload's SSE-C headers");
  if (!completedOk(res)) ctx.fail("a CompleteMultipartUploadResult", "200 with an <Error> body");
  expectNoKeyLeak(ctx, res, upload.key!);
  const back = await getSsec(ctx, upload, upload.key);
  ctx.expectStatus(back, 200, "GET of the completed object with its key");
  await expectBody(ctx, back, body, "the completed object's bytes");
});

/** Complete with another key; whatever the answer, the object must end up readable with the upload's key only. */
async function completeWithOtherKey(ctx: CheckContext) {
  const body = payload(ctx.target.seed, ctx.def.id, 1000);
  const { upload, part } = await onePartUpload(ctx, body);
  const other = ctx.customerKey("other");
  const res = await complete(ctx, upload, [part], targetTrio(ctx, other));
  expectNoKeyLeak(ctx, res, other);
  return { body, upload, part, other, res };
}

check("initiate-multipart-upload.complete-wrong-key", async (ctx) => {
  const { body, upload, part, other, res } = await completeWithOtherKey(ctx);
  if (!completedOk(res)) {
    ctx.expectRefused(res);
    // Refused: the upload is still open and completes with its own key.
    const done = await complete(ctx, upload, [part], targetTrio(ctx, upload.key));
    if (!completedOk(done)) await abort(ctx, upload);
    ctx.expectStatus(done, 200, "Complete with the upload's own key after the refusal");
  }
  const back = await getSsec(ctx, upload, upload.key);
  ctx.expectStatus(back, 200, "GET of the completed object with the upload's key");
  await expectBody(ctx, back, body, "the completed object's bytes");
  ctx.expectRefused(await getSsec(ctx, upload, other));
});

check("initiate-multipart-upload.complete-wrong-key-refused", async (ctx) => {
  const { upload, res } = await completeWithOtherKey(ctx);
  if (!completedOk(res)) await abort(ctx, upload);
  ctx.expectRefused(res);
});

const CHECKSUM_ALG = "sha256";

check("initiate-multipart-upload.complete-checksum-requires-key", async (ctx) => {
  const body = payload(ctx.target.seed, ctx.def.id, 1000);
  const { upload, refs } = await uploadChecksummedParts(ctx, CHECKSUM_ALG, [body]);
  const res = await complete(ctx, upload, refs);
  if (completedOk(res)) ctx.fail("a refusal (4xx): the upload was created with a checksum algorithm", "completed");
  try {
    ctx.expectRefused(res);
    // The refusal left the upload open: it completes with the key.
    const done = await complete(ctx, upload, refs, targetTrio(ctx, upload.key));
    ctx.expectStatus(done, 200, "Complete with the key after the refusal");
  } finally {
    await abort(ctx, upload).catch(() => undefined);
  }
});

check(
  "initiate-multipart-upload.complete-checksum-composite",
  async (ctx) => {
    const body = payload(ctx.target.seed, ctx.def.id, 5 * MIB + 1000);
    const parts = [body.subarray(0, 5 * MIB), body.subarray(5 * MIB)];
    // One CRC over two parts (upload-part.checksum-plaintext covers every COMPOSITE algorithm on one part).
    for (const alg of ["crc32c"] as const) {
      const { upload, refs } = await uploadChecksummedParts(ctx, alg, parts);
      const res = await complete(ctx, upload, refs, targetTrio(ctx, upload.key));
      if (!completedOk(res)) await abort(ctx, upload);
      ctx.expectStatus(res, 200, `Complete with the key of the ${alg} upload`);
      const back = await getSsec(ctx, upload, upload.key, { headers: CHECKSUM_MODE, streamResponse: true });
      ctx.expectStatus(back, 200, "GET with the key and x-amz-checksum-mode");
      ctx.expectEqual(back.headers[checksumHeader(alg)], compositeChecksum(alg, parts), `${checksumHeader(alg)}`);
      ctx.expectEqual(back.headers["x-amz-checksum-type"], "COMPOSITE", "x-amz-checksum-type");
      await expectBody(ctx, back, body, "the completed object's bytes");
    }
  },
  MPU_TIMEOUT,
);
