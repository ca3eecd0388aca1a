/**
 * Stored object checksums (x-amz-checksum-crc32 | crc32c | crc64nvme | sha1 | sha256): what a
 * segment keeps, and what GET/HEAD with `x-amz-checksum-mode: ENABLED` returns.
 *
 * AWS behaviour followed (S3 User Guide, "Checking object integrity"; API reference GetObject,
 * HeadObject, CreateMultipartUpload):
 * - a single-part object keeps the checksum it was uploaded with: type FULL_OBJECT;
 * - a multipart upload declares its algorithm at CreateMultipartUpload (x-amz-checksum-algorithm);
 *   every part carries a checksum of that algorithm, and the object's checksum is COMPOSITE:
 *   base64(alg(part digest 1 ‖ … ‖ part digest n)) + "-n" (the "checksum of checksums");
 * - the checksum is returned only when asked for (x-amz-checksum-mode: ENABLED) and only for
 *   a whole-object read: a Range or partNumber read gets none (GetObject: "checksums are only
 *   returned for full-object reads");
 * - for SSE-C objects it is the checksum of the plaintext and is still returned to a reader
 *   holding the key (evidence etag.not-plaintext-md5, AWS snapshot LocalStack's AWS-recorded snapshots:
 * ChecksumCRC32 identical across SSE-C PUTs).
 *
 * At rest: a plaintext digest confirms guesses about the plaintext (as an MD5 ETag would, which
 * is why SSE-C ETags are random), so for SSE-C segments it is sealed under a key derived from the
 * segment's data key (HKDF, "checksum" info: never the data key itself, whose nonces belong to
 * the chunk stream) with the segment binding as AAD. Only a reader that unlocked the data keys
 * (the right customer key) can open it; plain objects keep it in the clear, like their ETag.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import {
  createDigester,
  DIGEST_BYTES,
  isChecksumAlgorithm,
  type ChecksumAlgorithm,
} from "./auth/checksum-algorithms.ts";
import { S3Fault } from "./errors.ts";
import type { HeaderPairs, RequestHeaders } from "./request.ts";

export type { ChecksumAlgorithm } from "./auth/checksum-algorithms.ts";

export type ChecksumType = "FULL_OBJECT" | "COMPOSITE";

/** A segment's checksum as stored: the digest in base64, or sealed (SSE-C segments). */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** base64 digest (plain segments). */
  value?: string;
  /** base64(iv ‖ ciphertext ‖ tag) of the digest (SSE-C segments). */
  sealed?: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function checksumKey(dataKey: Buffer, binding: string): Buffer {
  return Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), `ssec-conformance checksum v1\n${binding}`, 32));
}

/** The stored form of a digest: sealed when the segment has a data key, clear otherwise. */
export function storeChecksum(
  algorithm: ChecksumAlgorithm,
  digest: Buffer,
  seal?: { dataKey: Buffer; binding: string },
): StoredChecksum {
  if (!seal) return { algorithm, value: digest.toString("base64") };
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", checksumKey(seal.dataKey, seal.binding), iv);
  cipher.setAAD(Buffer.from(`${algorithm}\n${seal.binding}`, "utf8"));
  const ct = Buffer.concat([cipher.update(digest), cipher.final()]);
  return { algorithm, sealed: Buffer.concat([iv, ct, cipher.getAuthTag()]).toString("base64") };
}

/**
 * The digest of a stored checksum; undefined when it is sealed and `dataKey` is missing or does
 * not open it (a wrong key never gets this far: reads verify the key first).
 */
export function openChecksum(
  c: StoredChecksum,
  open?: { dataKey: Buffer | undefined; binding: string },
): Buffer | undefined {
  if (c.value !== undefined) return Buffer.from(c.value, "base64");
  if (c.sealed === undefined || !open?.dataKey) return undefined;
  const raw = Buffer.from(c.sealed, "base64");
  if (raw.length !== IV_BYTES + DIGEST_BYTES[c.algorithm] + TAG_BYTES) return undefined;
  try {
    const d = createDecipheriv("aes-256-gcm", checksumKey(open.dataKey, open.binding), raw.subarray(0, IV_BYTES));
    d.setAAD(Buffer.from(`${c.algorithm}\n${open.binding}`, "utf8"));
    d.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([d.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), d.final()]);
  } catch {
    return undefined;
  }
}

/** COMPOSITE: alg(digest 1 ‖ … ‖ digest n), base64, "-n". */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partDigests: Buffer[]): string {
  const d = createDigester(algorithm);
  for (const p of partDigests) d.update(p);
  return `${d.digest().toString("base64")}-${partDigests.length}`;
}

/** The response headers of a checksum: x-amz-checksum-<alg> and x-amz-checksum-type. */
export function checksumHeaders(algorithm: ChecksumAlgorithm, value: string, type: ChecksumType): HeaderPairs {
  return [
    [`x-amz-checksum-${algorithm}`, value],
    ["x-amz-checksum-type", type],
  ];
}

/**
 * GET/HEAD asked for checksums (x-amz-checksum-mode: ENABLED; any other value is ignored, as the SDKs send only
 * that).
 */
export function checksumModeEnabled(h: RequestHeaders): boolean {
  return h.get("x-amz-checksum-mode")?.trim().toUpperCase() === "ENABLED";
}

/**
 * CreateMultipartUpload's x-amz-checksum-algorithm (case-insensitive, as the SDKs send
 * "CRC32") and x-amz-checksum-type. FULL_OBJECT multipart checksums (CRC combination) are not
 * implemented: 501, rather than an upload that silently ends without the checksum it declared.
 */
export function uploadChecksumAlgorithm(h: RequestHeaders): ChecksumAlgorithm | undefined {
  const raw = h.get("x-amz-checksum-algorithm");
  const type = h.get("x-amz-checksum-type")?.trim().toUpperCase();
  if (type !== undefined && type !== "COMPOSITE" && type !== "FULL_OBJECT") {
    throw new S3Fault("InvalidRequest", "Value for x-amz-checksum-type header is invalid.");
  }
  if (raw === undefined) {
    if (type !== undefined)
      throw new S3Fault(
        "InvalidRequest",
        "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.",
      );
    return undefined;
  }
  const algorithm = raw.trim().toLowerCase();
  if (!isChecksumAlgorithm(algorithm))
    throw new S3Fault(
      "InvalidRequest",
      "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]",
    );
  if (type === "FULL_OBJECT" || (type === undefined && algorithm === "crc64nvme")) {
    throw new S3Fault(
      "NotImplemented",
      "FULL_OBJECT checksums for multipart uploads are not implemented by this server.",
    );
  }
  return algorithm;
}
