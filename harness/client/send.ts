/**
 * The wire: keep-alive pools per client (pools.ts; TLS trust), one function that sends a fully
 * prepared request and returns status, headers, body (or stream) and the parsed S3 error.
 *
 * Headers go out in the given order, duplicates included (undici's flat-array form writes each
 * pair as a line). undici itself refuses a few things no negative test can then send: a second
 * Host or Content-Length, Transfer-Encoding/Upgrade/Keep-Alive set by hand, `Expect`, CR/LF in a
 * value, and a Content-Length that does not match a Buffer body. Those surface as
 * `S3TransportError` kind `request`.
 */
import type { LookupFunction } from "node:net";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import { Readable } from "node:stream";
import { request as undiciRequest } from "undici";
import type { ExchangeRecord, HeaderList, S3Response } from "./types.ts";
import { errorCodes, S3TransportError, type TransportFailure } from "./transport-error.ts";
import { previewBytes } from "./body-preview.ts";
import { OriginPools } from "./pools.ts";
import { parseS3Error } from "./xml.ts";

export interface PreparedRequest {
  method: string;
  /** Connection target, e.g. `https://127.0.0.1:9000`. */
  origin: string;
  /** Path + query exactly as sent. */
  path: string;
  /** TLS server name when it must differ from the Host header (see Address.servername). */
  servername?: string;
  /** Headers exactly as sent (Host included). */
  headers: HeaderList;
  body?: Buffer | Readable | AsyncIterable<Uint8Array>;
  /** What the record shows for a body that is not a Buffer. */
  bodyDescription?: string;
}

export interface SendOptions {
  timeoutMs: number;
  streamResponse?: boolean;
}

export interface TransportOptions {
  caPem?: string;
  insecure?: boolean;
  onExchange?: (e: ExchangeRecord) => void;
  /** Name resolution for connections (net.connect's `lookup`); tests use it to stay on loopback. */
  lookup?: LookupFunction;
  /** Called on each connection opened. */
  onConnect?: () => void;
  /** How long a connection (TCP and TLS) may take to open; undici's default is 10 s. */
  connectTimeoutMs?: number;
}

export interface Transport {
  send(req: PreparedRequest, opts: SendOptions): Promise<S3Response>;
  close(): Promise<void>;
}

export function createTransport(opts: TransportOptions): Transport {
  const trust = opts.insecure
    ? { rejectUnauthorized: false }
    : opts.caPem
      ? { secureContext: trustingAlso(opts.caPem) } // the given CA in addition to the system's
      : {};
  // A server busy with a burst of handshakes (a run's checks and cases side by side) may take
  // longer than undici's 10 s to accept: the request's own timeout is the one bound.
  const timeout = opts.connectTimeoutMs !== undefined ? { timeout: opts.connectTimeoutMs } : {};
  const connect = opts.lookup ? { ...trust, ...timeout, lookup: opts.lookup } : { ...trust, ...timeout };
  // Idle connections close after 10 s, whatever the server's Keep-Alive hint says: a client that
  // keeps a connection as long as the server does races the server's close with its next request.
  const agent = new OriginPools({ connect, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 10_000 }, opts.onConnect);
  return {
    send: (req, sendOpts) => exchange(agent, req, sendOpts, opts.onExchange),
    close: () => closeAgent(agent),
  };
}

/**
 * One secure context per extra CA, for every client of the process: given `ca` instead, every new
 * TLS connection parses the system's 140-odd root certificates again (tens of ms of CPU each, the
 * largest single cost of a run's client side before this).
 */
const contexts = new Map<string, SecureContext>();
function trustingAlso(caPem: string): SecureContext {
  let context = contexts.get(caPem);
  if (!context) contexts.set(caPem, (context = createSecureContext({ ca: [...rootCertificates, caPem] })));
  return context;
}

/** How long close() lets in-flight exchanges finish before it cuts their connections. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Agent.close() waits for every in-flight request, including a streamed response body that no
 * one will drain (a check that failed on the headers of a streamed GET): that would hang the
 * caller forever (a vitest afterAll then times out). After a grace period, destroy instead.
 */
async function closeAgent(agent: OriginPools): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), CLOSE_GRACE_MS);
    timer.unref();
  });
  try {
    if ((await Promise.race([agent.close().then(() => "closed" as const), grace])) === "timeout") await agent.destroy();
  } finally {
    clearTimeout(timer);
  }
}

async function exchange(
  agent: OriginPools,
  req: PreparedRequest,
  opts: SendOptions,
  onExchange: ((e: ExchangeRecord) => void) | undefined,
): Promise<S3Response> {
  const host = req.headers.find(([n]) => n.toLowerCase() === "host")?.[1];
  const record: ExchangeRecord = {
    method: req.method,
    url: `${req.origin.replace(/\/\/[^/]+$/, `//${host ?? new URL(req.origin).host}`)}${req.path}`,
    requestHeaders: req.headers.map(([n, v]) => [n, v]),
    requestBodyPreview: Buffer.isBuffer(req.body)
      ? previewBytes(req.body)
      : req.body
        ? (req.bodyDescription ?? "<stream>")
        : undefined,
  };
  const started = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`no complete response within ${opts.timeoutMs} ms`)),
    opts.timeoutMs,
  );
  const finish = (): ExchangeRecord => {
    record.durationMs = Math.round(performance.now() - started);
    onExchange?.(record);
    return record;
  };
  try {
    const res = await undiciRequest(`${req.origin}${req.path}`, {
      method: req.method,
      // Accepted by undici's Request (lib/core/request.js) though missing from its option types.
      ...({ servername: req.servername } as object),
      headers: req.headers.flat(),
      body:
        req.body === undefined || Buffer.isBuffer(req.body) || req.body instanceof Readable
          ? req.body
          : Readable.from(req.body),
      dispatcher: agent.get(req.origin),
      // undici closes the connection after every HEAD (nodejs/undici#258: for servers that send a
      // body with a HEAD answer). Every S3 SDK keeps it alive; without this a run of HEAD checks
      // costs a TLS handshake each. Bytes a server sends after a HEAD answer cannot pass for a
      // good answer: undici's parser drops a connection that receives them while idle ("bad
      // response" / a parse error), or fails the next exchange on it.
      ...(req.method.toUpperCase() === "HEAD" ? { reset: false } : {}),
      signal: abort.signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    const headers: Record<string, string> = {};
    const headerPairs: [string, string][] = [];
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) headerPairs.push([name, v]);
      headers[name.toLowerCase()] = values.join(", ");
    }
    record.status = res.statusCode;
    record.responseHeaders = headerPairs;
    if (opts.streamResponse) {
      clearTimeout(timer); // the caller reads at its own pace; bodyTimeout still bounds idle gaps
      record.responseBodyPreview = "<streamed to caller>";
      return { status: res.statusCode, headers, body: Buffer.alloc(0), stream: res.body, exchange: finish() };
    }
    const body = Buffer.from(await res.body.arrayBuffer());
    clearTimeout(timer);
    record.responseBodyPreview = previewBytes(body);
    const error = req.method.toUpperCase() === "HEAD" ? undefined : parseS3Error(body);
    return { status: res.statusCode, headers, body, error, exchange: finish() };
  } catch (e) {
    clearTimeout(timer);
    const kind = classify(e, abort.signal.aborted);
    record.error = `${kind}: ${describe(e)}`;
    throw new S3TransportError(kind, `${req.method} ${record.url}: ${record.error}`, finish(), { cause: e });
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : "";
  const code = (e as { code?: string }).code;
  return `${code ? `${code} ` : ""}${e.message}${cause}`;
}

function classify(e: unknown, aborted: boolean): TransportFailure {
  const codes = errorCodes(e);
  const any = (re: RegExp) => codes.some((c) => re.test(c));
  if (aborted || any(/^UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT$/)) return "timeout";
  // getaddrinfo: ENOTFOUND (NXDOMAIN), EAI_AGAIN (resolver unreachable), EAI_FAIL / EAI_NONAME.
  if (any(/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/)) return "dns";
  if (any(/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|HOSTNAME_MISMATCH)/)) return "tls";
  if (any(/^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/)) return "connect";
  if (any(/^UND_ERR_(INVALID_ARG|NOT_SUPPORTED|REQ_CONTENT_LENGTH_MISMATCH)$/)) return "request";
  return "other";
}
