/**
 * One table of the S3 error codes the reference server answers with. Errors are values with a
 * code (never thrown strings): handlers return or throw an `S3Fault`, the front end renders it as
 * S3 XML (`<Error><Code>…`), or as a bodiless response for HEAD.
 */

export const S3_ERRORS = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  /** The HTTP request itself could not be parsed (node-adapter.ts answerClientError). */
  BadRequest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidEncryptionAlgorithmError: 400,
  InvalidLocationConstraint: 400,
  InvalidPart: 400,
  InvalidPartNumber: 416,
  InvalidPolicyDocument: 400,
  InvalidPartOrder: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  InvalidURI: 400,
  KeyTooLongError: 400,
  MalformedPOSTRequest: 400,
  MalformedPolicy: 400,
  MalformedXML: 400,
  MaxMessageLengthExceeded: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  MissingSecurityHeader: 400,
  NoSuchBucket: 404,
  NoSuchBucketPolicy: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NoSuchVersion: 404,
  NotImplemented: 501,
  NotModified: 304,
  PreconditionFailed: 412,
  RequestHeaderSectionTooLarge: 400,
  RequestTimeTooSkewed: 403,
  RequestTimeout: 400,
  ServerSideEncryptionConfigurationNotFoundError: 404,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
} as const;

export type S3ErrorCode = keyof typeof S3_ERRORS;

export class S3Fault extends Error {
  readonly status: number;
  /** Response headers the error carries (x-amz-delete-marker, x-amz-version-id, Allow). Never key material. */
  headers: [string, string][] = [];
  constructor(
    readonly code: S3ErrorCode,
    message: string,
    /** Extra child elements of <Error> (ArgumentName, ArgumentValue, …). Never key material. */
    readonly fields: Record<string, string> = {},
    status?: number,
  ) {
    super(message);
    this.name = "S3Fault";
    this.status = status ?? S3_ERRORS[code];
  }
}

export function fault(code: S3ErrorCode, message: string, fields?: Record<string, string>): S3Fault {
  return new S3Fault(code, message, fields);
}
