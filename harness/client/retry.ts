/**
 * Bounded retries against a flaky target: a throttled (503 SlowDown), failed (500 InternalError)
 * or reset exchange is tried again after an exponential backoff with full jitter, for requests
 * whose replay cannot change what the check sees. Everything else is answered as it came.
 *
 * What may be replayed (S3 semantics; RFC 9110 §9.2.2 calls PUT and DELETE idempotent, but an S3
 * answer is not always the same the second time):
 *   - GET, HEAD: safe.
 *   - PUT of an object, a part or a copy with a Buffer/string body (or none): replaying leaves the
 *     same state and gives the same answer (the last write wins; a part number is overwritten).
 *   - DELETE of an object: 204 whether or not the object is still there.
 *   - Only when the server refused to act (503): PUT/DELETE of a bucket, DELETE ?uploadId (abort)
 *     and conditional writes (If-None-Match / If-Match on PUT). Had the first attempt done its work
 *     before a 500 or a reset, the replay would answer 409 BucketAlreadyOwnedByYou, 404
 *     NoSuchBucket / NoSuchUpload or 412: an answer the server never gave the check's request.
 *   - Never: POST (initiate, complete, POST Object forms, delete-objects), any other method, and a
 *     stream body (it cannot be sent twice).
 *
 * What is retried:
 *   - 503 (SlowDown, ServiceUnavailable, or no body as on HEAD): the server says it did nothing.
 *   - 500 with Code InternalError or no S3 error body (HEAD, a proxy's page); a 500 with another
 *     Code is a deliberate answer, kept. 502 / 504 without an S3 body: a gateway, not the server.
 *   - A connection reset or closed mid-exchange (ECONNRESET, EPIPE, undici "other side closed").
 * Not retried: timeouts (the per-request timeout is the bound the user set; replays would multiply
 * it and a hung server answers the same), refused connections, DNS and TLS failures (the target is
 * unreachable: the CLI exits 3 on them), requests undici will not send.
 *
 * The check sees the final attempt's answer, so a server that keeps failing still fails the check.
 * Every attempt is recorded (ExchangeRecord.attempt, .retryReason) so reports count the retries.
 * Backoff: AWS SDK "standard" retry mode — full jitter over base·2^n, capped
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html), and a
 * numeric Retry-After (RFC 9110 §10.2.3) honoured up to the cap.
 */
import type { RetryPolicy, S3Request, S3Response } from "./types.ts";
import { errorCodes, S3TransportError } from "./transport-error.ts";

/** Retries after the first attempt that the CLI uses against a remote target. */
export const DEFAULT_REMOTE_RETRIES = 2;

/** How far a request may be replayed. */
export type Replay = "never" | "if-refused" | "always";

export function replayability(req: S3Request): Replay {
  const method = req.method.toUpperCase();
  const body = req.body;
  if (body !== undefined && typeof body !== "string" && !Buffer.isBuffer(body)) return "never";
  const has = (name: string) => (req.headers ?? []).some(([n]) => n.toLowerCase() === name);
  const inQuery = (name: string) => (req.query ?? []).some(([n]) => n === name);
  switch (method) {
    case "GET":
    case "HEAD":
      return "always";
    case "PUT":
      if (req.key === undefined) return "if-refused"; // bucket create / bucket sub-resources
      if (has("if-none-match") || has("if-match")) return "if-refused";
      return "always";
    case "DELETE":
      if (req.key === undefined || inQuery("uploadId")) return "if-refused";
      return "always";
    default:
      return "never";
  }
}

const RESET_CODES = /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/;

/**
 * Why this outcome deserves another attempt, or undefined to hand it to the caller. `refused`
 * reasons (the server did nothing) allow replays of "if-refused" requests too.
 */
export function retryReason(outcome: S3Response | S3TransportError): { reason: string; refused: boolean } | undefined {
  if (outcome instanceof S3TransportError) {
    if (outcome.kind !== "connect") return undefined;
    const reset = errorCodes(outcome.cause).find((c) => RESET_CODES.test(c));
    return reset ? { reason: `connection ${reset}`, refused: false } : undefined;
  }
  const code = outcome.error?.code;
  const label = `${outcome.status}${code ? ` ${code}` : ""}`;
  if (outcome.status === 503) return { reason: label, refused: true };
  if (outcome.status === 500 && (code === undefined || code === "InternalError"))
    return { reason: label, refused: false };
  if ((outcome.status === 502 || outcome.status === 504) && code === undefined)
    return { reason: label, refused: false };
  return undefined;
}

/** Wait before retry number `retry` (1-based): full jitter, or Retry-After when the server set one. */
export function backoffMs(retry: number, policy: RetryPolicy, retryAfter?: string): number {
  const base = policy.baseDelayMs ?? 100;
  const cap = policy.maxDelayMs ?? 5000;
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()))
    return Math.min(cap, Number(retryAfter.trim()) * 1000);
  const ceiling = Math.min(cap, base * 2 ** (retry - 1));
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

/**
 * Runs `attempt` until it gives an answer not worth retrying or the retries are spent; returns or
 * throws the final outcome. `record` sees every attempt's outcome once it is settled (annotated).
 */
export async function withRetries(
  req: S3Request,
  policy: RetryPolicy,
  attempt: () => Promise<S3Response>,
  record: (outcome: S3Response | S3TransportError) => void,
): Promise<S3Response> {
  const replay = policy.retries > 0 ? replayability(req) : "never";
  for (let n = 1; ; n++) {
    let outcome: S3Response | S3TransportError;
    try {
      outcome = await attempt();
    } catch (e) {
      if (!(e instanceof S3TransportError)) throw e; // a usage error: nothing was sent
      outcome = e;
    }
    const why = n <= policy.retries && replay !== "never" ? retryReason(outcome) : undefined;
    const again = why !== undefined && (replay === "always" || why.refused);
    if (again || n > 1) outcome.exchange.attempt = n;
    if (again) {
      outcome.exchange.retryReason = why.reason;
      // A streamed 503: drain it (small, and the connection stays reusable); errors go nowhere.
      if (!(outcome instanceof S3TransportError)) outcome.stream?.on("error", () => {}).resume();
    }
    record(outcome);
    if (!again) {
      if (outcome instanceof S3TransportError) throw outcome;
      return outcome;
    }
    const retryAfter = outcome instanceof S3TransportError ? undefined : outcome.headers["retry-after"];
    await new Promise((r) => setTimeout(r, backoffMs(n, policy, retryAfter)));
  }
}
