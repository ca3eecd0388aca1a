/**
 * HEAD Object (OBS Table 2 row 4): the plaintext length and echo with the key; refusals without
 * a body (evidence algorithm.invalid-head, key.wrong-length-read, head.no-key-refused) without the key, with another
 * key, for empty and multipart objects;
 * ranges, part numbers, conditionals, presigned HEAD, and the shared matrix (reads). Checks are
 * declared in harness/checks/catalogue/head-object.ts.
 */
import {
  check,
  etagOf,
  expectBody,
  expectEcho,
  expectNoKeyLeak,
  expectReadEcho,
  getSsec,
  headSsec,
  MIB,
  putPlain,
  putSsec,
  putSsecMultipart,
  runConditionalReads,
  runMatrix,
  shared,
} from "../../harness/kit/index.ts";
import { expectEchoIn, putInForm, requireObsTarget, S3_FORM, targetTrio } from "../../harness/kit/index.ts";
import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_MODE,
  checksumHeader,
  expectNoChecksum,
  putChecksummed,
  checksumBase64,
  parseObjectAttributes,
  payload,
  readVersion,
  getObjectAttributes,
  twoSsecVersions,
  withVersionedBucket,
} from "../../harness/kit/index.ts";
import type { CheckContext, S3Response, StoredObject } from "../../harness/kit/index.ts";

/** Unaligned parts: boundaries fall inside AES blocks and 64 KiB chunks (minio/minio#5576; ceph/ceph#27130). */
const PART_SIZES = [5 * MIB + 1, 5 * MIB + 1, 1000];

const fixture = shared((ctx) => putSsec(ctx, { size: 1000, label: "head" }));
const empty = shared((ctx) => putSsec(ctx, { size: 0, label: "empty" }));
const multipart = shared((ctx) => putSsecMultipart(ctx, PART_SIZES, { label: "head-mpu" }));

/** The parts count header (AWS name; the OBS dialect may use its own prefix). */
function partsCount(res: { headers: Record<string, string> }): string | undefined {
  return res.headers["x-amz-mp-parts-count"] ?? res.headers["x-obs-mp-parts-count"];
}

check("head-object.echo", async (ctx) => {
  const obj = await fixture(ctx);
  const res = await headSsec(ctx, obj, obj.key);
  expectReadEcho(ctx, res, obj);
});

check("head-object.content-length-plaintext", async (ctx) => {
  for (const size of [1, 15, 16, 17, 64 * 1024 - 1, 64 * 1024 + 1]) {
    const obj = await putSsec(ctx, { size, label: `len-${size}` });
    const res = await headSsec(ctx, obj, obj.key);
    ctx.expectStatus(res, 200, `HEAD of the ${size}-byte object`);
    ctx.expectEqual(res.headers["content-length"], String(size), `Content-Length of the ${size}-byte object`);
  }
});

check("head-object.etag-matches-put", async (ctx) => {
  const obj = await fixture(ctx);
  const res = await headSsec(ctx, obj, obj.key);
  ctx.expectStatus(res, 200);
  ctx.expectEqual(etagOf(res), obj.etag, "ETag");
});

check("head-object.without-key", async (ctx) => {
  const obj = await fixture(ctx);
  const res = await headSsec(ctx, obj, undefined);
  ctx.expectError(res);
});

check("head-object.without-key-zero-bytes", async (ctx) => {
  const obj = await empty(ctx);
  ctx.expectRefused(await headSsec(ctx, obj, undefined));
});

check("head-object.wrong-key", async (ctx) => {
  const obj = await fixture(ctx);
  const res = await headSsec(ctx, obj, ctx.customerKey("other"));
  ctx.expectError(res);
});

check("head-object.wrong-key-zero-bytes", async (ctx) => {
  const obj = await empty(ctx);
  ctx.expectRefused(await headSsec(ctx, obj, ctx.customerKey("other")));
});

check(
  "head-object.wrong-key-multipart",
  async (ctx) => {
    const obj = await multipart(ctx);
    ctx.expectRefused(await headSsec(ctx, obj, ctx.customerKey("other")));
  },
  { timeout: 300_000 },
);

check(
  "head-object.multipart-length",
  async (ctx) => {
    const obj = await multipart(ctx);
    const total = PART_SIZES.reduce((a, b) => a + b, 0);
    const res = await headSsec(ctx, obj, obj.key);
    ctx.expectStatus(res, 200);
    ctx.expectEqual(res.headers["content-length"], String(total), "Content-Length (sum of plaintext parts)");
    const got = await getSsec(ctx, obj, obj.key, { streamResponse: true });
    ctx.expectStatus(got, 200, "GET with the key");
    await expectBody(ctx, got, obj.body, "GET body");
  },
  { timeout: 300_000 },
);

check("head-object.range", async (ctx) => {
  const obj = await fixture(ctx);
  const res = await headSsec(ctx, obj, obj.key, { headers: [["range", "bytes=100-199"]] });
  // evidence range.ssec: a Range on HEAD changes only Content-Length (AWS answers 206).
  ctx.expectStatus(res, [200, 206]);
  ctx.expectEqual(res.headers["content-length"], "100", "Content-Length of bytes=100-199");
});

check(
  "head-object.part-number",
  async (ctx) => {
    const obj = await multipart(ctx);
    const res = await headSsec(ctx, obj, obj.key, { query: [["partNumber", "1"]] });
    ctx.expectStatus(res, [200, 206]);
    ctx.expectEqual(res.headers["content-length"], String(PART_SIZES[0]), "Content-Length of part 1");
    ctx.expectEqual(partsCount(res), String(PART_SIZES.length), "parts count");
    ctx.expectEqual(etagOf(res), obj.etag, "ETag (of the completed object)");
    expectEcho(ctx, res, obj.key);
  },
  { timeout: 300_000 },
);

check(
  "head-object.part-number-out-of-range",
  async (ctx) => {
    const obj = await multipart(ctx);
    ctx.expectError(await headSsec(ctx, obj, obj.key, { query: [["partNumber", String(PART_SIZES.length + 1)]] }));
  },
  { timeout: 300_000 },
);

check("head-object.part-number-wrong-key", async (ctx) => {
  const obj = await fixture(ctx);
  const res = await headSsec(ctx, obj, ctx.customerKey("other"), { query: [["partNumber", "1"]] });
  ctx.expectRefused(res);
});

check("head-object.if-none-match", async (ctx) => {
  const obj = await fixture(ctx);
  ctx.expectError(await headSsec(ctx, obj, obj.key, { headers: [["if-none-match", `"${obj.etag}"`]] }));
});

check("head-object.if-match-mismatch", async (ctx) => {
  const obj = await fixture(ctx);
  ctx.expectError(await headSsec(ctx, obj, obj.key, { headers: [["if-match", '"0123456789abcdef0123456789abcdef"']] }));
});

check("head-object.ssec-on-plain-object", async (ctx) => {
  const plain = await putPlain(ctx, { size: 300 });
  ctx.expectError(await headSsec(ctx, plain, ctx.customerKey()));
});

check("head-object.presigned", async (ctx) => {
  const obj = await fixture(ctx);
  const res = await headSsec(ctx, obj, obj.key, { auth: "presign" });
  ctx.expectStatus(res, 200, "presigned HEAD with the SSE-C headers");
  ctx.expectEqual(res.headers["content-length"], String(obj.body.length), "Content-Length");
  expectEcho(ctx, res, obj.key);
});

check("head-object.presigned-wrong-key", async (ctx) => {
  const obj = await fixture(ctx);
  ctx.expectError(await headSsec(ctx, obj, ctx.customerKey("other"), { auth: "presign" }));
});

// Conditional reads with a wrong key or none: the key's refusal wins (evidence conditional.key-before-preconditions).
runConditionalReads("HEAD Object");

runMatrix("HEAD Object", {
  key: async (ctx) => (await fixture(ctx)).key,
  async send(ctx, sse) {
    const obj = await fixture(ctx);
    const res = await ctx.send({ method: "HEAD", key: obj.objectKey, headers: sse.headers, plainHttp: sse.plainHttp });
    // A HEAD answer has no body the client could read (undici drops it): the status is graded.
    return { res };
  },
});

// OBS's two header forms (evidence obs.both-header-forms): under an OBS-dialect profile the run speaks x-obs-;
// this check sends its interface's request in the x-amz- form and the rest in the native form.
check("head-object.obs-amz-form", async (ctx) => {
  requireObsTarget(ctx);
  const key = ctx.customerKey();
  const obj = await putInForm(ctx, ctx, key);
  const res = await ctx.send({ method: "HEAD", key: obj.objectKey, headers: targetTrio(S3_FORM, key) });
  ctx.expectStatus(res, 200, "HEAD with the x-amz- SSE-C headers");
  ctx.expectEqual(res.headers["content-length"], String(obj.body.length), "Content-Length");
  expectEchoIn(ctx, res, key, S3_FORM);
});

// --- Checksums of SSE-C objects (issue 14 item 3; evidence checksum.ssec-plaintext, checksum.read-requires-key).
const checksummed = shared(async (ctx) => {
  const objs = [];
  for (const alg of CHECKSUM_ALGORITHMS) objs.push(await putChecksummed(ctx, alg));
  return objs;
});

check("head-object.checksum-mode-with-key", async (ctx) => {
  for (const obj of await checksummed(ctx)) {
    const res = await headSsec(ctx, obj, obj.key, { headers: CHECKSUM_MODE });
    ctx.expectStatus(res, 200, `HEAD with the key and x-amz-checksum-mode of the ${obj.algorithm} object`);
    ctx.expectEqual(res.headers[checksumHeader(obj.algorithm)], obj.checksum, `${checksumHeader(obj.algorithm)}`);
  }
});

check("head-object.checksum-mode-without-key", async (ctx) => {
  const [obj] = await checksummed(ctx);
  const res = await headSsec(ctx, obj!, undefined, { headers: CHECKSUM_MODE });
  ctx.expectRefused(res);
  expectNoChecksum(ctx, res);
});

// Versioning (issue 14): two SSE-C versions of one key under two keys, in a bucket of the check's own.
check("head-object.version-own-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old } = await twoSsecVersions(vctx);
    const res = await readVersion(vctx, "HEAD", old, old.key);
    ctx.expectStatus(res, 200, "HEAD of the noncurrent version with its own key");
    ctx.expectEqual(res.headers["content-length"], String(old.body.length), "Content-Length (plaintext)");
    ctx.expectEqual(res.headers["x-amz-version-id"], old.versionId, "x-amz-version-id");
    expectEcho(ctx, res, old.key);
  });
});

check("head-object.version-current-key", async (ctx) => {
  await withVersionedBucket(ctx, async (vctx) => {
    const { old, current } = await twoSsecVersions(vctx);
    ctx.expectError(await readVersion(vctx, "HEAD", old, current.key));
  });
});

// GetObjectAttributes (issue 14): a metadata read of an SSE-C object, keyed like HEAD (pgsty/silo#84).
/** A refused GetObjectAttributes names neither the size nor the ETag. */
function expectNoAttributes(ctx: CheckContext, res: S3Response, obj: StoredObject): void {
  const text = res.body.toString("utf8");
  if (text.includes("<ObjectSize>") || text.includes(obj.etag))
    ctx.fail("a refusal that reveals no attribute", `the answer names ObjectSize or the ETag: ${text.slice(0, 200)}`);
}
const attributesFixture = shared((ctx) => putSsec(ctx, { size: 1000, label: "attributes" }));

check("head-object.attributes-without-key", async (ctx) => {
  const obj = await attributesFixture(ctx);
  const res = await getObjectAttributes(ctx, obj, undefined);
  ctx.expectRefused(res);
  expectNoAttributes(ctx, res, obj);
});

check("head-object.attributes-wrong-key", async (ctx) => {
  const obj = await attributesFixture(ctx);
  const res = await getObjectAttributes(ctx, obj, ctx.customerKey("other"));
  ctx.expectRefused(res);
  expectNoAttributes(ctx, res, obj);
});

check("head-object.attributes-size-etag", async (ctx) => {
  const obj = await attributesFixture(ctx);
  const res = await getObjectAttributes(ctx, obj, obj.key);
  ctx.expectStatus(res, 200, "GetObjectAttributes with the object's key");
  const a = parseObjectAttributes(res.body);
  ctx.expectEqual(a.objectSize, obj.body.length, "ObjectSize (plaintext)");
  ctx.expectEqual(a.etag?.replace(/^"|"$/g, ""), obj.etag, "ETag");
});

check("head-object.attributes-checksum", async (ctx) => {
  const body = payload(ctx.target.seed, `${ctx.def.id}/checksummed`, 1000);
  const crc32 = checksumBase64("crc32", body);
  const obj = await putSsec(ctx, { body, label: "checksummed", headers: [["x-amz-checksum-crc32", crc32]] });
  const res = await getObjectAttributes(ctx, obj, obj.key);
  ctx.expectStatus(res, 200, "GetObjectAttributes with the object's key");
  ctx.expectEqual(parseObjectAttributes(res.body).checksums.ChecksumCRC32, crc32, "Checksum/ChecksumCRC32");
});

check("head-object.attributes-object-parts", async (ctx) => {
  const obj = await multipart(ctx);
  const res = await getObjectAttributes(ctx, obj, obj.key);
  ctx.expectStatus(res, 200, "GetObjectAttributes of the multipart object with its key");
  const a = parseObjectAttributes(res.body);
  ctx.expectEqual(a.totalPartsCount, obj.partSizes?.length, "ObjectParts/TotalPartsCount");
  ctx.expectEqual(a.objectSize, obj.body.length, "ObjectSize (plaintext)");
});
