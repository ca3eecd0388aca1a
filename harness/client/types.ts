/**
 * The raw S3 client's request and response shapes. Negative checks must be able to send what an
 * SDK refuses to send, so headers are an ordered list of pairs: any header may be omitted,
 * duplicated or malformed on purpose.
 */
import type { Readable } from "node:stream";
import type { LookupFunction } from "node:net";

/** One request/response as recorded by the client, keys NOT yet redacted (redact before output). */
export interface ExchangeRecord {
  method: string;
  url: string;
  requestHeaders: [string, string][];
  requestBodyPreview?: string;
  status?: number;
  responseHeaders?: [string, string][];
  responseBodyPreview?: string;
  error?: string;
  durationMs?: number;
  /** 1-based attempt number, set on every attempt of a request the client retried (client/retry.ts). */
  attempt?: number;
  /** Set on an attempt that was retried: why (`503 SlowDown`, `connection ECONNRESET`). Count these for retries. */
  retryReason?: string;
}

export type HeaderList = [name: string, value: string][];

export type PayloadMode =
  /** x-amz-content-sha256 = hex sha256 of the body (body must be a Buffer/string). Default. */
  | "signed"
  /** x-amz-content-sha256 = UNSIGNED-PAYLOAD (streams allowed). */
  | "unsigned"
  /** aws-chunked with per-chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD). */
  | "streaming-signed"
  /** aws-chunked, unsigned chunks, trailing checksum (STREAMING-UNSIGNED-PAYLOAD-TRAILER). */
  | "streaming-unsigned-trailer";

export interface S3Request {
  method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE" | string;
  /** Bucket name; omit for service-level requests (ListBuckets). */
  bucket?: string;
  /** Object key, unencoded (the client URI-encodes it once, S3 style). */
  key?: string;
  /** Query parameters in order; value "" gives `?uploads=`-style; null gives bare `?uploads`. */
  query?: [string, string | null][];
  headers?: HeaderList;
  body?: Buffer | string | Readable | AsyncIterable<Uint8Array>;
  /** Length of a stream body when known (sets content-length / x-amz-decoded-content-length). */
  contentLength?: number;
  payload?: PayloadMode;
  /** Auth: SigV4 Authorization header (default), presigned query, or none (anonymous). */
  auth?: "header" | "presign" | "none";
  /** Presigned URL lifetime in seconds. */
  expiresIn?: number;
  /** Headers to leave out of the signature even though they are sent (for negative tests). */
  unsignedHeaders?: string[];
  /** Use the target's plain-http endpoint instead of https. */
  plainHttp?: boolean;
  /** Return the body as a stream instead of buffering it (large GETs). */
  streamResponse?: boolean;
  /** Override the signing date (clock-skew tests). */
  signingDate?: Date;
  timeoutMs?: number;
}

export interface S3Error {
  code: string;
  message?: string;
  /** Every other child element of <Error>, as text. */
  fields: Record<string, string>;
}

export interface S3Response {
  status: number;
  /** Lower-cased names; repeated headers joined with ", " as HTTP does. */
  headers: Record<string, string>;
  /** Buffered body (empty when `streamResponse` was set). */
  body: Buffer;
  /** Set when `streamResponse` was set. */
  stream?: Readable;
  /** Parsed `<Error>` body, when there is one. */
  error?: S3Error;
  /** The recorded exchange (not redacted). */
  exchange: ExchangeRecord;
}

export interface ClientOptions {
  /** https URL, e.g. `https://127.0.0.1:9000`. */
  endpoint: string;
  /** Plain-http URL used when a request sets `plainHttp`. */
  httpEndpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  virtualHosted?: boolean;
  caPem?: string;
  insecure?: boolean;
  timeoutMs?: number;
  /**
   * Retries after the first attempt for replayable requests on 503 / 500 InternalError / a reset
   * connection (see retry.ts for exactly which). Default 0; the CLI uses DEFAULT_REMOTE_RETRIES
   * against a remote target. The final attempt's answer is what `send` returns.
   */
  retries?: number;
  /** Backoff tuning (tests shorten it). */
  retryBackoff?: Omit<RetryPolicy, "retries">;
  /** Called with every exchange, retried attempts included (for transcripts and retry counts). */
  onExchange?: (e: ExchangeRecord) => void;
  /** Name resolution override (net.connect `lookup`): pin names to addresses, or fail them in tests. */
  lookup?: LookupFunction;
  /** Called when the client opens a connection (TCP, and TLS for https), for connection counts. */
  onConnect?: () => void;
}

export interface S3Client {
  send(req: S3Request): Promise<S3Response>;
  close(): Promise<void>;
}

/** How the client retries a throttled, failed or reset exchange (retry.ts). */
export interface RetryPolicy {
  /** Attempts after the first; 0 turns retries off. */
  retries: number;
  /** Backoff ceiling of the first retry in ms; it doubles per retry. Default 100. */
  baseDelayMs?: number;
  /** Largest wait between two attempts in ms (also caps Retry-After). Default 5000. */
  maxDelayMs?: number;
  /** Uniform [0, 1) source for the jitter (tests pass a fixed one). Default Math.random. */
  random?: () => number;
}
