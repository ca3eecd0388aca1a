/**
 * POST policy verification: signature over the base64 policy, expiration, every condition kind,
 * the "every field must be in the conditions" rule, and content-length-range.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyPostPolicy, type AuthConfig } from "./index.ts";
import { deriveKey } from "../../server-testing/auth-bodies.ts";

const AKID = "AKIDPOSTEXAMPLE";
const SECRET = "post/policy/secret";
const REGION = "us-east-1";
const NOW = new Date("2026-11-26T12:00:00Z");
const cfg: AuthConfig = { region: REGION, secretFor: (id) => (id === AKID ? SECRET : undefined), now: () => NOW };
const CREDENTIAL = `${AKID}/20261126/${REGION}/s3/aws4_request`;
const KEY_B64 = Buffer.alloc(32, 9).toString("base64");

function form(
  conditions: unknown[],
  extra: [string, string][] = [],
  opts: { expiration?: string; secret?: string } = {},
): [string, string][] {
  const policy = Buffer.from(
    JSON.stringify({
      expiration: opts.expiration ?? "2026-11-26T13:00:00.000Z",
      conditions: [
        ...conditions,
        { "x-amz-credential": CREDENTIAL },
        { "x-amz-algorithm": "AWS4-HMAC-SHA256" },
        { "x-amz-date": "20261126T115500Z" },
      ],
    }),
  ).toString("base64");
  const signature = createHmac("sha256", deriveKey(opts.secret ?? SECRET, "20261126", REGION))
    .update(policy)
    .digest("hex");
  return [
    ...extra,
    ["x-amz-credential", CREDENTIAL],
    ["x-amz-algorithm", "AWS4-HMAC-SHA256"],
    ["x-amz-date", "20261126T115500Z"],
    ["policy", policy],
    ["x-amz-signature", signature],
  ];
}

function code(fields: [string, string][], bucket = "bucket", filename?: string, c: AuthConfig = cfg): string {
  const r = verifyPostPolicy(fields, bucket, c, filename);
  return r.ok ? "ok" : r.fault.code;
}

const SSE_C_CONDITIONS = [
  ["starts-with", "$x-amz-server-side-encryption-customer-algorithm", ""],
  ["starts-with", "$x-amz-server-side-encryption-customer-key", ""],
  ["starts-with", "$x-amz-server-side-encryption-customer-key-md5", ""],
];
const SSE_C_FIELDS: [string, string][] = [
  ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
  ["x-amz-server-side-encryption-customer-key", KEY_B64],
  ["x-amz-server-side-encryption-customer-key-md5", "bWQ1"],
];

describe("POST policy", () => {
  it("accepts the s3-tests SSE-C form: starts-with '' for the three SSE-C fields (evidence post.form-fields)", () => {
    const fields = form(
      [{ bucket: "bucket" }, ["starts-with", "$key", "uploads/"], ...SSE_C_CONDITIONS],
      [["key", "uploads/a.txt"], ...SSE_C_FIELDS],
    );
    expect(code(fields)).toBe("ok");
  });

  it("SSE-C fields missing from the conditions → AccessDenied", () => {
    const fields = form([{ bucket: "bucket" }, ["starts-with", "$key", ""]], [["key", "k"], ...SSE_C_FIELDS]);
    expect(code(fields)).toBe("AccessDenied");
  });

  it("the refusal never echoes a condition value (a policy may pin an SSE-C key)", () => {
    const fields = form(
      [{ bucket: "bucket" }, ["starts-with", "$key", ""], { "x-amz-server-side-encryption-customer-key": KEY_B64 }],
      [
        ["key", "k"],
        ["x-amz-server-side-encryption-customer-key", "other"],
      ],
    );
    const r = verifyPostPolicy(fields, "bucket", cfg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify([r.fault.message, r.fault.fields])).not.toContain(KEY_B64);
  });

  it("substitutes ${filename} in the key before checking it", () => {
    const fields = form([{ bucket: "bucket" }, ["eq", "$key", "user/photo.jpg"]], [["key", "user/${filename}"]]);
    expect(code(fields, "bucket", "photo.jpg")).toBe("ok");
    expect(code(fields, "bucket", "other.jpg")).toBe("AccessDenied");
  });

  it.each([
    ["eq that differs", [["eq", "$key", "a"]], [["key", "b"]]],
    ["starts-with that differs", [["starts-with", "$key", "a/"]], [["key", "b/x"]]],
    ["exact object form that differs", [{ key: "a" }], [["key", "b"]]],
    [
      "a condition on a field not sent",
      [
        ["eq", "$key", "a"],
        ["eq", "$x-amz-meta-x", "v"],
      ],
      [["key", "a"]],
    ],
    [
      "a field not in any condition",
      [["eq", "$key", "a"]],
      [
        ["key", "a"],
        ["x-amz-meta-extra", "v"],
      ],
    ],
  ] as [string, unknown[], [string, string][]][])("%s → AccessDenied", (_n, conditions, fields) => {
    expect(code(form([{ bucket: "bucket" }, ...conditions], fields))).toBe("AccessDenied");
  });

  it("x-ignore-* fields need no condition; field names compare case-insensitively", () => {
    const fields = form(
      [{ bucket: "bucket" }, ["starts-with", "$Key", ""], ["starts-with", "$Content-Type", "image/"]],
      [
        ["key", "k"],
        ["content-type", "image/png"],
        ["x-ignore-note", "anything"],
      ],
    );
    expect(code(fields)).toBe("ok");
  });

  it("another bucket than the policy's → AccessDenied", () => {
    expect(code(form([{ bucket: "bucket" }, ["starts-with", "$key", ""]], [["key", "k"]]), "elsewhere")).toBe(
      "AccessDenied",
    );
  });

  it("an expired policy → AccessDenied", () => {
    expect(code(form([["starts-with", "$key", ""]], [["key", "k"]], { expiration: "2026-11-26T11:59:59.000Z" }))).toBe(
      "AccessDenied",
    );
  });

  it("signed with another secret → SignatureDoesNotMatch; unknown key → InvalidAccessKeyId", () => {
    const fields = form([["starts-with", "$key", ""]], [["key", "k"]], { secret: "wrong" });
    expect(code(fields)).toBe("SignatureDoesNotMatch");
    expect(
      code(form([["starts-with", "$key", ""]], [["key", "k"]]), "bucket", undefined, {
        ...cfg,
        secretFor: () => undefined,
      }),
    ).toBe("InvalidAccessKeyId");
  });

  it("a policy changed after signing → SignatureDoesNotMatch", () => {
    const fields = form([["starts-with", "$key", ""]], [["key", "k"]]);
    const i = fields.findIndex(([n]) => n === "policy");
    fields[i] = [
      "policy",
      Buffer.from(JSON.stringify({ expiration: "2099-01-01T00:00:00Z", conditions: [] })).toString("base64"),
    ];
    expect(code(fields)).toBe("SignatureDoesNotMatch");
  });

  it.each([
    ["no policy nor signature", [["key", "k"]], "AccessDenied"],
    [
      "no x-amz-credential",
      [
        ["policy", "e30="],
        ["x-amz-signature", "00"],
        ["x-amz-algorithm", "AWS4-HMAC-SHA256"],
        ["x-amz-date", "20261126T115500Z"],
      ],
      "InvalidArgument",
    ],
    [
      "SigV2 fields",
      [
        ["awsaccesskeyid", "A"],
        ["policy", "e30="],
        ["signature", "x"],
      ],
      "InvalidRequest",
    ],
  ] as [string, [string, string][], string][])("%s → %s", (_n, fields, expected) => {
    expect(code(fields)).toBe(expected);
  });

  it("a signed policy that is not JSON, or has no valid expiration → InvalidPolicyDocument", () => {
    const sign = (policy: string) =>
      createHmac("sha256", deriveKey(SECRET, "20261126", REGION))
        .update(policy)
        .digest("hex");
    for (const text of [
      "not json",
      JSON.stringify({ conditions: [] }),
      JSON.stringify({ expiration: "tomorrow", conditions: [] }),
      JSON.stringify({ expiration: "2026-11-27T00:00:00Z", conditions: [["between", "$key", "a"]] }),
    ]) {
      const policy = Buffer.from(text).toString("base64");
      const fields: [string, string][] = [
        ["x-amz-credential", CREDENTIAL],
        ["x-amz-algorithm", "AWS4-HMAC-SHA256"],
        ["x-amz-date", "20261126T115500Z"],
        ["policy", policy],
        ["x-amz-signature", sign(policy)],
      ];
      expect(code(fields), text).toBe("InvalidPolicyDocument");
    }
  });

  it("content-length-range: below → EntityTooSmall, above → EntityTooLarge, inside → ok", () => {
    const r = verifyPostPolicy(
      form(
        [
          ["starts-with", "$key", ""],
          ["content-length-range", 10, 1024],
        ],
        [["key", "k"]],
      ),
      "bucket",
      cfg,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.checkLength(9)?.code).toBe("EntityTooSmall");
    expect(r.checkLength(10)).toBeUndefined();
    expect(r.checkLength(1024)).toBeUndefined();
    expect(r.checkLength(1025)?.code).toBe("EntityTooLarge");
  });
});
