/**
 * GET Object (OBS Table 2 row 5): reads with the key (echo, ETag), refusals without it and with
 * another key (empty, ranged and multipart objects too), ranges at every boundary an encryption
 * layout has (AES block, 64 KiB chunk, unaligned part), 416, conditionals, partNumber, presigned
 * GET, SSE-C headers on a plain object, the blocked-SSE-C bucket, and the shared matrix (reads).
 * Checks are declared in harness/checks/catalogue/get-object.ts.
 */
import { URL } from "node:url";
import {
  check,
  readRefusalChecks,
  etagOf,
  expectBody,
  expectEcho,
  expectNoKeyLeak,
  expectReadEcho,
  expectNoPlaintext,
  expectReadRefused,
  getSsec,
  KIB,
  MIB,
  payload,
  putPlain,
  putSsec,
  putSsecMultipart,
  runConditionalReads,
  runMatrix,
  shared,
  targetTrio,
  withSecondBucket,
  readVersion,
  twoSsecVersions,
  withVersionedBucket,
} from "../../harness/kit/index.ts";
import { expectReadsBackIn, putInForm, requireObsTarget, S3_FORM } from "../../harness/kit/index.ts";
import type { CheckContext, StoredObject } from "../../harness/kit/index.ts";
import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_MODE,
  checksumHeader,
  expectNoChecksum,
  payloadSha256,
  payloadSlice,
  payloadStream,
  putChecksummed,
  streamSha256,
} from "../../harness/kit/index.ts";

/** Three 64 KiB chunks and a 17-byte tail: ranges can cross every chunk boundary. */
const SINGLE_SIZE = 3 * 64 * KIB + 17;
/** Unaligned parts: boundaries fall inside AES blocks and 64 KiB chunks (minio/minio#5576; ceph/ceph#27130). */
const PART_SIZES = [5 * MIB + 1, 5 * MIB + 1, 1000];
const MPU_TIMEOUT = { timeout: 300_000 };

const single = shared((ctx) => putSsec(ctx, { size: SINGLE_SIZE, label: "single" }));
const empty = shared((ctx) => putSsec(ctx, { size: 0, label: "empty" }));
const multipart = shared((ctx) => putSsecMultipart(ctx, PART_SIZES, { label: "get-mpu" }));

/**
 * GET `bytes=<spec>` with the key: 206, Content-Range `bytes first-last/total`, exactly those
 * bytes. Always streamed, so a server that aborts mid-body is graded, not reported as a transport error.
 */
async function expectRange(
  ctx: CheckContext,
  obj: StoredObject,
  spec: string,
  first: number,
  last: number,
): Promise<void> {
  const total = obj.body.length;
  const res = await getSsec(ctx, obj, obj.key, { headers: [["range", `bytes=${spec}`]], streamResponse: true });
  ctx.expectStatus(res, 206, `GET Range bytes=${spec}`);
  ctx.expectEqual(res.headers["content-range"], `bytes ${first}-${last}/${total}`, `Content-Range of bytes=${spec}`);
  ctx.expectEqual(res.headers["content-length"], String(last - first + 1), `Content-Length of bytes=${spec}`);
  await expectBody(ctx, res, obj.body.subarray(first, last + 1), `bytes=${spec}`);
}

check("get-object.echo", async (ctx) => {
  const obj = await single(ctx);
  const res = await getSsec(ctx, obj, obj.key);
  expectReadEcho(ctx, res, obj);
  await expectBody(ctx, res, obj.body);
});

check("get-object.etag-matches-put", async (ctx) => {
  const obj = await single(ctx);
  const res = await getSsec(ctx, obj, obj.key);
  ctx.expectStatus(res, 200);
  ctx.expectEqual(etagOf(res), obj.etag, "ETag");
});

readRefusalChecks({ withoutKey: "get-object.without-key", wrongKey: "get-object.wrong-key" }, single);

check("get-object.without-key-zero-bytes", async (ctx) => {
  ctx.expectRefused(await getSsec(ctx, await empty(ctx), undefined));
});

check("get-object.wrong-key-zero-bytes", async (ctx) => {
  ctx.expectRefused(await getSsec(ctx, await empty(ctx), ctx.customerKey("other")));
});

check("get-object.wrong-key-range", async (ctx) => {
  const obj = await single(ctx);
  await expectReadRefused(ctx, obj, ctx.customerKey("other"), { headers: [["range", "bytes=0-99"]] });
});

check("get-object.without-key-range", async (ctx) => {
  const obj = await single(ctx);
  await expectReadRefused(ctx, obj, undefined, { headers: [["range", "bytes=0-99"]] });
});

check("get-object.error-hides-key", async (ctx) => {
  const obj = await single(ctx);
  const wrong = ctx.customerKey("other");
  const res = await getSsec(ctx, obj, wrong);
  // The refusal a wrong key gets (evidence get.wrong-key-refused), not just any status ≥ 400: a 5xx is not a refusal.
  ctx.expectRefused(res);
  expectNoKeyLeak(ctx, res, wrong);
  expectNoKeyLeak(ctx, res, obj.key);
});

check("get-object.ssec-on-plain-object", async (ctx) => {
  const plain = await putPlain(ctx, { size: 300 });
  ctx.expectError(await getSsec(ctx, plain, ctx.customerKey()));
});

check("get-object.range-first-byte", async (ctx) => {
  await expectRange(ctx, await single(ctx), "0-0", 0, 0);
});

check("get-object.range-last-byte", async (ctx) => {
  const last = SINGLE_SIZE - 1;
  await expectRange(ctx, await single(ctx), `${last}-${last}`, last, last);
});

check("get-object.range-suffix", async (ctx) => {
  const obj = await single(ctx);
  await expectRange(ctx, obj, "-1", SINGLE_SIZE - 1, SINGLE_SIZE - 1);
  await expectRange(ctx, obj, "-100", SINGLE_SIZE - 100, SINGLE_SIZE - 1);
});

check("get-object.range-open-ended", async (ctx) => {
  await expectRange(ctx, await single(ctx), "65530-", 65530, SINGLE_SIZE - 1);
});

check("get-object.range-mid-object", async (ctx) => {
  const obj = await putSsec(ctx, { size: 10 * KIB, label: "10kib" });
  await expectRange(ctx, obj, "500-999", 500, 999);
});

check("get-object.range-aes-block-edge", async (ctx) => {
  const obj = await single(ctx);
  await expectRange(ctx, obj, "15-16", 15, 16);
  await expectRange(ctx, obj, "10-40", 10, 40);
});

check("get-object.range-chunk-boundary", async (ctx) => {
  const obj = await single(ctx);
  await expectRange(ctx, obj, "65535-65536", 65535, 65536);
  await expectRange(ctx, obj, "131000-131100", 131000, 131100);
});

check("get-object.range-several-chunks", async (ctx) => {
  await expectRange(ctx, await single(ctx), `100-${2 * 64 * KIB + 100}`, 100, 2 * 64 * KIB + 100);
});

check("get-object.range-unsatisfiable", async (ctx) => {
  const obj = await single(ctx);
  const res = await getSsec(ctx, obj, obj.key, {
    headers: [["range", `bytes=${SINGLE_SIZE + 10}-${SINGLE_SIZE + 20}`]],
  });
  ctx.expectError(res);
});

/** A check on the file's multipart object (its 5 MiB + 1 part takes longer than the default timeout to upload). */
function multipartCheck(id: string, body: (ctx: CheckContext, obj: StoredObject) => Promise<void>): void {
  check(id, async (ctx) => body(ctx, await multipart(ctx)), MPU_TIMEOUT);
}

multipartCheck("get-object.multipart-round-trip", async (ctx, obj) => {
  const res = await getSsec(ctx, obj, obj.key, { streamResponse: true });
  ctx.expectStatus(res, 200);
  ctx.expectEqual(res.headers["content-length"], String(obj.body.length), "Content-Length (sum of plaintext parts)");
  ctx.expectEqual(etagOf(res), obj.etag, "ETag (the one Complete returned)");
  expectEcho(ctx, res, obj.key);
  await expectBody(ctx, res, obj.body);
});

readRefusalChecks(
  { withoutKey: "get-object.multipart-without-key", wrongKey: "get-object.multipart-wrong-key" },
  multipart,
  MPU_TIMEOUT,
);

multipartCheck("get-object.range-across-parts", async (ctx, obj) => {
  const b1 = PART_SIZES[0];
  const b2 = PART_SIZES[0] + PART_SIZES[1];
  await expectRange(ctx, obj, `${b1 - 10}-${b1 + 10}`, b1 - 10, b1 + 10);
  await expectRange(ctx, obj, `${b1 - 1}-${b1}`, b1 - 1, b1);
  await expectRange(ctx, obj, `${b2 - 70000}-${b2 + 500}`, b2 - 70000, b2 + 500);
});

multipartCheck("get-object.range-part-edges", async (ctx, obj) => {
  const p = PART_SIZES[0];
  for (const len of [p - 1, p, p + 1]) await expectRange(ctx, obj, `0-${len - 1}`, 0, len - 1);
});

multipartCheck("get-object.part-number", async (ctx, obj) => {
  const res = await getSsec(ctx, obj, obj.key, { query: [["partNumber", "2"]], streamResponse: true });
  ctx.expectStatus(res, [200, 206]);
  ctx.expectEqual(res.headers["content-length"], String(PART_SIZES[1]), "Content-Length of part 2");
  ctx.expectEqual(
    res.headers["x-amz-mp-parts-count"] ?? res.headers["x-obs-mp-parts-count"],
    String(PART_SIZES.length),
    "parts count",
  );
  ctx.expectEqual(etagOf(res), obj.etag, "ETag (of the completed object)");
  await expectBody(ctx, res, obj.body.subarray(PART_SIZES[0], PART_SIZES[0] + PART_SIZES[1]), "part 2");
});

check("get-object.part-number-single-part", async (ctx) => {
  const obj = await single(ctx);
  const res = await getSsec(ctx, obj, obj.key, { query: [["partNumber", "1"]] });
  ctx.expectStatus(res, [200, 206]);
  ctx.expectEqual(etagOf(res), obj.etag, "ETag");
  await expectBody(ctx, res, obj.body);
});

check("get-object.part-number-out-of-range", async (ctx) => {
  const obj = await single(ctx);
  ctx.expectError(await getSsec(ctx, obj, obj.key, { query: [["partNumber", "2"]] }));
});

check("get-object.part-number-wrong-key", async (ctx) => {
  const obj = await single(ctx);
  await expectReadRefused(ctx, obj, ctx.customerKey("other"), { query: [["partNumber", "1"]] });
});

check("get-object.if-match", async (ctx) => {
  const obj = await single(ctx);
  const res = await getSsec(ctx, obj, obj.key, { headers: [["if-match", `"${obj.etag}"`]] });
  ctx.expectStatus(res, 200);
  await expectBody(ctx, res, obj.body);
});

check("get-object.if-match-mismatch", async (ctx) => {
  const obj = await single(ctx);
  await expectReadRefused(ctx, obj, obj.key, { headers: [["if-match", '"0123456789abcdef0123456789abcdef"']] });
});

check("get-object.if-none-match", async (ctx) => {
  const obj = await single(ctx);
  await expectReadRefused(ctx, obj, obj.key, { headers: [["if-none-match", `"${obj.etag}"`]] });
});

check("get-object.presigned", async (ctx) => {
  const obj = await single(ctx);
  const res = await getSsec(ctx, obj, obj.key, { auth: "presign" });
  ctx.expectStatus(res, 200, "presigned GET with the SSE-C headers");
  expectEcho(ctx, res, obj.key);
  await expectBody(ctx, res, obj.body);
});

check("get-object.presigned-wrong-key", async (ctx) => {
  const obj = await single(ctx);
  // The URL signs another valid key's trio (as a presigner would), and that trio is sent: the key check still decides.
  const res = await getSsec(ctx, obj, ctx.customerKey("other"), { auth: "presign" });
  ctx.expectError(res);
  expectNoPlaintext(ctx, res, obj.body);
});

check("get-object.presigned-without-headers", async (ctx) => {
  const obj = await single(ctx);
  // Presign with the SSE-C headers signed (evidence presigned.ssec), then use the URL without them.
  const signed = await getSsec(ctx, obj, obj.key, { auth: "presign" });
  ctx.require(signed, 200, "presigned GET with the SSE-C headers");
  const url = new URL(signed.exchange.url);
  const query = [...url.searchParams.entries()] as [string, string][];
  const res = await ctx.send({ method: "GET", key: obj.objectKey, query, auth: "none" });
  // Either refusal is right: the signature no longer covers what is sent (403) or the key is missing (400, evidence
  // get.no-key-refused).
  const allowed = [
    { status: 400, code: "InvalidRequest" },
    { status: 403, code: "SignatureDoesNotMatch" },
    { status: 403, code: "AccessDenied" },
  ];
  if (!allowed.some((a) => a.status === res.status && a.code === res.error?.code)) {
    ctx.fail(
      "400 InvalidRequest, 403 SignatureDoesNotMatch or 403 AccessDenied",
      `${res.status} ${res.error?.code ?? "(no error code)"}`,
    );
  }
  expectNoPlaintext(ctx, res, obj.body);
});

check("get-object.blocked-bucket-readable", async (ctx) => {
  await withSecondBucket(ctx, async (b) => {
    // AWS blocks SSE-C on new buckets (evidence http.ssec-refused): allow it, write, then block and read.
    await b.setSsecBlocked(false);
    const key = ctx.customerKey();
    const body = payload(ctx.target.seed, ctx.def.id, 5000);
    const objectKey = ctx.objectKey();
    const put = await ctx.send({
      bucket: b.bucket,
      method: "PUT",
      key: objectKey,
      body,
      headers: targetTrio(ctx, key),
    });
    ctx.require(put, 200, "SSE-C PUT before blocking");
    await b.setSsecBlocked(true);
    const res = await ctx.send({
      bucket: b.bucket,
      method: "GET",
      key: objectKey,
      headers: targetTrio(ctx, key),
    });
    ctx.expectStatus(res, 200, "GET with the key after blocking");
    await expectBody(ctx, res, body);
  });
});

// Conditional reads with a wrong key or none: the key's refusal wins (evidence conditional.key-before-preconditions).
runConditionalReads("GET Object");

runMatrix("GET Object", {
  key: async (ctx) => (await single(ctx)).key,
  async send(ctx, sse) {
    const obj = await single(ctx);
    const res = await ctx.send({ method: "GET", key: obj.objectKey, headers: sse.headers, plainHttp: sse.plainHttp });
    return { res, verify: () => expectNoPlaintext(ctx, res, obj.body) };
  },
});

// OBS's two header forms (evidence obs.both-header-forms): under an OBS-dialect profile the run speaks x-obs-;
// this check sends its interface's request in the x-amz- form and the rest in the native form.
check("get-object.obs-amz-form", async (ctx) => {
  requireObsTarget(ctx);
  const key = ctx.customerKey();
  const obj = await putInForm(ctx, ctx, key);
  await expectReadsBackIn(ctx, S3_FORM, obj.objectKey, key, obj.body);
});

// --- Checksums of SSE-C objects (issue 14 item 3; evidence checksum.ssec-plaintext, checksum.read-requires-key).
const checksummed = shared(async (ctx) => {
  const objs = [];
  for (const alg of CHECKSUM_ALGORITHMS) objs.push(await putChecksummed(ctx, alg));
  return objs;
});

check("get-object.checksum-mode-with-key", async (ctx) => {
  for (const obj of await checksummed(ctx)) {
    const res = await getSsec(ctx, obj, obj.key, { headers: CHECKSUM_MODE });
    ctx.expectStatus(res, 200, `GET with the key and x-amz-checksum-mode of the ${obj.algorithm} object`);
    ctx.expectEqual(res.headers[checksumHeader(obj.algorithm)], obj.checksum, `${checksumHeader(obj.algorithm)}`);
    await expectBody(ctx, res, obj.body);
  }
});

check("get-object.checksum-mode-without-key", async (ctx) => {
  const [obj] = await checksummed(ctx);
  const res = await getSsec(ctx, obj!, undefined, { headers: CHECKSUM_MODE });
  ctx.expectRefused(res);
  expectNoChecksum(ctx, res);
  expectNoPlaintext(ctx, res, obj!.body);
});

check("get-object.checksum-mode-wrong-key", async (ctx) => {
  const [obj] = await checksummed(ctx);
  const res = await getSsec(ctx, obj!, ctx.customerKey("other"), { headers: CHECKSUM_MODE });
  ctx.expectRefused(res);
  expectNoChecksum(ctx, res);
  expectNoPlaintext(ctx, res, obj!.body);
});

// --- Sizes and part reads (issue 14 item 10; evidence large.object-streamed, part-number.read).
/** Past 64 MiB, unaligned: the last chunk is partial, and both end ranges start past the first 64 MiB. */
const LARGE_SIZE = 64 * MIB + 3 * 64 * KIB + 7;
const LARGE_TIMEOUT = { timeout: 600_000 };

/** One streamed 64 MiB+ SSE-C object for the file: generated as it is sent, never held whole. */
const large = shared(async (ctx) => {
  const label = "large";
  const key = ctx.customerKey(label);
  const objectKey = ctx.objectKey(label);
  const res = await ctx.send({
    method: "PUT",
    key: objectKey,
    body: payloadStream(ctx.target.seed, `large/${ctx.target.seed}`, LARGE_SIZE),
    contentLength: LARGE_SIZE,
    payload: "unsigned",
    headers: targetTrio(ctx, key),
    timeoutMs: 300_000,
  });
  ctx.require(res, 200, `streamed SSE-C PUT of ${LARGE_SIZE} bytes`);
  return { objectKey, key, label: `large/${ctx.target.seed}` };
});

check(
  "get-object.large-object-streamed",
  async (ctx) => {
    const obj = await large(ctx);
    const res = await getSsec(ctx, obj, obj.key, { streamResponse: true, timeoutMs: 300_000 });
    ctx.expectStatus(res, 200, "streamed GET of the large object with its key");
    ctx.expectEqual(res.headers["content-length"], String(LARGE_SIZE), "Content-Length (the plaintext size)");
    const got = await streamSha256(ctx, res.stream, "the large object");
    ctx.expectEqual(got.bytes, LARGE_SIZE, "bytes received");
    ctx.expectEqual(got.sha256, payloadSha256(ctx.target.seed, obj.label, LARGE_SIZE), "SHA-256 of the body");
  },
  LARGE_TIMEOUT,
);

check(
  "get-object.large-object-end-ranges",
  async (ctx) => {
    const obj = await large(ctx);
    const lastChunk = Math.floor(LARGE_SIZE / (64 * KIB)) * 64 * KIB;
    for (const [spec, first, last] of [
      ["-1000", LARGE_SIZE - 1000, LARGE_SIZE - 1],
      [`${lastChunk - 100}-${LARGE_SIZE - 1}`, lastChunk - 100, LARGE_SIZE - 1],
    ] as const) {
      const res = await getSsec(ctx, obj, obj.key, { headers: [["range", `bytes=${spec}`]], streamResponse: true });
      ctx.expectStatus(res, 206, `GET Range bytes=${spec} of the large object`);
      ctx.expectEqual(res.headers["content-range"], `bytes ${first}-${last}/${LARGE_SIZE}`, `Content-Range`);
      await expectBody(ctx, res, payloadSlice(ctx.target.seed, obj.label, first, last), `bytes=${spec}`);
    }
  },
  LARGE_TIMEOUT,
);

multipartCheck("get-object.part-number-without-key", async (ctx, obj) => {
  const res = await getSsec(ctx, obj, undefined, { query: [["partNumber", "1"]] });
  ctx.expectRefused(res);
  expectNoPlaintext(ctx, res, obj.body);
});

multipartCheck("get-object.part-number-each-part", async (ctx, obj) => {
  let at = 0;
  for (const [i, size] of PART_SIZES.entries()) {
    const res = await getSsec(ctx, obj, obj.key, { query: [["partNumber", String(i + 1)]], streamResponse: true });
    ctx.expectStatus(res, [200, 206], `GET ?partNumber=${i + 1} with the key`);
    await expectBody(ctx, res, obj.body.subarray(at, at + size), `part ${i + 1} (its plaintext)`);
    at += size;
  }
});

// Versioning (issue 14): two SSE-C versions of one key under two keys, in a bucket of the check's own.
check("get-object.version-own-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old } = await twoSsecVersions(vctx);
    const res = await readVersion(vctx, "GET", old, old.key);
    ctx.expectStatus(res, 200, "GET of the noncurrent version with its own key");
    ctx.expectEqual(res.headers["x-amz-version-id"], old.versionId, "x-amz-version-id");
    await expectBody(ctx, res, old.body, "the noncurrent version's bytes");
  });
});

check("get-object.version-current-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old, current } = await twoSsecVersions(vctx);
    const res = await readVersion(vctx, "GET", old, current.key);
    ctx.expectError(res);
    expectNoPlaintext(ctx, res, old.body);
  });
});

check("get-object.version-without-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old } = await twoSsecVersions(vctx);
    const res = await readVersion(vctx, "GET", old, undefined);
    ctx.expectError(res);
    expectNoPlaintext(ctx, res, old.body);
  });
});
