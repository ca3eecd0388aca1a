/**
 * What a failed exchange is: no HTTP response came (timeout, DNS, TLS, refused or reset
 * connection, a request undici will not send). Its own file so that the transport (send.ts) and
 * the retry layer (retry.ts) share it without importing each other.
 */
import type { ExchangeRecord } from "./types.ts";

/**
 * Why no HTTP response came: `dns` the name does not resolve, `connect` refused/unreachable or
 * the connection was reset/closed mid-exchange, `tls` the handshake or certificate trust failed,
 * `timeout` no complete answer in time, `request` undici would not send it, `other` the rest.
 */
export type TransportFailure = "timeout" | "dns" | "tls" | "connect" | "request" | "other";

/** The exchange did not produce an HTTP response: not a verdict on the server's S3 behaviour. */
export class S3TransportError extends Error {
  override name = "S3TransportError";
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly exchange: ExchangeRecord,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The `code`s along an error's cause chain, outermost first (undici wraps socket errors). */
export function errorCodes(e: unknown): string[] {
  const codes: string[] = [];
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 8; x = x.cause, depth++) {
    const c = (x as { code?: string }).code;
    if (c) codes.push(c);
  }
  return codes;
}
