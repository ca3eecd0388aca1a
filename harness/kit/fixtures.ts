/**
 * What the eight interface suites share, so none of them repeats it: SSE-C header sets for the
 * target's dialect, deterministic payloads, fixture uploads (single-part and multipart), the
 * assertions every SSE-C check needs (echo, key never echoed, nothing stored, object intact,
 * bytes equal — streamed for large bodies), the header matrix runner, and the blocked-SSE-C
 * bucket fixture.
 */
import { createCipheriv, createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { HeaderList, S3Request, S3Response } from "../client/types.ts";
import {
  completeMultipartUploadXml,
  parseCompleteMultipartUpload,
  parseInitiateMultipartUpload,
  parseListBucket,
  parseListMultipartUploads,
  serverSideEncryptionConfigurationXml,
} from "../client/index.ts";
import type { CheckContext } from "./run-check.ts";
import { CheckSkip, PreconditionError, check } from "./run-check.ts";
import { derivedBytes, keyFromBytes, keyMd5Base64 } from "../ssec/index.ts";
import type { CustomerKey } from "../ssec/index.ts";
import type { HeaderVariant } from "../checks/matrix.ts";
import { keyVector } from "../ssec/index.ts";
import { registerSecret } from "../secrets/redact.ts";
import { MATRIX, MATRIX_SUBJECT } from "../checks/matrix.ts";
import type { InterfaceName } from "../checks/types.ts";
import { secondBucketsPrefix } from "../config/target.ts";
import { INTERFACE_SLUGS } from "../checks/types.ts";

export type { CustomerKey };
export type Dialect = "amz" | "obs";

export const SSEC_ALGORITHM = "AES256";

/** The seed's example pair (Table 1 rows 2-3), valid (BEHAVIOUR §0; fixtures/keys.json). */
export const SEED_KEY_BASE64 = keyVector("seed-example").keyBase64;
export const SEED_KEY_MD5 = keyVector("seed-example").md5Base64;
/** The OBS native-API page's key (`hca27`), printed next to the seed MD5: a mismatching pair (§0). */
export const OBS_TYPO_KEY_BASE64 = keyVector("obs-typo").keyBase64;
export const OBS_TYPO_STATED_MD5 = keyVector("obs-typo").md5Base64;

// ---------------------------------------------------------------------------------------------
// Headers

export interface SsecNames {
  algorithm: string;
  key: string;
  md5: string;
}

/** Request header names (seed Table 1 / Table 3) in the target's dialect. */
export function ssecNames(dialect: Dialect, copySource = false): SsecNames {
  const base = `x-${dialect}-${copySource ? "copy-source-" : ""}server-side-encryption-customer-`;
  return { algorithm: `${base}algorithm`, key: `${base}key`, md5: `${base}key-MD5` };
}

/** The valid trio for `key`. */
export function ssecHeaders(dialect: Dialect, key: CustomerKey, copySource = false): HeaderList {
  const n = ssecNames(dialect, copySource);
  return [
    [n.algorithm, SSEC_ALGORITHM],
    [n.key, key.base64],
    [n.md5, key.md5],
  ];
}

/** `x-<dialect>-server-side-encryption` (the non-SSE-C method header). */
export function sseHeaderName(dialect: Dialect): string {
  return `x-${dialect}-server-side-encryption`;
}

/** The copy headers in the target's dialect (OBS: x-obs-copy-source…, BEHAVIOUR §2). */
export interface CopyNames {
  copySource: string;
  copySourceRange: string;
  metadataDirective: string;
}

export function copyNames(dialect: Dialect): CopyNames {
  return {
    copySource: `x-${dialect}-copy-source`,
    copySourceRange: `x-${dialect}-copy-source-range`,
    metadataDirective: `x-${dialect}-metadata-directive`,
  };
}

/** The header list (or form fields, same names) a matrix case sends, and whether over plain HTTP. */
export interface MatrixRequest {
  headers: HeaderList;
  plainHttp: boolean;
}

/** Upper-case letters to lower case and back; other characters unchanged. */
function swapCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/**
 * Interpret a matrix variant: the valid trio for `key` with exactly one thing changed.
 * `make(label, length)` makes the extra keys a variant needs (reproducible per check).
 */
export function matrixHeaders(
  variant: HeaderVariant,
  dialect: Dialect,
  key: CustomerKey,
  make: (label: string, length?: number) => CustomerKey,
): MatrixRequest {
  const n = ssecNames(dialect);
  const trio = (alg: string | undefined, k: string | undefined, m: string | undefined): HeaderList => {
    const out: HeaderList = [];
    if (alg !== undefined) out.push([n.algorithm, alg]);
    if (k !== undefined) out.push([n.key, k]);
    if (m !== undefined) out.push([n.md5, m]);
    return out;
  };
  switch (variant.kind) {
    case "omit":
      return {
        plainHttp: false,
        headers: trio(
          variant.header === "algorithm" ? undefined : SSEC_ALGORITHM,
          variant.header === "key" ? undefined : key.base64,
          variant.header === "md5" ? undefined : key.md5,
        ),
      };
    case "algorithm":
      return { plainHttp: false, headers: trio(variant.value, key.base64, key.md5) };
    case "key-length": {
      const bad = variant.bytes === 0 ? keyFromBytes(Buffer.alloc(0)) : make(`len${variant.bytes}`, variant.bytes);
      return { plainHttp: false, headers: trio(SSEC_ALGORITHM, bad.base64, bad.md5) };
    }
    // The two malformed-key variants are built from a throwaway key (`make`, registered with the
    // redactor), never from `key`: a near-copy of a real key (42 of its 44 characters, or its
    // base64 wrapped again) would let a server that echoes what it got leak most of that key.
    case "key-double-base64": {
      const twice = Buffer.from(make("double-base64").base64, "utf8"); // 44 bytes: what boto3 sends for an already-base64 key (E6)
      registerSecret(twice);
      return { plainHttp: false, headers: trio(SSEC_ALGORITHM, twice.toString("base64"), keyMd5Base64(twice)) };
    }
    case "key-not-base64": {
      const throwaway = make("not-base64").base64;
      const text = `!${throwaway.slice(1, -1)}*`; // 44 characters, two of them outside the base64 alphabet
      registerSecret(text);
      return { plainHttp: false, headers: trio(SSEC_ALGORITHM, text, keyMd5Base64(Buffer.from(text, "utf8"))) };
    }
    case "key-junk-character": {
      // Node's Buffer.from(s, "base64") and Python's b64decode (validate=False) skip the "!" and
      // decode the throwaway key; a strict decoder refuses the value (E9).
      const throwaway = make("junk-character");
      const text = `${throwaway.base64.slice(0, 21)}!${throwaway.base64.slice(21)}`;
      registerSecret(text);
      return { plainHttp: false, headers: trio(SSEC_ALGORITHM, text, throwaway.md5) };
    }
    case "md5": {
      const digest = createHash("md5").update(key.raw).digest();
      const value =
        variant.value === "other-bytes"
          ? Buffer.from(digest.map((b) => b ^ 0x5a)).toString("base64")
          : variant.value === "hex"
            ? digest.toString("hex")
            : variant.value === "other-key"
              ? make("md5-other").md5
              : // Base64 is case-sensitive: the same letters in the other case are another digest (or none).
                variant.value === "case-swapped"
                ? swapCase(key.md5)
                : "not*base64*at*all*=====";
      return { plainHttp: false, headers: trio(SSEC_ALGORITHM, key.base64, value) };
    }
    case "obs-typo-pair":
      return { plainHttp: false, headers: trio(SSEC_ALGORITHM, OBS_TYPO_KEY_BASE64, OBS_TYPO_STATED_MD5) };
    case "with-sse":
      return { plainHttp: false, headers: [...ssecHeaders(dialect, key), [sseHeaderName(dialect), variant.value]] };
    case "plain-http":
      return { plainHttp: true, headers: ssecHeaders(dialect, key) };
  }
}

// ---------------------------------------------------------------------------------------------
// Payloads

/**
 * Deterministic, incompressible bytes for (seed, label): an AES-256-CTR keystream. Fast enough
 * for multi-MiB bodies and reproducible from the run's seed.
 */
export function payload(seed: number, label: string, size: number): Buffer {
  const material = derivedBytes(seed, `payload/${label}`, 48);
  const cipher = createCipheriv("aes-256-ctr", material.subarray(0, 32), material.subarray(32, 48));
  return cipher.update(Buffer.alloc(size));
}

export function md5Hex(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}

/** ETag header value without quotes. */
export function etagOf(res: S3Response): string {
  return (res.headers["etag"] ?? "").replace(/^"|"$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export interface StoredObject {
  objectKey: string;
  key: CustomerKey;
  body: Buffer;
  etag: string;
  /** Plaintext part sizes for multipart objects. */
  partSizes?: number[];
}

export interface PutOptions {
  size?: number;
  body?: Buffer;
  key?: CustomerKey;
  objectKey?: string;
  label?: string;
  headers?: HeaderList;
}

/** A body for `opts` (given, or `size` deterministic bytes). */
function bodyFor(ctx: CheckContext, opts: PutOptions, label: string): Buffer {
  return opts.body ?? payload(ctx.target.seed, `${ctx.def.id}/${label}`, opts.size ?? 1024);
}

/** PUT an SSE-C object as a fixture; a failure is a precondition error, not a verdict. */
export async function putSsec(ctx: CheckContext, opts: PutOptions = {}): Promise<StoredObject> {
  const label = opts.label ?? "fixture";
  const key = opts.key ?? ctx.customerKey(label);
  const objectKey = opts.objectKey ?? ctx.objectKey(label);
  const body = bodyFor(ctx, opts, label);
  const res = await ctx.send({
    method: "PUT",
    key: objectKey,
    body,
    headers: [...ssecHeaders(ctx.dialect, key), ...(opts.headers ?? [])],
  });
  ctx.require(res, 200, `SSE-C PUT of the ${body.length}-byte fixture`);
  return { objectKey, key, body, etag: etagOf(res) };
}

/** PUT an object without SSE-C as a fixture. */
export async function putPlain(ctx: CheckContext, opts: PutOptions = {}): Promise<Omit<StoredObject, "key">> {
  const label = opts.label ?? "plain";
  const objectKey = opts.objectKey ?? ctx.objectKey(label);
  const body = bodyFor(ctx, opts, label);
  const res = await ctx.send({ method: "PUT", key: objectKey, body, headers: opts.headers });
  ctx.require(res, 200, `plain PUT of the ${body.length}-byte fixture`);
  return { objectKey, body, etag: etagOf(res) };
}

/**
 * An SSE-C multipart object with the given plaintext part sizes (all but the last ≥ 5 MiB).
 * Unaligned sizes (5 MiB + 1) put part boundaries inside cipher blocks and chunks (B5, B13).
 */
export async function putSsecMultipart(
  ctx: CheckContext,
  partSizes: number[],
  opts: { key?: CustomerKey; label?: string } = {},
): Promise<StoredObject> {
  const label = opts.label ?? "multipart";
  const key = opts.key ?? ctx.customerKey(label);
  const objectKey = ctx.objectKey(label);
  const body = payload(
    ctx.target.seed,
    `${ctx.def.id}/${label}`,
    partSizes.reduce((a, b) => a + b, 0),
  );
  const sse = ssecHeaders(ctx.dialect, key);
  const init = await ctx.send({ method: "POST", key: objectKey, query: [["uploads", ""]], headers: sse });
  ctx.require(init, 200, "SSE-C Initiate Multipart Upload of the fixture");
  const { uploadId } = parseInitiateMultipartUpload(init.body);
  const parts: { partNumber: number; etag: string }[] = [];
  let offset = 0;
  for (const [i, size] of partSizes.entries()) {
    const res = await ctx.send({
      method: "PUT",
      key: objectKey,
      headers: sse,
      query: [
        ["partNumber", String(i + 1)],
        ["uploadId", uploadId],
      ],
      body: body.subarray(offset, offset + size),
    });
    ctx.require(res, 200, `SSE-C Upload Part ${i + 1} of the fixture`);
    parts.push({ partNumber: i + 1, etag: res.headers["etag"] ?? "" });
    offset += size;
  }
  const done = await ctx.send({
    method: "POST",
    key: objectKey,
    query: [["uploadId", uploadId]],
    body: completeMultipartUploadXml(parts),
    headers: [["content-type", "application/xml"], ...sse],
  });
  ctx.require(done, 200, "Complete Multipart Upload of the fixture");
  const etag = parseCompleteMultipartUpload(done.body).etag.replace(/^"|"$/g, "");
  return { objectKey, key, body, etag, partSizes };
}

// ---------------------------------------------------------------------------------------------
// Reads

export function getSsec(
  ctx: CheckContext,
  obj: { objectKey: string },
  key: CustomerKey | undefined,
  extra: Partial<S3Request> = {},
): Promise<S3Response> {
  return ctx.send({
    method: "GET",
    key: obj.objectKey,
    ...extra,
    headers: [...(key ? ssecHeaders(ctx.dialect, key) : []), ...(extra.headers ?? [])],
  });
}

export function headSsec(
  ctx: CheckContext,
  obj: { objectKey: string },
  key: CustomerKey | undefined,
  extra: Partial<S3Request> = {},
): Promise<S3Response> {
  return ctx.send({
    method: "HEAD",
    key: obj.objectKey,
    ...extra,
    headers: [...(key ? ssecHeaders(ctx.dialect, key) : []), ...(extra.headers ?? [])],
  });
}

// ---------------------------------------------------------------------------------------------
// Assertions

/** The response echoes algorithm AES256 and the key's MD5 (seed Table 1; BEHAVIOUR §1.2). */
export function expectEcho(ctx: CheckContext, res: S3Response, key: Pick<CustomerKey, "md5">): void {
  const n = ssecNames(ctx.dialect);
  ctx.expectEqual(res.headers[n.algorithm.toLowerCase()], SSEC_ALGORITHM, `${n.algorithm} echo`);
  ctx.expectEqual(res.headers[n.md5.toLowerCase()], key.md5, `${n.md5} echo`);
}

/** Neither the headers nor the body of a response carry the key, in any form (BEHAVIOUR §7.61). */
export function expectNoKeyLeak(ctx: CheckContext, res: S3Response, key: CustomerKey): void {
  const forms = [key.base64, key.raw.toString("hex"), key.raw.toString("base64url")];
  for (const [name, value] of Object.entries(res.headers)) {
    if (name === ssecNames(ctx.dialect).key.toLowerCase())
      ctx.fail("no key header in the response", `response header ${name}`);
    if (forms.some((f) => value.includes(f)))
      ctx.fail("the key absent from response headers", `header ${name} carries the key`);
  }
  const body = res.body.toString("latin1");
  if (forms.some((f) => body.includes(f)) || (key.raw.length >= 16 && res.body.includes(key.raw))) {
    ctx.fail("the key absent from the response body", "the body carries the key");
  }
}

/** No object under `objectKey` (a refused write stored nothing). */
export async function expectAbsent(ctx: CheckContext, objectKey: string, bucket?: string): Promise<void> {
  const res = await ctx.send({ method: "HEAD", key: objectKey, ...(bucket ? { bucket } : {}) });
  if (res.status !== 404)
    ctx.fail("nothing stored (HEAD 404)", `HEAD answered ${res.status}: the refused request stored an object`);
}

/** An open multipart upload as ListMultipartUploads names it. */
export interface OpenUpload {
  objectKey: string;
  uploadId: string;
}

/**
 * Every open upload whose key starts with `prefix` in `bucket` (default: the run's), following
 * KeyMarker/UploadIdMarker pages. A listing that does not answer 200 is a precondition error:
 * without it nothing can be said about what a request left behind.
 */
export async function listOpenUploads(ctx: CheckContext, prefix: string, bucket?: string): Promise<OpenUpload[]> {
  const out: OpenUpload[] = [];
  let markers: [string, string][] = [];
  for (;;) {
    const res = await ctx.send({
      method: "GET",
      ...(bucket ? { bucket } : {}),
      query: [["uploads", ""], ["prefix", prefix], ...markers],
    });
    ctx.require(res, 200, `ListMultipartUploads${bucket ? ` of ${bucket}` : ""}`);
    const page = parseListMultipartUploads(res.body);
    out.push(...page.uploads.map((u) => ({ objectKey: u.key, uploadId: u.uploadId })));
    if (!page.isTruncated || page.nextKeyMarker === undefined) return out;
    markers = [
      ["key-marker", page.nextKeyMarker],
      ...(page.nextUploadIdMarker ? [["upload-id-marker", page.nextUploadIdMarker] as [string, string]] : []),
    ];
  }
}

/**
 * A refused Initiate left no upload behind: ListMultipartUploads lists none for `objectKey`
 * (HEAD of the key proves nothing: an upload never creates the object). Any upload found is
 * aborted, then reported. Used by the interface and the property suites alike.
 */
export async function expectNoUpload(ctx: CheckContext, objectKey: string, bucket?: string): Promise<void> {
  const found = (await listOpenUploads(ctx, objectKey, bucket)).filter((u) => u.objectKey === objectKey);
  for (const u of found) {
    await ctx
      .send({ method: "DELETE", ...(bucket ? { bucket } : {}), key: u.objectKey, query: [["uploadId", u.uploadId]] })
      .catch(() => undefined);
  }
  if (found.length > 0) {
    ctx.fail(
      "no upload created (ListMultipartUploads)",
      `${found.length} upload(s) for the key: the refused Initiate created one`,
    );
  }
}

/** The object still reads back, with its key, byte for byte (a refused overwrite left it intact). */
export async function expectIntact(ctx: CheckContext, obj: StoredObject): Promise<void> {
  const res = await getSsec(ctx, obj, obj.key);
  if (res.status !== 200)
    ctx.fail(
      "the old object intact (GET with its key 200)",
      `GET answered ${res.status} ${res.error?.code ?? ""}`.trim(),
    );
  expectBytes(ctx, res.body, obj.body, "old object's bytes");
}

/** Byte equality with the first differing offset in the message. */
export function expectBytes(ctx: CheckContext, actual: Buffer, expected: Buffer, what: string): void {
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  ctx.fail(
    `${what}: ${expected.length} bytes equal to what was stored`,
    `${actual.length} bytes, first difference at offset ${i}`,
  );
}

/**
 * Compare a streamed body with the expected bytes as it arrives (large GETs): never buffers
 * more than one chunk, stops reading at the first difference.
 */
export async function expectStreamBytes(
  ctx: CheckContext,
  stream: Readable | undefined,
  expected: Buffer,
  what: string,
): Promise<void> {
  if (!stream) ctx.fail(`${what}: a body`, "no body stream");
  let offset = 0;
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  for (;;) {
    let step: IteratorResult<Buffer>;
    try {
      step = await chunks.next();
    } catch (err) {
      // The status line promised a body; a server that aborts mid-body (e.g. on a failed
      // decryption, rather than send wrong bytes) answered wrongly: a verdict, not a harness fault.
      ctx.fail(
        `${what}: ${expected.length} bytes`,
        `the connection closed after ${offset} bytes (${(err as Error).message})`,
      );
    }
    if (step.done) break;
    const chunk = step.value;
    const end = offset + chunk.length;
    if (end > expected.length || !chunk.equals(expected.subarray(offset, end))) {
      let i = 0;
      while (offset + i < expected.length && i < chunk.length && chunk[i] === expected[offset + i]) i++;
      stream!.destroy();
      ctx.fail(
        `${what}: ${expected.length} bytes equal to what was stored`,
        `first difference at offset ${offset + i}`,
      );
    }
    offset = end;
  }
  if (offset !== expected.length) ctx.fail(`${what}: ${expected.length} bytes`, `${offset} bytes`);
}

/** A successful read answered with exactly `expected` (streamed when the request streamed). */
export async function expectBody(ctx: CheckContext, res: S3Response, expected: Buffer, what = "body"): Promise<void> {
  if (res.stream) await expectStreamBytes(ctx, res.stream, expected, what);
  else expectBytes(ctx, res.body, expected, what);
}

/**
 * A refused read returned none of the object's bytes: no 2xx with a body (a short object's bytes
 * would hide in it), and no 16-byte run of the plaintext anywhere in the body (8 for short
 * objects) — a sliding window, so a refusal carrying bytes from the middle is caught too.
 * Used by the interface and the property suites alike.
 */
export function expectNoPlaintext(ctx: CheckContext, res: S3Response, plaintext: Buffer): void {
  if (res.status >= 200 && res.status < 300 && res.body.length > 0) {
    ctx.fail("no object bytes in a refused read", `${res.status} with a ${res.body.length}-byte body`);
  }
  // Runs shorter than 8 random bytes could occur in an error body by chance; the status check covers those bodies.
  const w = Math.min(16, plaintext.length);
  if (w < 8) return;
  const at = commonRun(plaintext, res.body, w);
  if (at >= 0)
    ctx.fail("no object bytes in a refused read", `the response body carries plaintext bytes ${at}-${at + w - 1}`);
}

/**
 * The offset in `haystack` of the first `w`-byte run (w ≥ 4) that also occurs in `needles`, or -1.
 * Linear in both lengths: `needles`' windows are indexed by their first four bytes, then
 * `haystack` is slid over once (a 5 MiB object against an error body stays fast).
 */
export function commonRun(haystack: Buffer, needles: Buffer, w: number): number {
  if (w < 4 || needles.length < w || haystack.length < w) return -1;
  const index = new Map<number, number[]>();
  for (let j = 0; j + w <= needles.length; j++) {
    const k = needles.readUInt32LE(j);
    const list = index.get(k);
    if (list) list.push(j);
    else index.set(k, [j]);
  }
  for (let i = 0; i + w <= haystack.length; i++) {
    const list = index.get(haystack.readUInt32LE(i));
    if (list?.some((j) => haystack.compare(needles, j, j + w, i, i + w) === 0)) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// The header matrix

export interface MatrixAdapter {
  /** The valid key the variants are built from (reads: the fixture's key). Default: a fresh key. */
  key?(ctx: CheckContext): Promise<CustomerKey>;
  /**
   * Send the interface's request with `sse` in place of the valid trio (headers, or form fields
   * for POST Object). Return the response and a verification that nothing was stored / the old
   * object is intact / no bytes leaked; it runs after the status and code are graded.
   */
  send(
    ctx: CheckContext,
    sse: MatrixRequest,
    key: CustomerKey,
  ): Promise<{ res: S3Response; verify?: () => Promise<void> | void }>;
}

/** Checks of refusal over plain HTTP need the target's http endpoint; without one they skip. */
export function requireHttpEndpoint(ctx: CheckContext): void {
  if (!ctx.target.httpEndpoint)
    ctx.skip("the target has no plain-HTTP endpoint (--http-endpoint), so refusal over HTTP cannot be checked");
}

/** Register the shared matrix's checks for one interface (ids `<slug>.<case>`, from matrix.ts). */
export function runMatrix(iface: InterfaceName, adapter: MatrixAdapter): void {
  const slug = INTERFACE_SLUGS[iface];
  for (const c of MATRIX) {
    check(`${slug}.${c.case}`, async (ctx) => {
      if (c.variant.kind === "plain-http") requireHttpEndpoint(ctx);
      const key = adapter.key ? await adapter.key(ctx) : ctx.customerKey("matrix");
      const sse = matrixHeaders(c.variant, ctx.dialect, key, (label, length) => ctx.customerKey(label, length));
      ctx.note(`matrix case ${c.case} (${MATRIX_SUBJECT[iface].kind})`);
      const { res, verify } = await adapter.send(ctx, sse, key);
      if (c.grade === "refused") ctx.expectRefused(res);
      else ctx.expectError(res);
      await verify?.();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// A bucket that blocks SSE-C (BEHAVIOUR E32, §1.1; AWS BlockedEncryptionTypes)

function encryptionXml(blocked: "SSE-C" | "NONE"): string {
  return serverSideEncryptionConfigurationXml([{ sseAlgorithm: "AES256", blockedEncryptionTypes: [blocked] }]);
}

export interface SecondBucket {
  bucket: string;
  /**
   * Block (or unblock) SSE-C on it; skips the check when the target does not support the setting
   * (unsupportedEncryptionSetting), errors when a supported setting fails.
   */
  setSsecBlocked(blocked: boolean): Promise<void>;
}

/**
 * Create a second bucket for the run (named after the run's bucket), run `body`, then delete
 * what is in it and the bucket — only what this check created.
 */
export async function withSecondBucket(ctx: CheckContext, body: (b: SecondBucket) => Promise<void>): Promise<void> {
  const suffix = createHash("sha256").update(`${ctx.def.id}/${ctx.target.keyPrefix}`).digest("hex").slice(0, 8);
  const bucket = `${ctx.target.bucket.slice(0, 50).replace(/[.-]+$/, "")}-blk-${suffix}`;
  // Recorded first, so the run's cleanup removes the bucket even when this check never reaches its finally.
  const marker = `${secondBucketsPrefix(ctx.target)}${bucket}`;
  const recorded = await ctx.client.send({ method: "PUT", bucket: ctx.target.bucket, key: marker, body: "" });
  ctx.require(recorded, 200, "PUT of the marker object that records the second bucket for cleanup");
  const created = await ctx.client.send({ method: "PUT", bucket });
  if (created.status !== 200) {
    ctx.skip(`cannot create a second bucket for the blocked-SSE-C setting (${describe(created)})`);
  }
  let verdict = false; // did the body end in a verdict (fail) or error of its own?
  try {
    await body({
      bucket,
      async setSsecBlocked(blocked) {
        const xml = encryptionXml(blocked ? "SSE-C" : "NONE");
        const put = await ctx.client.send({
          method: "PUT",
          bucket,
          query: [["encryption", ""]],
          body: xml,
          headers: [
            ["content-type", "application/xml"],
            ["content-md5", createHash("md5").update(xml).digest("base64")],
          ],
        });
        if (put.status === 200) return;
        const unsupported = unsupportedEncryptionSetting(put);
        if (unsupported) ctx.skip(`the target ${unsupported} (${describe(put)})`);
        // Anything else (403, 5xx, another 400) is a setting the target knows and failed to apply:
        // no verdict, and not a silent skip either.
        ctx.require(put, 200, `PutBucketEncryption with BlockedEncryptionTypes ${blocked ? "SSE-C" : "NONE"}`);
      },
    });
  } catch (err) {
    verdict = !(err instanceof CheckSkip);
    throw err;
  } finally {
    const leftover = await removeBucket(ctx, bucket);
    // The bucket is gone: its record too (a failure here only costs the cleanup a 404).
    if (!leftover)
      await ctx.client.send({ method: "DELETE", bucket: ctx.target.bucket, key: marker }).catch(() => undefined);
    // A throw from `finally` replaces the body's outcome: keep a fail/error the body reached (the
    // note carries the leftover into its transcript); after a pass or skip, the check errors.
    // eslint-disable-next-line no-unsafe-finally
    if (leftover && !verdict) throw new PreconditionError(`cleanup failed: ${leftover}`);
  }
}

/** A second bucket that blocks SSE-C (BEHAVIOUR E32). */
export async function withBlockedBucket(ctx: CheckContext, body: (bucket: string) => Promise<void>): Promise<void> {
  await withSecondBucket(ctx, async (b) => {
    await b.setSsecBlocked(true);
    await body(b.bucket);
  });
}

/**
 * Why a PutBucketEncryption answer means "not supported here" (the checks skip), or undefined when
 * it is a failure of a supported feature (the checks error). Only the answers that clearly say the
 * target lacks the feature count: 501 NotImplemented (the operation), 405 MethodNotAllowed (the
 * `?encryption` subresource), and 400 MalformedXML — what a PutBucketEncryption that predates
 * BlockedEncryptionTypes (added by AWS in 2025, BEHAVIOUR §1.1, S4) answers to the unknown element.
 */
export function unsupportedEncryptionSetting(res: S3Response): string | undefined {
  if (res.status === 501 || res.error?.code === "NotImplemented") return "does not implement PutBucketEncryption";
  if (res.status === 405) return "does not allow PutBucketEncryption";
  if (res.status === 400 && res.error?.code === "MalformedXML") return "does not know BlockedEncryptionTypes";
  return undefined;
}

function describe(res: S3Response): string {
  return `${res.status} ${res.error?.code ?? ""}`.trim();
}

/**
 * Empty and delete a bucket this check created (nothing else is ever touched): abort its open
 * uploads, delete every object (all pages), then the bucket. A bucket left behind would stay in
 * the vendor's account, so a failure is never swallowed: it is noted in the transcript and
 * returned (withSecondBucket turns it into the check's error when there is no verdict to keep).
 */
async function removeBucket(ctx: CheckContext, bucket: string): Promise<string | undefined> {
  const problems: string[] = [];
  const attempt = async (
    what: string,
    send: () => Promise<S3Response>,
    ok: readonly number[],
  ): Promise<S3Response | undefined> => {
    try {
      const res = await send();
      if (!ok.includes(res.status)) problems.push(`${what} answered ${describe(res)}`);
      return res;
    } catch (err) {
      problems.push(`${what} failed: ${(err as Error).message}`);
      return undefined;
    }
  };
  // Open uploads first: a bucket with one cannot be deleted (BucketNotEmpty on AWS).
  let uploadMarkers: [string, string][] = [];
  for (let page = 0; page < 1000; page++) {
    const res = await attempt(
      `ListMultipartUploads of ${bucket}`,
      () => ctx.client.send({ method: "GET", bucket, query: [["uploads", ""], ...uploadMarkers] }),
      [200],
    );
    if (res?.status !== 200) break;
    const list = parseListMultipartUploads(res.body);
    for (const u of list.uploads) {
      await attempt(
        `abort of upload ${u.uploadId} of ${u.key}`,
        () => ctx.client.send({ method: "DELETE", bucket, key: u.key, query: [["uploadId", u.uploadId]] }),
        [200, 204],
      );
    }
    if (!list.isTruncated || list.nextKeyMarker === undefined) break;
    uploadMarkers = [
      ["key-marker", list.nextKeyMarker],
      ...(list.nextUploadIdMarker ? [["upload-id-marker", list.nextUploadIdMarker] as [string, string]] : []),
    ];
  }
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const query: [string, string][] = [
      ["list-type", "2"],
      ...(token ? [["continuation-token", token] as [string, string]] : []),
    ];
    const res = await attempt(
      `ListObjectsV2 of ${bucket}`,
      () => ctx.client.send({ method: "GET", bucket, query }),
      [200],
    );
    if (res?.status !== 200) break;
    const list = parseListBucket(res.body);
    for (const { key } of list.contents) {
      await attempt(`DELETE of ${key}`, () => ctx.client.send({ method: "DELETE", bucket, key }), [200, 204]);
    }
    token = list.isTruncated ? list.nextContinuationToken : undefined;
    if (!token) break;
  }
  await attempt(`DELETE of bucket ${bucket}`, () => ctx.client.send({ method: "DELETE", bucket }), [200, 204]);
  if (problems.length === 0) return undefined;
  const text = `the second bucket ${bucket} may be left behind: ${problems.join("; ")}`;
  ctx.note(text);
  return text;
}
