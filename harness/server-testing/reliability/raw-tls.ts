/**
 * Bytes on a TLS socket, for requests no HTTP client will send (bad header names, lying
 * Content-Length, truncated bodies, broken chunk framing): one connection per exchange, the
 * request written as given, the response parsed by hand (status line, headers, body framed by
 * Content-Length, chunked encoding or the connection's end). A 1xx interim response is skipped.
 *
 * The outcome says what happened on the wire: a response, the server closing without one, or
 * nothing at all within the deadline (a hang, which the reliability tests treat as a failure).
 */
import { connect, createSecureContext, type ConnectionOptions, type SecureContext, type TLSSocket } from "node:tls";

export interface WireResponse {
  status: number;
  /** Lower-cased names, repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export type WireOutcome =
  | { kind: "response"; response: WireResponse; ms: number }
  /** The server closed (or reset) the connection before a complete response. */
  | { kind: "closed"; partial: Buffer; error?: string; ms: number }
  /** Nothing complete within the deadline. */
  | { kind: "timeout"; partial: Buffer; ms: number };

export interface WireTarget {
  host: string;
  port: number;
  /** Built once: parsing the CA per connection costs more than the handshake. */
  secureContext: SecureContext;
  /** Reuse TLS sessions across connections (thousands of handshakes on a small machine). */
  sessions?: { last?: Buffer };
}

export interface WireOptions {
  timeoutMs: number;
  /** Half-close our side once everything is written (a truncated body: the server sees EOF). */
  endAfterWrite?: boolean;
  /** The request is HEAD: the response has no body whatever its headers say. */
  head?: boolean;
}

export function wireTarget(endpoint: string, ca: string): WireTarget {
  const u = new URL(endpoint);
  return { host: u.hostname, port: Number(u.port), secureContext: createSecureContext({ ca }), sessions: {} };
}

/** Sends `pieces` in order on a fresh TLS connection and returns what came back. */
export function exchange(target: WireTarget, pieces: Buffer[], opts: WireOptions): Promise<WireOutcome> {
  return new WireLane(target).exchange(pieces, { ...opts, keepAlive: false });
}

/**
 * One client connection used for one exchange after another, like a keep-alive HTTP client: a
 * well-framed request goes on the open connection when there is one (so the fuzz also checks that
 * a connection survives a malformed request), anything else on a fresh one.
 */
export class WireLane {
  private socket?: TLSSocket;

  constructor(private readonly target: WireTarget) {}

  /** Exchanges that found their kept connection closed by the server before any answer, and were re-sent. */
  resent = 0;

  async exchange(pieces: Buffer[], opts: WireOptions & { keepAlive: boolean }): Promise<WireOutcome> {
    const reuse = opts.keepAlive && this.socket !== undefined && !this.socket.destroyed;
    const o = await this.once(pieces, opts, reuse);
    // An idle keep-alive connection the server closed just as we wrote (its keep-alive timeout):
    // what any HTTP client does, send again on a fresh connection.
    if (reuse && o.kind === "closed" && o.partial.length === 0) {
      this.resent++;
      return this.once(pieces, opts, false);
    }
    return o;
  }

  private once(pieces: Buffer[], opts: WireOptions & { keepAlive: boolean }, reused: boolean): Promise<WireOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (!reused) this.close();
    const socket = reused ? this.socket! : this.connect();
    this.socket = undefined;
    return new Promise((resolve) => {
      let settled = false;
      const chunks: Buffer[] = [];
      const finish = (o: WireOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket
          .off("data", onData)
          .off("end", onClosed)
          .off("close", onClosed)
          .off("error", onError)
          .off("secureConnect", write);
        const keep =
          opts.keepAlive &&
          o.kind === "response" &&
          !socket.destroyed &&
          !/close/i.test(o.response.headers.connection ?? "");
        if (keep) this.socket = socket;
        else socket.destroy();
        resolve(o);
      };
      const timer = setTimeout(
        () => finish({ kind: "timeout", partial: Buffer.concat(chunks), ms: elapsed() }),
        opts.timeoutMs,
      );
      const write = () => {
        for (const p of pieces) {
          if (socket.destroyed) break;
          socket.write(p);
        }
        if (opts.endAfterWrite && !socket.destroyed) socket.end();
      };
      const onData = (c: Buffer) => {
        chunks.push(c);
        const parsed = parseResponse(Buffer.concat(chunks), false, opts.head ?? false);
        if (parsed) finish({ kind: "response", response: parsed, ms: elapsed() });
      };
      const closed = (error?: string) => {
        const all = Buffer.concat(chunks);
        const parsed = parseResponse(all, true, opts.head ?? false);
        if (parsed) finish({ kind: "response", response: parsed, ms: elapsed() });
        else finish({ kind: "closed", partial: all, error, ms: elapsed() });
      };
      const onClosed = () => closed();
      const onError = (e: NodeJS.ErrnoException) => closed(e.code ?? e.message);
      socket.on("data", onData).on("end", onClosed).on("close", onClosed).on("error", onError);
      if (reused) write();
      else socket.once("secureConnect", write);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): TLSSocket {
    const { target } = this;
    const tlsOpts: ConnectionOptions = {
      host: target.host,
      port: target.port,
      secureContext: target.secureContext,
      servername: "localhost",
      ALPNProtocols: ["http/1.1"],
      session: target.sessions?.last,
    };
    const socket = connect(tlsOpts);
    socket.on("session", (s: Buffer) => {
      if (target.sessions) target.sessions.last = s;
    });
    // Between exchanges an idle socket may be closed by the server: never an uncaught error.
    socket.on("error", () => {});
    return socket;
  }
}

/**
 * A complete final response at the start of `buf`, or undefined while more bytes are needed.
 * `eof`: the connection ended, so a body without framing ends here.
 */
export function parseResponse(buf: Buffer, eof: boolean, head: boolean): WireResponse | undefined {
  let at = 0;
  for (;;) {
    const end = buf.indexOf("\r\n\r\n", at);
    if (end < 0) return undefined;
    const lines = buf.subarray(at, end).toString("latin1").split("\r\n");
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "");
    if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(lines[0]?.slice(0, 80))}`);
    const status = Number(m[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const bodyStart = end + 4;
    if (status >= 100 && status < 200) {
      at = bodyStart; // interim (100 Continue): the final response follows
      continue;
    }
    if (head || status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0) };
    if (/\bchunked\b/i.test(headers["transfer-encoding"] ?? "")) {
      const body = dechunk(buf.subarray(bodyStart));
      if (body) return { status, headers, body };
      return eof ? { status, headers, body: buf.subarray(bodyStart) } : undefined;
    }
    if (headers["content-length"] !== undefined) {
      const len = Number(headers["content-length"]);
      if (buf.length - bodyStart >= len) return { status, headers, body: buf.subarray(bodyStart, bodyStart + len) };
      return eof ? { status, headers, body: buf.subarray(bodyStart) } : undefined;
    }
    return eof ? { status, headers, body: buf.subarray(bodyStart) } : undefined;
  }
}

function dechunk(buf: Buffer): Buffer | undefined {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf("\r\n", at);
    if (eol < 0) return undefined;
    const size = parseInt(buf.subarray(at, eol).toString("latin1"), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0)
      return buf.indexOf("\r\n\r\n", eol) >= 0 || buf.indexOf("\r\n", eol + 2) >= 0 ? Buffer.concat(out) : undefined;
    if (buf.length < eol + 2 + size + 2) return undefined;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** `<Error>…<Code>X</Code>…</Error>` → X; undefined when the body is not an S3 error document. */
export function s3ErrorCode(body: Buffer): string | undefined {
  const text = body.toString("utf8");
  if (!/^(<\?xml[^>]*\?>\s*)?<Error>/.test(text.trimStart()) || !/<\/Error>\s*$/.test(text)) return undefined;
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
}
