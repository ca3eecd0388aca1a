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
import type { ClientOptions, S3Client, S3Request, S3Response } from "./types.ts";
import { prepareRequest } from "./prepare.ts";
import { createTransport } from "./send.ts";
import { SigV4 } from "./sign.ts";
import { withRetries, type RetryPolicy } from "./retry.ts";

/** Per-request timeout when neither the request nor the client sets one. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export function createClient(options: ClientOptions): S3Client {
  const signer = new SigV4({
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    region: options.region,
  });
  // Exchanges are reported here, after the retry layer has annotated them, not by the transport.
  const transport = createTransport({ caPem: options.caPem, insecure: options.insecure, lookup: options.lookup });
  const policy: RetryPolicy = { ...options.retryBackoff, retries: Math.max(0, options.retries ?? 0) };
  return {
    async send(req: S3Request): Promise<S3Response> {
      return withRetries(
        req,
        policy,
        // Re-prepared per attempt: a fresh x-amz-date and signature, a fresh aws-chunked body stream.
        async () =>
          transport.send(await prepareRequest(options, signer, req), {
            timeoutMs: req.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            streamResponse: req.streamResponse,
          }),
        (outcome) => options.onExchange?.(outcome.exchange),
      );
    },
    close: () => transport.close(),
  };
}

export type * from "./types.ts";
export { ClientUsageError, s3UriEncode } from "./address.ts";
export { S3TransportError, type TransportFailure } from "./send.ts";
export { DEFAULT_REMOTE_RETRIES, replayability, retryReason, type Replay, type RetryPolicy } from "./retry.ts";
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
  checksumBase64,
  crc32,
  crc32c,
  crcToBase64,
  md5Base64,
  sha256Hex,
  type ChecksumAlgorithm,
} from "./checksum-headers.ts";
export * from "./xml.ts";
export { buildPostForm, signPolicy, type PostFormOptions, type PostForm, type PolicyCondition } from "./post-policy.ts";
