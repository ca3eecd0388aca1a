/**
 * SSE-C header names and header sets (OBS Table 1 and Table 3) in both dialects, built here and
 * nowhere else:
 *   amz: x-amz-server-side-encryption-customer-{algorithm,key,key-MD5}
 *        x-amz-copy-source-server-side-encryption-customer-{algorithm,key,key-MD5}
 *   obs: the same names with x-obs- (Huawei OBS native API, evidence headers.obs-dialect)
 * Each part can be omitted or given a literal value, so negative checks can send a missing
 * algorithm, a hex MD5, a key that is not base64, etc. POST forms carry the same names as fields
 * (AWS "Protecting data using SSE-C", REST API). The copy headers and the non-SSE-C method header
 * follow the dialect too.
 */
import type { HeaderList } from "../client/types.ts";
import type { CustomerKey } from "./key.ts";

export type Dialect = "amz" | "obs";
export type SsecPart = "algorithm" | "key" | "md5";

export const SSEC_ALGORITHM = "AES256";

export interface SsecHeaderNames {
  algorithm: string;
  key: string;
  md5: string;
}

export interface SsecHeaderOptions {
  /** Default `amz`. */
  dialect?: Dialect;
  /** Parts to leave out. */
  omit?: readonly SsecPart[];
  /** Literal algorithm value (default AES256). */
  algorithm?: string;
  /** Literal key header value instead of base64 of the key (not-base64, truncated, …). */
  keyText?: string;
  /** Literal key-MD5 value instead of the correct one (hex, wrong, unpadded, …). */
  md5Text?: string;
}

function prefix(dialect: Dialect, copySource: boolean): string {
  return `x-${dialect}-${copySource ? "copy-source-" : ""}server-side-encryption-customer-`;
}

/** Header names as the seed and the AWS docs spell them (S3 treats names case-insensitively). */
export function ssecHeaderNames(dialect: Dialect = "amz", copySource = false): SsecHeaderNames {
  const base = prefix(dialect, copySource);
  return { algorithm: `${base}algorithm`, key: `${base}key`, md5: `${base}key-MD5` };
}

/**
 * Response headers that echo SSE-C (algorithm and key-MD5), and the key header that must never
 * come back, lower-cased as S3Response.headers has them.
 */
export function echoHeaderNames(dialect: Dialect = "amz"): { algorithm: string; md5: string; key: string } {
  const n = ssecHeaderNames(dialect);
  return { algorithm: n.algorithm.toLowerCase(), md5: n.md5.toLowerCase(), key: n.key.toLowerCase() };
}

function build(names: SsecHeaderNames, key: CustomerKey, opts: SsecHeaderOptions): HeaderList {
  const omit = new Set(opts.omit ?? []);
  const out: HeaderList = [];
  if (!omit.has("algorithm")) out.push([names.algorithm, opts.algorithm ?? SSEC_ALGORITHM]);
  if (!omit.has("key")) out.push([names.key, opts.keyText ?? key.base64]);
  if (!omit.has("md5")) out.push([names.md5, opts.md5Text ?? key.md5]);
  return out;
}

/** The three target headers (PUT, GET, HEAD, Initiate, Upload Part, Copy/Part-Copy target). */
export function ssecHeaders(key: CustomerKey, opts: SsecHeaderOptions = {}): HeaderList {
  return build(ssecHeaderNames(opts.dialect), key, opts);
}

/** The three copy-source headers (PUT Object - Copy and Upload Part - Copy from an SSE-C source). */
export function copySourceHeaders(key: CustomerKey, opts: SsecHeaderOptions = {}): HeaderList {
  return build(ssecHeaderNames(opts.dialect, true), key, opts);
}

/** The same three values as POST Object form fields (add them to the policy conditions too). */
export function ssecFormFields(key: CustomerKey, opts: SsecHeaderOptions = {}): [string, string][] {
  return build(ssecHeaderNames(opts.dialect), key, opts);
}

/**
 * A target trio (or any header list) with its SSE-C names turned into the copy-source names of
 * OBS Table 3, values unchanged; other headers are left alone.
 */
export function asCopySource(headers: HeaderList, dialect: Dialect): HeaderList {
  const target = prefix(dialect, false);
  const source = prefix(dialect, true);
  return headers.map(([name, value]) => [
    name.toLowerCase().startsWith(target) ? source + name.slice(target.length) : name,
    value,
  ]);
}

/** `x-<dialect>-server-side-encryption` (the non-SSE-C method header). */
export function sseHeaderName(dialect: Dialect): string {
  return `x-${dialect}-server-side-encryption`;
}

/** The copy headers in the target's dialect (OBS: x-obs-copy-source…, evidence headers.obs-dialect). */
export interface CopyHeaderNames {
  copySource: string;
  copySourceRange: string;
  metadataDirective: string;
}

export function copyHeaderNames(dialect: Dialect): CopyHeaderNames {
  return {
    copySource: `x-${dialect}-copy-source`,
    copySourceRange: `x-${dialect}-copy-source-range`,
    metadataDirective: `x-${dialect}-metadata-directive`,
  };
}

/** A customer-key header of either dialect, target or copy-source (what the redactor must learn). */
export const CUSTOMER_KEY_HEADER = /^x-(?:amz|obs)-(?:copy-source-)?server-side-encryption-customer-key$/i;

/** The value of a customer-key field in a multipart/form-data body (POST Object), as group 1. */
export const CUSTOMER_KEY_FORM_FIELD =
  /name="x-(?:amz|obs)-(?:copy-source-)?server-side-encryption-customer-key"\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]+)/gi;
