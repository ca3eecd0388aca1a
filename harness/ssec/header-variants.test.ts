import { describe, expect, it } from "vitest";
import { HEADER_CASES } from "../checks/header-cases.ts";
import { redact } from "../secrets/redact.ts";
import { deriveKey } from "./derive.ts";
import { keyMd5Base64 as md5Base64 } from "./key.ts";
import { ssecHeaderNames, ssecHeaders } from "./headers.ts";
import { variantHeaders } from "./header-variants.ts";

const key = deriveKey(42, "kit-test");
const make = (label: string, length = 32) => deriveKey(42, `kit-test/${label}`, length);
const valid = new Map(ssecHeaders(key));
const n = ssecHeaderNames("amz");

describe("variantHeaders", () => {
  it("changes exactly one thing of the valid trio per case (plain-http changes only the transport)", () => {
    for (const c of HEADER_CASES) {
      const r = variantHeaders(c.variant, "amz", key, make);
      const got = new Map(r.headers);
      const changed = [n.algorithm, n.key, n.md5].filter((h) => got.get(h) !== valid.get(h));
      const extra = [...got.keys()].filter((h) => !valid.has(h));
      const expectedChanges: Record<string, number> = {
        "key-empty": 2,
        "key-16-bytes": 2,
        "key-31-bytes": 2,
        "key-33-bytes": 2,
        "key-44-bytes": 2,
        "key-not-base64": 2,
        "key-junk-character": 2,
        "md5-obs-typo-pair": 2,
      };
      expect(changed.length + extra.length + (r.plainHttp ? 1 : 0), c.case).toBe(expectedChanges[c.case] ?? 1);
    }
  });

  it("sends keys of the declared lengths with their correct MD5", () => {
    for (const bytes of [0, 16, 31, 33]) {
      const r = new Map(variantHeaders({ kind: "key-length", bytes }, "amz", key, make).headers);
      const raw = Buffer.from(r.get(n.key)!, "base64");
      expect(raw.length).toBe(bytes);
      expect(r.get(n.md5)).toBe(md5Base64(raw));
    }
    const twice = new Map(variantHeaders({ kind: "key-double-base64" }, "amz", key, make).headers);
    expect(Buffer.from(twice.get(n.key)!, "base64").length).toBe(44);
  });

  it("sends a hex MD5 of the right digest and a non-base64 key", () => {
    const hex = new Map(variantHeaders({ kind: "md5", value: "hex" }, "amz", key, make).headers);
    expect(hex.get(n.md5)).toBe(Buffer.from(key.md5, "base64").toString("hex"));
    const nb = new Map(variantHeaders({ kind: "key-not-base64" }, "amz", key, make).headers);
    expect(nb.get(n.key)).toMatch(/[^A-Za-z0-9+/=]/);
  });

  it("sends a key with one junk character that a lenient decoder reads as a valid key with that MD5, and an MD5 with swapped case", () => {
    const junk = new Map(variantHeaders({ kind: "key-junk-character" }, "amz", key, make).headers);
    const text = junk.get(n.key)!;
    expect(text).toMatch(/[^A-Za-z0-9+/=]/);
    expect(text).not.toContain(key.base64.slice(0, 21));
    const lenient = Buffer.from(text, "base64");
    expect(lenient.length).toBe(32);
    expect(junk.get(n.md5)).toBe(md5Base64(lenient));
    expect(redact(`server message: got ${text}`)).not.toContain(text);
    const swapped = new Map(variantHeaders({ kind: "md5", value: "case-swapped" }, "amz", key, make).headers).get(
      n.md5,
    )!;
    expect(swapped).not.toBe(key.md5);
    expect(swapped.toLowerCase()).toBe(key.md5.toLowerCase());
  });

  it("builds the malformed keys from a throwaway key, not the check's key, and registers them for redaction", () => {
    const nb = new Map(variantHeaders({ kind: "key-not-base64" }, "amz", key, make).headers).get(n.key)!;
    const twice = new Map(variantHeaders({ kind: "key-double-base64" }, "amz", key, make).headers).get(n.key)!;
    expect(nb).not.toContain(key.base64.slice(1, -1));
    expect(Buffer.from(twice, "base64").toString("utf8")).not.toBe(key.base64);
    for (const v of [nb, twice]) expect(redact(`server message: got ${v}`)).not.toContain(v);
  });

  it("uses the target's dialect for every header", () => {
    for (const c of HEADER_CASES) {
      for (const [name] of variantHeaders(c.variant, "obs", key, make).headers) expect(name, c.case).toMatch(/^x-obs-/);
    }
  });
});
