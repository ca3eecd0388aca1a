/**
 * Authorization-header and presigned-URL verification: each kind of failure yields its S3 code.
 * Requests are signed by @smithy/signature-v4 (the AWS SDK's signer), then altered.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate, type AuthConfig, type AuthInput } from "./index.ts";
import {
  ACCESS_KEY,
  EMPTY_SHA256 as EMPTY,
  presign,
  signerAuth as cfg,
  signHeader,
} from "../../server-testing/smithy-signer.ts";

const KEY_B64 = Buffer.alloc(32, 7).toString("base64");
const KEY_MD5 = createHash("md5").update(Buffer.alloc(32, 7)).digest("base64");
const SSE_C = {
  "x-amz-server-side-encryption-customer-algorithm": "AES256",
  "x-amz-server-side-encryption-customer-key": KEY_B64,
  "x-amz-server-side-encryption-customer-key-md5": KEY_MD5,
};

function codeOf(input: AuthInput, c: AuthConfig = cfg()): string {
  const outcome = authenticate(input, c);
  return outcome.ok ? "ok" : outcome.fault.code;
}

function withHeader(input: AuthInput, name: string, value: string | undefined): AuthInput {
  const headers = input.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) headers.push([name, value]);
  return { ...input, headers };
}

function authHeader(input: AuthInput): string {
  return input.headers.find(([n]) => n.toLowerCase() === "authorization")![1];
}

const getObject = () =>
  signHeader({ method: "GET", path: "/bucket/some%20key", headers: { "x-amz-content-sha256": EMPTY, ...SSE_C } });

describe("Authorization header", () => {
  it("accepts a request signed by the AWS SDK signer", async () => {
    expect(codeOf(await getObject())).toBe("ok");
  });

  it("wrong secret → SignatureDoesNotMatch", async () => {
    expect(codeOf(await getObject(), cfg(0, { [ACCESS_KEY]: "another secret" }))).toBe("SignatureDoesNotMatch");
  });

  it("unknown access key → InvalidAccessKeyId", async () => {
    expect(codeOf(await getObject(), cfg(0, {}))).toBe("InvalidAccessKeyId");
  });

  it.each([
    ["16 minutes behind", -16 * 60_000],
    ["16 minutes ahead", 16 * 60_000],
  ])("server clock %s → RequestTimeTooSkewed", async (_n, offset) => {
    const outcome = authenticate(await getObject(), cfg(offset));
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("RequestTimeTooSkewed");
    if (!outcome.ok) expect(outcome.fault.status).toBe(403);
  });

  it.each([-14 * 60_000, 14 * 60_000])("accepts a skew of %i ms (within 15 minutes)", async (offset) => {
    expect(codeOf(await getObject(), cfg(offset))).toBe("ok");
  });

  it("host missing from SignedHeaders → AccessDenied", async () => {
    const input = await getObject();
    const a = authHeader(input).replace("SignedHeaders=host;", "SignedHeaders=");
    expect(codeOf(withHeader(input, "authorization", a))).toBe("AccessDenied");
  });

  it.each([
    "x-amz-server-side-encryption-customer-algorithm",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-server-side-encryption-customer-key-md5",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "x-amz-copy-source",
    "x-amz-meta-extra",
  ])("an x-amz header present but not signed (%s) → AccessDenied", async (name) => {
    const signed = await signHeader({ method: "GET", path: "/bucket/k", headers: { "x-amz-content-sha256": EMPTY } });
    const outcome = authenticate(withHeader(signed, name, "x"), cfg());
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("AccessDenied");
    if (!outcome.ok) expect(outcome.fault.fields.HeadersNotSigned).toContain(name);
  });

  it("a signed SSE-C header changed in transit → SignatureDoesNotMatch", async () => {
    const input = withHeader(
      await getObject(),
      "x-amz-server-side-encryption-customer-key",
      Buffer.alloc(32, 8).toString("base64"),
    );
    expect(codeOf(input)).toBe("SignatureDoesNotMatch");
  });

  it("the key is never echoed in a SignatureDoesNotMatch fault", async () => {
    const outcome = authenticate(await getObject(), cfg(0, { [ACCESS_KEY]: "wrong" }));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(JSON.stringify({ m: outcome.fault.message, f: outcome.fault.fields })).not.toContain(KEY_B64);
  });

  it("a changed path, query or method → SignatureDoesNotMatch", async () => {
    const input = await getObject();
    expect(codeOf({ ...input, rawPath: "/bucket/other" })).toBe("SignatureDoesNotMatch");
    expect(codeOf({ ...input, rawQuery: "versionId=1" })).toBe("SignatureDoesNotMatch");
    expect(codeOf({ ...input, method: "DELETE" })).toBe("SignatureDoesNotMatch");
  });

  it("no authentication at all → AccessDenied", () => {
    expect(codeOf({ method: "GET", rawPath: "/bucket/k", rawQuery: "", headers: [["Host", "h"]] })).toBe(
      "AccessDenied",
    );
  });

  it("missing x-amz-content-sha256 → InvalidRequest", async () => {
    const input = await signHeader({ method: "GET", path: "/b/k", headers: {} });
    // smithy adds the header itself; remove it from the wire and from SignedHeaders.
    const a = authHeader(input).replace("x-amz-content-sha256;", "");
    expect(codeOf(withHeader(withHeader(input, "x-amz-content-sha256", undefined), "authorization", a))).toBe(
      "InvalidRequest",
    );
  });

  it("an unsupported x-amz-content-sha256 value → InvalidRequest", async () => {
    const input = await signHeader({
      method: "PUT",
      path: "/b/k",
      headers: { "x-amz-content-sha256": "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD" },
    });
    expect(codeOf(input)).toBe("InvalidRequest");
    const notHex = await signHeader({
      method: "PUT",
      path: "/b/k",
      headers: { "x-amz-content-sha256": "z".repeat(64) },
    });
    expect(codeOf(notHex)).toBe("InvalidRequest");
  });

  it.each([
    ["a SigV2 header", "AWS AKID:c2lnbmF0dXJl", "InvalidRequest"],
    ["an unknown scheme", "Bearer abc", "InvalidArgument"],
    ["no components", "AWS4-HMAC-SHA256", "AuthorizationHeaderMalformed"],
    [
      "a missing Signature",
      "AWS4-HMAC-SHA256 Credential=A/20261126/eu-west-3/s3/aws4_request, SignedHeaders=host",
      "AuthorizationHeaderMalformed",
    ],
    [
      "a repeated component",
      "AWS4-HMAC-SHA256 Credential=A/20261126/eu-west-3/s3/aws4_request, Credential=B, SignedHeaders=host, Signature=00",
      "AuthorizationHeaderMalformed",
    ],
    [
      "a short credential",
      `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20261126/eu-west-3/s3, SignedHeaders=host, Signature=00`,
      "AuthorizationHeaderMalformed",
    ],
    [
      "another region",
      `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20261126/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00`,
      "AuthorizationHeaderMalformed",
    ],
    [
      "another service",
      `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20261126/eu-west-3/iam/aws4_request, SignedHeaders=host, Signature=00`,
      "AuthorizationHeaderMalformed",
    ],
    [
      "upper-case SignedHeaders",
      `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20261126/eu-west-3/s3/aws4_request, SignedHeaders=Host, Signature=00`,
      "AuthorizationHeaderMalformed",
    ],
    [
      "a credential date not the request date",
      `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20261125/eu-west-3/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00`,
      "AuthorizationHeaderMalformed",
    ],
  ])("%s → %s", async (_n, value, code) => {
    expect(codeOf(withHeader(await getObject(), "authorization", value))).toBe(code);
  });

  it("a missing or malformed x-amz-date → AccessDenied", async () => {
    const input = await getObject();
    expect(codeOf(withHeader(input, "x-amz-date", undefined))).toBe("AccessDenied");
    expect(codeOf(withHeader(input, "x-amz-date", "20261126T250000Z"))).toBe("AccessDenied");
  });

  it("both an Authorization header and a presigned query → InvalidArgument", async () => {
    const input = await getObject();
    expect(codeOf({ ...input, rawQuery: "X-Amz-Algorithm=AWS4-HMAC-SHA256" })).toBe("InvalidArgument");
  });
});

describe("presigned URL", () => {
  const presignedGet = (expires = 300) =>
    presign(
      { method: "GET", path: "/bucket/k", headers: { ...SSE_C, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } },
      expires,
    );

  it("accepts a URL presigned by the AWS SDK signer, SSE-C headers signed and sent", async () => {
    expect(codeOf(await presignedGet())).toBe("ok");
  });

  it("is valid until its expiry, refused after it with AccessDenied", async () => {
    const input = await presignedGet(300);
    expect(codeOf(input, cfg(300_000))).toBe("ok");
    expect(codeOf(input, cfg(301_000))).toBe("AccessDenied");
  });

  it("refuses a URL dated more than 15 minutes in the future with AccessDenied", async () => {
    expect(codeOf(await presignedGet(), cfg(-16 * 60_000))).toBe("AccessDenied");
  });

  it("the SSE-C headers it signed must be sent unchanged", async () => {
    const input = await presignedGet();
    expect(
      codeOf(withHeader(input, "x-amz-server-side-encryption-customer-key", Buffer.alloc(32, 1).toString("base64"))),
    ).toBe("SignatureDoesNotMatch");
  });

  it("SSE-C headers sent with a URL that did not sign them → AccessDenied", async () => {
    const input = await presign(
      { method: "GET", path: "/bucket/k", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } },
      300,
    );
    let withKey = input;
    for (const [n, v] of Object.entries(SSE_C)) withKey = withHeader(withKey, n, v);
    expect(codeOf(withKey)).toBe("AccessDenied");
  });

  it("host missing from X-Amz-SignedHeaders → AccessDenied", async () => {
    const input = await presignedGet();
    const rawQuery = input.rawQuery.replace(/X-Amz-SignedHeaders=host%3B/, "X-Amz-SignedHeaders=");
    expect(rawQuery).not.toBe(input.rawQuery);
    expect(codeOf({ ...input, rawQuery })).toBe("AccessDenied");
  });

  it.each([
    [
      "X-Amz-Expires above a week",
      (q: string) => q.replace(/X-Amz-Expires=\d+/, "X-Amz-Expires=604801"),
      "AuthorizationQueryParametersError",
    ],
    [
      "X-Amz-Expires not a number",
      (q: string) => q.replace(/X-Amz-Expires=\d+/, "X-Amz-Expires=soon"),
      "AuthorizationQueryParametersError",
    ],
    [
      "no X-Amz-Credential",
      (q: string) => q.replace(/X-Amz-Credential=[^&]*&?/, ""),
      "AuthorizationQueryParametersError",
    ],
    [
      "another algorithm",
      (q: string) => q.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256"),
      "AuthorizationQueryParametersError",
    ],
    [
      "a malformed X-Amz-Date",
      (q: string) => q.replace(/X-Amz-Date=\w+/, "X-Amz-Date=yesterday"),
      "AuthorizationQueryParametersError",
    ],
    ["an unknown access key", (q: string) => q.replace(ACCESS_KEY, "AKIDUNKNOWN"), "InvalidAccessKeyId"],
    [
      "a tampered signature",
      (q: string) => q.replace(/X-Amz-Signature=(\w)/, (_m, c: string) => `X-Amz-Signature=${c === "0" ? "1" : "0"}`),
      "SignatureDoesNotMatch",
    ],
    ["a query parameter added", (q: string) => `${q}&response-content-type=text%2Fhtml`, "SignatureDoesNotMatch"],
  ])("%s → %s", async (_n, alter, code) => {
    const input = await presignedGet();
    expect(codeOf({ ...input, rawQuery: alter(input.rawQuery) })).toBe(code);
  });

  it("a SigV2 presigned URL → InvalidRequest (not supported)", () => {
    expect(
      codeOf({
        method: "GET",
        rawPath: "/b/k",
        rawQuery: "AWSAccessKeyId=A&Expires=1&Signature=x",
        headers: [["Host", "h"]],
      }),
    ).toBe("InvalidRequest");
  });
});
