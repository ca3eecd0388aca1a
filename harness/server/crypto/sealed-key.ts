/**
 * Sealed data keys: how the reference server keeps a per-object (and per-part) data key at rest
 * without ever storing the customer's SSE-C key.
 *
 * Design (after MinIO, minio/minio `internal/crypto/doc.go`):
 * - Every object and every multipart part gets a fresh random 32-byte data key; the object's
 *   bytes are encrypted with it (chunked-gcm.ts). A fresh key per object means a chunk nonce can
 *   be a simple counter, and rotating the customer key (copy onto itself) never re-uses one.
 * - The data key is sealed with a key-encryption key KEK = HKDF-SHA256(customerKey, salt,
 *   "ssec-conformance kek v1" ‖ 0x00 ‖ SHA-256(binding)), salt random per record, and
 *   AES-256-GCM(KEK, random 12-byte iv, dataKey, aad = binding). The binding (bucket, key,
 *   object id / upload id + part number) is in both the derivation and the AAD, so a sealed record
 *   copied onto another object does not open there: the "object rebinding" attack MinIO closed in
 *   https://github.com/minio/minio/pull/6121. The binding is hashed in the HKDF info because
 *   node's HKDF caps `info` at 1024 bytes and an S3 key alone may be 1024 bytes long.
 * - To tell a wrong customer key (403 AccessDenied) from a damaged record (500) the record holds
 *   mac = HMAC-SHA256(HKDF-SHA256(customerKey, salt, "ssec-conformance mac v1"), binding). It
 *   is the only stored value computed from the customer key besides the sealed data key; the
 *   random salt makes records of the same key unrecognisable as such (and rules out precomputed
 *   tables; a 256-bit random key cannot be searched for anyway), and it is compared with
 *   crypto.timingSafeEqual before anything is decrypted (issue 3: "only a salted MAC of the
 *   customer key is stored, compared in constant time").
 *
 * Consumers: a right key whose record nevertheless fails to unseal (customerKeyMatches true,
 * unsealDataKey undefined) means the stored record was tampered with; answer 500, not 403.
 *
 * Deviation from api-crypto.md (additive only): `SEALED_KEY_VERSION`, `objectBinding()` and
 * `partBinding()` are extra exports. The bindings they build are unambiguous (JSON arrays), so
 * a bucket or key containing the separator cannot make two different objects share a binding.
 */

import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/** JSON-safe record stored in object/part metadata. Never contains the customer key. */
export interface SealedKey {
  v: 1;
  /** base64 random 32-byte salt */
  salt: string;
  /** base64 HMAC-SHA256(HKDF(customerKey, salt, "mac"), binding): tells a wrong key (403) from a right one */
  mac: string;
  /** base64 12-byte nonce of the AES-256-GCM seal (the `iv` field) ... */
  iv: string;
  /** ... and base64 of the sealed data key: 32 bytes of ciphertext followed by the 16-byte GCM tag. */
  sealed: string;
}

export const SEALED_KEY_VERSION = 1 as const;

const KEY_BYTES = 32;
const SALT_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAC_BYTES = 32;
const KEK_INFO = "ssec-conformance kek v1";
const MAC_INFO = "ssec-conformance mac v1";

/** Binding of a whole object's data key: bucket, key and a random id unique to this version. */
export function objectBinding(bucket: string, key: string, objectId: string): string {
  return JSON.stringify(["object", bucket, key, objectId]);
}

/** Binding of one multipart part's data key. */
export function partBinding(bucket: string, key: string, uploadId: string, partNumber: number): string {
  return JSON.stringify(["part", bucket, key, uploadId, partNumber]);
}

/** A fresh random 32-byte data key, sealed under the customer key and bound to `binding`
 * (e.g. "object\0bucket\0key\0<random object id>" or "part\0bucket\0key\0uploadId\0partNumber"). */
export function sealNewDataKey(customerKey: Buffer, binding: string): { dataKey: Buffer; sealed: SealedKey } {
  assertCustomerKey(customerKey);
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const dataKey = randomBytes(KEY_BYTES);
  const cipher = createCipheriv("aes-256-gcm", kek(customerKey, salt, binding), iv);
  cipher.setAAD(Buffer.from(binding, "utf8"));
  const ciphertext = cipher.update(dataKey);
  cipher.final();
  const sealed: SealedKey = {
    v: SEALED_KEY_VERSION,
    salt: salt.toString("base64"),
    mac: macOf(customerKey, salt, binding).toString("base64"),
    iv: iv.toString("base64"),
    sealed: Buffer.concat([ciphertext, cipher.getAuthTag()]).toString("base64"),
  };
  return { dataKey, sealed };
}

/** The data key, or undefined when the customer key is not the one it was sealed with (MAC compared
 * with timingSafeEqual before any decryption), or when the record was tampered with / rebound. */
export function unsealDataKey(customerKey: Buffer, binding: string, sealed: SealedKey): Buffer | undefined {
  const record = decodeRecord(sealed);
  if (record === undefined || !validCustomerKey(customerKey)) return undefined;
  if (!timingSafeEqual(macOf(customerKey, record.salt, binding), record.mac)) return undefined;
  const decipher = createDecipheriv("aes-256-gcm", kek(customerKey, record.salt, binding), record.iv);
  decipher.setAAD(Buffer.from(binding, "utf8"));
  decipher.setAuthTag(record.sealed.subarray(KEY_BYTES));
  const dataKey = decipher.update(record.sealed.subarray(0, KEY_BYTES));
  try {
    decipher.final(); // throws when the tag does not verify
  } catch {
    dataKey.fill(0);
    return undefined;
  }
  return dataKey;
}

/** Constant-time: does this customer key match the sealed record? */
export function customerKeyMatches(customerKey: Buffer, binding: string, sealed: SealedKey): boolean {
  const record = decodeRecord(sealed);
  if (record === undefined || !validCustomerKey(customerKey)) return false;
  return timingSafeEqual(macOf(customerKey, record.salt, binding), record.mac);
}

function kek(customerKey: Buffer, salt: Buffer, binding: string): Buffer {
  const info = Buffer.concat([
    Buffer.from(KEK_INFO + "\0", "utf8"),
    createHash("sha256").update(binding, "utf8").digest(),
  ]);
  return Buffer.from(hkdfSync("sha256", customerKey, salt, info, KEY_BYTES));
}

function macOf(customerKey: Buffer, salt: Buffer, binding: string): Buffer {
  const macKey = Buffer.from(hkdfSync("sha256", customerKey, salt, MAC_INFO, KEY_BYTES));
  return createHmac("sha256", macKey).update(binding, "utf8").digest();
}

interface DecodedRecord {
  salt: Buffer;
  mac: Buffer;
  iv: Buffer;
  sealed: Buffer;
}

/** Strict decoding: wrong version, non-canonical base64 or a wrong length → undefined. */
function decodeRecord(record: SealedKey): DecodedRecord | undefined {
  if (record === null || typeof record !== "object" || record.v !== SEALED_KEY_VERSION) return undefined;
  const salt = strictBase64(record.salt, SALT_BYTES);
  const mac = strictBase64(record.mac, MAC_BYTES);
  const iv = strictBase64(record.iv, IV_BYTES);
  const sealed = strictBase64(record.sealed, KEY_BYTES + TAG_BYTES);
  if (salt === undefined || mac === undefined || iv === undefined || sealed === undefined) return undefined;
  return { salt, mac, iv, sealed };
}

function strictBase64(value: unknown, length: number): Buffer | undefined {
  if (typeof value !== "string") return undefined;
  const bytes = Buffer.from(value, "base64");
  // Node's decoder skips invalid characters; re-encoding catches any such (tampered) text.
  if (bytes.length !== length || bytes.toString("base64") !== value) return undefined;
  return bytes;
}

function validCustomerKey(customerKey: Buffer): boolean {
  return Buffer.isBuffer(customerKey) && customerKey.length === KEY_BYTES;
}

function assertCustomerKey(customerKey: Buffer): void {
  // A programming error in the caller: SSE-C keys are validated (400 InvalidArgument) upstream.
  if (!validCustomerKey(customerKey)) throw new RangeError(`SSE-C customer key must be ${KEY_BYTES} bytes`);
}
