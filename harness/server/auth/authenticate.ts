/**
 * The entry of every signed request: picks the mechanism (Authorization header or presigned
 * query) and refuses what S3 refuses before any signature is computed (two mechanisms at once,
 * SigV2, no authentication at all).
 */
import { fault } from "../errors.ts";
import { HeaderBag, parseRawQuery } from "./canonical.ts";
import { verifyHeaderAuth } from "./header-auth.ts";
import { verifyPresigned } from "./presigned.ts";
import type { AuthConfig, AuthInput, AuthOutcome } from "./types.ts";

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
