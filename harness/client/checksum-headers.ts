/**
 * Checksums the client computes itself: CRC32, CRC32C (Node 20 has no zlib.crc32) and CRC64NVME,
 * plus the SHA/MD5 digests S3 headers carry. S3 transmits every checksum as base64 of the big-endian
 * digest bytes (x-amz-checksum-crc32: 4 bytes → 8 base64 chars).
 */
import { createHash, type Hash } from "node:crypto";

/** Reflected table-driven CRC-32 for a given (reflected) polynomial. */
function makeTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (poly ^ (c >>> 1)) >>> 0 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

// IEEE 802.3 (zlib, x-amz-checksum-crc32) and Castagnoli (iSCSI, x-amz-checksum-crc32c).
const CRC32_TABLE = makeTable(0xedb88320);
const CRC32C_TABLE = makeTable(0x82f63b78);

/** Incremental CRC over a table; `value()` is the final (xor-ed) CRC as an unsigned int. */
class Crc {
  private crc = 0xffffffff;
  constructor(private readonly table: Uint32Array) {}
  update(data: Uint8Array): this {
    let c = this.crc;
    for (let i = 0; i < data.length; i++) c = this.table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    this.crc = c >>> 0;
    return this;
  }
  value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

/** CRC-64/NVME (reflected poly 0x9A6C9329AC4BC9B5), bit-serial over BigInt: for small bodies, kept apart from the server's. */
const CRC64_POLY = 0x9a6c9329ac4bc9b5n;
const MASK64 = 0xffffffffffffffffn;
const CRC64_TABLE: bigint[] = Array.from({ length: 256 }, (_, n) => {
  let c = BigInt(n);
  for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ CRC64_POLY : c >> 1n;
  return c;
});

class Crc64 {
  private crc = MASK64;
  update(data: Uint8Array): this {
    let c = this.crc;
    for (let i = 0; i < data.length; i++) c = CRC64_TABLE[Number((c ^ BigInt(data[i])) & 0xffn)] ^ (c >> 8n);
    this.crc = c;
    return this;
  }
  base64(): string {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE((this.crc ^ MASK64) & MASK64);
    return b.toString("base64");
  }
}

export function crc32(data: Uint8Array | string): number {
  return new Crc(CRC32_TABLE).update(toBytes(data)).value();
}

export function crc32c(data: Uint8Array | string): number {
  return new Crc(CRC32C_TABLE).update(toBytes(data)).value();
}

/** A CRC value as S3 sends it: base64 of the 4 big-endian bytes. */
export function crcToBase64(value: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b.toString("base64");
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(toBytes(data)).digest("hex");
}

/** base64 MD5, as Content-MD5 and the SSE-C key-MD5 header carry it. */
export function md5Base64(data: Uint8Array | string): string {
  return createHash("md5").update(toBytes(data)).digest("base64");
}

/** The flexible-checksum algorithms S3 accepts in `x-amz-checksum-<alg>` (trailers included). */
export type ChecksumAlgorithm = "crc32" | "crc32c" | "crc64nvme" | "sha1" | "sha256";
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

/** Incremental checksum producing S3's base64 form; used for streamed trailers. */
export interface Checksummer {
  update(data: Uint8Array): void;
  digestBase64(): string;
}

export function createChecksummer(alg: ChecksumAlgorithm): Checksummer {
  if (alg === "crc32" || alg === "crc32c") {
    const crc = new Crc(alg === "crc32" ? CRC32_TABLE : CRC32C_TABLE);
    return { update: (d) => void crc.update(d), digestBase64: () => crcToBase64(crc.value()) };
  }
  if (alg === "crc64nvme") {
    const crc = new Crc64();
    return { update: (d) => void crc.update(d), digestBase64: () => crc.base64() };
  }
  const h: Hash = createHash(alg);
  return { update: (d) => void h.update(d), digestBase64: () => h.digest("base64") };
}

/** One-shot S3 checksum (base64) of a whole body. */
export function checksumBase64(alg: ChecksumAlgorithm, data: Uint8Array | string): string {
  const c = createChecksummer(alg);
  c.update(toBytes(data));
  return c.digestBase64();
}

/** Length of the base64 text of each algorithm's digest (fixed, so encoded lengths are known up front). */
export const CHECKSUM_BASE64_LENGTH: Record<ChecksumAlgorithm, number> = {
  crc32: 8,
  crc32c: 8,
  crc64nvme: 12,
  sha1: 28,
  sha256: 44,
};

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}
