/**
 * The parts shared by header, query and POST authentication: the credential scope
 * (`AKID/yyyymmdd/region/s3/aws4_request`) and the ISO 8601 basic timestamp.
 *
 * Each form reports a malformed credential under its own S3 error code (AWS S3 error responses):
 * AuthorizationHeaderMalformed for the Authorization header, AuthorizationQueryParametersError for
 * presigned URLs, InvalidArgument for POST form fields.
 */
import { fault, type S3ErrorCode, type S3Fault } from "../errors.ts";
import { scopeOf } from "./signing-key.ts";

export type AuthForm = "header" | "query" | "post";

export const MALFORMED_CODE: Record<AuthForm, S3ErrorCode> = {
  header: "AuthorizationHeaderMalformed",
  query: "AuthorizationQueryParametersError",
  post: "InvalidArgument",
};

export interface Credential {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
  /** `date/region/service/aws4_request`, as signed. */
  scope: string;
}

export interface AmzDate {
  /** The timestamp as sent (`yyyymmddThhmmssZ`), used verbatim in the string to sign. */
  text: string;
  ms: number;
}

const DATE8 = /^\d{8}$/;
const ACCESS_KEY = /^[\x21-\x7e]{1,128}$/;

export function parseCredential(value: string, expectedRegion: string, form: AuthForm): Credential | S3Fault {
  const code = MALFORMED_CODE[form];
  const parts = value.split("/");
  if (parts.length !== 5) {
    return fault(code, `The credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  if (!ACCESS_KEY.test(accessKeyId)) return fault(code, "The access key ID in the credential is mal-formed.");
  if (!DATE8.test(date) || parseAmzDate(`${date}T000000Z`) === undefined) {
    return fault(code, `Invalid credential date "${date}". This date is not the same as the date of the request.`);
  }
  if (region !== expectedRegion) {
    return fault(
      code,
      `The authorization header is malformed; the region '${region}' is wrong; expecting '${expectedRegion}'`,
      {
        Region: expectedRegion,
      },
    );
  }
  if (service !== "s3") {
    return fault(
      code,
      `The authorization is malformed; incorrect service "${service}". This endpoint belongs to "s3".`,
    );
  }
  if (terminator !== "aws4_request") {
    return fault(
      code,
      `The authorization is malformed; incorrect terminal "${terminator}". This endpoint uses "aws4_request".`,
    );
  }
  return { accessKeyId, date, region, service, scope: scopeOf(date, region, service) };
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `yyyymmddThhmmssZ`; undefined when malformed or not a real calendar instant. */
export function parseAmzDate(text: string): AmzDate | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return { text, ms };
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * The request time of a header-signed request: `x-amz-date`, else `Date` (RFC 7231 IMF-fixdate),
 * which SigV4 allows; the string to sign then uses its ISO 8601 basic form.
 */
export function requestDate(amzDateHeader: string | undefined, dateHeader: string | undefined): AmzDate | undefined {
  if (amzDateHeader !== undefined) return parseAmzDate(amzDateHeader.trim());
  if (dateHeader === undefined) return undefined;
  const IMF = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
  const trimmed = dateHeader.trim();
  if (!IMF.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  if (!Number.isFinite(ms)) return undefined;
  return { text: formatAmzDate(ms), ms };
}

/** S3 accepts requests up to 15 minutes from its clock (AWS S3 error RequestTimeTooSkewed). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

export function skewFault(request: AmzDate, nowMs: number): S3Fault | undefined {
  if (Math.abs(nowMs - request.ms) <= MAX_SKEW_MS) return undefined;
  return fault("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", {
    RequestTime: request.text,
    ServerTime: new Date(nowMs).toISOString(),
    MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
  });
}
