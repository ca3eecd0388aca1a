/**
 * Customer keys as the suites use them: raw bytes plus the two header values, as plain
 * properties. Built on harness/ssec's CustomerKey, so the key is registered with the redactor
 * before anything can print it, and printing the object shows only a fingerprint.
 *
 * Keys are derived from the run's seed and the check id, so a failing check replays with the
 * same keys (`--seed`), and two checks never share a key by accident.
 */
import { createHmac } from "node:crypto";
import { inspect } from "node:util";
import { keyFromBase64, keyFromBytes, keyMd5Base64 } from "../ssec/index.ts";
import type { CustomerKey as SsecKey } from "../ssec/index.ts";

export interface CustomerKey {
  /** The key bytes; 32 for a valid AES256 key, other lengths for negative checks. */
  readonly raw: Buffer;
  /** Header value of `…-customer-key`. */
  readonly base64: string;
  /** Header value of `…-customer-key-MD5`: base64 of the MD5 of the raw bytes (seed Table 1 row 3). */
  readonly md5: string;
}

export function md5Base64(data: Uint8Array): string {
  return keyMd5Base64(data);
}

function wrap(k: SsecKey): CustomerKey {
  const shown = k.toString();
  return Object.freeze({
    raw: k.bytes(),
    base64: k.base64(),
    md5: k.md5Base64(),
    toString: () => shown,
    toJSON: () => shown,
    [inspect.custom]: () => shown,
  });
}

export function customerKeyFromRaw(raw: Buffer): CustomerKey {
  return wrap(keyFromBytes(raw));
}

export function customerKeyFromBase64(base64: string): CustomerKey {
  return wrap(keyFromBase64(base64));
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
