/**
 * The requests of the eight Table 2 interfaces as the property suites send them, the fixtures
 * they arrange (a failure there is a precondition error: no verdict), and the assertions every
 * property shares: refused as the profile says, nothing stored, the old object intact, no byte
 * of the object in a refusal.
 */
import fc from "fast-check";
import {
  buildPostForm,
  completeMultipartUploadXml,
  parseInitiateMultipartUpload,
  s3UriEncode,
} from "../client/index.ts";
import type { HeaderList, S3Response } from "../client/types.ts";
import type { CheckContext } from "./run-check.ts";
import { CheckFailure, satisfies } from "./run-check.ts";
import { describeActual, describeExpectation } from "../checks/grade.ts";
import { deviationFor } from "../checks/profile.ts";
import { copyNames, expectBytes, expectEcho as expectEchoOf, payload } from "./fixtures.ts";
import { expectNoPart as expectNoPartOf } from "./parts.ts";
import type { Expectation } from "../checks/types.ts";
import { copySourceHeaders, deriveKey, ssecFormFields, ssecHeaders } from "../ssec/index.ts";
import type { CustomerKey, SsecHeaderOptions, SsecPart } from "../ssec/index.ts";

type Ctx = CheckContext;

// ---------------------------------------------------------------------------------------------
// Header sets in the target's dialect

export function trio(ctx: Ctx, key: CustomerKey, opts: SsecHeaderOptions = {}): HeaderList {
  return ssecHeaders(key, { dialect: ctx.dialect, ...opts });
}

export function sourceTrio(ctx: Ctx, key: CustomerKey, opts: SsecHeaderOptions = {}): HeaderList {
  return copySourceHeaders(key, { dialect: ctx.dialect, ...opts });
}

export function formTrio(ctx: Ctx, key: CustomerKey, opts: SsecHeaderOptions = {}): HeaderList {
  return ssecFormFields(key, { dialect: ctx.dialect, ...opts });
}

/** The profile expectation each left-out header calls for (BEHAVIOUR E3, E4, E8). */
export const MISSING_EXPECTATION: Record<SsecPart, string> = {
  algorithm: "missing-algorithm",
  key: "missing-key",
  md5: "missing-md5",
};

/** A bad key-MD5 is refused as a mismatch (E7); an empty one may be called missing (E8). */
export function badMd5Expectations(text: string): string[] {
  return text === "" ? ["md5-mismatch", "missing-md5"] : ["md5-mismatch"];
}

// ---------------------------------------------------------------------------------------------
// Bodies

/**
 * Object sizes: empty (B9: a zero-byte object must still check the key), small, across a
 * 64 KiB chunk. Shrinks across the three towards 0, the smallest counterexample.
 */
export function objectSize(): fc.Arbitrary<number> {
  return fc.oneof(
    { withCrossShrink: true },
    fc.constant(0),
    fc.integer({ min: 1, max: 4096 }),
    fc.integer({ min: 65_536 - 16, max: 65_536 + 64 }),
  );
}

/** Deterministic bytes for a case (seeded; the same size gives the same bytes within a check). */
export function bodyOf(ctx: Ctx, size: number): Buffer {
  return payload(ctx.target.seed, `${ctx.def.id}/${size}`, size);
}

// ---------------------------------------------------------------------------------------------
// Requests

function copySource(ctx: Ctx, objectKey: string): [string, string] {
  return [copyNames(ctx.dialect).copySource, `/${ctx.bucket}/${s3UriEncode(objectKey, true)}`];
}

export const putObject = (ctx: Ctx, objectKey: string, body: Buffer, headers: HeaderList = []) =>
  ctx.send({ method: "PUT", key: objectKey, body, headers });

export function postObject(ctx: Ctx, objectKey: string, body: Buffer, fields: HeaderList): Promise<S3Response> {
  const t = ctx.target;
  const form = buildPostForm(
    { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, region: t.region },
    { bucket: ctx.bucket, key: objectKey, file: body, fields },
  );
  return ctx.send({ method: "POST", auth: "none", body: form.body, headers: [["content-type", form.contentType]] });
}

export const copyObject = (ctx: Ctx, source: string, target: string, headers: HeaderList) =>
  ctx.send({ method: "PUT", key: target, headers: [copySource(ctx, source), ...headers] });

export const getObject = (ctx: Ctx, objectKey: string, headers: HeaderList = []) =>
  ctx.send({ method: "GET", key: objectKey, headers });

export const headObject = (ctx: Ctx, objectKey: string, headers: HeaderList = []) =>
  ctx.send({ method: "HEAD", key: objectKey, headers });

export const initiate = (ctx: Ctx, objectKey: string, headers: HeaderList) =>
  ctx.send({ method: "POST", key: objectKey, query: [["uploads", ""]], headers });

export interface Upload {
  objectKey: string;
  uploadId: string;
  key?: CustomerKey;
}

function partQuery(u: Upload, partNumber: number): [string, string][] {
  return [
    ["partNumber", String(partNumber)],
    ["uploadId", u.uploadId],
  ];
}

export const uploadPart = (ctx: Ctx, u: Upload, partNumber: number, body: Buffer, headers: HeaderList) =>
  ctx.send({ method: "PUT", key: u.objectKey, query: partQuery(u, partNumber), body, headers });

export const uploadPartCopy = (ctx: Ctx, u: Upload, partNumber: number, source: string, headers: HeaderList) =>
  ctx.send({
    method: "PUT",
    key: u.objectKey,
    query: partQuery(u, partNumber),
    headers: [copySource(ctx, source), ...headers],
  });

export const abortUpload = (ctx: Ctx, u: Upload) =>
  ctx.send({ method: "DELETE", key: u.objectKey, query: [["uploadId", u.uploadId]] });

/** A fixture's key, reproducible from the run's seed and the check id (registered with the redactor). */
export function fixtureKey(ctx: Ctx, label: string): CustomerKey {
  return deriveKey(ctx.target.seed, `${ctx.def.id}/${label}`);
}

// ---------------------------------------------------------------------------------------------
// Fixtures (arrangement: a failure is a precondition error, never a verdict)

export interface Stored {
  objectKey: string;
  body: Buffer;
  key?: CustomerKey;
}

export async function putFixture(
  ctx: Ctx,
  key: CustomerKey | undefined,
  size: number,
  label = "fixture",
): Promise<Stored> {
  const objectKey = ctx.objectKey(label);
  const body = bodyOf(ctx, size);
  const res = await putObject(ctx, objectKey, body, key ? trio(ctx, key) : []);
  ctx.require(res, 200, `${key ? "SSE-C " : "plain "}PUT of the ${size}-byte fixture`);
  return { objectKey, body, key };
}

/** A fixture made once per check and shared by its cases (refused requests never change it). */
export function sharedFixture(make: (ctx: Ctx) => Promise<Stored>): (ctx: Ctx) => Promise<Stored> {
  const made = new Map<string, Promise<Stored>>();
  return (ctx) => {
    let p = made.get(ctx.def.id);
    if (!p) made.set(ctx.def.id, (p = make(ctx)));
    return p;
  };
}

export async function initiateFixture(ctx: Ctx, key: CustomerKey | undefined, label = "upload"): Promise<Upload> {
  const objectKey = ctx.objectKey(label);
  const res = await initiate(ctx, objectKey, key ? trio(ctx, key) : []);
  ctx.require(res, 200, `${key ? "SSE-C " : ""}Initiate Multipart Upload of the fixture`);
  return { objectKey, uploadId: parseInitiateMultipartUpload(res.body).uploadId, key };
}

/** Run `body` with an upload and abort it afterwards, whatever happened. */
export async function withUpload(
  ctx: Ctx,
  key: CustomerKey | undefined,
  body: (u: Upload) => Promise<void>,
): Promise<void> {
  const u = await initiateFixture(ctx, key);
  try {
    await body(u);
  } finally {
    await abortUpload(ctx, u).catch(() => undefined);
  }
}

/** Complete a one-part upload (arrangement); Complete carries the key where the profile wants it (E30). */
export async function completeFixture(ctx: Ctx, u: Upload, etag: string): Promise<void> {
  const res = await ctx.send({
    method: "POST",
    key: u.objectKey,
    query: [["uploadId", u.uploadId]],
    body: completeMultipartUploadXml([{ partNumber: 1, etag }]),
    headers: [["content-type", "application/xml"], ...(u.key ? trio(ctx, u.key) : [])],
  });
  ctx.require(res, 200, "Complete Multipart Upload of the part");
}

// ---------------------------------------------------------------------------------------------
// Assertions

/**
 * The response is a refusal the profile allows: any one of the named expectations (the server
 * may report any of several faults first). A deviation the vendor declares for the check id
 * replaces them all with its status/code.
 */
export function expectRefusal(ctx: Ctx, res: S3Response, names: readonly string[]): void {
  const dev = deviationFor(ctx.profile, ctx.def.id);
  let options: Expectation[] =
    dev && (dev.status !== undefined || dev.code !== undefined)
      ? [ctx.expected()]
      : names.map((n) => ctx.expectation(n));
  // HEAD answers carry no body, so no error Code to compare (BEHAVIOUR E14–E16).
  if (res.exchange.method === "HEAD") options = options.map((e) => (e.code ? { ...e, code: null } : e));
  if (options.some((e) => satisfies(res, e))) return;
  const expected = [...new Set(options.map(describeExpectation))].join(" or ");
  throw new CheckFailure(
    `${expected} (${names.join(" | ")})`,
    describeActual(res.status, res.error?.code),
    res.error?.message ? `server message: ${res.error.message}` : undefined,
  );
}

/** A refusal carries no byte of the object: the shared check (no 2xx body, no plaintext run). */
export { expectNoPlaintext } from "./fixtures.ts";

/** Nothing is stored under `objectKey` (HEAD 404): the shared check. */
export { expectAbsent } from "./fixtures.ts";

/** The old object reads back with its old key (or without one), byte for byte. */
export async function expectIntact(ctx: Ctx, obj: Stored): Promise<void> {
  const res = await getObject(ctx, obj.objectKey, obj.key ? trio(ctx, obj.key) : []);
  if (res.status !== 200)
    ctx.fail("the old object intact (GET with its key: 200)", describeActual(res.status, res.error?.code));
  expectBytes(ctx, res.body, obj.body, "the old object (a refused request must not overwrite it)");
}

/** The upload has no part `partNumber` (ListParts): the shared check. */
export function expectNoPart(ctx: Ctx, u: Upload, partNumber = 1): Promise<void> {
  return expectNoPartOf(ctx, u, partNumber);
}

/** No multipart upload was started for `objectKey`: the shared check (any found is aborted, then reported). */
export { expectNoUpload } from "./fixtures.ts";

/** An SSE-C success echoes the algorithm and the key's MD5, never the key (seed Table 1; BEHAVIOUR §1.2): the shared check. */
export function expectEcho(ctx: Ctx, res: S3Response, key: CustomerKey): void {
  expectEchoOf(ctx, res, { md5: key.md5 });
}
