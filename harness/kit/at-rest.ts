/**
 * Looking inside the bundled reference server's storage: the only place two SSE-C promises can
 * be seen — the object's bytes are stored encrypted (evidence at-rest.encrypted) and the customer key is
 * never stored (evidence errors.no-key-echo; AWS: "Amazon S3 does not store the encryption key you provide"). Over the
 * wire both are invisible (a server that stores plaintext but still demands the key looks
 * correct), so these checks run only when the target is the bundled server with a storage
 * directory the suite can read (`Target.referenceDataDir`) and skip, with that reason, anywhere
 * else.
 *
 * The scan knows nothing of the server's layout: it reads every file the check's own writes
 * touched (modified since the check began) and looks for byte strings that only this check
 * could have produced — windows of its random plaintext, the encodings of its key.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { CheckContext } from "./types.ts";
import { PreconditionError } from "./check-errors.ts";
import { check } from "./check.ts";
import type { CustomerKey } from "../ssec/index.ts";

/** A byte string that must not be in storage, and what to call it in a message (never the value). */
export interface Needle {
  what: string;
  bytes: Buffer;
}

/** Bytes per plaintext window: long enough that random data cannot match by chance. */
const WINDOW = 32;
/** File times come from a coarse clock that can lag Date.now(); count files written a little "before" the start. */
const CLOCK_SLACK_MS = 1000;

/** Three windows of the plaintext (start, middle, end): a stored copy of any part of it shows. */
export function plaintextNeedles(body: Buffer): Needle[] {
  if (body.length < 3 * WINDOW)
    throw new Error(`plaintextNeedles: body of ${body.length} bytes is too short (need ${3 * WINDOW})`);
  const at = [0, Math.floor(body.length / 2), body.length - WINDOW];
  return at.map((i) => ({ what: `plaintext bytes ${i}-${i + WINDOW - 1}`, bytes: body.subarray(i, i + WINDOW) }));
}

/** Every encoding a server could plausibly store a key in: raw, base64 (padded, unpadded, url), hex. */
export function keyNeedles(key: CustomerKey): Needle[] {
  const b64 = key.raw.toString("base64");
  return [
    { what: "the raw key bytes", bytes: key.raw },
    { what: "the key in base64", bytes: Buffer.from(b64.replace(/=+$/, "")) },
    { what: "the key in base64url", bytes: Buffer.from(key.raw.toString("base64url")) },
    { what: "the key in hex", bytes: Buffer.from(key.raw.toString("hex")) },
    { what: "the key in upper-case hex", bytes: Buffer.from(key.raw.toString("hex").toUpperCase()) },
  ];
}

/** The reference server's storage directory, or skip the check (any other target's storage is out of reach). */
export function referenceStorage(ctx: CheckContext): string {
  const dir = ctx.target.referenceDataDir;
  if (!ctx.target.reference || !dir) {
    ctx.skip(
      "inspects storage at rest: runs only against the bundled reference server with a readable --data-dir (Target.referenceDataDir)",
    );
  }
  return dir;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Files under `dir` modified at or after `sinceMs` (less the clock slack), with their bytes. */
async function changedSince(dir: string, sinceMs: number): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const path of await filesUnder(dir)) {
    try {
      if ((await stat(path)).mtimeMs < sinceMs - CLOCK_SLACK_MS) continue;
      out.push({ path, bytes: await readFile(path) });
    } catch (e) {
      // Written to tmp/ and renamed, or replaced, while we looked: not ours to judge.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  return out;
}

/**
 * Fails the check when any needle is in a file of the reference storage changed since `sinceMs`.
 * Errors (no verdict) when nothing changed at all: then the directory is not where the server
 * stores, and a pass would prove nothing.
 */
export async function expectNotAtRest(
  ctx: CheckContext,
  sinceMs: number,
  needles: readonly Needle[],
  what: string,
): Promise<void> {
  const dir = referenceStorage(ctx);
  const files = await changedSince(dir, sinceMs);
  if (files.length === 0) {
    throw new PreconditionError(
      `precondition failed: no file under the reference storage directory changed after the write; is Target.referenceDataDir the server's --data-dir?`,
    );
  }
  const found: string[] = [];
  for (const f of files) {
    for (const n of needles) if (f.bytes.includes(n.bytes)) found.push(`${n.what} in ${relative(dir, f.path)}`);
  }
  ctx.note(`scanned ${files.length} stored file(s) written by this check for ${needles.length} byte strings`);
  if (found.length > 0) ctx.fail(`no ${what} in storage`, `${what} stored: ${found.join("; ")}`);
}

/** What an interface's at-rest write stored: its plaintext and its keys, and when it began. */
export interface AtRestWrite {
  /** Date.now() before the write whose files are scanned. */
  since: number;
  body: Buffer;
  /** Every key the write used, with what to call it in a message when there are several. */
  keys: readonly { key: CustomerKey; label?: string }[];
}

/**
 * The two at-rest checks of an interface: `<slug>.at-rest-encrypted` (no window of the plaintext
 * in storage) and `<slug>.at-rest-no-key` (no encoding of any key). Each makes the interface's
 * SSE-C write with `write` and scans what it stored; both skip, before writing anything, unless
 * the target's storage can be read.
 */
export function atRestChecks(slug: string, write: (ctx: CheckContext) => Promise<AtRestWrite>): void {
  check(`${slug}.at-rest-encrypted`, async (ctx) => {
    referenceStorage(ctx);
    const w = await write(ctx);
    await expectNotAtRest(ctx, w.since, plaintextNeedles(w.body), "plaintext");
  });
  check(`${slug}.at-rest-no-key`, async (ctx) => {
    referenceStorage(ctx);
    const w = await write(ctx);
    const needles = w.keys.flatMap(({ key, label }) =>
      keyNeedles(key).map((n) => (label ? { ...n, what: `${n.what} (${label})` } : n)),
    );
    await expectNotAtRest(ctx, w.since, needles, "customer key");
  });
}
