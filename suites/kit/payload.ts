/**
 * Deterministic test bodies: the same (size, label) gives the same bytes on every run, so a
 * failing comparison can be replayed; different labels give unrelated bytes, so a server that
 * returns the wrong object or the wrong offset is caught. AES-256-CTR over zeros is a fast,
 * well-mixed stream (no pattern repeats at 16 bytes or at the server's chunk size).
 */
import { createCipheriv, createHash } from "node:crypto";

export function payload(size: number, label: string): Buffer {
  const key = createHash("sha256").update("ssec-conformance/payload\0").update(label).digest();
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

export function md5Hex(data: Buffer): string {
  return createHash("md5").update(data).digest("hex");
}

export function sha256Hex(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** `"abc"` → `abc`: ETags arrive quoted (headers and XML alike). */
export function unquote(etag: string | undefined): string {
  return (etag ?? "").replace(/^"|"$/g, "");
}

/**
 * Compares bytes without dumping them: equal, or where they first differ. Big bodies are
 * reported by length and SHA-256, never by content.
 */
export function sameBytes(actual: Buffer, expected: Buffer): { ok: true } | { ok: false; expected: string; actual: string } {
  if (actual.equals(expected)) return { ok: true };
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  return {
    ok: false,
    expected: `${expected.length} bytes, sha256 ${sha256Hex(expected).slice(0, 16)}…`,
    actual: `${actual.length} bytes, sha256 ${sha256Hex(actual).slice(0, 16)}…, first difference at byte ${at}`,
  };
}

export const MiB = 1024 * 1024;
/** Smallest size S3 accepts for a part that is not the last (Complete answers EntityTooSmall below it). */
export const MIN_PART = 5 * MiB;
