/**
 * Customer keys: the one `CustomerKey` of the harness. It holds the raw key bytes and offers the
 * two header values as properties (`base64` for `…-customer-key`, `md5` for `…-customer-key-MD5`),
 * and it never prints them: `toString`, `toJSON` and `util.inspect` show a fingerprint (the same
 * one the redactor uses), so a key that slips into a log, an assertion message or a report stays
 * unreadable. Every key is registered with the redactor as it is made, so its base64/hex forms
 * are redacted wherever they appear.
 *
 * SSE-C keys are 256-bit (AES256). Other lengths are allowed on purpose: negative checks send
 * 16- and 44-byte keys with a correct MD5 (evidence key.wrong-length-put).
 */
import { createHash, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { fingerprint, registerSecret } from "../secrets/redact.ts";

declare const customerKeyBrand: unique symbol;

export class CustomerKey {
  declare readonly [customerKeyBrand]: true;
  readonly #bytes: Buffer;
  readonly #base64: string;
  readonly #md5: string;

  private constructor(bytes: Uint8Array) {
    this.#bytes = Buffer.from(bytes);
    registerSecret(this.#bytes);
    this.#base64 = this.#bytes.toString("base64");
    this.#md5 = keyMd5Base64(this.#bytes);
  }

  /** @internal use generateKey / keyFromBytes / keyFromBase64 / deriveKey */
  static of(bytes: Uint8Array): CustomerKey {
    return new CustomerKey(bytes);
  }

  /** Key length in bytes (32 for a valid AES256 key). */
  get length(): number {
    return this.#bytes.length;
  }

  /** A copy of the raw key bytes (changing it changes nothing here). */
  get raw(): Buffer {
    return Buffer.from(this.#bytes);
  }

  /** The value of the `…-customer-key` header: base64 of the raw bytes. */
  get base64(): string {
    return this.#base64;
  }

  /** The value of the `…-customer-key-MD5` header: base64 of MD5 of the raw bytes (OBS Table 1 row 3). */
  get md5(): string {
    return this.#md5;
  }

  /** Short non-reversible id, equal to the redaction marker's, to tell keys apart in output. */
  get fingerprint(): string {
    return fingerprint(this.#base64);
  }

  equals(other: CustomerKey): boolean {
    return this.#bytes.equals(other.#bytes);
  }

  toString(): string {
    return `CustomerKey[${this.#bytes.length} bytes, ${this.fingerprint}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** base64(MD5(bytes)), as the key-MD5 header carries it. */
export function keyMd5Base64(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("base64");
}

/** A fresh random key (crypto RNG); 32 bytes unless a negative check asks otherwise. */
export function generateKey(length = 32): CustomerKey {
  return CustomerKey.of(randomBytes(length));
}

export function keyFromBytes(bytes: Uint8Array): CustomerKey {
  return CustomerKey.of(bytes);
}

/** Strict base64 (padding required, no whitespace); throws on anything else. */
export function keyFromBase64(text: string): CustomerKey {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new TypeError("customer key is not canonical base64");
  }
  return CustomerKey.of(Buffer.from(text, "base64"));
}
