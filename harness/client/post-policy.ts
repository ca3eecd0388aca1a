/**
 * POST Object (browser-based upload) forms with a SigV4 POST policy. The form carries its own
 * signature, so it is sent with `auth: "none"`:
 *
 *   const form = buildPostForm(creds, { bucket, key, file, fields: ssecFormFields(key) });
 *   await client.send({ method: "POST", bucket, auth: "none", body: form.body,
 *                       headers: [["content-type", form.contentType]] });
 *
 * Policy = base64(JSON {expiration, conditions}); signature = hex(HMAC-SHA256(kSigning, base64
 * policy)) (AWS "Browser-Based Uploads Using POST (AWS Signature Version 4)"). Every form field
 * except the signature, the policy and the file must be covered by a condition (AWS; evidence
 * post.form-fields), so by default each field gets an exact-match condition. Negative tests can leave out a
 * condition, drop a field or change a value after signing.
 */
import { randomBytes } from "node:crypto";
import { amzDate, credentialScope, hmacHex, signingKey } from "./sign.ts";

/** `{"field": "value"}` exact match, `["eq"|"starts-with", "$field", value]`, or a length range. */
export type PolicyCondition =
  Record<string, string> | ["eq" | "starts-with", string, string] | ["content-length-range", number, number];

export interface PostFormCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface PostFormOptions {
  bucket: string;
  /** The `key` field (may contain `${filename}`; then give a starts-with condition yourself). */
  key: string;
  file: Buffer | string;
  filename?: string;
  fileContentType?: string;
  /** Further form fields, in order: Content-Type, x-amz-meta-*, the SSE-C fields, … */
  fields?: [string, string][];
  /** Conditions appended after the generated ones. */
  conditions?: PolicyCondition[];
  /** Generate exact-match conditions for bucket, key and every field (default true). */
  autoConditions?: boolean;
  /** Field names (any case) to leave without a generated condition. */
  omitConditionsFor?: string[];
  /** Default: signingDate + 1 hour. */
  expiration?: Date;
  /** Default: now. */
  signingDate?: Date;
  /** Use this policy JSON text verbatim (e.g. to reproduce a published example). */
  policyText?: string;
  /** Form fields (any case) to leave out of the form entirely — `Policy`, `X-Amz-Signature`, `key`… */
  omitFields?: string[];
  /** Values to put in the form after signing (any case); unknown names are added before `file`. */
  overrideFields?: Record<string, string>;
  boundary?: string;
}

export interface PostForm {
  /** `multipart/form-data; boundary=…` */
  contentType: string;
  body: Buffer;
  /** The form fields as sent, without the file. */
  fields: [string, string][];
  /** Policy JSON text and its base64 (the `Policy` field). */
  policy: string;
  policyBase64: string;
  signature: string;
}

/** SigV4 POST policy signature: hex HMAC-SHA256 over the base64 policy with the signing key. */
export function signPolicy(policyBase64: string, secretAccessKey: string, date: Date, region: string): string {
  return hmacHex(signingKey(secretAccessKey, date, region, "s3"), policyBase64);
}

export function buildPostForm(creds: PostFormCredentials, o: PostFormOptions): PostForm {
  const signingDate = o.signingDate ?? new Date();
  const date = amzDate(signingDate);
  const credential = `${creds.accessKeyId}/${credentialScope(signingDate, creds.region, "s3")}`;
  const extra = o.fields ?? [];
  const authFields: [string, string][] = [
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", credential],
    ["X-Amz-Date", date],
  ];

  let policy = o.policyText;
  if (policy === undefined) {
    const skip = new Set((o.omitConditionsFor ?? []).map((n) => n.toLowerCase()));
    const conditions: PolicyCondition[] = [];
    if (o.autoConditions ?? true) {
      for (const [name, value] of [["bucket", o.bucket], ["key", o.key], ...extra, ...authFields] as [
        string,
        string,
      ][]) {
        if (!skip.has(name.toLowerCase()))
          conditions.push({ [name.toLowerCase().startsWith("x-amz-") ? name.toLowerCase() : name]: value });
      }
    }
    conditions.push(...(o.conditions ?? []));
    const expiration = o.expiration ?? new Date(signingDate.getTime() + 3600_000);
    policy = JSON.stringify({ expiration: expiration.toISOString(), conditions });
  }
  const policyBase64 = Buffer.from(policy, "utf8").toString("base64");
  const signature = signPolicy(policyBase64, creds.secretAccessKey, signingDate, creds.region);

  let fields: [string, string][] = [
    ["key", o.key],
    ...extra,
    ...authFields,
    ["Policy", policyBase64],
    ["X-Amz-Signature", signature],
  ];
  const omit = new Set((o.omitFields ?? []).map((n) => n.toLowerCase()));
  fields = fields.filter(([n]) => !omit.has(n.toLowerCase()));
  for (const [name, value] of Object.entries(o.overrideFields ?? {})) {
    const i = fields.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (i >= 0) fields[i] = [fields[i][0], value];
    else fields.push([name, value]);
  }

  const boundary = o.boundary ?? `----ssec-conformance-${randomBytes(12).toString("hex")}`;
  const parts: Buffer[] = [];
  const disposition = (name: string) => `Content-Disposition: form-data; name="${name.replace(/"/g, "%22")}"`;
  for (const [name, value] of fields)
    parts.push(Buffer.from(`--${boundary}\r\n${disposition(name)}\r\n\r\n${value}\r\n`, "utf8"));
  const filename = (o.filename ?? "upload.bin").replace(/"/g, "%22");
  parts.push(
    Buffer.from(
      `--${boundary}\r\n${disposition("file")}; filename="${filename}"\r\nContent-Type: ${o.fileContentType ?? "application/octet-stream"}\r\n\r\n`,
      "utf8",
    ),
    typeof o.file === "string" ? Buffer.from(o.file, "utf8") : o.file,
    Buffer.from(`\r\n--${boundary}--\r\n`, "utf8"),
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat(parts),
    fields,
    policy,
    policyBase64,
    signature,
  };
}
