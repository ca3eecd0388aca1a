/**
 * Customer keys as the suites use them: raw bytes plus the two header values. Every key made
 * here is registered with the redactor first, so no output can carry it (DESIGN.md "Reports").
 *
 * Keys are derived from the run's seed and the check id, so a failing check replays with the
 * same keys (`--seed`), and two checks never share a key by accident.
 */
import { createHash, createHmac } from "node:crypto";
import { registerSecret } from "../report/redact.ts";

export interface CustomerKey {
  /** The key bytes; 32 for a valid AES256 key, other lengths for negative checks. */
  readonly raw: Buffer;
  /** Header value of `…-customer-key`. */
  readonly base64: string;
  /** Header value of `…-customer-key-MD5`: base64 of the MD5 of the raw bytes (seed Table 1 row 3). */
  readonly md5: string;
}

export function md5Base64(data: Uint8Array): string {
  return createHash("md5").update(data).digest("base64");
}

export function customerKeyFromRaw(raw: Buffer): CustomerKey {
  registerSecret(raw);
  const base64 = raw.toString("base64");
  registerSecret(base64);
  return { raw, base64, md5: md5Base64(raw) };
}

export function customerKeyFromBase64(base64: string): CustomerKey {
  return customerKeyFromRaw(Buffer.from(base64, "base64"));
}

/** Deterministic bytes for (seed, label): HMAC-SHA256 blocks, as many as needed. */
export function derivedBytes(seed: number, label: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) {
    blocks.push(createHmac("sha256", `ssec-conformance/key/${seed}`).update(`${label}#${i}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** A key of `length` bytes (32 unless a check wants a bad length), unique to (seed, label). */
export function deriveCustomerKey(seed: number, label: string, length = 32): CustomerKey {
  return customerKeyFromRaw(derivedBytes(seed, label, length));
}
