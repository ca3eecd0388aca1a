/**
 * SigV4 primitives: the derived signing key (HMAC chain), string-to-sign, signatures, and the
 * constant-time comparison every verifier uses.
 *
 * Source: AWS S3 API reference, "Signature Calculations for the Authorization Header"
 * (SigningKey = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const ALGORITHM = "AWS4-HMAC-SHA256";
/** SHA-256 of the empty string, the payload hash of bodiless requests and of chunk headers. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function hmac(key: Buffer | string, data: string | Buffer): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * A few derived keys are kept: every request of a day re-derives the same key otherwise (four
 * HMACs). Keyed by the secret itself so a changed secret can never reuse a stale key.
 */
const keyCache = new Map<string, Buffer>();
const KEY_CACHE_MAX = 64;

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const kDate = hmac(`AWS4${secret}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  const key = hmac(kService, "aws4_request");
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(cacheKey, key);
  return key;
}

/** The credential scope `date/region/service/aws4_request`. */
export function scopeOf(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function stringToSign(algorithm: string, amzDate: string, scope: string, hashHex: string): string {
  return `${algorithm}\n${amzDate}\n${scope}\n${hashHex}`;
}

export function signatureHex(key: Buffer, toSign: string): string {
  return createHmac("sha256", key).update(toSign).digest("hex");
}

const HEX64 = /^[0-9a-f]{64}$/;

/** True when `provided` is a well-formed lower-case hex signature equal to `expected` (constant time). */
export function signaturesEqual(expected: string, provided: string): boolean {
  if (!HEX64.test(provided) || expected.length !== provided.length) return false;
  return timingSafeEqual(Buffer.from(expected, "latin1"), Buffer.from(provided, "latin1"));
}

export function isHexSignature(value: string): boolean {
  return HEX64.test(value);
}
