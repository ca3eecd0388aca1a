/**
 * The checksums S3 accepts in `x-amz-checksum-*` headers and trailers, computed incrementally.
 *
 * CRC32 (ISO-HDLC, poly 0xEDB88320 reflected), CRC32C (Castagnoli, poly 0x82F63B78 reflected) and
 * CRC64NVME (poly 0x9A6C9329AC4BC9B5 reflected) are the server's own table-driven code, so the
 * server never shares a checksum implementation with the client it verifies; SHA-1, SHA-256 and
 * MD5 come from node:crypto. Values travel base64-encoded, big-endian for the CRCs
 * (AWS S3 user guide, "Checking object integrity").
 */
import { createHash, type Hash } from "node:crypto";

export type ChecksumAlgorithm = "crc32" | "crc32c" | "crc64nvme" | "sha1" | "sha256";

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

/** Digest length in bytes, used to validate a base64 value before any body byte is read. */
export const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = {
  crc32: 4,
  crc32c: 4,
  crc64nvme: 8,
  sha1: 20,
  sha256: 32,
};

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

export interface Digester {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

/**
 * Slicing-by-8 tables (Intel, "A Systematic Approach to Building High Performance
 * Software-based CRC Generators", 2006): table k maps a byte to its CRC after k more zero bytes,
 * so eight input bytes cost eight lookups and no per-bit work. Table 0 is the classic one.
 */
function crc32Tables(poly: number): Uint32Array {
  const t = new Uint32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = ((prev >>> 8) ^ t[prev & 0xff]!) >>> 0;
    }
  }
  return t;
}

const CRC32_TABLES = crc32Tables(0xedb88320);
const CRC32C_TABLES = crc32Tables(0x82f63b78);

class Crc32 implements Digester {
  private crc = 0xffffffff;
  constructor(private readonly t: Uint32Array) {}

  update(data: Uint8Array): void {
    const t = this.t;
    let c = this.crc;
    let i = 0;
    const end8 = data.length - (data.length % 8);
    for (; i < end8; i += 8) {
      const one = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
      const two = data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
      c =
        t[1792 + (one & 0xff)]! ^
        t[1536 + ((one >>> 8) & 0xff)]! ^
        t[1280 + ((one >>> 16) & 0xff)]! ^
        t[1024 + (one >>> 24)]! ^
        t[768 + (two & 0xff)]! ^
        t[512 + ((two >>> 8) & 0xff)]! ^
        t[256 + ((two >>> 16) & 0xff)]! ^
        t[two >>> 24]!;
    }
    for (; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    this.crc = c >>> 0;
  }

  digest(): Buffer {
    const out = Buffer.allocUnsafe(4);
    out.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0, 0);
    return out;
  }
}

/** CRC-64/NVME, table split into high and low 32-bit halves to stay in fast integer arithmetic. */
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
{
  const POLY_HI = 0x9a6c9329;
  const POLY_LO = 0xac4bc9b5;
  for (let n = 0; n < 256; n++) {
    let hi = 0;
    let lo = n;
    for (let k = 0; k < 8; k++) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    CRC64_HI[n] = hi;
    CRC64_LO[n] = lo;
  }
}

class Crc64Nvme implements Digester {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(data: Uint8Array): void {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < data.length; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ CRC64_LO[idx]!) >>> 0;
      hi = ((hi >>> 8) ^ CRC64_HI[idx]!) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
  }

  digest(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}

class NodeHash implements Digester {
  private readonly hash: Hash;
  constructor(algorithm: string) {
    this.hash = createHash(algorithm);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Buffer {
    return this.hash.digest();
  }
}

export function createDigester(algorithm: ChecksumAlgorithm | "md5"): Digester {
  switch (algorithm) {
    case "crc32":
      return new Crc32(CRC32_TABLES);
    case "crc32c":
      return new Crc32(CRC32C_TABLES);
    case "crc64nvme":
      return new Crc64Nvme();
    case "sha1":
      return new NodeHash("sha1");
    case "sha256":
      return new NodeHash("sha256");
    case "md5":
      return new NodeHash("md5");
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 decode of a digest of `bytes` length; undefined when malformed or the wrong size. */
export function decodeDigest(value: string, bytes: number): Buffer | undefined {
  const v = value.trim();
  if (v === "" || !BASE64.test(v)) return undefined;
  const raw = Buffer.from(v, "base64");
  return raw.length === bytes ? raw : undefined;
}

/** The name S3 uses in messages ("The CRC32 you specified did not match the calculated checksum."). */
export function displayName(algorithm: ChecksumAlgorithm | "md5"): string {
  return algorithm === "crc64nvme" ? "CRC64NVME" : algorithm.toUpperCase();
}
