/**
 * The run bodies the SSE-C header properties share (bad key-MD5, missing headers, wrong keys):
 * each makes what one interface's request needs (an object, an upload, a copy source) under the
 * case's key, sends the request with the case's spoiled trio, expects one of the refusals the
 * case allows, and checks that the refusal stored nothing and returned no plaintext.
 *
 * A property file says what is wrong with its cases' trio and which cases it generates:
 * `spoiledTrioProperties` registers the property on all eight interfaces, `spoiledTrioProperty`
 * one check at a time (with the request the trio goes in: `expectRefused.get`, …).
 *
 * Writes go to a fresh name (then nothing may be stored there) or over an old object of the
 * check's own (then it must be intact); copies whose target side is spoiled read from a plain
 * source. Both are made once per check and shared by its cases (property-targets.ts).
 */
import type fc from "fast-check";
import type { HeaderList } from "../client/types.ts";
import type { CustomerKey, SsecHeaderOptions } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";
import { bodyOf } from "./payload.ts";
import { putFixture, withUpload } from "./fixtures.ts";
import { copyObject, getObject, headObject, postObject, putObject } from "./object-requests.ts";
import { initiate, uploadPart, uploadPartCopy } from "./multipart-requests.ts";
import { formTrio, sourceTrio, targetTrio } from "./trios.ts";
import { expectRefusal } from "./refusals.ts";
import { expectNoPlaintext } from "./expect-bytes.ts";
import { expectNoPart, expectNoUpload } from "./expect-stored.ts";
import { plainSources, writeTargets } from "./property-targets.ts";
import { propertyCheck } from "./property.ts";

/** What a case sends wrong in its trio, and the refusals that may answer it. */
export interface SpoiledTrio {
  /** The key the case's object, upload or SSE-C copy source is made under. */
  key: CustomerKey;
  /** The key the trio names; `key` itself unless the case is a wrong key. */
  sent?: CustomerKey;
  /** How the trio is spelled wrong (a key-MD5 text, parts left out). */
  options?: SsecHeaderOptions;
  /** Profile expectation names: the refusal must satisfy one of them. */
  refusals: readonly string[];
}

/** Which trio of a copy is spoiled: the target's (the source is plain) or the copy source's (the target is plain). */
export type CopySide = "target" | "copy-source";

type TrioBuilder = (ctx: CheckContext, key: CustomerKey, opts?: SsecHeaderOptions) => HeaderList;

const writeTarget = writeTargets();
const plainSource = plainSources();

function trio(ctx: CheckContext, s: SpoiledTrio, build: TrioBuilder): HeaderList {
  return build(ctx, s.sent ?? s.key, s.options);
}

/** PUT Object: nothing stored under a fresh name, an overwritten old object intact. */
async function refusedPut(ctx: CheckContext, s: SpoiledTrio, c: { size: number; overwrite: boolean }) {
  const t = await writeTarget(ctx, c.overwrite);
  const res = await putObject(ctx, t.objectKey, bodyOf(ctx, c.size), trio(ctx, s, targetTrio));
  expectRefusal(ctx, res, s.refusals);
  await t.verify();
}

/** POST Object with the trio as form fields: as for PUT. */
async function refusedPost(ctx: CheckContext, s: SpoiledTrio, c: { size: number; overwrite: boolean }) {
  const t = await writeTarget(ctx, c.overwrite);
  const res = await postObject(ctx, {
    objectKey: t.objectKey,
    body: bodyOf(ctx, c.size),
    fields: trio(ctx, s, formTrio),
  });
  expectRefusal(ctx, res, s.refusals);
  await t.verify();
}

/** HEAD Object of an object made under the case's key. */
async function refusedHead(ctx: CheckContext, s: SpoiledTrio, c: { size: number }) {
  const obj = await putFixture(ctx, s.key, c.size);
  const res = await headObject(ctx, obj.objectKey, trio(ctx, s, targetTrio));
  expectRefusal(ctx, res, s.refusals);
}

/** GET Object of an object made under the case's key: and none of its plaintext in the answer. */
async function refusedGet(ctx: CheckContext, s: SpoiledTrio, c: { size: number }) {
  const obj = await putFixture(ctx, s.key, c.size);
  const res = await getObject(ctx, obj.objectKey, trio(ctx, s, targetTrio));
  expectRefusal(ctx, res, s.refusals);
  expectNoPlaintext(ctx, res, obj.body);
}

/** Initiate Multipart Upload: no upload left open. */
async function refusedInitiate(ctx: CheckContext, s: SpoiledTrio) {
  const objectKey = ctx.objectKey("upload");
  const res = await initiate(ctx, objectKey, trio(ctx, s, targetTrio));
  expectRefusal(ctx, res, s.refusals);
  await expectNoUpload(ctx, objectKey);
}

/** Upload Part into an upload made under the case's key: no part stored. */
async function refusedUploadPart(ctx: CheckContext, s: SpoiledTrio, c: { size: number }) {
  await withUpload(ctx, s.key, async (u) => {
    const res = await uploadPart(ctx, u, 1, bodyOf(ctx, c.size), trio(ctx, s, targetTrio));
    expectRefusal(ctx, res, s.refusals);
    await expectNoPart(ctx, u);
  });
}

/** PUT Object - Copy, the spoiled trio on the target or on the copy source (then a source under the case's key). */
async function refusedCopy(
  ctx: CheckContext,
  s: SpoiledTrio,
  c: { size: number; overwrite: boolean; where: CopySide },
) {
  const t = await writeTarget(ctx, c.overwrite);
  const source = c.where === "target" ? await plainSource(ctx) : await putFixture(ctx, s.key, c.size, "source");
  const headers = trio(ctx, s, c.where === "target" ? targetTrio : sourceTrio);
  const res = await copyObject(ctx, source.objectKey, t.objectKey, headers);
  expectRefusal(ctx, res, s.refusals);
  expectNoPlaintext(ctx, res, source.body);
  await t.verify();
}

/**
 * Upload Part - Copy: the spoiled target trio names the key of an upload made under it (the
 * source is plain), or the spoiled copy-source trio names the key of the source (the upload is
 * plain). No part stored either way.
 */
async function refusedPartCopy(ctx: CheckContext, s: SpoiledTrio, c: { size: number; where: CopySide }) {
  if (c.where === "target") {
    const source = await plainSource(ctx);
    await withUpload(ctx, s.key, async (u) => {
      const res = await uploadPartCopy(ctx, u, 1, source.objectKey, trio(ctx, s, targetTrio));
      expectRefusal(ctx, res, s.refusals);
      await expectNoPart(ctx, u);
    });
  } else {
    const source = await putFixture(ctx, s.key, c.size, "source");
    await withUpload(ctx, undefined, async (u) => {
      const res = await uploadPartCopy(ctx, u, 1, source.objectKey, trio(ctx, s, sourceTrio));
      expectRefusal(ctx, res, s.refusals);
      expectNoPlaintext(ctx, res, source.body);
      await expectNoPart(ctx, u);
    });
  }
}

/** One request an interface's property sends, by the operation's name: `expectRefused.get(ctx, trio, c)`. */
export const expectRefused = {
  put: refusedPut,
  post: refusedPost,
  head: refusedHead,
  get: refusedGet,
  initiate: refusedInitiate,
  uploadPart: refusedUploadPart,
  copy: refusedCopy,
  partCopy: refusedPartCopy,
};

/** A property's cases: the generated one, and the coverage examples that run first. */
export interface PropertyCases<C> {
  arbitrary: fc.Arbitrary<C>;
  examples: (seed: number) => C[];
}

type Request<C> = (ctx: CheckContext, trio: SpoiledTrio, c: C) => Promise<void>;

/**
 * The checks of one header property: `spoil` says what is wrong with a case's trio; the function
 * it returns registers one check, given its id, its cases and the request that carries the trio.
 */
export function spoiledTrioProperty<K>(spoil: (c: K) => SpoiledTrio) {
  return <C extends K>(id: string, cases: PropertyCases<C>, send: Request<C>): void =>
    propertyCheck(id, { ...cases, run: (ctx, c) => send(ctx, spoil(c), c) });
}

/**
 * A header property on all eight Table 2 interfaces, `<slug>.property-<family>`: writes (PUT,
 * POST) take the `writes` cases, reads, initiates and parts the `reads`, the two copies the
 * `copies` (whose `where` says which trio is spoiled).
 */
export function spoiledTrioProperties<
  K,
  W extends K & { size: number; overwrite: boolean },
  R extends K & { size: number },
  C extends K & { size: number; overwrite: boolean; where: CopySide },
>(
  family: string,
  spoil: (c: K) => SpoiledTrio,
  cases: { writes: PropertyCases<W>; reads: PropertyCases<R>; copies: PropertyCases<C> },
) {
  const property = spoiledTrioProperty(spoil);
  const id = (slug: string) => `${slug}.property-${family}`;
  property(id("put-object"), cases.writes, refusedPut);
  property(id("post-object"), cases.writes, refusedPost);
  property(id("copy-object"), cases.copies, refusedCopy);
  property(id("head-object"), cases.reads, refusedHead);
  property(id("get-object"), cases.reads, refusedGet);
  property(id("initiate-multipart-upload"), cases.reads, refusedInitiate);
  property(id("upload-part"), cases.reads, refusedUploadPart);
  property(id("upload-part-copy"), cases.copies, refusedPartCopy);
}
