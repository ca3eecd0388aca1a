/**
 * Property: for any key K and any key-MD5 header that is not base64(md5(K)) — 16 random bytes,
 * the MD5 of another key, the digest in hex, truncated (losing digest bytes), padded, with whitespace
 * inside, empty — every Table 2 interface refuses, and nothing is stored: a fresh object name
 * per case then finds no object; an overwrite leaves the old object intact under its old key
 * (seed Table 1 row 3; BEHAVIOUR E7, §0). Checks: harness/checks/catalogue/properties.ts.
 *
 * Reads and parts use an object or upload made under K itself, so the key-MD5 is the only
 * thing wrong. The old object of the overwrite cases and the plain copy sources are shared by
 * a check's cases: a refused request leaves them unchanged, and one that is not refused fails
 * the property right there.
 */
import fc from "fast-check";
import {
  BAD_MD5_KINDS,
  badMd5Case,
  badMd5Expectations,
  bodyOf,
  copyObject,
  coverageExamples,
  expectNoPart,
  expectNoPlaintext,
  expectNoUpload,
  expectRefusal,
  formTrio,
  getObject,
  headObject,
  initiate,
  objectSize,
  postObject,
  plainSources,
  propertyCheck,
  putFixture,
  putObject,
  sourceTrio,
  targetTrio,
  uploadPart,
  uploadPartCopy,
  withUpload,
  writeTargets,
} from "../../harness/kit/index.ts";
import type { BadMd5Kind } from "../../harness/kit/index.ts";

/** Fresh names or an old object of the check's own to overwrite; a plain copy source. */
const writeTarget = writeTargets();
const plainSource = plainSources();

const writeCase = (kinds?: readonly BadMd5Kind[]) =>
  fc.record({ bad: badMd5Case(kinds), size: objectSize(), overwrite: fc.boolean() });
const writeExamples = (seed: number) => coverageExamples(BAD_MD5_KINDS, (k) => writeCase([k]), seed);

propertyCheck("put-object.property-bad-md5", {
  arbitrary: writeCase(),
  examples: writeExamples,
  async run(ctx, { bad, size, overwrite }) {
    const t = await writeTarget(ctx, overwrite);
    const res = await putObject(ctx, t.objectKey, bodyOf(ctx, size), targetTrio(ctx, bad.key, { md5Text: bad.text }));
    expectRefusal(ctx, res, badMd5Expectations(bad.text));
    await t.verify();
  },
});

propertyCheck("post-object.property-bad-md5", {
  arbitrary: writeCase(),
  examples: writeExamples,
  async run(ctx, { bad, size, overwrite }) {
    const t = await writeTarget(ctx, overwrite);
    const res = await postObject(ctx, {
      objectKey: t.objectKey,
      body: bodyOf(ctx, size),
      fields: formTrio(ctx, bad.key, { md5Text: bad.text }),
    });
    expectRefusal(ctx, res, badMd5Expectations(bad.text));
    await t.verify();
  },
});

/** Copies and part copies: the bad key-MD5 is in the target trio or in the copy-source trio. */
const copyCase = (kinds?: readonly BadMd5Kind[]) =>
  fc.record({
    bad: badMd5Case(kinds),
    size: objectSize(),
    overwrite: fc.boolean(),
    where: fc.constantFrom("target" as const, "copy-source" as const),
  });
const copyExamples = (seed: number) =>
  coverageExamples(
    BAD_MD5_KINDS.flatMap((kind) => (["target", "copy-source"] as const).map((where) => ({ kind, where }))),
    (v) => copyCase([v.kind]).filter((c) => c.where === v.where),
    seed,
  );

propertyCheck("copy-object.property-bad-md5", {
  arbitrary: copyCase(),
  examples: copyExamples,
  async run(ctx, { bad, size, overwrite, where }) {
    const t = await writeTarget(ctx, overwrite);
    // Target side: a plain source, the bad trio on the target. Copy-source side: a source under
    // K itself, the bad trio naming it, a plain target.
    const source = where === "target" ? await plainSource(ctx) : await putFixture(ctx, bad.key, size, "source");
    const headers =
      where === "target"
        ? targetTrio(ctx, bad.key, { md5Text: bad.text })
        : sourceTrio(ctx, bad.key, { md5Text: bad.text });
    const res = await copyObject(ctx, source.objectKey, t.objectKey, headers);
    expectRefusal(ctx, res, badMd5Expectations(bad.text));
    expectNoPlaintext(ctx, res, source.body);
    await t.verify();
  },
});

const readCase = (kinds?: readonly BadMd5Kind[]) => fc.record({ bad: badMd5Case(kinds), size: objectSize() });
const readExamples = (seed: number) => coverageExamples(BAD_MD5_KINDS, (k) => readCase([k]), seed);

propertyCheck("head-object.property-bad-md5", {
  arbitrary: readCase(),
  examples: readExamples,
  async run(ctx, { bad, size }) {
    const obj = await putFixture(ctx, bad.key, size);
    const res = await headObject(ctx, obj.objectKey, targetTrio(ctx, bad.key, { md5Text: bad.text }));
    expectRefusal(ctx, res, badMd5Expectations(bad.text));
  },
});

propertyCheck("get-object.property-bad-md5", {
  arbitrary: readCase(),
  examples: readExamples,
  async run(ctx, { bad, size }) {
    const obj = await putFixture(ctx, bad.key, size);
    const res = await getObject(ctx, obj.objectKey, targetTrio(ctx, bad.key, { md5Text: bad.text }));
    expectRefusal(ctx, res, badMd5Expectations(bad.text));
    expectNoPlaintext(ctx, res, obj.body);
  },
});

propertyCheck("initiate-multipart-upload.property-bad-md5", {
  arbitrary: readCase(),
  examples: readExamples,
  async run(ctx, { bad }) {
    const objectKey = ctx.objectKey("upload");
    const res = await initiate(ctx, objectKey, targetTrio(ctx, bad.key, { md5Text: bad.text }));
    expectRefusal(ctx, res, badMd5Expectations(bad.text));
    await expectNoUpload(ctx, objectKey);
  },
});

propertyCheck("upload-part.property-bad-md5", {
  arbitrary: readCase(),
  examples: readExamples,
  async run(ctx, { bad, size }) {
    await withUpload(ctx, bad.key, async (u) => {
      const res = await uploadPart(ctx, u, 1, bodyOf(ctx, size), targetTrio(ctx, bad.key, { md5Text: bad.text }));
      expectRefusal(ctx, res, badMd5Expectations(bad.text));
      await expectNoPart(ctx, u);
    });
  },
});

propertyCheck("upload-part-copy.property-bad-md5", {
  arbitrary: copyCase(),
  examples: copyExamples,
  async run(ctx, { bad, size, where }) {
    if (where === "target") {
      // An upload under K, the part's trio names K with the bad MD5; the source is plain.
      const source = await plainSource(ctx);
      await withUpload(ctx, bad.key, async (u) => {
        const res = await uploadPartCopy(ctx, u, 1, source.objectKey, targetTrio(ctx, bad.key, { md5Text: bad.text }));
        expectRefusal(ctx, res, badMd5Expectations(bad.text));
        await expectNoPart(ctx, u);
      });
    } else {
      // A source under K, the copy-source trio names K with the bad MD5; the upload is plain.
      const source = await putFixture(ctx, bad.key, size, "source");
      await withUpload(ctx, undefined, async (u) => {
        const res = await uploadPartCopy(ctx, u, 1, source.objectKey, sourceTrio(ctx, bad.key, { md5Text: bad.text }));
        expectRefusal(ctx, res, badMd5Expectations(bad.text));
        expectNoPlaintext(ctx, res, source.body);
        await expectNoPart(ctx, u);
      });
    }
  },
});
