/**
 * Property: for any key K and any K' ≠ K — an unrelated key, K with one bit flipped, one byte
 * changed, K reversed; each sent with the correct MD5 of K' itself — reading (GET, HEAD),
 * copying (copy-source), part-uploading and part-copying an object or upload made under K
 * with K' is refused as the profile says and never returns a byte of the object
 * (OBS Table 1 row 2, Table 3; evidence get.wrong-key-refused, copy.source-wrong-key,
 * upload-part.different-key-refused). Checks: harness/checks/catalogue/properties.ts.
 *
 * Every case stores its own object or starts its own upload under its own K: sharing one
 * object would fix K and weaken "for any K".
 */
import fc from "fast-check";
import {
  copyObject,
  coverageExamples,
  customerKey,
  expectAbsent,
  expectNoPart,
  expectNoPlaintext,
  expectRefusal,
  expectRefused,
  objectSize,
  propertyCheck,
  putFixture,
  sourceTrio,
  spoiledTrioProperty,
  targetTrio,
  uploadPartCopy,
  withUpload,
  WRONG_KEY_KINDS,
  wrongKeyCase,
} from "../../harness/kit/index.ts";
import type { WrongKeyCase, WrongKeyKind } from "../../harness/kit/index.ts";

/** An object or upload made under K, the trio naming K' with the right MD5 of K', refused as `refusal`. */
const wrongKeyProperty = (refusal: string) =>
  spoiledTrioProperty(({ keys }: { keys: WrongKeyCase }) => ({ key: keys.key, sent: keys.wrong, refusals: [refusal] }));
const wrongKeyRead = wrongKeyProperty("wrong-key-read");
const wrongPartKey = wrongKeyProperty("part-different-key");

const readCase = (kinds?: readonly WrongKeyKind[]) => fc.record({ keys: wrongKeyCase(kinds), size: objectSize() });
const reads = {
  arbitrary: readCase(),
  examples: (seed: number) => coverageExamples(WRONG_KEY_KINDS, (k) => readCase([k]), seed),
};

wrongKeyRead("get-object.property-wrong-key", reads, expectRefused.get);
wrongKeyRead("head-object.property-wrong-key", reads, expectRefused.head);

/** The copy's target: plain, or SSE-C under a key of its own (the target side is valid either way). */
const copyCase = (kinds?: readonly WrongKeyKind[]) =>
  fc.record({ keys: wrongKeyCase(kinds), size: objectSize(), targetKey: fc.option(customerKey(), { nil: undefined }) });

propertyCheck("copy-object.property-wrong-key", {
  arbitrary: copyCase(),
  examples: (seed) => coverageExamples(WRONG_KEY_KINDS, (k) => copyCase([k]), seed),
  async run(ctx, { keys, size, targetKey }) {
    const src = await putFixture(ctx, keys.key, size, "source");
    const target = ctx.objectKey("target");
    const res = await copyObject(ctx, src.objectKey, target, [
      ...sourceTrio(ctx, keys.wrong),
      ...(targetKey ? targetTrio(ctx, targetKey) : []),
    ]);
    expectRefusal(ctx, res, ["copy-source-wrong-key"]);
    expectNoPlaintext(ctx, res, src.body);
    await expectAbsent(ctx, target);
  },
});

wrongPartKey("upload-part.property-wrong-key", reads, expectRefused.uploadPart);

/**
 * Upload Part - Copy has two keys that can be wrong: the copy-source key against the source
 * (evidence copy.source-wrong-key; the upload is SSE-C under a valid key of its own) and the target key against the
 * upload (evidence upload-part.different-key-refused; the source is plain, so only the target key is in play).
 */
const partCopyCase = (kinds?: readonly WrongKeyKind[]) =>
  fc.record({
    keys: wrongKeyCase(kinds),
    size: objectSize(),
    side: fc.constantFrom("copy-source" as const, "target" as const),
    uploadKey: customerKey(),
  });

propertyCheck("upload-part-copy.property-wrong-key", {
  arbitrary: partCopyCase(),
  examples: (seed) =>
    coverageExamples(
      WRONG_KEY_KINDS.flatMap((kind) => (["copy-source", "target"] as const).map((side) => ({ kind, side }))),
      (v) => partCopyCase([v.kind]).filter((c) => c.side === v.side),
      seed,
    ),
  async run(ctx, { keys, size, side, uploadKey }) {
    if (side === "copy-source") {
      const src = await putFixture(ctx, keys.key, size, "source");
      await withUpload(ctx, uploadKey, async (u) => {
        const res = await uploadPartCopy(ctx, u, 1, src.objectKey, [
          ...targetTrio(ctx, uploadKey),
          ...sourceTrio(ctx, keys.wrong),
        ]);
        expectRefusal(ctx, res, ["copy-source-wrong-key"]);
        expectNoPlaintext(ctx, res, src.body);
        await expectNoPart(ctx, u);
      });
    } else {
      const src = await putFixture(ctx, undefined, size, "source");
      await withUpload(ctx, keys.key, async (u) => {
        const res = await uploadPartCopy(ctx, u, 1, src.objectKey, targetTrio(ctx, keys.wrong));
        expectRefusal(ctx, res, ["part-different-key"]);
        await expectNoPart(ctx, u);
      });
    }
  },
});
