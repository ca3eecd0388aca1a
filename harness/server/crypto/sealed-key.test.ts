import { describe, expect, it } from "vitest";
import { customerKeyMatches, objectBinding, partBinding, sealNewDataKey, unsealDataKey } from "./sealed-key.ts";
import type { SealedKey } from "./sealed-key.ts";
import { deterministicBytes } from "../../server-testing/crypto-streams.ts";

const KEY = deterministicBytes(32, "customer key");
const OTHER_KEY = deterministicBytes(32, "another customer key");
const BINDING = objectBinding("bucket", "photos/cat.jpg", "0f1e2d3c");

/** The record with one bit of one base64 field flipped (re-encoded canonically). */
function flipBit(record: SealedKey, field: "salt" | "mac" | "iv" | "sealed", bit: number): SealedKey {
  const bytes = Buffer.from(record[field], "base64");
  bytes[bit >> 3] ^= 1 << (bit & 7);
  return { ...record, [field]: bytes.toString("base64") };
}

describe("sealed data key", () => {
  it("unseals the same data key with the customer key and binding it was sealed with", () => {
    const { dataKey, sealed } = sealNewDataKey(KEY, BINDING);
    expect(dataKey.length).toBe(32);
    expect(customerKeyMatches(KEY, BINDING, sealed)).toBe(true);
    expect(unsealDataKey(KEY, BINDING, sealed)?.equals(dataKey)).toBe(true);
  });

  it("refuses a wrong customer key: no data key, and the MAC says it does not match", () => {
    const { sealed } = sealNewDataKey(KEY, BINDING);
    expect(unsealDataKey(OTHER_KEY, BINDING, sealed)).toBeUndefined();
    expect(customerKeyMatches(OTHER_KEY, BINDING, sealed)).toBe(false);
    // A key that differs in one bit only is just as wrong.
    const nearKey = Buffer.from(KEY);
    nearKey[31] ^= 1;
    expect(unsealDataKey(nearKey, BINDING, sealed)).toBeUndefined();
    expect(customerKeyMatches(nearKey, BINDING, sealed)).toBe(false);
  });

  it("refuses a record moved to another object or part (rebinding, minio/minio#6121)", () => {
    const { sealed } = sealNewDataKey(KEY, BINDING);
    for (const other of [
      objectBinding("bucket", "photos/cat.jpg", "0f1e2d3d"),
      objectBinding("bucket", "photos/dog.jpg", "0f1e2d3c"),
      objectBinding("bucket2", "photos/cat.jpg", "0f1e2d3c"),
      partBinding("bucket", "photos/cat.jpg", "0f1e2d3c", 1),
    ]) {
      expect(unsealDataKey(KEY, other, sealed)).toBeUndefined();
      expect(customerKeyMatches(KEY, other, sealed)).toBe(false);
    }
  });

  it("refuses a record with any bit of salt or MAC flipped: the key no longer matches", () => {
    const { sealed } = sealNewDataKey(KEY, BINDING);
    for (const field of ["salt", "mac"] as const) {
      for (let bit = 0; bit < 256; bit++) {
        const tampered = flipBit(sealed, field, bit);
        expect(customerKeyMatches(KEY, BINDING, tampered), `${field} bit ${bit}`).toBe(false);
        expect(unsealDataKey(KEY, BINDING, tampered), `${field} bit ${bit}`).toBeUndefined();
      }
    }
  });

  it("refuses a record with any bit of iv or sealed key flipped, though the key matches (a 500, not a 403)", () => {
    const { sealed } = sealNewDataKey(KEY, BINDING);
    for (const [field, bits] of [
      ["iv", 96],
      ["sealed", 384],
    ] as const) {
      for (let bit = 0; bit < bits; bit++) {
        const tampered = flipBit(sealed, field, bit);
        expect(customerKeyMatches(KEY, BINDING, tampered), `${field} bit ${bit}`).toBe(true);
        expect(unsealDataKey(KEY, BINDING, tampered), `${field} bit ${bit}`).toBeUndefined();
      }
    }
  });

  it("refuses malformed records: version, lengths, non-canonical base64, missing fields", () => {
    const { sealed } = sealNewDataKey(KEY, BINDING);
    const malformed: unknown[] = [
      { ...sealed, v: 2 },
      { ...sealed, salt: sealed.salt.slice(4) },
      { ...sealed, mac: Buffer.alloc(31).toString("base64") },
      { ...sealed, iv: Buffer.alloc(16).toString("base64") },
      { ...sealed, sealed: Buffer.from(sealed.sealed, "base64").subarray(0, 47).toString("base64") },
      { ...sealed, sealed: `${sealed.sealed.slice(0, 10)}!${sealed.sealed.slice(10)}` },
      { ...sealed, mac: sealed.mac.replace(/=+$/, "") },
      { ...sealed, iv: undefined },
      null,
    ];
    for (const record of malformed) {
      expect(unsealDataKey(KEY, BINDING, record as SealedKey), JSON.stringify(record)).toBeUndefined();
      expect(customerKeyMatches(KEY, BINDING, record as SealedKey), JSON.stringify(record)).toBe(false);
    }
  });

  it("treats a customer key that is not 32 bytes as wrong, and refuses to seal with it", () => {
    const { sealed } = sealNewDataKey(KEY, BINDING);
    for (const key of [KEY.subarray(0, 31), Buffer.concat([KEY, Buffer.alloc(1)]), Buffer.alloc(0)]) {
      expect(unsealDataKey(key, BINDING, sealed)).toBeUndefined();
      expect(customerKeyMatches(key, BINDING, sealed)).toBe(false);
      expect(() => sealNewDataKey(key, BINDING)).toThrow(RangeError);
    }
  });

  it("draws a fresh data key, salt and iv for every seal, even with the same key and binding", () => {
    const a = sealNewDataKey(KEY, BINDING);
    const b = sealNewDataKey(KEY, BINDING);
    expect(a.dataKey.equals(b.dataKey)).toBe(false);
    expect(a.sealed.salt).not.toBe(b.sealed.salt);
    expect(a.sealed.iv).not.toBe(b.sealed.iv);
    expect(a.sealed.mac).not.toBe(b.sealed.mac); // salted: equal keys are not recognisable across records
    expect(a.sealed.sealed).not.toBe(b.sealed.sealed);
  });

  it("stores neither the customer key nor the data key, in any encoding", () => {
    const { dataKey, sealed } = sealNewDataKey(KEY, BINDING);
    const stored = JSON.stringify(sealed);
    const storedBytes = Buffer.from(stored, "utf8");
    expect(Object.keys(sealed).sort()).toEqual(["iv", "mac", "salt", "sealed", "v"]);
    for (const secret of [KEY, dataKey]) {
      for (const encoding of ["base64", "base64url", "hex"] as const) {
        expect(stored).not.toContain(secret.toString(encoding));
        expect(stored.toLowerCase()).not.toContain(secret.toString("hex"));
      }
      expect(storedBytes.indexOf(secret)).toBe(-1);
      for (const field of [sealed.salt, sealed.mac, sealed.iv, sealed.sealed]) {
        expect(Buffer.from(field, "base64").indexOf(secret.subarray(0, 16))).toBe(-1);
      }
    }
  });

  it("builds bindings that cannot collide through separators in bucket or key names", () => {
    expect(objectBinding("a\0b", "c", "id")).not.toBe(objectBinding("a", "b\0c", "id"));
    expect(objectBinding("a", 'b","c', "id")).not.toBe(objectBinding('a","b', "c", "id"));
    expect(partBinding("b", "k", "u", 1)).not.toBe(partBinding("b", "k", "u", 10));
    expect(partBinding("b", "k", "u1", 0)).not.toBe(partBinding("b", "k", "u", 10));
  });

  it("accepts bindings far longer than HKDF's 1024-byte info limit (S3 keys may be 1024 bytes)", () => {
    const binding = objectBinding("bucket", "k".repeat(1024), "id");
    const { dataKey, sealed } = sealNewDataKey(KEY, binding);
    expect(unsealDataKey(KEY, binding, sealed)?.equals(dataKey)).toBe(true);
    expect(unsealDataKey(KEY, objectBinding("bucket", "k".repeat(1023), "id"), sealed)).toBeUndefined();
  });
});
