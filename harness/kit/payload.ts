/** Object bodies: deterministic, incompressible bytes reproducible from the run's seed, and their sizes. */
import { createCipheriv, createHash } from "node:crypto";
import fc from "fast-check";
import { derivedBytes } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";

/** Sizes in bytes, for the suites' object and part sizes. */
export const KIB = 1024;
export const MIB = 1024 * KIB;

/**
 * Deterministic, incompressible bytes for (seed, label): an AES-256-CTR keystream. Fast enough
 * for multi-MiB bodies and reproducible from the run's seed.
 */
export function payload(seed: number, label: string, size: number): Buffer {
  const material = derivedBytes(seed, `payload/${label}`, 48);
  const cipher = createCipheriv("aes-256-ctr", material.subarray(0, 32), material.subarray(32, 48));
  return cipher.update(Buffer.alloc(size));
}

/** A property case's body: the same size gives the same bytes within a check. */
export function bodyOf(ctx: CheckContext, size: number): Buffer {
  return payload(ctx.target.seed, `${ctx.def.id}/${size}`, size);
}

/**
 * Object sizes for properties: empty (pgsty/silo#82: a zero-byte object must still check the key), small,
 * across a 64 KiB chunk. Shrinks across the three towards 0, the smallest counterexample.
 */
export function objectSize(): fc.Arbitrary<number> {
  return fc.oneof(
    { withCrossShrink: true },
    fc.constant(0),
    fc.integer({ min: 1, max: 4096 }),
    fc.integer({ min: 65_536 - 16, max: 65_536 + 64 }),
  );
}

/** Hex MD5 of a body (what an ETag must not be for an SSE-C object). */
export function md5Hex(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}
