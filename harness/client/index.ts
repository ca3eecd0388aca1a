/**
 * The raw S3 client the suites and the CLI use. `createClient(options).send(request)` signs and
 * sends exactly what the request says — headers omitted, duplicated or malformed on purpose
 * included — and returns status, headers, body and the parsed S3 `<Error>`.
 *
 * A response is always returned when the server answered (any status). When it did not (timeout,
 * TLS, refused connection, a request undici will not send) `send` throws `S3TransportError`;
 * when the request cannot be built (plain HTTP without httpEndpoint, virtual-hosted on an IP, a
 * stream with payload 'signed') it throws `ClientUsageError`. Either way no verdict on the server.
 * With `retries`, a throttled / failed / reset exchange of a replayable request is tried again
 * (retry.ts); every attempt reaches `onExchange`, the last one is the answer.
 */
export { createClient, DEFAULT_TIMEOUT_MS } from "./create-client.ts";
export type * from "./types.ts";
export { ClientUsageError, s3UriEncode } from "./address.ts";
export { S3TransportError, type TransportFailure } from "./transport-error.ts";
export { DEFAULT_REMOTE_RETRIES, replayability, retryReason, type Replay } from "./retry.ts";
export {
  amzDate,
  chunkSignature,
  credentialScope,
  signingKey,
  SigV4,
  EMPTY_SHA256,
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_UNSIGNED_TRAILER,
  UNSIGNED_PAYLOAD,
} from "./sign.ts";
export {
  CHECKSUM_ALGORITHMS,
  checksumBase64,
  crc32,
  crc32c,
  crcToBase64,
  md5Base64,
  sha256Hex,
  type ChecksumAlgorithm,
} from "./checksum-headers.ts";
export * from "./xml.ts";
export * from "./xml-versions.ts";
export {
  emptyBucket,
  listAllPages,
  listKeys,
  statusAndCode,
  type EmptyBucketOptions,
  type EmptyBucketReport,
} from "./empty-bucket.ts";
export { buildPostForm, signPolicy, type PostFormOptions, type PostForm, type PolicyCondition } from "./post-policy.ts";
