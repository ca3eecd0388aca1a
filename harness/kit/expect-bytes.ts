/**
 * Byte assertions: a read answered exactly the stored bytes (buffered or streamed), and a refusal
 * carries none of them.
 */
import type { Readable } from "node:stream";
import type { S3Request, S3Response } from "../client/types.ts";
import type { CustomerKey } from "../ssec/index.ts";
import type { CheckContext, StoredObject } from "./types.ts";
import { getSsec } from "./object-requests.ts";

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
  // A bit per 16-bit window prefix: most positions of the haystack (random plaintext against an
  // error body) miss it, and skip the map lookup that otherwise dominates a property's CPU.
  const prefixes = new Uint8Array(8192);
  for (let j = 0; j + w <= needles.length; j++) {
    const k = needles.readUInt32LE(j);
    const p = k & 0xffff;
    prefixes[p >> 3]! |= 1 << (p & 7);
    const list = index.get(k);
    if (list) list.push(j);
    else index.set(k, [j]);
  }
  for (let i = 0; i + w <= haystack.length; i++) {
    const p = haystack[i]! | (haystack[i + 1]! << 8);
    if ((prefixes[p >> 3]! & (1 << (p & 7))) === 0) continue;
    const list = index.get(haystack.readUInt32LE(i));
    if (list?.some((j) => haystack.compare(needles, j, j + w, i, i + w) === 0)) return i;
  }
  return -1;
}

/**
 * A GET of `obj` with `key` and `extra` (another key, no key, a condition that fails) is refused
 * and carries none of its plaintext.
 */
/** A streamed GET of `obj` with its key, expected to answer 200 (`what` names the object); the answer for the checks that follow. */
export async function readWithKey(ctx: CheckContext, obj: StoredObject, what: string): Promise<S3Response> {
  const res = await getSsec(ctx, obj, obj.key, { streamResponse: true });
  ctx.expectStatus(res, 200, `GET of ${what} with its key`);
  return res;
}

export async function expectReadRefused(
  ctx: CheckContext,
  obj: { objectKey: string; body: Buffer },
  key: CustomerKey | undefined,
  extra?: Partial<S3Request>,
): Promise<void> {
  const res = await getSsec(ctx, obj, key, extra);
  // A check that names an expectation (a failed condition: 304, 412) is graded by it; the others
  // (secondary checks: zero bytes, ranges, part numbers) by the refusal alone.
  if (ctx.def.expect) ctx.expectError(res);
  else ctx.expectRefused(res);
  expectNoPlaintext(ctx, res, obj.body);
}
