/**
 * What every chunk's cipher call needs besides the data key: the nonce and AAD of chunk i
 * (header of chunked-gcm.ts), the tamper error, and the data key check.
 */
import { createHash } from "node:crypto";

const NONCE_PREFIX = Buffer.from("ssec", "latin1");
const AAD_DOMAIN = "ssec-conformance chunk v1\0";
const BINDING_HASH_BYTES = 32;

/** The stored data does not authenticate: tampered, truncated, reordered, spliced or too long. */
export class ObjectTamperedError extends Error {
  readonly code = "ObjectTampered" as const;
  constructor(message: string) {
    super(message);
    this.name = "ObjectTamperedError";
  }
}

/** Per-stream nonce and AAD buffers, rewritten in place for each chunk (GCM consumes both when the
 * cipher is created / setAAD is called, so reuse is safe and saves two allocations per chunk). */
export class ChunkCipherParams {
  readonly nonce = Buffer.alloc(12);
  readonly aad = Buffer.alloc(BINDING_HASH_BYTES + 9);

  constructor(binding: string) {
    NONCE_PREFIX.copy(this.nonce, 0);
    createHash("sha256").update(AAD_DOMAIN, "utf8").update(binding, "utf8").digest().copy(this.aad, 0);
  }

  set(index: number, final: boolean): void {
    const high = Math.floor(index / 0x1_0000_0000);
    const low = index >>> 0;
    this.nonce.writeUInt32BE(high, 4);
    this.nonce.writeUInt32BE(low, 8);
    this.aad.writeUInt32BE(high, BINDING_HASH_BYTES);
    this.aad.writeUInt32BE(low, BINDING_HASH_BYTES + 4);
    this.aad[BINDING_HASH_BYTES + 8] = final ? 1 : 0;
  }
}

export function checkDataKey(dataKey: Buffer): void {
  if (!Buffer.isBuffer(dataKey) || dataKey.length !== 32) throw new RangeError("data key must be 32 bytes");
}
