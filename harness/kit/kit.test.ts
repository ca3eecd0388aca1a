import { describe, expect, it } from "vitest";
import { MATRIX } from "../checks/matrix.ts";
import {
  OBS_TYPO_KEY_BASE64,
  SEED_KEY_BASE64,
  SEED_KEY_MD5,
  commonRun,
  copyNames,
  matrixHeaders,
  payload,
  ssecHeaders,
  ssecNames,
  unsupportedEncryptionSetting,
} from "./fixtures.ts";
import { redact } from "../secrets/redact.ts";
import {
  keyFromBase64 as customerKeyFromBase64,
  deriveKey as deriveCustomerKey,
  keyMd5Base64 as md5Base64,
} from "../ssec/index.ts";

const key = deriveCustomerKey(42, "kit-test");
const make = (label: string, length = 32) => deriveCustomerKey(42, `kit-test/${label}`, length);
const valid = new Map(ssecHeaders("amz", key));
const n = ssecNames("amz");

describe("seed vectors", () => {
  it("the seed pair matches and the OBS typo key does not (BEHAVIOUR §0)", () => {
    expect(customerKeyFromBase64(SEED_KEY_BASE64).md5).toBe(SEED_KEY_MD5);
    expect(customerKeyFromBase64(OBS_TYPO_KEY_BASE64).md5).not.toBe(SEED_KEY_MD5);
  });
});

describe("matrixHeaders", () => {
  it("changes exactly one thing of the valid trio per case (plain-http changes only the transport)", () => {
    for (const c of MATRIX) {
      const r = matrixHeaders(c.variant, "amz", key, make);
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
      const r = new Map(matrixHeaders({ kind: "key-length", bytes }, "amz", key, make).headers);
      const raw = Buffer.from(r.get(n.key)!, "base64");
      expect(raw.length).toBe(bytes);
      expect(r.get(n.md5)).toBe(md5Base64(raw));
    }
    const twice = new Map(matrixHeaders({ kind: "key-double-base64" }, "amz", key, make).headers);
    expect(Buffer.from(twice.get(n.key)!, "base64").length).toBe(44);
  });

  it("sends a hex MD5 of the right digest and a non-base64 key", () => {
    const hex = new Map(matrixHeaders({ kind: "md5", value: "hex" }, "amz", key, make).headers);
    expect(hex.get(n.md5)).toBe(Buffer.from(key.md5, "base64").toString("hex"));
    const nb = new Map(matrixHeaders({ kind: "key-not-base64" }, "amz", key, make).headers);
    expect(nb.get(n.key)).toMatch(/[^A-Za-z0-9+/=]/);
  });

  it("sends a key with one junk character that a lenient decoder reads as a valid key with that MD5, and an MD5 with swapped case", () => {
    const junk = new Map(matrixHeaders({ kind: "key-junk-character" }, "amz", key, make).headers);
    const text = junk.get(n.key)!;
    expect(text).toMatch(/[^A-Za-z0-9+/=]/);
    expect(text).not.toContain(key.base64.slice(0, 21));
    const lenient = Buffer.from(text, "base64");
    expect(lenient.length).toBe(32);
    expect(junk.get(n.md5)).toBe(md5Base64(lenient));
    expect(redact(`server message: got ${text}`)).not.toContain(text);
    const swapped = new Map(matrixHeaders({ kind: "md5", value: "case-swapped" }, "amz", key, make).headers).get(
      n.md5,
    )!;
    expect(swapped).not.toBe(key.md5);
    expect(swapped.toLowerCase()).toBe(key.md5.toLowerCase());
  });

  it("builds the malformed keys from a throwaway key, not the check's key, and registers them for redaction", () => {
    const nb = new Map(matrixHeaders({ kind: "key-not-base64" }, "amz", key, make).headers).get(n.key)!;
    const twice = new Map(matrixHeaders({ kind: "key-double-base64" }, "amz", key, make).headers).get(n.key)!;
    expect(nb).not.toContain(key.base64.slice(1, -1));
    expect(Buffer.from(twice, "base64").toString("utf8")).not.toBe(key.base64);
    for (const v of [nb, twice]) expect(redact(`server message: got ${v}`)).not.toContain(v);
  });

  it("uses the target's dialect for every header", () => {
    for (const c of MATRIX) {
      for (const [name] of matrixHeaders(c.variant, "obs", key, make).headers) expect(name, c.case).toMatch(/^x-obs-/);
    }
  });
});

describe("payload", () => {
  it("is deterministic per seed and label and differs otherwise", () => {
    expect(payload(1, "a", 100).equals(payload(1, "a", 100))).toBe(true);
    expect(payload(1, "a", 100).equals(payload(2, "a", 100))).toBe(false);
    expect(payload(1, "a", 100).equals(payload(1, "b", 100))).toBe(false);
    expect(payload(1, "a", 5 * 1024 * 1024 + 1).length).toBe(5 * 1024 * 1024 + 1);
  });
});

describe("commonRun (expectNoPlaintext's search)", () => {
  const plaintext = payload(7, "common-run", 4096);
  it("finds a run taken from the middle of the plaintext, embedded in other bytes", () => {
    const body = Buffer.concat([
      Buffer.from("<Error><Code>AccessDenied</Code>"),
      plaintext.subarray(1000, 1016),
      Buffer.from("</Error>"),
    ]);
    expect(commonRun(plaintext, body, 16)).toBe(1000);
  });
  it("finds none in a body that carries no 16-byte run of it", () => {
    const body = Buffer.concat([plaintext.subarray(0, 15), Buffer.from("x"), plaintext.subarray(16, 31)]);
    expect(commonRun(plaintext, body, 16)).toBe(-1);
    expect(commonRun(plaintext, Buffer.alloc(0), 16)).toBe(-1);
  });
});

describe("unsupportedEncryptionSetting (blocked-bucket checks skip only when the target lacks the feature)", () => {
  const answer = (status: number, code?: string) => ({
    status,
    headers: {},
    body: Buffer.alloc(0),
    error: code ? { code, fields: {} } : undefined,
    exchange: { method: "PUT", url: "https://x/b?encryption", requestHeaders: [] },
  });
  it("reads 501, 405 and 400 MalformedXML as unsupported", () => {
    expect(unsupportedEncryptionSetting(answer(501, "NotImplemented"))).toBeDefined();
    expect(unsupportedEncryptionSetting(answer(405, "MethodNotAllowed"))).toBeDefined();
    expect(unsupportedEncryptionSetting(answer(400, "MalformedXML"))).toBeDefined();
  });
  it("reads any other refusal as a failure of a supported setting", () => {
    expect(unsupportedEncryptionSetting(answer(403, "AccessDenied"))).toBeUndefined();
    expect(unsupportedEncryptionSetting(answer(400, "InvalidArgument"))).toBeUndefined();
    expect(unsupportedEncryptionSetting(answer(500, "InternalError"))).toBeUndefined();
  });
});

describe("copyNames", () => {
  it("names the copy headers in the target's dialect", () => {
    expect(copyNames("obs")).toEqual({
      copySource: "x-obs-copy-source",
      copySourceRange: "x-obs-copy-source-range",
      metadataDirective: "x-obs-metadata-directive",
    });
    expect(copyNames("amz").copySource).toBe("x-amz-copy-source");
  });
});
