/**
 * The reference server's authentication layer (contract: prompts/api-auth.md).
 *
 * Everything is computed here with node:crypto; nothing is shared with the client side
 * (harness/client) or @smithy/*, so a signing bug on either side cannot hide itself.
 * Module map: canonical.ts (canonical request), signing-key.ts (HMAC chain, comparisons),
 * credential.ts (scope, dates, skew), header-auth.ts, presigned.ts, signed-request.ts (shared
 * verification), plan.ts (what the headers say about the body), aws-chunked.ts (framing and chunk
 * signatures), checksums.ts (CRC32/CRC32C/CRC64NVME/SHA/MD5), payload.ts (verifiedBody),
 * post-policy.ts (browser POST uploads).
 */
import type { Readable } from "node:stream";
import { fault, type S3Fault } from "../errors.ts";
import { HeaderBag, parseRawQuery } from "./canonical.ts";
import { verifyHeaderAuth } from "./header-auth.ts";
import { verifiedBody as verifiedBodyImpl, type VerifiedBodyOptions } from "./payload.ts";
export { verifiedChecksum, type VerifiedChecksum } from "./payload.ts";
import { verifyPostPolicy as verifyPostPolicyImpl, type PostPolicyOutcome } from "./post-policy.ts";
import { verifyPresigned } from "./presigned.ts";

export type { VerifiedBodyOptions } from "./payload.ts";
export type { PostPolicyOutcome } from "./post-policy.ts";

export interface AuthInput {
  method: string;
  /** Path exactly as on the wire (percent-encoded), without the query string. */
  rawPath: string;
  /** Query string exactly as on the wire, without the leading '?'. "" when absent. */
  rawQuery: string;
  /** node's req.rawHeaders as pairs, original case and order, duplicates kept. */
  headers: [string, string][];
}

export interface AuthConfig {
  region: string;
  /** Secret for an access key id, undefined when unknown (→ InvalidAccessKeyId). */
  secretFor: (accessKeyId: string) => string | undefined;
  /** Clock (tests inject one). Default () => new Date(). */
  now?: () => Date;
}

/** How the request body must be decoded and verified. Opaque to callers except these fields. */
export interface BodyPlan {
  /** Length of the decoded payload when known up front (content-length, or x-amz-decoded-content-length for aws-chunked). */
  decodedLength?: number;
  /** Internals (payload hash mode, chunk-signing state, expected checksums, Content-MD5 …). */
  readonly [internal: string]: unknown;
}

export type AuthOutcome = { ok: true; accessKeyId: string; body: BodyPlan } | { ok: false; fault: S3Fault };

/**
 * Verifies a request's SigV4 authentication: Authorization header or presigned query
 * (X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders/Signature). Checks: algorithm, credential
 * scope (date, region, service s3, aws4_request), access key, clock skew (15 min → RequestTimeTooSkewed;
 * presigned: expiry → AccessDenied), signed headers present (host mandatory), signature →
 * SignatureDoesNotMatch. Requests with no auth at all → AccessDenied (no anonymous access).
 * Does NOT read the body; returns the plan to verify it.
 */
export function authenticate(input: AuthInput, cfg: AuthConfig): AuthOutcome {
  try {
    const headers = new HeaderBag(input.headers);
    const query = parseRawQuery(input.rawQuery);
    const authorization = headers.get("authorization");
    const presigned = query.some((p) => p.rawName === "X-Amz-Algorithm" || p.rawName === "X-Amz-Signature");
    const presignedV2 = query.some((p) => p.rawName === "AWSAccessKeyId" || p.rawName === "Signature");
    if (authorization !== undefined && (presigned || presignedV2)) {
      return {
        ok: false,
        fault: fault(
          "InvalidArgument",
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
          { ArgumentName: "Authorization" },
        ),
      };
    }
    if (authorization !== undefined) return verifyHeaderAuth(input, headers, query, authorization, cfg);
    if (presigned) return verifyPresigned(input, headers, query, cfg);
    if (presignedV2) {
      return {
        ok: false,
        fault: fault(
          "InvalidRequest",
          "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
        ),
      };
    }
    return { ok: false, fault: fault("AccessDenied", "Access Denied") };
  } catch (err) {
    // Defence in depth for the fuzzer: no input may escape as an exception.
    return {
      ok: false,
      fault: fault("InternalError", `Authentication failed unexpectedly: ${(err as Error).message}`),
    };
  }
}

/**
 * Wraps the raw request body: yields the decoded payload bytes (aws-chunked framing removed) and
 * verifies, as bytes stream through: x-amz-content-sha256 hex hash (→ XAmzContentSHA256Mismatch),
 * UNSIGNED-PAYLOAD (nothing), STREAMING-AWS4-HMAC-SHA256-PAYLOAD chunk signatures (→ SignatureDoesNotMatch),
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER and STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER trailers,
 * x-amz-checksum-{crc32,crc32c,sha1,sha256} as header or trailer (→ BadDigest; malformed → InvalidDigest
 * or InvalidRequest), Content-MD5 (→ BadDigest; malformed → InvalidDigest), decoded length vs
 * declared length (→ IncompleteBody). On failure the returned stream is destroyed with the S3Fault as
 * its error, so a consumer that commits only after a clean 'end' never stores unverified bytes.
 * Memory stays bounded (no whole-body buffering).
 *
 * Malformed digest headers are already refused by `authenticate`. `options.ignoreChecksumHeaders`
 * is for CompleteMultipartUpload, whose x-amz-checksum-* headers describe the object, not the body.
 */
export function verifiedBody(plan: BodyPlan, raw: Readable, options?: VerifiedBodyOptions): Readable {
  return verifiedBodyImpl(plan, raw, options);
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
    return verifyPostPolicyImpl(fields, bucket, cfg, filename);
  } catch (err) {
    return {
      ok: false,
      fault: fault("InternalError", `POST policy check failed unexpectedly: ${(err as Error).message}`),
    };
  }
}
