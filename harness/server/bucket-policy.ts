/**
 * The part of a bucket policy the reference server evaluates: Deny statements for s3:PutObject on
 * the bucket's objects, conditioned (or not) on s3:x-amz-server-side-encryption-customer-algorithm
 * with Null, StringEquals or StringNotEquals (the policies ceph/s3-tests
 * test_encryption_sse_c_enforced_with_bucket_policy and _deny_algo_with_bucket_policy set; evidence
 * policy.ssec-condition-key). Anything else is refused when the policy is set (501 NotImplemented,
 * naming what), never stored and silently ignored: a policy the server keeps must be one it enforces.
 *
 * Semantics (the IAM policy language): a statement applies when its action, resource and every
 * condition match; within one condition key any listed value may match; a negated operator
 * (StringNotEquals) on an absent key is true; Null "true" means the key is absent. A matching Deny
 * refuses the request with 403 AccessDenied (evidence policy.deny-refused).
 */
import { S3Fault } from "./errors.ts";
import type { Faults } from "./faults.ts";

export const SSEC_ALGORITHM_KEY = "s3:x-amz-server-side-encryption-customer-algorithm";

type Operator = "Null" | "StringEquals" | "StringNotEquals";
const OPERATORS: readonly Operator[] = ["Null", "StringEquals", "StringNotEquals"];

interface Condition {
  operator: Operator;
  values: string[];
}

interface DenyStatement {
  /** Object-key globs (`*`, `?`) of the statement's resources in this bucket. */
  keys: string[];
  conditions: Condition[];
}

export interface ParsedPolicy {
  statements: DenyStatement[];
}

/** What the request tells the policy: the object key and the SSE-C algorithm as sent (undefined: absent). */
export interface PolicyRequest {
  key: string;
  algorithm: string | undefined;
}

const malformed = (message: string) => new S3Fault("MalformedPolicy", message);
const unsupported = (what: string) =>
  new S3Fault(
    "NotImplemented",
    `The reference server cannot evaluate ${what}: it enforces only Deny statements for s3:PutObject, conditioned on ${SSEC_ALGORITHM_KEY} with Null, StringEquals or StringNotEquals.`,
  );

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list(v: unknown, what: string): string[] {
  const items = Array.isArray(v) ? v : [v];
  if (items.length === 0 || !items.every((s) => typeof s === "string")) throw malformed(`Invalid ${what}`);
  return items as string[];
}

function parseResources(v: unknown, bucket: string): string[] {
  const prefix = `arn:aws:s3:::${bucket}/`;
  return list(v, "Resource").map((r) => {
    if (r === `arn:aws:s3:::${bucket}`) throw unsupported("a statement on the bucket itself");
    if (!r.startsWith(prefix)) throw malformed("Policy has invalid resource");
    return r.slice(prefix.length);
  });
}

function parseConditions(v: unknown): Condition[] {
  if (v === undefined) return [];
  if (!isObject(v)) throw malformed("Invalid Condition");
  const out: Condition[] = [];
  for (const [op, body] of Object.entries(v)) {
    if (!(OPERATORS as string[]).includes(op)) throw unsupported(`the condition operator ${op}`);
    if (!isObject(body)) throw malformed(`Invalid Condition ${op}`);
    for (const [key, values] of Object.entries(body)) {
      // Condition key names are case-insensitive (IAM); their values are not.
      if (key.toLowerCase() !== SSEC_ALGORITHM_KEY) throw unsupported(`the condition key ${key}`);
      const vals = list(values, `Condition ${op}`);
      if (op === "Null" && !vals.every((x) => x === "true" || x === "false"))
        throw malformed("Invalid Condition Null: its value is true or false");
      out.push({ operator: op as Operator, values: vals });
    }
  }
  return out;
}

function isPutObjectAction(a: string): boolean {
  return a.toLowerCase() === "s3:putobject";
}

function parseStatement(s: unknown, bucket: string): DenyStatement {
  if (!isObject(s)) throw malformed("Invalid Statement");
  for (const field of Object.keys(s)) {
    if (!["Sid", "Effect", "Principal", "Action", "Resource", "Condition"].includes(field))
      throw unsupported(`the statement element ${field}`);
  }
  if (s.Effect !== "Deny") {
    if (s.Effect === "Allow") throw unsupported("Allow statements");
    throw malformed("Invalid effect");
  }
  const p = s.Principal;
  if (!(p === "*" || (isObject(p) && Object.keys(p).length === 1 && p.AWS === "*")))
    throw unsupported("a Principal other than *");
  if (s.Action === undefined) throw malformed("Missing required field Action");
  const actions = list(s.Action, "Action");
  if (!actions.every(isPutObjectAction)) throw unsupported(`the action ${actions.find((a) => !isPutObjectAction(a))}`);
  if (s.Resource === undefined) throw malformed("Missing required field Resource");
  return { keys: parseResources(s.Resource, bucket), conditions: parseConditions(s.Condition) };
}

/** Parses a PutBucketPolicy body for `bucket`: MalformedPolicy when it is not a policy, NotImplemented when it is one the server cannot enforce. */
export function parseBucketPolicy(text: string, bucket: string): ParsedPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed("Policies must be valid JSON and the first byte must be '{'");
  }
  if (!isObject(doc)) throw malformed("Policies must be valid JSON and the first byte must be '{'");
  for (const field of Object.keys(doc)) {
    if (!["Version", "Id", "Statement"].includes(field)) throw malformed(`Unknown field ${field}`);
  }
  if (doc.Version !== undefined && doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17")
    throw malformed("The policy contains an invalid version");
  const st = doc.Statement;
  const statements = Array.isArray(st) ? st : st === undefined ? [] : [st];
  if (statements.length === 0) throw malformed("Missing required field Statement");
  return { statements: statements.map((s) => parseStatement(s, bucket)) };
}

function globMatches(glob: string, key: string): boolean {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "s").test(key);
}

function conditionHolds(c: Condition, value: string | undefined, faults: Faults): boolean {
  switch (c.operator) {
    case "Null": {
      // A server that reads Null's value backwards: "true" taken as "the key is present".
      const absent = faults.has("policy-null-inverted") ? value !== undefined : value === undefined;
      return c.values.some((v) => (v === "true") === absent);
    }
    case "StringEquals":
      return value !== undefined && c.values.includes(value);
    case "StringNotEquals":
      // A negated operator on an absent key holds (IAM); a server that compares only present keys does not.
      if (value === undefined) return !faults.has("policy-not-equals-needs-key");
      return !c.values.includes(value);
  }
}

/** The Deny that refuses `req`, if any: 403 AccessDenied. */
export function enforceBucketPolicy(policy: ParsedPolicy, req: PolicyRequest, faults: Faults): void {
  for (const s of policy.statements) {
    if (!s.keys.some((g) => globMatches(g, req.key))) continue;
    if (s.conditions.every((c) => conditionHolds(c, req.algorithm, faults)))
      throw new S3Fault("AccessDenied", "Access Denied");
  }
}
