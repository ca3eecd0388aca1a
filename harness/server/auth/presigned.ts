/**
 * Query-string SigV4, i.e. presigned URLs (AWS S3 API reference, "Authenticating Requests: Using
 * Query Parameters"): X-Amz-Algorithm, -Credential, -Date, -Expires (1..604800 s), -SignedHeaders,
 * -Signature. The canonical query is every parameter except X-Amz-Signature; the payload hash is
 * UNSIGNED-PAYLOAD unless the client sent x-amz-content-sha256 (header, or hoisted into the query
 * as the AWS SDK presigner does: `X-Amz-Content-Sha256=UNSIGNED-PAYLOAD`).
 *
 * The SDK presigner hoists other x-amz-* headers into the query too (x-amz-checksum-crc32 and
 * x-amz-sdk-checksum-algorithm for PUT); S3 applies them as if they were headers, so the body plan
 * is built from the headers plus those query parameters.
 */
import { fault, S3Fault } from "../errors.ts";
import { canonicalQuery, HeaderBag, percentDecode, type RawQueryParam } from "./canonical.ts";
import { MAX_SKEW_MS, parseAmzDate, parseCredential } from "./credential.ts";
import type { AuthConfig, AuthInput, AuthOutcome } from "./types.ts";
import { UNSIGNED_PAYLOAD } from "./body-plan.ts";
import { authenticateSigned, parseSignedHeaders, unsignedHeadersFault } from "./signed-request.ts";
import { ALGORITHM } from "./signing-key.ts";

/** The X-Amz-* query parameters a presigned URL must carry, X-Amz-Signature last. */
const AUTH_PARAM_NAMES = ["Algorithm", "Credential", "Date", "Expires", "SignedHeaders", "Signature"] as const;
type AuthParam = `X-Amz-${(typeof AUTH_PARAM_NAMES)[number]}`;
export const AUTH_PARAMS: readonly AuthParam[] = AUTH_PARAM_NAMES.map((n): AuthParam => `X-Amz-${n}`);

/** Longest validity S3 allows: seven days. */
export const MAX_EXPIRES_S = 604800;

function queryError(message: string): S3Fault {
  return fault("AuthorizationQueryParametersError", message);
}

export function verifyPresigned(
  input: AuthInput,
  headers: HeaderBag,
  query: readonly RawQueryParam[],
  cfg: AuthConfig,
): AuthOutcome {
  const values = new Map<AuthParam, string>();
  for (const p of query) {
    const name = p.rawName as AuthParam;
    if (!AUTH_PARAMS.includes(name)) continue;
    if (values.has(name)) return { ok: false, fault: queryError(`${name} appears more than once.`) };
    values.set(name, percentDecode(p.rawValue));
  }
  if (AUTH_PARAMS.some((p) => !values.has(p))) {
    return {
      ok: false,
      fault: queryError(
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
      ),
    };
  }
  const get = (p: AuthParam): string => values.get(p)!;
  if (get("X-Amz-Algorithm") !== ALGORITHM) {
    return { ok: false, fault: queryError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"') };
  }
  const credential = parseCredential(get("X-Amz-Credential"), cfg.region, "query");
  if (credential instanceof S3Fault) return { ok: false, fault: credential };
  const date = parseAmzDate(get("X-Amz-Date"));
  if (!date)
    return { ok: false, fault: queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"") };
  if (date.text.slice(0, 8) !== credential.date) {
    return {
      ok: false,
      fault: queryError(`Invalid credential date "${credential.date}". This date is not the same as X-Amz-Date.`),
    };
  }
  const expiresText = get("X-Amz-Expires");
  if (!/^\d{1,7}$/.test(expiresText)) return { ok: false, fault: queryError("X-Amz-Expires should be a number") };
  const expires = Number(expiresText);
  if (expires < 1) return { ok: false, fault: queryError("X-Amz-Expires must be non-negative") };
  if (expires > MAX_EXPIRES_S)
    return { ok: false, fault: queryError("X-Amz-Expires must be less than a week (in seconds) that is 604800") };
  const signedHeaders = parseSignedHeaders(get("X-Amz-SignedHeaders"));
  if (!signedHeaders)
    return { ok: false, fault: queryError("X-Amz-SignedHeaders is not a list of lower-case header names.") };

  const now = (cfg.now ?? (() => new Date()))().getTime();
  if (now > date.ms + expires * 1000) {
    return {
      ok: false,
      fault: fault("AccessDenied", "Request has expired", {
        "X-Amz-Expires": expiresText,
        Expires: new Date(date.ms + expires * 1000).toISOString(),
        ServerTime: new Date(now).toISOString(),
      }),
    };
  }
  if (date.ms - now > MAX_SKEW_MS) {
    return {
      ok: false,
      fault: fault("AccessDenied", "Request is not valid yet", { ServerTime: new Date(now).toISOString() }),
    };
  }

  const unsigned = unsignedHeadersFault(headers, signedHeaders);
  if (unsigned) return { ok: false, fault: unsigned };

  // Headers as S3 applies them: the request's own, plus x-amz-* parameters hoisted into the query.
  const hoisted: [string, string][] = [];
  for (const p of query) {
    const name = percentDecode(p.rawName).toLowerCase();
    if (!name.startsWith("x-amz-") || AUTH_PARAMS.some((a) => a.toLowerCase() === name)) continue;
    if (headers.has(name)) continue;
    hoisted.push([name, percentDecode(p.rawValue)]);
  }
  const effective = hoisted.length === 0 ? headers : new HeaderBag([...input.headers, ...hoisted]);
  const payloadHash = effective.get("x-amz-content-sha256")?.trim() ?? UNSIGNED_PAYLOAD;

  return authenticateSigned(
    input,
    headers,
    effective,
    {
      form: "query",
      credential,
      date,
      signedHeaders,
      signature: get("X-Amz-Signature"),
      canonicalQuery: canonicalQuery(query, "X-Amz-Signature"),
      payloadHash,
    },
    cfg,
  );
}
