/**
 * Upload Part (OBS Table 2 row 7): every part carries the trio given at initiate (evidence
 * upload-part.same-trio-required). Parts with the upload's key are accepted and echoed; parts without it, with
 * another key
 * or with SSE-C on a plain upload are refused and never stored (evidence upload-part.ssec-on-plain-upload-refused,
 * upload-part.missing-key-refused, upload-part.different-key-refused); part ETags are not
 * MD5s; unaligned parts read back exactly, whole and by ranges across their boundaries (minio/minio#5576;
 * ceph/ceph#27130).
 * Checks are declared in harness/checks/catalogue/upload-part.ts.
 */
import {
  abort,
  atRestChecks,
  check,
  completeFixture,
  expectBody,
  expectEcho,
  expectNoKeyLeak,
  expectNoPart,
  getSsec,
  inBucket,
  initiateFixture,
  KIB,
  md5Hex,
  MIB,
  partNumbers,
  payload,
  putSsecMultipart,
  readWithKey,
  runMatrix,
  shared,
  sharedUpload,
  targetTrio,
  uploadPart,
  uploadPartFixture,
} from "../../harness/kit/index.ts";
import {
  complete,
  expectEchoIn,
  expectReadsBackIn,
  initiate,
  requireObsTarget,
  S3_FORM,
  uploadIdOf,
  withSecondBucket,
} from "../../harness/kit/index.ts";
import type { CheckContext, CustomerKey, StoredObject, Upload } from "../../harness/kit/index.ts";
import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_MODE,
  checksumBase64,
  checksumHeader,
  completedOk,
  compositeChecksum,
  headSsec,
  uploadChecksummedParts,
  withUpload,
} from "../../harness/kit/index.ts";

/** Unaligned parts: every boundary falls inside an AES block and a 64 KiB chunk (minio/minio#5576; ceph/ceph#27130). */
const PART = 5 * MIB + 1;
const PART_SIZES = [PART, PART, 1000];
const MPU_TIMEOUT = { timeout: 300_000 };

/** One SSE-C upload for the refusals of this file (aborted after the file); each check sends its own part number. */
const refusals = sharedUpload((ctx) => initiateFixture(ctx, ctx.customerKey("upload"), "refusals"));
const nextPart = partNumbers();
/** One completed SSE-C object of unaligned parts for the reads. */
const unaligned = shared((ctx) => putSsecMultipart(ctx, PART_SIZES, { label: "unaligned" }));

function partBody(ctx: CheckContext, label: string, size = 2048): Buffer {
  return payload(ctx.target.seed, `${ctx.def.id}/${label}`, size);
}

check("upload-part.same-key-echo", async (ctx) => {
  const key = ctx.customerKey();
  const upload = await initiateFixture(ctx, key);
  try {
    for (const n of [1, 2]) {
      const res = await uploadPart(ctx, upload, n, partBody(ctx, `part${n}`), targetTrio(ctx, key));
      ctx.expectStatus(res, 200, `Upload Part ${n} with the upload's key`);
      expectEcho(ctx, res, key);
      expectNoKeyLeak(ctx, res, key);
    }
  } finally {
    await abort(ctx, upload);
  }
});

check("upload-part.without-ssec-headers", async (ctx) => {
  const upload = await refusals(ctx);
  const n = nextPart();
  ctx.expectError(await uploadPart(ctx, upload, n, partBody(ctx, "part")));
  await expectNoPart(ctx, upload, n);
});

check("upload-part.ssec-on-plain-upload", async (ctx) => {
  const upload = await initiateFixture(ctx, undefined, "plain-upload");
  try {
    const res = await uploadPart(ctx, upload, 1, partBody(ctx, "part"), targetTrio(ctx, ctx.customerKey()));
    ctx.expectError(res);
    await expectNoPart(ctx, upload, 1);
  } finally {
    await abort(ctx, upload);
  }
});

check("upload-part.key-differs-from-initiate", async (ctx) => {
  const upload = await refusals(ctx);
  const n = nextPart();
  const res = await uploadPart(ctx, upload, n, partBody(ctx, "part"), targetTrio(ctx, ctx.customerKey("other")));
  ctx.expectError(res);
  await expectNoPart(ctx, upload, n);
});

check("upload-part.identical-bodies-distinct-etags", async (ctx) => {
  const key = ctx.customerKey();
  const upload = await initiateFixture(ctx, key);
  try {
    const body = partBody(ctx, "same", 9 * KIB);
    const etags: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await uploadPart(ctx, upload, n, body, targetTrio(ctx, key));
      ctx.expectStatus(res, 200, `Upload Part ${n}`);
      etags.push((res.headers["etag"] ?? "").replace(/^"|"$/g, "").toLowerCase());
    }
    if (etags.includes(md5Hex(body)))
      ctx.fail("part ETags other than the plaintext MD5", `a part ETag is the MD5 of its body (${md5Hex(body)})`);
    if (new Set(etags).size !== etags.length) ctx.fail("three distinct part ETags", `ETags ${etags.join(", ")}`);
  } finally {
    await abort(ctx, upload);
  }
});

check(
  "upload-part.unaligned-parts-round-trip",
  async (ctx) => {
    const obj = await unaligned(ctx);
    const res = await readWithKey(ctx, obj, "the multipart object");
    ctx.expectEqual(res.headers["content-length"], String(obj.body.length), "Content-Length (sum of the parts)");
    await expectBody(ctx, res, obj.body, "the multipart object's bytes");
  },
  MPU_TIMEOUT,
);

/** GET `bytes=first-last` with the key: 206, the right Content-Range, exactly those bytes. */
async function expectRange(
  ctx: CheckContext,
  obj: StoredObject,
  first: number,
  last: number,
  what: string,
): Promise<void> {
  const spec = `bytes=${first}-${last}`;
  const res = await getSsec(ctx, obj, obj.key, {
    headers: [["range", spec]],
    streamResponse: last - first >= 256 * KIB,
  });
  ctx.expectStatus(res, 206, `GET ${spec} (${what})`);
  ctx.expectEqual(
    res.headers["content-range"],
    `bytes ${first}-${last}/${obj.body.length}`,
    `Content-Range of ${spec}`,
  );
  await expectBody(ctx, res, obj.body.subarray(first, last + 1), `${spec} (${what})`);
}

check(
  "upload-part.range-across-part-boundary",
  async (ctx) => {
    const obj = await unaligned(ctx);
    const b1 = PART; // first byte of part 2
    const b2 = 2 * PART; // first byte of part 3
    const total = obj.body.length;
    await expectRange(ctx, obj, b1 - 1, b1 - 1, "last byte of part 1");
    await expectRange(ctx, obj, b1, b1, "first byte of part 2");
    await expectRange(ctx, obj, b1 - 1, b1, "the two bytes around the first boundary");
    await expectRange(ctx, obj, b1 - 17, b1 + 16, "an AES block either side of the first boundary");
    await expectRange(ctx, obj, b1 - 64 * KIB, b1 + 64 * KIB, "a 64 KiB chunk either side of the first boundary");
    await expectRange(ctx, obj, b1 - 100, b2 + 99, "all of part 2 and a little of parts 1 and 3");
    await expectRange(ctx, obj, b2 - 5, total - 1, "the end of part 2 and all of the short last part");
    // Suffix range reaching back over the last boundary.
    const suffix = await getSsec(ctx, obj, obj.key, { headers: [["range", "bytes=-1500"]] });
    ctx.expectStatus(suffix, 206, "GET bytes=-1500 (across the last boundary)");
    await expectBody(ctx, suffix, obj.body.subarray(total - 1500), "bytes=-1500");
  },
  MPU_TIMEOUT,
);

// The shared header matrix on a part of an SSE-C upload: variants are built from the upload's own
// key; a refused part is never stored.
// At rest (evidence at-rest.encrypted, errors.no-key-echo): only the bundled reference server's storage can be read.

// The AWS 2026 SSE-C block (evidence blocked.write-refused; the AWS UploadPart reference: SSE-C headers on a
// blocking bucket give 403): an upload initiated while SSE-C was allowed takes no SSE-C part once it is blocked.
check("upload-part.blocked-bucket-refused", async (ctx) => {
  await withSecondBucket(ctx, async (b) => {
    await b.setSsecBlocked(false);
    const bctx = inBucket(ctx, b.bucket);
    const upload = await initiateFixture(bctx, ctx.customerKey("upload"), "blocked");
    await b.setSsecBlocked(true);
    const res = await uploadPart(bctx, upload, 1, partBody(ctx, "part"), targetTrio(ctx, upload.key));
    ctx.expectError(res);
    await expectNoPart(bctx, upload, 1);
  });
});

/** A completed one-part SSE-C upload of this check; `since` is taken before the initiate. */
async function uploadedAtRest(ctx: CheckContext): Promise<{ key: CustomerKey; body: Buffer; since: number }> {
  const since = Date.now();
  const key = ctx.customerKey();
  const upload = await initiateFixture(ctx, key, "at-rest");
  const body = partBody(ctx, "part", 3000);
  await completeFixture(ctx, upload, [await uploadPartFixture(ctx, upload, 1, body)]);
  return { key, body, since };
}

atRestChecks("upload-part", async (ctx) => {
  const { key, body, since } = await uploadedAtRest(ctx);
  return { since, body, keys: [{ key }] };
});

runMatrix("Upload Part", {
  key: async (ctx) => (await refusals(ctx)).key!,
  async send(ctx, sse) {
    const upload: Upload = await refusals(ctx);
    const n = nextPart();
    const res = await uploadPart(ctx, upload, n, partBody(ctx, "part"), sse.headers, sse.plainHttp);
    return { res, verify: () => expectNoPart(ctx, upload, n) };
  },
});

// OBS's two header forms (evidence obs.both-header-forms): under an OBS-dialect profile the run speaks x-obs-;
// this check sends its interface's request in the x-amz- form and the rest in the native form.
check("upload-part.obs-amz-form", async (ctx) => {
  requireObsTarget(ctx);
  const key = ctx.customerKey();
  const objectKey = ctx.objectKey();
  const init = await initiate(ctx, objectKey, targetTrio(ctx, key));
  ctx.expectStatus(init, 200, "Initiate with the x-obs- SSE-C headers");
  const upload = { objectKey, uploadId: uploadIdOf(init) };
  const body = payload(ctx.target.seed, ctx.def.id, 1000);
  const part = await uploadPart(ctx, upload, 1, body, targetTrio(S3_FORM, key));
  ctx.expectStatus(part, 200, "Upload Part with the x-amz- SSE-C headers");
  expectEchoIn(ctx, part, key, S3_FORM);
  const done = await complete(ctx, upload, [{ partNumber: 1, etag: part.headers["etag"] ?? "" }], targetTrio(ctx, key));
  ctx.expectStatus(done, 200, "Complete with the x-obs- SSE-C headers");
  await expectReadsBackIn(ctx, ctx, objectKey, key, body);
});

// --- Checksums of SSE-C parts (issue 14 item 3; evidence checksum.ssec-plaintext, checksum.mismatch-refused).
/** The algorithms a COMPOSITE multipart checksum takes (CRC64NVME is FULL_OBJECT only). */
const COMPOSITE_ALGORITHMS = CHECKSUM_ALGORITHMS.filter((a) => a !== "crc64nvme");

check("upload-part.checksum-plaintext", async (ctx) => {
  for (const alg of COMPOSITE_ALGORITHMS) {
    const body = payload(ctx.target.seed, `${ctx.def.id}/${alg}`, 1000);
    const { upload, refs } = await uploadChecksummedParts(ctx, alg, [body]);
    const res = await complete(ctx, upload, refs, targetTrio(ctx, upload.key));
    if (!completedOk(res)) await abort(ctx, upload);
    ctx.expectStatus(res, 200, `Complete with the key of the ${alg} upload`);
    // The part's checksum, kept for the object, is the plaintext's: a one-part COMPOSITE of it.
    const head = await headSsec(ctx, upload, upload.key, { headers: CHECKSUM_MODE });
    ctx.expectStatus(head, 200, "HEAD with the key and x-amz-checksum-mode");
    ctx.expectEqual(head.headers[checksumHeader(alg)], compositeChecksum(alg, [body]), `${checksumHeader(alg)}`);
  }
});

check("upload-part.checksum-mismatch", async (ctx) => {
  const body = payload(ctx.target.seed, ctx.def.id, 1000);
  const key = ctx.customerKey();
  await withUpload(ctx, key, async (upload) => {
    const wrong = checksumBase64("sha256", body.subarray(1));
    const res = await uploadPart(ctx, upload, 1, body, [...targetTrio(ctx, key), [checksumHeader("sha256"), wrong]]);
    ctx.expectRefused(res);
    await expectNoPart(ctx, upload, 1);
  });
});

// --- Sizes (issue 14 item 10; evidence multipart.part-limits).
/** Complete `upload` with its key and `parts`; the answer must be a CompleteMultipartUploadResult (aborted otherwise). */
async function completeWithKey(ctx: CheckContext, upload: Upload, parts: { partNumber: number; etag: string }[]) {
  const res = await complete(ctx, upload, parts, targetTrio(ctx, upload.key));
  if (!completedOk(res)) await abort(ctx, upload);
  ctx.expectStatus(res, 200, "Complete Multipart Upload with the key");
  if (!completedOk(res)) ctx.fail("a CompleteMultipartUploadResult", "200 with an <Error> body");
}

check(
  "upload-part.exact-minimum-parts",
  async (ctx) => {
    const sizes = [5 * MIB, 1000];
    const body = payload(ctx.target.seed, ctx.def.id, 5 * MIB + 1000);
    const upload = await initiateFixture(ctx, ctx.customerKey());
    const parts = [];
    let at = 0;
    for (const [i, size] of sizes.entries()) {
      parts.push(await uploadPartFixture(ctx, upload, i + 1, body.subarray(at, at + size)));
      at += size;
    }
    await completeWithKey(ctx, upload, parts);
    const res = await getSsec(ctx, upload, upload.key, { streamResponse: true });
    ctx.expectStatus(res, 200, "GET of the completed object with its key");
    await expectBody(ctx, res, body, "the completed object (a part of exactly 5 MiB, then a tail)");
  },
  MPU_TIMEOUT,
);

check("upload-part.part-number-10000", async (ctx) => {
  const body = payload(ctx.target.seed, ctx.def.id, 1000);
  const upload = await initiateFixture(ctx, ctx.customerKey());
  const res = await uploadPart(ctx, upload, 10_000, body, targetTrio(ctx, upload.key));
  if (res.status !== 200) await abort(ctx, upload);
  ctx.expectStatus(res, 200, "Upload Part 10,000");
  await completeWithKey(ctx, upload, [{ partNumber: 10_000, etag: res.headers["etag"] ?? "" }]);
  const back = await getSsec(ctx, upload, upload.key, { query: [["partNumber", "10000"]] });
  ctx.expectStatus(back, [200, 206], "GET ?partNumber=10000 with the key");
  await expectBody(ctx, back, body, "part 10,000");
});

check(
  "upload-part.out-of-order",
  async (ctx) => {
    const body = payload(ctx.target.seed, ctx.def.id, 5 * MIB + 1000);
    const upload = await initiateFixture(ctx, ctx.customerKey());
    const second = await uploadPartFixture(ctx, upload, 2, body.subarray(5 * MIB));
    const first = await uploadPartFixture(ctx, upload, 1, body.subarray(0, 5 * MIB));
    await completeWithKey(ctx, upload, [first, second]);
    const res = await getSsec(ctx, upload, upload.key, { streamResponse: true });
    ctx.expectStatus(res, 200, "GET of the completed object with its key");
    await expectBody(ctx, res, body, "the completed object (part 1, then part 2)");
  },
  MPU_TIMEOUT,
);
