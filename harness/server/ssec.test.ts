import { createHash } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { S3Fault } from "./errors.ts";
import { Faults } from "./faults.ts";
import { decodeStrictBase64, echoHeaders, validateSsec, type SsecFields } from "./ssec.ts";

// The OBS example pair (evidence vectors.obs-example-pair).
const K = "K7QkYpBkM5+hcs27fsNkUnNVaobncnLht/rCB2o/9Cw=";
const M = "4XvB3tbNTN+tIEVa0/fGaQ==";
const OBS_TYPO_KEY = "K7QkYpBkM5+hca27fsNkUnNVaobncnLht/rCB2o/9Cw=";
const md5b64 = (b: Buffer) => createHash("md5").update(b).digest("base64");
const none = new Faults();

function fields(over: Partial<SsecFields> = {}): SsecFields {
  return { dialect: "amz", scope: "target", algorithm: "AES256", key: K, keyMd5: M, ...over };
}

function refusal(f: SsecFields, use: "write" | "read" = "write", sse?: string): { status: number; code: string } {
  try {
    validateSsec(f, { use, faults: none, sse: sse === undefined ? undefined : { dialect: "amz", value: sse } });
  } catch (e) {
    if (e instanceof S3Fault) return { status: e.status, code: e.code };
    throw e;
  }
  throw new Error("accepted");
}

describe("validateSsec (the aws profile)", () => {
  it("accepts the OBS example key and MD5 pair", () => {
    const k = validateSsec(fields(), { use: "write", faults: none });
    expect(k.md5).toBe(M);
    expect(k.bytes().toString("base64")).toBe(K);
  });

  it.each([
    [
      "SSE-C with x-amz-server-side-encryption (evidence sse-conflict.put)",
      fields(),
      "write",
      "AES256",
      400,
      "InvalidArgument",
    ],
    [
      "algorithm KMS (evidence algorithm.invalid-put)",
      fields({ algorithm: "KMS" }),
      "write",
      undefined,
      400,
      "InvalidEncryptionAlgorithmError",
    ],
    [
      "algorithm KMS on a read (evidence algorithm.invalid-get)",
      fields({ algorithm: "KMS" }),
      "read",
      undefined,
      400,
      "InvalidEncryptionAlgorithmError",
    ],
    [
      "missing algorithm (evidence missing.algorithm-put)",
      fields({ algorithm: undefined }),
      "write",
      undefined,
      400,
      "InvalidArgument",
    ],
    ["missing key (evidence missing.key-put)", fields({ key: undefined }), "write", undefined, 400, "InvalidArgument"],
    ["missing MD5 (evidence missing.md5)", fields({ keyMd5: undefined }), "write", undefined, 400, "InvalidArgument"],
    [
      "MD5 of another key (evidence md5.mismatch-put)",
      fields({ keyMd5: "AAAAAAAAAAAAAAAAAAAAAA==" }),
      "write",
      undefined,
      400,
      "InvalidArgument",
    ],
    [
      "the OBS documentation's mismatched pair",
      fields({ key: OBS_TYPO_KEY }),
      "write",
      undefined,
      400,
      "InvalidArgument",
    ],
    ["MD5 in hex", fields({ keyMd5: "e17bc1ded6cd4cdfad20455ad3f7c669" }), "write", undefined, 400, "InvalidArgument"],
    ["MD5 not base64", fields({ keyMd5: "not base64!" }), "write", undefined, 400, "InvalidArgument"],
    ["MD5 without padding", fields({ keyMd5: M.replace(/=+$/, "") }), "write", undefined, 400, "InvalidArgument"],
    [
      "key not base64 (evidence key.not-base64)",
      fields({ key: "***", keyMd5: M }),
      "write",
      undefined,
      400,
      "InvalidArgument",
    ],
  ] as const)("refuses %s", (_name, f, use, sse, status, code) => {
    expect(refusal(f, use, sse)).toEqual({ status, code });
  });

  it("refuses a 10-byte key with a matching MD5: 400 on a write (evidence key.wrong-length-put), 403 on a read", () => {
    const short = Buffer.alloc(10, 7);
    const f = fields({ key: short.toString("base64"), keyMd5: md5b64(short) });
    expect(refusal(f, "write")).toEqual({ status: 400, code: "InvalidArgument" });
    expect(refusal(f, "read")).toEqual({ status: 403, code: "AccessDenied" });
  });

  it("refuses the 44-byte double-base64 key: 400 on a write (evidence key.wrong-length-put), 403 on a read (evidence key.wrong-length-read)", () => {
    const long = Buffer.from(K, "utf8");
    const f = fields({ key: long.toString("base64"), keyMd5: md5b64(long) });
    expect(refusal(f, "write")).toEqual({ status: 400, code: "InvalidArgument" });
    expect(refusal(f, "read")).toEqual({ status: 403, code: "AccessDenied" });
  });

  it("names x-amz-server-side-encryption in argument errors and never puts the key in one", () => {
    try {
      validateSsec(fields({ keyMd5: "AAAAAAAAAAAAAAAAAAAAAA==" }), { use: "write", faults: none });
      throw new Error("accepted");
    } catch (e) {
      const f = e as S3Fault;
      expect(f.fields.ArgumentName).toBe("x-amz-server-side-encryption");
      expect(JSON.stringify({ m: f.message, f: f.fields })).not.toContain(K);
    }
  });

  it("never shows the key when a CustomerKey is printed or serialised", () => {
    const k = validateSsec(fields(), { use: "write", faults: none });
    for (const shown of [inspect(k), JSON.stringify({ k }), String(k), `${k}`]) expect(shown).not.toContain(K);
  });

  it("echoes algorithm and key-MD5 in the request's dialect, never the key", () => {
    const amz = validateSsec(fields(), { use: "write", faults: none });
    expect(echoHeaders(amz, none)).toEqual([
      ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
      ["x-amz-server-side-encryption-customer-key-MD5", M],
    ]);
    const obs = validateSsec(fields({ dialect: "obs" }), { use: "write", faults: none });
    expect(echoHeaders(obs, none).map(([n]) => n)).toEqual([
      "x-obs-server-side-encryption-customer-algorithm",
      "x-obs-server-side-encryption-customer-key-MD5",
    ]);
  });

  it("lets faults switch single checks off", () => {
    const wrongMd5 = fields({ keyMd5: "AAAAAAAAAAAAAAAAAAAAAA==" });
    expect(() => validateSsec(wrongMd5, { use: "write", faults: new Faults(["md5-not-checked"]) })).not.toThrow();
    const hexMd5 = fields({ keyMd5: "e17bc1ded6cd4cdfad20455ad3f7c669" });
    expect(() => validateSsec(hexMd5, { use: "write", faults: new Faults(["hex-md5-accepted"]) })).not.toThrow();
    expect(() =>
      validateSsec(fields({ algorithm: "KMS" }), { use: "write", faults: new Faults(["algorithm-not-checked"]) }),
    ).not.toThrow();
    expect(() => validateSsec(wrongMd5, { use: "write", faults: new Faults(["validation-500"]) })).toThrow(
      expect.objectContaining({ status: 500 }),
    );
  });
});

describe("decodeStrictBase64", () => {
  it("accepts canonical padded base64 only", () => {
    expect(decodeStrictBase64(K)?.length).toBe(32);
    expect(decodeStrictBase64("")).toBeUndefined();
    expect(decodeStrictBase64("abc")).toBeUndefined();
    expect(decodeStrictBase64("ab=c")).toBeUndefined();
    expect(decodeStrictBase64("YQ==")?.toString()).toBe("a");
    expect(decodeStrictBase64("YR==")).toBeUndefined(); // non-canonical trailing bits
    expect(decodeStrictBase64("Y Q==")).toBeUndefined();
  });
});
