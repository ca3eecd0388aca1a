/**
 * What header and query authentication share once their parameters are parsed: which headers
 * must be signed, the access key lookup, the canonical request and the signature comparison.
 */
import { fault, S3Fault } from "../errors.ts";
import { canonicalHeaders, canonicalRequest, canonicalUri, sortedSignedHeaders, type HeaderBag } from "./canonical.ts";
import type { AmzDate, AuthForm, Credential } from "./credential.ts";
import type { AuthConfig, AuthInput, AuthOutcome } from "./types.ts";
import { buildBodyPlan } from "./body-plan.ts";
import { ALGORITHM, sha256Hex, signatureHex, signaturesEqual, signingKey, stringToSign } from "./signing-key.ts";

export interface SignedParts {
  form: AuthForm;
  credential: Credential;
  date: AmzDate;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: readonly string[];
  signature: string;
  canonicalQuery: string;
  payloadHash: string;
}

export interface Verified {
  accessKeyId: string;
  key: Buffer;
  /** The signature computed (equal to the one provided), the seed of aws-chunked chains. */
  signature: string;
}

const TOKEN = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** Parses `a;b;c`; undefined when empty or not a list of lower-case header names. */
export function parseSignedHeaders(value: string): string[] | undefined {
  const names = value.split(";");
  if (names.length === 0 || names.some((n) => !TOKEN.test(n))) return undefined;
  return names;
}

/**
 * SigV4 requires `host` to be signed, and S3 refuses requests carrying `x-amz-*` headers that
 * the signature does not cover ("There were headers present in the request which were not
 * signed", AccessDenied; evidence presigned.ssec). That is what makes the SSE-C and copy-source
 * headers of a presigned URL tamper-proof.
 */
export function unsignedHeadersFault(headers: HeaderBag, signed: readonly string[]): S3Fault | undefined {
  const signedSet = new Set(signed);
  const missing: string[] = [];
  if (!signedSet.has("host")) missing.push("host");
  for (const name of headers.names()) {
    if (name.startsWith("x-amz-") && !signedSet.has(name)) missing.push(name);
  }
  if (missing.length === 0) return undefined;
  return fault("AccessDenied", "There were headers present in the request which were not signed", {
    HeadersNotSigned: missing.join(", "),
  });
}

/** Looks the key up, recomputes the signature and compares it in constant time. */
export function verifySignature(
  input: AuthInput,
  headers: HeaderBag,
  parts: SignedParts,
  cfg: AuthConfig,
): Verified | S3Fault {
  const { credential } = parts;
  const secret = cfg.secretFor(credential.accessKeyId);
  if (secret === undefined) {
    return fault("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", {
      AWSAccessKeyId: credential.accessKeyId,
    });
  }
  const signedNames = sortedSignedHeaders(parts.signedHeaders);
  const creq = canonicalRequest({
    method: input.method.toUpperCase(),
    canonicalUri: canonicalUri(input.rawPath),
    canonicalQuery: parts.canonicalQuery,
    canonicalHeaders: canonicalHeaders(headers, signedNames),
    signedHeaders: signedNames.join(";"),
    payloadHash: parts.payloadHash,
  });
  const toSign = stringToSign(ALGORITHM, parts.date.text, credential.scope, sha256Hex(creq));
  const key = signingKey(secret, credential.date, credential.region, credential.service);
  const expected = signatureHex(key, toSign);
  if (!signaturesEqual(expected, parts.signature)) {
    // The canonical request is not echoed: it holds header values, SSE-C keys among them.
    return fault(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      {
        AWSAccessKeyId: credential.accessKeyId,
        StringToSign: toSign,
        SignatureProvided: parts.signature.slice(0, 128),
      },
    );
  }
  return { accessKeyId: credential.accessKeyId, key, signature: expected };
}

/**
 * The tail both forms share: verify the signature, then plan the body verification, seeding an
 * aws-chunked signature chain with the signature just verified. `bodyHeaders` are the headers
 * that describe the body (a presigned URL may carry some of them in its query).
 */
export function authenticateSigned(
  input: AuthInput,
  headers: HeaderBag,
  bodyHeaders: HeaderBag,
  parts: SignedParts,
  cfg: AuthConfig,
): AuthOutcome {
  const verified = verifySignature(input, headers, parts, cfg);
  if (verified instanceof S3Fault) return { ok: false, fault: verified };
  const plan = buildBodyPlan(bodyHeaders, parts.payloadHash, {
    key: verified.key,
    amzDate: parts.date.text,
    scope: parts.credential.scope,
    seed: verified.signature,
  });
  if (plan instanceof S3Fault) return { ok: false, fault: plan };
  return { ok: true, accessKeyId: verified.accessKeyId, body: plan };
}
