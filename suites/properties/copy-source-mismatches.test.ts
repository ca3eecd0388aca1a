/**
 * Property: for PUT Object - Copy and Upload Part - Copy, every combination of source (SSE-C,
 * plain) × copy-source headers (valid, absent, wrong key, bad MD5, partial) × target headers
 * (valid, absent, partial, bad MD5) gets the profile's outcome — the decision table in
 * harness/checks/copy-outcome.ts, citing evidence missing.algorithm-put, missing.key-put, key.wrong-length-put,
 * md5.mismatch-put, missing.md5, copy.source-key-required, copy.source-wrong-key,
 * copy.source-headers-on-plain-source — and the target is
 * never readable with a wrong key and never silently unencrypted when SSE-C was asked
 * (OBS Table 3; evidence headers.copy-source-trio). Checks: harness/checks/catalogue/properties.ts.
 *
 * All 40 combinations run first as coverage examples (so they run even when --runs is lower);
 * the remaining runs vary keys, wrong keys, bad MD5s, subsets and sizes.
 *
 * For Upload Part - Copy the target is the upload: SSE-C under the target key for the valid,
 * partial and bad-MD5 target modes, a plain upload for the absent mode. A copied part is
 * completed into an object so that what it holds can be read back.
 */
import {
  completeFixture,
  COPY_COMBINATIONS,
  copyCase,
  copyObject,
  copyPartEtag,
  coverageExamples,
  deriveWrongKey,
  expectAbsent,
  expectEcho,
  expectedCopyOutcome,
  expectNoPart,
  expectNoPlaintext,
  expectRefusal,
  getObject,
  missingParts,
  propertyCheck,
  putFixture,
  sourceTrio,
  targetTrio,
  uploadPartCopy,
  withUpload,
} from "../../harness/kit/index.ts";
import type {
  CheckContext,
  CopyCase,
  CopyOutcome,
  CustomerKey,
  HeaderList,
  S3Response,
  Stored,
} from "../../harness/kit/index.ts";

/** Source bodies: empty, small, or across a 64 KiB chunk; chosen from the case's keys so no extra dimension shrinks. */
const SIZES = [0, 1, 1000, 65_600] as const;

function sizeOf(c: CopyCase): number {
  return SIZES[c.spec.sourceKey.raw[0] % SIZES.length];
}

/**
 * One trio as the case's mode for it says: `build` is sourceTrio or targetTrio, `key` the side's
 * key, `badMd5` the side's bad key-MD5 text and `wrongKey` (copy source only) the key it sends instead.
 */
function trioInMode(
  ctx: CheckContext,
  build: typeof sourceTrio,
  side: CopyCase["spec"]["copySource"] | CopyCase["spec"]["target"],
  key: CustomerKey,
  badMd5: string | undefined,
  wrongKey?: CustomerKey,
): HeaderList {
  switch (side.mode) {
    case "valid":
      return build(ctx, key);
    case "absent":
      return [];
    case "wrong-key":
      return build(ctx, wrongKey!);
    case "bad-md5":
      return build(ctx, key, { md5Text: badMd5 });
    case "partial":
      return build(ctx, key, { omit: missingParts(side.present) });
  }
}

/** The headers the case sends: its copy-source trio, then its target trio. */
function headersOf(ctx: CheckContext, c: CopyCase): HeaderList {
  return [
    ...trioInMode(ctx, sourceTrio, c.spec.copySource, c.spec.sourceKey, c.badSourceMd5, c.wrongSourceKey),
    ...trioInMode(ctx, targetTrio, c.spec.target, c.spec.targetKey, c.badTargetMd5),
  ];
}

function outcomeOf(c: CopyCase): CopyOutcome {
  const { copySource, target } = c.spec;
  return expectedCopyOutcome({
    ...c.combination,
    targetMissing: target.mode === "partial" ? missingParts(target.present) : undefined,
    copySourceMissing: copySource.mode === "partial" ? missingParts(copySource.present) : undefined,
    targetMd5Empty: c.badTargetMd5 === "",
    copySourceMd5Empty: c.badSourceMd5 === "",
  });
}

async function sourceFor(ctx: CheckContext, c: CopyCase): Promise<Stored> {
  return putFixture(ctx, c.spec.source === "ssec" ? c.spec.sourceKey : undefined, sizeOf(c), "source");
}

/**
 * What a successful copy stored reads back as the source's bytes — with the target key when
 * SSE-C was asked, and then never without a key nor with a wrong one; without any key otherwise.
 */
async function expectCopyReadable(
  ctx: CheckContext,
  c: CopyCase,
  objectKey: string,
  source: Stored,
  encrypted: boolean,
): Promise<void> {
  const key = c.spec.targetKey;
  if (encrypted) {
    const plain = await getObject(ctx, objectKey);
    if (plain.status === 200)
      ctx.fail(
        "the SSE-C copy unreadable without its key",
        "GET without SSE-C headers answered 200: the copy is stored unencrypted",
      );
    expectRefusal(ctx, plain, ["read-without-key"]);
    expectNoPlaintext(ctx, plain, source.body);
    const wrong = await getObject(ctx, objectKey, targetTrio(ctx, deriveWrongKey(key, { kind: "bit-flip", bit: 0 })));
    expectRefusal(ctx, wrong, ["wrong-key-read"]);
    expectNoPlaintext(ctx, wrong, source.body);
  }
  const res = await getObject(ctx, objectKey, encrypted ? targetTrio(ctx, key) : []);
  ctx.expectStatus(res, 200, encrypted ? "GET of the copy with the target key" : "GET of the plain copy");
  if (!res.body.equals(source.body))
    ctx.fail(`the copy holds the source's ${source.body.length} bytes`, `${res.body.length} other bytes`);
}

/**
 * The answer matches the decision table; on success, the response echoes the target key (evidence
 * headers.interfaces).
 */
function expectAnswer(ctx: CheckContext, res: S3Response, outcome: CopyOutcome, c: CopyCase): void {
  if (outcome.kind === "refused") {
    expectRefusal(ctx, res, outcome.expect);
    return;
  }
  ctx.expectStatus(res, 200, `a well-formed copy (${outcome.encrypted ? "SSE-C" : "plain"} target)`);
  if (outcome.encrypted) expectEcho(ctx, res, c.spec.targetKey);
}

const examples = (seed: number) => coverageExamples(COPY_COMBINATIONS, (combo) => copyCase([combo]), seed);

propertyCheck("copy-object.property-copy-source-combinations", {
  arbitrary: copyCase(),
  examples,
  async run(ctx, c) {
    const outcome = outcomeOf(c);
    const source = await sourceFor(ctx, c);
    const target = ctx.objectKey("target");
    const res = await copyObject(ctx, source.objectKey, target, headersOf(ctx, c));
    expectAnswer(ctx, res, outcome, c);
    if (outcome.kind === "refused") {
      expectNoPlaintext(ctx, res, source.body);
      await expectAbsent(ctx, target);
    } else {
      await expectCopyReadable(ctx, c, target, source, outcome.encrypted);
    }
  },
});

propertyCheck("upload-part-copy.property-copy-source-combinations", {
  arbitrary: copyCase(),
  examples,
  async run(ctx, c) {
    const outcome = outcomeOf(c);
    const source = await sourceFor(ctx, c);
    const uploadKey = c.spec.target.mode === "absent" ? undefined : c.spec.targetKey;
    await withUpload(ctx, uploadKey, async (u) => {
      const res = await uploadPartCopy(ctx, u, 1, source.objectKey, headersOf(ctx, c));
      expectAnswer(ctx, res, outcome, c);
      if (outcome.kind === "refused") {
        expectNoPlaintext(ctx, res, source.body);
        await expectNoPart(ctx, u);
        return;
      }
      await completeFixture(ctx, u, [{ partNumber: 1, etag: copyPartEtag(res) }]);
      await expectCopyReadable(ctx, c, u.objectKey, source, outcome.encrypted);
    });
  },
});
