import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { fingerprint, redact, registerSecret } from "./redact.ts";

const KEY = "K7QkYpBkM5+hcs27fsNkUnNVaobncnLht/rCB2o/9Cw=";
const MD5 = "4XvB3tbNTN+tIEVa0/fGaQ==";

describe("redact", () => {
  it("replaces customer keys in both header families and keeps the key-MD5", () => {
    const text = [
      `x-amz-server-side-encryption-customer-key: ${KEY}`,
      `X-Obs-Copy-Source-Server-Side-Encryption-Customer-Key:${KEY}`,
      `x-amz-server-side-encryption-customer-key-MD5: ${MD5}`,
    ].join("\n");
    const out = redact(text);
    expect(out).not.toContain(KEY);
    expect(out).toContain(MD5);
    expect(out).toContain(`[REDACTED:${fingerprint(KEY)}]`);
  });

  it("replaces keys in JSON members and multipart form fields", () => {
    const json = JSON.stringify({ "x-amz-server-side-encryption-customer-key": KEY });
    const form = `Content-Disposition: form-data; name="x-amz-server-side-encryption-customer-key"\r\n\r\n${KEY}\r\n--b`;
    expect(redact(json)).not.toContain(KEY);
    expect(redact(form)).not.toContain(KEY);
  });

  it("replaces SigV4 signatures in headers and presigned URLs", () => {
    const sig = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    const out = redact(
      `Authorization: AWS4-HMAC-SHA256 Credential=A/x, SignedHeaders=host, Signature=${sig}\n/b/k?X-Amz-Signature=${sig}`,
    );
    expect(out).not.toContain(sig);
  });

  it("replaces registered secrets wherever they appear, in every encoding", () => {
    const raw = randomBytes(32);
    registerSecret(raw);
    const out = redact(`body ${raw.toString("base64")} and ${raw.toString("hex")} and ${raw.toString("base64url")}`);
    expect(out).not.toContain(raw.toString("base64"));
    expect(out).not.toContain(raw.toString("hex"));
    expect(out).not.toContain(raw.toString("base64url"));
  });
});
