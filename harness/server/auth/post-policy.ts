/**
 * Browser-based POST uploads with a SigV4 POST policy (AWS S3 API reference, "Browser-Based
 * Uploads Using POST", "Creating a POST Policy", "Example: Browser-Based Upload using HTTP POST").
 *
 * The signature is HMAC(signing key, policy as sent in base64). The policy's conditions are
 * checked against the form: exact matches (`{"name": "v"}`, `["eq", "$name", "v"]`), prefixes
 * (`["starts-with", "$name", "p"]`, "" allowing anything) and `["content-length-range", min, max]`.
 * "Each form field that you specify in a form (except x-amz-signature, file, policy, and field names
 * that have an x-ignore- prefix) must appear in the list of conditions" (evidence post.form-fields).
 *
 * Failures never echo condition values: a policy may pin an SSE-C key.
 */
import { fault, S3Fault, type S3ErrorCode } from "../errors.ts";
import { parseAmzDate, parseCredential } from "./credential.ts";
import type { AuthConfig } from "./types.ts";
import { ALGORITHM, signatureHex, signaturesEqual, signingKey } from "./signing-key.ts";

export type PostPolicyOutcome =
  | { ok: true; accessKeyId: string; checkLength: (fileSize: number) => S3Fault | undefined }
  | { ok: false; fault: S3Fault };

type Condition =
  { op: "eq" | "starts-with"; field: string; value: string } | { op: "content-length-range"; min: number; max: number };

const REQUIRED = ["policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"] as const;
const EXEMPT = new Set(["x-amz-signature", "file", "policy"]);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ISO_EXPIRATION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

function denied(message: string): { ok: false; fault: S3Fault } {
  return { ok: false, fault: fault("AccessDenied", `Invalid according to Policy: ${message}`) };
}

function failure(code: S3ErrorCode, message: string, fields?: Record<string, string>): { ok: false; fault: S3Fault } {
  return { ok: false, fault: fault(code, message, fields) };
}

function invalidPolicy(message: string): { ok: false; fault: S3Fault } {
  return failure("InvalidPolicyDocument", `Invalid Policy: ${message}`);
}

function lengthBound(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,15}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Parses one policy condition; a string describing the problem when it is not one. */
function parseCondition(raw: unknown): Condition[] | string {
  if (Array.isArray(raw)) {
    const op = typeof raw[0] === "string" ? raw[0].toLowerCase() : "";
    if (raw.length !== 3) return "a condition array must have three elements";
    if (op === "content-length-range") {
      const min = lengthBound(raw[1]);
      const max = lengthBound(raw[2]);
      if (min === undefined || max === undefined || min > max) return "invalid content-length-range";
      return [{ op, min, max }];
    }
    if (op !== "eq" && op !== "starts-with") return `unknown condition operation "${op.slice(0, 32)}"`;
    const [, name, value] = raw as [unknown, unknown, unknown];
    if (typeof name !== "string" || !name.startsWith("$") || name.length < 2)
      return 'condition field must be a "$name"';
    if (typeof value !== "string") return "condition value must be a string";
    return [{ op, field: name.slice(1).toLowerCase(), value }];
  }
  if (raw !== null && typeof raw === "object") {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length === 0) return "empty condition object";
    const out: Condition[] = [];
    for (const [name, value] of entries) {
      if (typeof value !== "string" && typeof value !== "number") return "condition value must be a string";
      out.push({ op: "eq", field: name.replace(/^\$/, "").toLowerCase(), value: String(value) });
    }
    return out;
  }
  return "a condition must be an object or an array";
}

/**
 * POST Object (browser form upload) authentication with a SigV4 POST policy. `fields` are the form
 * fields other than `file`, names lower-cased, in the order received. Verifies: x-amz-algorithm
 * AWS4-HMAC-SHA256, x-amz-credential scope + access key, x-amz-date, policy base64 JSON well-formed,
 * expiration not passed (→ AccessDenied "Invalid according to Policy: Policy expired."), signature
 * over the base64 policy (→ SignatureDoesNotMatch), and every condition (eq / starts-with / exact-match
 * object form, `$key` with `${filename}` substitution, `bucket`) against the fields, and that every form
 * field except x-amz-signature, file, policy and x-ignore-* appears in the conditions
 * (→ AccessDenied "Invalid according to Policy: …"). Returns a checker for content-length-range,
 * which is only known once the file has been read.
 *
 * `filename` is the file part's filename, substituted for `${filename}` in the key field before
 * the conditions are checked (as S3 does); omit it when the form has no file name.
 */
export function verifyPostPolicy(
  fields: [string, string][],
  bucket: string,
  cfg: AuthConfig,
  filename?: string,
): PostPolicyOutcome {
  try {
    return checkPostForm(fields, bucket, cfg, filename);
  } catch (err) {
    return {
      ok: false,
      fault: fault("InternalError", `POST policy check failed unexpectedly: ${(err as Error).message}`),
    };
  }
}

/** The checks of `verifyPostPolicy`, in S3's order; may throw only on a bug (caught there). */
function checkPostForm(
  fields: [string, string][],
  bucket: string,
  cfg: AuthConfig,
  filename?: string,
): PostPolicyOutcome {
  const form = new Map<string, string>();
  for (const [name, value] of fields) {
    const key = name.toLowerCase();
    if (!form.has(key)) form.set(key, value);
  }
  if (form.has("awsaccesskeyid") || form.has("signature")) {
    return failure(
      "InvalidRequest",
      "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
    );
  }
  if (!form.has("policy") && !form.has("x-amz-signature")) return failure("AccessDenied", "Access Denied");
  for (const name of REQUIRED) {
    if (!form.has(name)) {
      return failure(
        "InvalidArgument",
        `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
        {
          ArgumentName: name,
        },
      );
    }
  }
  const get = (name: (typeof REQUIRED)[number]): string => form.get(name)!;

  if (get("x-amz-algorithm") !== ALGORITHM) {
    return failure("InvalidArgument", 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', {
      ArgumentName: "x-amz-algorithm",
    });
  }
  const credential = parseCredential(get("x-amz-credential"), cfg.region, "post");
  if (credential instanceof S3Fault) return { ok: false, fault: credential };
  const date = parseAmzDate(get("x-amz-date"));
  if (!date)
    return failure("InvalidArgument", "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"", {
      ArgumentName: "x-amz-date",
    });
  if (date.text.slice(0, 8) !== credential.date) {
    return failure("InvalidArgument", "Invalid credential date. This date is not the same as X-Amz-Date.", {
      ArgumentName: "x-amz-credential",
    });
  }
  const secret = cfg.secretFor(credential.accessKeyId);
  if (secret === undefined) {
    return failure("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", {
      AWSAccessKeyId: credential.accessKeyId,
    });
  }
  const policyB64 = get("policy");
  const expected = signatureHex(signingKey(secret, credential.date, credential.region, credential.service), policyB64);
  if (!signaturesEqual(expected, get("x-amz-signature"))) {
    return failure(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      {
        AWSAccessKeyId: credential.accessKeyId,
      },
    );
  }

  if (!BASE64.test(policyB64)) return invalidPolicy("Policy is not valid base64.");
  let policy: unknown;
  try {
    policy = JSON.parse(Buffer.from(policyB64, "base64").toString("utf8"));
  } catch {
    return invalidPolicy("Invalid JSON.");
  }
  if (policy === null || typeof policy !== "object" || Array.isArray(policy)) return invalidPolicy("Invalid JSON.");
  const { expiration, conditions } = policy as { expiration?: unknown; conditions?: unknown };
  if (typeof expiration !== "string" || !ISO_EXPIRATION.test(expiration) || !Number.isFinite(Date.parse(expiration))) {
    return invalidPolicy("Invalid 'expiration' value.");
  }
  if (!Array.isArray(conditions)) return invalidPolicy("Invalid 'conditions' value, must be an array.");
  const now = (cfg.now ?? (() => new Date()))().getTime();
  if (now > Date.parse(expiration)) return denied("Policy expired.");

  const parsed: Condition[] = [];
  for (const raw of conditions) {
    const c = parseCondition(raw);
    if (typeof c === "string") return invalidPolicy(`Invalid condition: ${c}.`);
    parsed.push(...c);
  }

  // S3 substitutes the uploaded file's name for ${filename} in the key before checking it.
  const valueOf = (field: string): string => {
    if (field === "bucket") return bucket;
    const v = form.get(field) ?? "";
    return field === "key" && filename !== undefined ? v.split("${filename}").join(filename) : v;
  };
  const covered = new Set<string>();
  const ranges: { min: number; max: number }[] = [];
  for (const c of parsed) {
    if (c.op === "content-length-range") {
      ranges.push(c);
      continue;
    }
    covered.add(c.field);
    const actual = valueOf(c.field);
    const holds = c.op === "eq" ? actual === c.value : actual.startsWith(c.value);
    if (!holds) return denied(`Policy Condition failed: ["${c.op}", "$${c.field}"]`);
  }
  for (const name of form.keys()) {
    if (EXEMPT.has(name) || name.startsWith("x-ignore-")) continue;
    if (!covered.has(name)) return denied(`Extra input fields: ${name.slice(0, 128)}`);
  }

  const checkLength = (fileSize: number): S3Fault | undefined => {
    for (const r of ranges) {
      if (fileSize < r.min)
        return fault("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", {
          ProposedSize: String(fileSize),
          MinSizeAllowed: String(r.min),
        });
      if (fileSize > r.max)
        return fault("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", {
          ProposedSize: String(fileSize),
          MaxSizeAllowed: String(r.max),
        });
    }
    return undefined;
  };
  return { ok: true, accessKeyId: credential.accessKeyId, checkLength };
}
