/**
 * Property: for every non-empty proper subset of the three SSE-C headers (OBS Table 1) — and,
 * for the two copy interfaces, of the three copy-source headers (OBS Table 3) — on every
 * Table 2 interface the request is refused as the profile says for a missing algorithm, key
 * or key-MD5 (evidence missing.algorithm-put, missing.key-put, missing.md5; any of them when several are missing)
 * and nothing is
 * stored. Checks: harness/checks/catalogue/properties.ts.
 *
 * The six subsets (twelve with the copy-source side) always run first as coverage examples;
 * the remaining runs vary the key, the body and fresh-name versus overwrite.
 */
import fc from "fast-check";
import {
  bodyOf,
  copyObject,
  coverageExamples,
  customerKey,
  expectNoPart,
  expectNoPlaintext,
  expectNoUpload,
  expectRefusal,
  formTrio,
  getObject,
  headerSubset,
  headObject,
  initiate,
  MISSING_EXPECTATION,
  missingParts,
  objectSize,
  postObject,
  PROPER_SUBSETS,
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
import type { CheckContext, SsecPart } from "../../harness/kit/index.ts";

/** Fresh names or an old object of the check's own to overwrite; a plain copy source. */
const writeTarget = writeTargets();
const plainSource = plainSources();

/** The refusals a request missing these parts may get (any one of them). */
const refusalsFor = (present: readonly SsecPart[]) => missingParts(present).map((p) => MISSING_EXPECTATION[p]);
/** `omit` for the header builders. */
const omitFor = (present: readonly SsecPart[]) => ({ omit: missingParts(present) });

const subsetCase = (subsets: readonly (readonly SsecPart[])[] = PROPER_SUBSETS) =>
  fc.record({
    present: subsets === PROPER_SUBSETS ? headerSubset() : fc.constantFrom(...subsets),
    key: customerKey(),
    size: objectSize(),
    overwrite: fc.boolean(),
  });
const subsetExamples = (seed: number) => coverageExamples(PROPER_SUBSETS, (s) => subsetCase([s]), seed);

propertyCheck("put-object.property-missing-headers", {
  arbitrary: subsetCase(),
  examples: subsetExamples,
  async run(ctx, { present, key, size, overwrite }) {
    const t = await writeTarget(ctx, overwrite);
    const res = await putObject(ctx, t.objectKey, bodyOf(ctx, size), targetTrio(ctx, key, omitFor(present)));
    expectRefusal(ctx, res, refusalsFor(present));
    await t.verify();
  },
});

propertyCheck("post-object.property-missing-headers", {
  arbitrary: subsetCase(),
  examples: subsetExamples,
  async run(ctx, { present, key, size, overwrite }) {
    const t = await writeTarget(ctx, overwrite);
    const res = await postObject(ctx, {
      objectKey: t.objectKey,
      body: bodyOf(ctx, size),
      fields: formTrio(ctx, key, omitFor(present)),
    });
    expectRefusal(ctx, res, refusalsFor(present));
    await t.verify();
  },
});

propertyCheck("head-object.property-missing-headers", {
  arbitrary: subsetCase(),
  examples: subsetExamples,
  async run(ctx, { present, key, size }) {
    const obj = await putFixture(ctx, key, size);
    const res = await headObject(ctx, obj.objectKey, targetTrio(ctx, key, omitFor(present)));
    expectRefusal(ctx, res, refusalsFor(present));
  },
});

propertyCheck("get-object.property-missing-headers", {
  arbitrary: subsetCase(),
  examples: subsetExamples,
  async run(ctx, { present, key, size }) {
    const obj = await putFixture(ctx, key, size);
    const res = await getObject(ctx, obj.objectKey, targetTrio(ctx, key, omitFor(present)));
    expectRefusal(ctx, res, refusalsFor(present));
    expectNoPlaintext(ctx, res, obj.body);
  },
});

propertyCheck("initiate-multipart-upload.property-missing-headers", {
  arbitrary: subsetCase(),
  examples: subsetExamples,
  async run(ctx, { present, key }) {
    const objectKey = ctx.objectKey("upload");
    const res = await initiate(ctx, objectKey, targetTrio(ctx, key, omitFor(present)));
    expectRefusal(ctx, res, refusalsFor(present));
    await expectNoUpload(ctx, objectKey);
  },
});

propertyCheck("upload-part.property-missing-headers", {
  arbitrary: subsetCase(),
  examples: subsetExamples,
  async run(ctx, { present, key, size }) {
    await withUpload(ctx, key, async (u) => {
      const res = await uploadPart(ctx, u, 1, bodyOf(ctx, size), targetTrio(ctx, key, omitFor(present)));
      expectRefusal(ctx, res, refusalsFor(present));
      await expectNoPart(ctx, u);
    });
  },
});

/** Copies: the incomplete trio is the target's (plain source) or the copy-source's (SSE-C source, plain target). */
const SIDES = ["target", "copy-source"] as const;
const copyCase = (subsets?: readonly (readonly SsecPart[])[], sides: readonly (typeof SIDES)[number][] = SIDES) =>
  fc.record({
    present: subsets ? fc.constantFrom(...subsets) : headerSubset(),
    where: fc.constantFrom(...sides),
    key: customerKey(),
    size: objectSize(),
    overwrite: fc.boolean(),
  });
const copyExamples = (seed: number) =>
  coverageExamples(
    SIDES.flatMap((where) => PROPER_SUBSETS.map((present) => ({ where, present }))),
    (v) => copyCase([v.present], [v.where]),
    seed,
  );

propertyCheck("copy-object.property-missing-headers", {
  arbitrary: copyCase(),
  examples: copyExamples,
  async run(ctx, { present, where, key, size, overwrite }) {
    const t = await writeTarget(ctx, overwrite);
    const source = where === "target" ? await plainSource(ctx) : await putFixture(ctx, key, size, "source");
    const headers =
      where === "target" ? targetTrio(ctx, key, omitFor(present)) : sourceTrio(ctx, key, omitFor(present));
    const res = await copyObject(ctx, source.objectKey, t.objectKey, headers);
    expectRefusal(ctx, res, refusalsFor(present));
    expectNoPlaintext(ctx, res, source.body);
    await t.verify();
  },
});

propertyCheck("upload-part-copy.property-missing-headers", {
  arbitrary: copyCase(),
  examples: copyExamples,
  async run(ctx, { present, where, key, size }) {
    if (where === "target") {
      const source = await plainSource(ctx);
      await withUpload(ctx, key, async (u) => {
        const res = await uploadPartCopy(ctx, u, 1, source.objectKey, targetTrio(ctx, key, omitFor(present)));
        expectRefusal(ctx, res, refusalsFor(present));
        await expectNoPart(ctx, u);
      });
    } else {
      const source = await putFixture(ctx, key, size, "source");
      await withUpload(ctx, undefined, async (u) => {
        const res = await uploadPartCopy(ctx, u, 1, source.objectKey, sourceTrio(ctx, key, omitFor(present)));
        expectRefusal(ctx, res, refusalsFor(present));
        expectNoPlaintext(ctx, res, source.body);
        await expectNoPart(ctx, u);
      });
    }
  },
});
