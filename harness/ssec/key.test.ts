import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { redact } from "../secrets/redact.ts";
import { generateKey, keyFromBase64, keyFromBytes, keyMd5Base64 } from "./key.ts";

describe("CustomerKey", () => {
  it("generates distinct 32-byte keys with their MD5", () => {
    const a = generateKey();
    const b = generateKey();
    expect(a.length).toBe(32);
    expect(a.equals(b)).toBe(false);
    expect(a.md5).toBe(keyMd5Base64(a.raw));
    expect(a.md5).toHaveLength(24);
  });

  it("computes the OBS example key-MD5 (4XvB3tbNTN+tIEVa0/fGaQ==)", () => {
    expect(keyFromBase64("K7QkYpBkM5+hcs27fsNkUnNVaobncnLht/rCB2o/9Cw=").md5).toBe("4XvB3tbNTN+tIEVa0/fGaQ==");
  });

  it("never prints the key: toString, JSON, inspect and template strings show a fingerprint", () => {
    const k = generateKey();
    for (const shown of [String(k), `${k}`, JSON.stringify({ k }), inspect(k), inspect({ nested: [k] })]) {
      expect(shown).not.toContain(k.base64);
      expect(shown).not.toContain(k.raw.toString("hex"));
      expect(shown).toContain(k.fingerprint);
    }
  });

  it("registers every key with the redactor", () => {
    const k = generateKey();
    const text = `key=${k.base64} hex=${k.raw.toString("hex")}`;
    expect(redact(text)).not.toContain(k.base64);
    expect(redact(text)).not.toContain(k.raw.toString("hex"));
    const fromBytes = keyFromBytes(Buffer.alloc(16, 3));
    expect(redact(`x ${fromBytes.base64} y`)).not.toContain(fromBytes.base64);
  });

  it("allows other lengths for negative checks, and copies its bytes", () => {
    const src = Buffer.alloc(16, 1);
    const k = keyFromBytes(src);
    src.fill(2);
    expect(k.length).toBe(16);
    expect(k.raw.equals(Buffer.alloc(16, 1))).toBe(true);
    k.raw.fill(9);
    expect(k.raw[0]).toBe(1);
  });

  it("rejects text that is not canonical base64", () => {
    expect(() => keyFromBase64("not base64!")).toThrow(/base64/);
    expect(() => keyFromBase64("K7QkYpBkM5+hcs27fsNkUnNVaobncnLht/rCB2o/9Cw")).toThrow(/base64/);
  });
});
