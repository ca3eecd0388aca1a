/**
 * Reproducible bytes from the run's seed: customer keys and payloads are derived from the seed
 * and the check id, so a failing check replays with the same keys and bytes (`--seed`), and two
 * checks never share a key by accident.
 */
import { createHmac } from "node:crypto";
import { CustomerKey } from "./key.ts";

/** Deterministic bytes for (seed, label): HMAC-SHA256 blocks, as many as needed. */
export function derivedBytes(seed: number, label: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) {
    blocks.push(createHmac("sha256", `ssec-conformance/key/${seed}`).update(`${label}#${i}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** A key of `length` bytes (32 unless a check wants a bad length), unique to (seed, label). */
export function deriveKey(seed: number, label: string, length = 32): CustomerKey {
  return CustomerKey.of(derivedBytes(seed, label, length));
}
