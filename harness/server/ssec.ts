/**
 * SSE-C header parsing and validation: the reference server's OWN code. It deliberately shares
 * nothing with harness/ssec or harness/client (ARCHITECTURE.md: were the two to share a helper, a bug in
 * it would pass every self-test unseen).
 *
 * OBS Table 1 (the three request headers) and Table 3 (the three copy-source headers); the
 * validation order and the status/code of every refusal follow the `aws` profile
 * (evidence sse-conflict.put, algorithm.invalid-put, missing.algorithm-put, missing.key-put, key.wrong-length-put,
 * md5.mismatch-put, missing.md5, key.not-base64, get.no-key-refused, get.wrong-key-refused, key.wrong-length-read,
 * copy.source-key-required, algorithm.invalid-copy-source, algorithm.invalid-copy-target, sse-conflict.copy,
 * copy.source-wrong-key). The x-obs- dialect (OBS, evidence headers.obs-dialect) is accepted and the
 * echo uses the dialect of the request.
 */
import { createHash } from "node:crypto";
import { inspect } from "node:util";
import { S3Fault } from "./errors.ts";
import type { Faults } from "./faults.ts";
import type { HeaderPairs, RequestHeaders } from "./request.ts";

export type Dialect = "amz" | "obs";
/** `target`: the object written or read; `copy-source`: the source of a copy (Table 3). */
export type SsecScope = "target" | "copy-source";

const PREFIX: Record<Dialect, Record<SsecScope, string>> = {
  amz: {
    target: "x-amz-server-side-encryption-customer-",
    "copy-source": "x-amz-copy-source-server-side-encryption-customer-",
  },
  obs: {
    target: "x-obs-server-side-encryption-customer-",
    "copy-source": "x-obs-copy-source-server-side-encryption-customer-",
  },
};
const SSE_HEADER: Record<Dialect, string> = {
  amz: "x-amz-server-side-encryption",
  obs: "x-obs-server-side-encryption",
};

/** The three SSE-C values of one scope as sent (any may be missing). */
export interface SsecFields {
  dialect: Dialect;
  scope: SsecScope;
  algorithm?: string;
  key?: string;
  keyMd5?: string;
}

const SCOPES: readonly SsecScope[] = ["target", "copy-source"];

/** Is a header/form-field name one of the SSE-C names (of `scopes`, default both; either dialect)? */
export function isSsecName(name: string, scopes: readonly SsecScope[] = SCOPES): boolean {
  const n = name.toLowerCase();
  return Object.values(PREFIX).some((p) => scopes.some((scope) => n.startsWith(p[scope])));
}

/**
 * The dialects whose SSE-C names a request is read in: both (evidence obs.both-header-forms), unless a
 * fault makes the server deaf to one of them.
 */
function dialectsRead(faults: Faults | undefined): readonly Dialect[] {
  if (faults && faults.has("obs-headers-ignored")) return ["amz"];
  if (faults && faults.has("obs-amz-form-ignored")) return ["obs"];
  return ["amz", "obs"];
}

function readScope(
  get: (name: string) => string | undefined,
  scope: SsecScope,
  faults?: Faults,
): SsecFields | S3Fault | undefined {
  const found: SsecFields[] = [];
  for (const dialect of dialectsRead(faults)) {
    const p = PREFIX[dialect][scope];
    const algorithm = get(`${p}algorithm`);
    const key = get(`${p}key`);
    const keyMd5 = get(`${p}key-md5`);
    if (algorithm !== undefined || key !== undefined || keyMd5 !== undefined) {
      found.push({ dialect, scope, algorithm, key, keyMd5 });
    }
  }
  if (found.length > 1) {
    return new S3Fault(
      "InvalidArgument",
      "SSE-C parameters were given in both the x-amz- and the x-obs- dialect.",
      argument(found[0].dialect, undefined),
    );
  }
  return found[0];
}

/** The SSE-C headers of a scope, undefined when none of the three is present. */
export function readSsecHeaders(headers: RequestHeaders, scope: SsecScope, faults?: Faults): SsecFields | undefined {
  const r = readScope((n) => headers.get(n), scope, faults);
  if (r instanceof S3Fault) throw r;
  return r;
}

/** The SSE-C fields of a POST form (names already lower-cased). */
export function readSsecFormFields(fields: ReadonlyMap<string, string>, faults?: Faults): SsecFields | undefined {
  const r = readScope((n) => fields.get(n), "target", faults);
  if (r instanceof S3Fault) throw r;
  return r;
}

/**
 * True when a request carries SSE-C material in any of `scopes` (default: both) in either
 * dialect: the plain-HTTP gate (evidence http.ssec-refused), which must see a copy-source trio sent alone
 * (evidence http.copy-source-only).
 */
export function hasAnySsecHeader(headers: RequestHeaders, scopes: readonly SsecScope[] = SCOPES): boolean {
  return headers.pairs.some(([name]) => isSsecName(name, scopes));
}

/** The x-amz-server-side-encryption (or x-obs-) value, with the dialect it came in. */
export function readSseHeader(headers: RequestHeaders): { dialect: Dialect; value: string } | undefined {
  for (const dialect of ["amz", "obs"] as const) {
    const value = headers.get(SSE_HEADER[dialect]);
    if (value !== undefined) return { dialect, value };
  }
  return undefined;
}

/**
 * A validated customer key. The raw bytes are reachable only through `bytes()` (for the crypto
 * module); printing, logging or JSON-serialising the object never shows them.
 */
export class CustomerKey {
  readonly #bytes: Buffer;

  constructor(
    bytes: Buffer,
    /** base64 MD5 of the key, as echoed in responses (Table 1). */
    readonly md5: string,
    readonly dialect: Dialect,
    /** The key as sent (base64); kept only so the `echo-key` fault can model a leak. */
    readonly base64: string,
  ) {
    this.#bytes = bytes;
  }

  bytes(): Buffer {
    return this.#bytes;
  }

  /**
   * Same key? Compares MD5s, which is how a server recognises "the same parameters" (evidence
   * upload-part.different-key-refused).
   */
  sameAs(other: CustomerKey): boolean {
    return this.md5 === other.md5;
  }

  toJSON(): string {
    return "[customer key]";
  }

  toString(): string {
    return "[customer key]";
  }

  [inspect.custom](): string {
    return `CustomerKey(md5=${this.md5})`;
  }
}

/**
 * How a validated key will be used: key-length errors are 400 on writes, 403 on reads (evidence key.wrong-length-put
 * vs evidence key.wrong-length-read).
 */
export type KeyUse = "write" | "read";

/**
 * Strict base64 (RFC 4648 §4, padded, canonical): node's decoder silently skips invalid
 * characters, so "looks like base64" must be checked before decoding.
 */
export function decodeStrictBase64(s: string): Buffer | undefined {
  if (s.length === 0 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return undefined;
  const buf = Buffer.from(s, "base64");
  return buf.toString("base64") === s ? buf : undefined;
}

function argument(dialect: Dialect, value: string | undefined): Record<string, string> {
  // AWS reports ArgumentName=x-amz-server-side-encryption for every SSE-C argument error (LocalStack's AWS-recorded
  // snapshots).
  const fields: Record<string, string> = { ArgumentName: SSE_HEADER[dialect] };
  if (value !== undefined) fields.ArgumentValue = value;
  return fields;
}

const MSG = {
  conflict: "Server Side Encryption with Customer provided key is incompatible with the encryption method specified",
  algorithm: "The Encryption request you specified is not valid. Supported value: AES256.",
  missingAlgorithm:
    "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.",
  missingKey:
    "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.",
  missingMd5:
    "Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.",
  md5Mismatch: "The calculated MD5 hash of the key did not match the hash that was provided.",
  invalidKey: "The secret key was invalid for the specified algorithm.",
  wrongKey:
    "Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.",
};

export interface ValidateOptions {
  use: KeyUse;
  faults: Faults;
  /**
   * The request's x-amz-server-side-encryption, when present: conflicts with SSE-C (evidence sse-conflict.put,
   * sse-conflict.copy).
   */
  sse?: { dialect: Dialect; value: string };
}

/**
 * Validates one scope's SSE-C fields, in this order (the `aws` profile's):
 * conflict with x-amz-server-side-encryption (evidence sse-conflict.put) → algorithm missing (evidence
 * missing.algorithm-put) or not AES256 (evidence algorithm.invalid-put) →
 * key missing (evidence missing.key-put) → MD5 missing (evidence missing.md5) → key not base64 (evidence
 * key.not-base64) → MD5 mismatch, hex, non-base64 (evidence md5.mismatch-put)
 * → key not 32 bytes (evidence key.wrong-length-put: 400 on writes; evidence key.wrong-length-read: 403 on reads).
 */
export function validateSsec(f: SsecFields, opts: ValidateOptions): CustomerKey {
  const { faults } = opts;
  const fail = (
    code: "InvalidArgument" | "InvalidEncryptionAlgorithmError" | "AccessDenied",
    msg: string,
    value?: string,
  ): never => {
    // (RustFS #1998): validation errors surfaced as 500.
    if (faults.has("validation-500"))
      throw new S3Fault("InternalError", "We encountered an internal error. Please try again.");
    throw new S3Fault(code, msg, code === "AccessDenied" ? {} : argument(f.dialect, value));
  };

  if (opts.sse && f.scope === "target" && !faults.has("sse-conflict-accepted")) {
    fail("InvalidArgument", MSG.conflict, opts.sse.value);
  }
  if (f.algorithm === undefined || f.algorithm === "") fail("InvalidArgument", MSG.missingAlgorithm);
  if (f.algorithm !== "AES256" && !faults.has("algorithm-not-checked")) {
    fail("InvalidEncryptionAlgorithmError", MSG.algorithm, f.algorithm);
  }
  if (f.key === undefined || f.key === "") fail("InvalidArgument", MSG.missingKey);
  if (f.keyMd5 === undefined || f.keyMd5 === "") fail("InvalidArgument", MSG.missingMd5);
  const keyText = f.key as string;
  const md5Text = f.keyMd5 as string;

  // A lenient decoder (Node's Buffer.from, Python's b64decode without validate) skips characters
  // outside the alphabet, so a malformed key passes as the valid key around the junk.
  const raw = faults.has("key-base64-lenient") ? Buffer.from(keyText, "base64") : decodeStrictBase64(keyText);
  if (raw === undefined) {
    // evidence key.not-base64: the key cannot even be decoded; on reads AWS answers every bad key with 403 (evidence
    // key.wrong-length-read).
    fail(opts.use === "read" ? "AccessDenied" : "InvalidArgument", opts.use === "read" ? MSG.wrongKey : MSG.invalidKey);
  }
  const key = raw as Buffer;
  const digest = createHash("md5").update(key).digest();
  if (!faults.has("md5-not-checked")) {
    const given = decodeStrictBase64(md5Text);
    const hexOk =
      faults.has("hex-md5-accepted") && /^[0-9a-fA-F]{32}$/.test(md5Text) && Buffer.from(md5Text, "hex").equals(digest);
    // Base64 is case-sensitive; comparing it as text without case (EqualFold) accepts other digests.
    const foldOk =
      faults.has("md5-case-insensitive") && md5Text.toLowerCase() === digest.toString("base64").toLowerCase();
    if (!hexOk && !foldOk && (given === undefined || given.length !== 16 || !given.equals(digest))) {
      fail("InvalidArgument", MSG.md5Mismatch);
    }
  }
  let bytes = key;
  if (key.length !== 32) {
    if (opts.use === "write" && faults.has("short-key-accepted")) {
      bytes = Buffer.alloc(32);
      key.copy(bytes, 0, 0, Math.min(32, key.length));
    } else {
      fail(
        opts.use === "read" ? "AccessDenied" : "InvalidArgument",
        opts.use === "read" ? MSG.wrongKey : MSG.invalidKey,
      );
    }
  }
  return new CustomerKey(bytes, digest.toString("base64"), f.dialect, keyText);
}

/** Response echo (evidence headers.interfaces): algorithm + key-MD5, never the key, in the dialect of the request. */
export function echoHeaders(key: CustomerKey, faults: Faults): HeaderPairs {
  if (faults.has("echo-missing")) return [];
  // An OBS front end that answers every request in one dialect, whichever the request used.
  const dialect = faults.has("obs-echo-amz-only") ? "amz" : faults.has("obs-echo-native-only") ? "obs" : key.dialect;
  const p = PREFIX[dialect].target;
  const out: HeaderPairs = [
    [`${p}algorithm`, "AES256"],
    [`${p}key-MD5`, key.md5],
  ];
  if (faults.has("echo-key")) out.push([`${p}key`, key.base64]);
  return out;
}

export const SSEC_MESSAGES = MSG;
