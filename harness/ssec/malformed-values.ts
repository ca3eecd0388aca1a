/**
 * The primitives every malformed SSE-C value is made of: wrong key-MD5 texts derived from the
 * right digest, and key texts that are not a usable key. The header matrix's variants
 * (header-variants.ts) and the property suites' arbitraries (arbitraries/) both build from these.
 *
 * The malformed keys are built from a throwaway key, never from the key a check uses: a near-copy
 * of a real key (42 of its 44 characters, or its base64 wrapped again) would let a server that
 * echoes what it got leak most of that key. Each is registered with the redactor as it is made.
 */
import { createHash } from "node:crypto";
import { registerSecret } from "../secrets/redact.ts";
import type { CustomerKey } from "./key.ts";

/** MD5 of the key bytes: the 16-byte digest the key-MD5 header carries in base64. */
export function keyDigest(key: CustomerKey): Buffer {
  return createHash("md5").update(key.raw).digest();
}

/**
 * The right digest as hex digits (evidence vectors.obs-example-pair: 32 characters that decode to 24 bytes, not 16).
 */
export function hexDigest(key: CustomerKey, upper = false): string {
  const hex = keyDigest(key).toString("hex");
  return upper ? hex.toUpperCase() : hex;
}

/** Well-formed base64 of 16 other bytes: the right digest with every byte XOR 0x5a. */
export function otherBytesDigest(key: CustomerKey): string {
  return Buffer.from(keyDigest(key).map((b) => b ^ 0x5a)).toString("base64");
}

/** The right digest in unpadded base64url (RFC 4648 §5), which is not the base64 the header takes. */
export function base64urlDigest(key: CustomerKey): string {
  return keyDigest(key).toString("base64url");
}

/** Upper-case letters to lower case and back; other characters unchanged (base64 is case-sensitive). */
export function swapCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/**
 * The throwaway key's base64 text as bytes (44): what boto3 sends for an already-base64 key (evidence
 * key.wrong-length-put).
 */
export function doubleBase64Key(throwaway: CustomerKey): Buffer {
  const twice = Buffer.from(throwaway.base64, "utf8");
  registerSecret(twice);
  return twice;
}

/** 44 characters, two of them outside the base64 alphabet. */
export function notBase64KeyText(throwaway: CustomerKey): string {
  const text = `!${throwaway.base64.slice(1, -1)}*`;
  registerSecret(text);
  return text;
}

/**
 * The throwaway key's base64 with one "!" inserted: Node's Buffer.from(s, "base64") and Python's
 * b64decode (validate=False) skip it and decode the throwaway key; a strict decoder refuses (evidence key.not-base64).
 */
export function junkCharacterKeyText(throwaway: CustomerKey): string {
  const text = `${throwaway.base64.slice(0, 21)}!${throwaway.base64.slice(21)}`;
  registerSecret(text);
  return text;
}
