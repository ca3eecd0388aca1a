/**
 * Authorization-header SigV4 (AWS S3 API reference, "Authenticating Requests: Using the
 * Authorization Header"):
 *
 *   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request,
 *                  SignedHeaders=host;range;x-amz-date, Signature=<64 hex>
 *
 * Check order: header syntax and credential scope (AuthorizationHeaderMalformed), request date
 * (AccessDenied when missing or invalid), credential date = request date, clock skew
 * (RequestTimeTooSkewed), x-amz-content-sha256 present, headers signed (AccessDenied), access key
 * (InvalidAccessKeyId), signature (SignatureDoesNotMatch), then the body plan.
 */
import { fault, S3Fault } from "../errors.ts";
import { canonicalQuery, type HeaderBag, type RawQueryParam } from "./canonical.ts";
import { parseCredential, requestDate, skewFault } from "./credential.ts";
import type { AuthConfig, AuthInput, AuthOutcome } from "./types.ts";
import { authenticateSigned, parseSignedHeaders, unsignedHeadersFault } from "./signed-request.ts";
import { ALGORITHM } from "./signing-key.ts";

export interface ParsedAuthorization {
  credential: string;
  signedHeaders: string;
  signature: string;
}

function malformed(message: string): S3Fault {
  return fault("AuthorizationHeaderMalformed", `The authorization header is malformed; ${message}`);
}

/** Splits the Authorization value into its three components; every other shape is malformed. */
export function parseAuthorization(value: string): ParsedAuthorization | S3Fault {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  if (scheme !== ALGORITHM) {
    if (scheme === "AWS") {
      return fault(
        "InvalidRequest",
        "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
      );
    }
    return fault("InvalidArgument", "Unsupported Authorization Type", {
      ArgumentName: "Authorization",
      ArgumentValue: scheme.slice(0, 64),
    });
  }
  const found = new Map<string, string>();
  for (const component of trimmed.slice(space < 0 ? trimmed.length : space).split(",")) {
    const c = component.trim();
    if (c === "") continue;
    const eq = c.indexOf("=");
    if (eq <= 0) return malformed(`invalid component "${c.slice(0, 64)}".`);
    const name = c.slice(0, eq).trim();
    if (name !== "Credential" && name !== "SignedHeaders" && name !== "Signature") {
      return malformed(`unknown component "${name.slice(0, 64)}".`);
    }
    if (found.has(name)) return malformed(`repeated component ${name}.`);
    found.set(name, c.slice(eq + 1).trim());
  }
  const credential = found.get("Credential");
  const signedHeaders = found.get("SignedHeaders");
  const signature = found.get("Signature");
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return malformed("it must contain Credential, SignedHeaders and Signature.");
  }
  return { credential, signedHeaders, signature };
}

export function verifyHeaderAuth(
  input: AuthInput,
  headers: HeaderBag,
  query: readonly RawQueryParam[],
  authorization: string,
  cfg: AuthConfig,
): AuthOutcome {
  const parsed = parseAuthorization(authorization);
  if (parsed instanceof S3Fault) return { ok: false, fault: parsed };
  const credential = parseCredential(parsed.credential, cfg.region, "header");
  if (credential instanceof S3Fault) return { ok: false, fault: credential };
  const signedHeaders = parseSignedHeaders(parsed.signedHeaders);
  if (!signedHeaders) return { ok: false, fault: malformed("SignedHeaders is not a list of lower-case header names.") };

  const date = requestDate(headers.get("x-amz-date"), headers.get("date"));
  if (!date) {
    return { ok: false, fault: fault("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header") };
  }
  if (date.text.slice(0, 8) !== credential.date) {
    return {
      ok: false,
      fault: malformed(
        `Invalid credential date "${credential.date}". This date is not the same as X-Amz-Date: "${date.text.slice(0, 8)}".`,
      ),
    };
  }
  const now = (cfg.now ?? (() => new Date()))().getTime();
  const skewed = skewFault(date, now);
  if (skewed) return { ok: false, fault: skewed };

  const payloadHash = headers.get("x-amz-content-sha256")?.trim();
  if (payloadHash === undefined) {
    return {
      ok: false,
      fault: fault("InvalidRequest", "Missing required header for this request: x-amz-content-sha256"),
    };
  }
  const unsigned = unsignedHeadersFault(headers, signedHeaders);
  if (unsigned) return { ok: false, fault: unsigned };

  return authenticateSigned(
    input,
    headers,
    headers,
    {
      form: "header",
      credential,
      date,
      signedHeaders,
      signature: parsed.signature,
      canonicalQuery: canonicalQuery(query),
      payloadHash,
    },
    cfg,
  );
}
