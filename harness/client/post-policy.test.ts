import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPostForm, signPolicy } from "./post-policy.ts";

const docs = JSON.parse(readFileSync(new URL("../../fixtures/sigv4/s3-doc-examples.json", import.meta.url), "utf8"));
const creds = docs.credentials as { accessKeyId: string; secretAccessKey: string; region: string };

/** The form fields of a multipart/form-data body, in order (name → value; the file as text). */
function parseForm(contentType: string, body: Buffer): [string, string][] {
  const boundary = /boundary=(.+)$/.exec(contentType)![1];
  const parts = body.toString("latin1").split(`--${boundary}`).slice(1, -1);
  return parts.map((p): [string, string] => {
    const [head, ...rest] = p.slice(2, -2).split("\r\n\r\n");
    return [/name="([^"]*)"/.exec(head)![1], rest.join("\r\n\r\n")];
  });
}

describe("POST policy signing", () => {
  it("reproduces AWS's browser-upload example (policy base64 and signature 8afdbf40…)", () => {
    const ex = docs.postPolicy;
    const policyText = Buffer.from(ex.policyBase64, "base64").toString("utf8");
    const form = buildPostForm(creds, {
      bucket: "sigv4examplebucket",
      key: "user/user1/${filename}",
      file: "hello",
      policyText,
      signingDate: new Date(ex.signingDate),
    });
    expect(form.policyBase64).toBe(ex.policyBase64);
    expect(form.signature).toBe(ex.signature);
    expect(signPolicy(ex.policyBase64, creds.secretAccessKey, new Date(ex.signingDate), "us-east-1")).toBe(
      ex.signature,
    );
    expect(form.fields).toContainEqual(["X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"]);
    expect(form.fields).toContainEqual(["X-Amz-Date", "20151229T000000Z"]);
  });

  it("gives a different signature for another policy (the check can fail)", () => {
    expect(
      signPolicy(
        docs.postPolicy.policyBase64 + "x",
        creds.secretAccessKey,
        new Date(docs.postPolicy.signingDate),
        "us-east-1",
      ),
    ).not.toBe(docs.postPolicy.signature);
  });
});

describe("POST form builder", () => {
  const ssec: [string, string][] = [
    ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
    ["x-amz-server-side-encryption-customer-key", "K7QkYpBkM5+hcs27fsNkUnNVaobncnLht/rCB2o/9Cw="],
    ["x-amz-server-side-encryption-customer-key-MD5", "4XvB3tbNTN+tIEVa0/fGaQ=="],
  ];
  const signingDate = new Date("2024-05-01T10:00:00Z");

  it("sends key first, the policy and signature, and the file last; covers every field with a condition", () => {
    const form = buildPostForm(creds, {
      bucket: "b",
      key: "obj",
      file: Buffer.from("data"),
      fields: ssec,
      signingDate,
    });
    const fields = parseForm(form.contentType, form.body);
    expect(fields.map(([n]) => n)).toEqual([
      "key",
      ...ssec.map(([n]) => n),
      "X-Amz-Algorithm",
      "X-Amz-Credential",
      "X-Amz-Date",
      "Policy",
      "X-Amz-Signature",
      "file",
    ]);
    expect(fields.at(-1)![1]).toBe("data");
    const policy = JSON.parse(Buffer.from(fields.find(([n]) => n === "Policy")![1], "base64").toString());
    expect(policy.expiration).toBe("2024-05-01T11:00:00.000Z");
    const covered = policy.conditions.flatMap((c: Record<string, string>) =>
      Object.keys(c).map((k) => k.toLowerCase()),
    );
    for (const [name] of [["bucket"], ["key"], ...ssec, ["x-amz-algorithm"], ["x-amz-credential"], ["x-amz-date"]]) {
      expect(covered).toContain(name.toLowerCase());
    }
    expect(fields.find(([n]) => n === "X-Amz-Signature")![1]).toBe(
      signPolicy(form.policyBase64, creds.secretAccessKey, signingDate, "us-east-1"),
    );
  });

  it("can leave a field without a condition, drop fields, and change values after signing", () => {
    const form = buildPostForm(creds, {
      bucket: "b",
      key: "obj",
      file: "x",
      fields: ssec,
      signingDate,
      omitConditionsFor: ["x-amz-server-side-encryption-customer-key"],
      omitFields: ["policy"],
      overrideFields: {
        "x-amz-server-side-encryption-customer-key-md5": "AAAAAAAAAAAAAAAAAAAAAA==",
        "x-ignore-extra": "1",
      },
      conditions: [["content-length-range", 0, 1024]],
    });
    const policy = JSON.parse(form.policy);
    expect(JSON.stringify(policy.conditions)).not.toContain('customer-key"');
    expect(policy.conditions).toContainEqual(["content-length-range", 0, 1024]);
    const fields = parseForm(form.contentType, form.body);
    expect(fields.map(([n]) => n)).not.toContain("Policy");
    expect(fields).toContainEqual(["x-amz-server-side-encryption-customer-key-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="]);
    expect(fields.at(-2)).toEqual(["x-ignore-extra", "1"]);
    expect(fields.at(-1)![0]).toBe("file");
  });
});
