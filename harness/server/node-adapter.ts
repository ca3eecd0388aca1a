/**
 * The node front end: IncomingMessage → ServerRequest → handler → ServerResponse → the wire.
 *
 * - `Expect: 100-continue` arrives as 'checkContinue'; 100 is sent only when the core opens the
 *   body (after validating headers), so a refused upload is never sent.
 * - The core reads the body through a PassThrough fed by `req.pipe()`: a failing verifier may
 *   destroy its stream without destroying the socket, so the error response still goes out.
 * - A response sent before the body was read: up to DRAIN_LIMIT bytes are read and discarded
 *   (keep-alive stays usable); a larger or unknown remainder, or a body the client is still
 *   holding back for 100-continue, closes the connection after the response (`Connection: close`)
 *   with a lingering close: half-close once the response is flushed, keep reading and discarding
 *   (up to LINGER_LIMIT bytes or LINGER_MS), close when the client does. Closing a socket with
 *   unread bytes makes the kernel send RST, and the client would see ECONNRESET instead of the
 *   S3 error it was sent (RFC 9112 §9.6).
 * - A client that disconnects mid-body makes the body stream fail, so nothing is committed.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse as NodeResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Handler } from "./handler.ts";
import type { HeaderPairs, ServerRequest } from "./request.ts";
import { S3Fault } from "./errors.ts";
import { errorDocument } from "./xml.ts";

/** Unread request bytes we are willing to read and discard to keep a connection alive. */
export const DRAIN_LIMIT = 1024 * 1024;

function headerPairs(raw: string[]): HeaderPairs {
  const out: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

export function serveNode(
  handler: Handler,
  req: IncomingMessage,
  res: NodeResponse,
  secure: boolean,
  expectContinue: boolean,
): void {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const body = new PassThrough();
  // Errors reach whoever reads the body (verifiedBody, busboy); a body nobody opened must not
  // turn a client disconnect into an uncaught 'error' event.
  body.on("error", () => undefined);
  let received = 0;
  let continued = false;
  req.on("data", (c: Buffer) => (received += c.length));
  req.pipe(body);
  // A request body that stops before its end (client abort) fails the stream the core reads.
  req.on("close", () => {
    if (!req.complete)
      body.destroy(Object.assign(new Error("client disconnected before the end of the body"), { code: "ECONNRESET" }));
  });
  req.on("error", (e) => body.destroy(e));

  const sreq: ServerRequest = {
    method: req.method ?? "GET",
    rawPath: q >= 0 ? url.slice(0, q) : url,
    rawQuery: q >= 0 ? url.slice(q + 1) : "",
    headers: headerPairs(req.rawHeaders),
    body,
    secure,
    remote: { address: req.socket.remoteAddress, port: req.socket.remotePort },
    sendContinue: expectContinue
      ? () => {
          if (!continued && !res.headersSent) {
            continued = true;
            res.writeContinue();
          }
        }
      : undefined,
  };

  handler(sreq).then(
    (r) => {
      if (res.destroyed) return;
      // What to do with a body the core did not read to the end.
      if (!req.complete) {
        const declared = Number(req.headers["content-length"]);
        const remaining = Number.isFinite(declared) ? declared - received : Infinity;
        if ((expectContinue && !continued) || remaining > DRAIN_LIMIT) {
          res.shouldKeepAlive = false;
          r.headers.push(["Connection", "close"]);
          // Node closes a `Connection: close` socket with destroySoon() once the response is out.
          const socket = req.socket;
          socket.destroySoon = () => lingeringClose(req, socket);
        }
      }
      res.statusCode = r.status;
      for (const [name, value] of r.headers) {
        const prev = res.getHeader(name);
        if (prev === undefined) res.setHeader(name, value);
        else res.setHeader(name, [...(Array.isArray(prev) ? prev : [String(prev)]), value]);
      }
      res.on("finish", () => settleRequest(req, body, res));
      if (r.body === undefined) {
        res.end();
      } else if (Buffer.isBuffer(r.body)) {
        res.end(r.body);
      } else {
        sendStream(r.body, res);
      }
    },
    (e: unknown) => {
      // The core turns every error into a response; this is a last resort.
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("Connection", "close");
        res.end();
      } else {
        res.destroy(e as Error);
      }
    },
  );
}

function sendStream(body: Readable, res: NodeResponse): void {
  pipeline(body, res).catch(() => {
    // Headers are out: a failure mid-body (e.g. a chunk that fails authentication) can only
    // be signalled by cutting the connection, never by sending wrong bytes.
    res.destroy();
  });
}

/** After the response: discard a small unread remainder, otherwise close the connection, lingering. */
function settleRequest(req: IncomingMessage, body: PassThrough, res: NodeResponse): void {
  if (req.complete) return;
  req.unpipe(body);
  body.destroy();
  if (!res.shouldKeepAlive) {
    // Node has normally begun the lingering close already (destroySoon); unpiping paused `req`.
    lingeringClose(req, req.socket);
    req.resume();
    return;
  }
  let drained = 0;
  req.on("data", (c: Buffer) => {
    drained += c.length;
    if (drained > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/** Request bytes read and discarded after an early answer on a connection that closes. */
export const LINGER_LIMIT = 4 * 1024 * 1024;
/** How long a closing connection keeps reading after its answer before it is cut regardless. */
export const LINGER_MS = 2_000;

/**
 * Half-closes the socket once what was written is flushed (the client reads the whole answer,
 * then our FIN), reads and discards up to LINGER_LIMIT bytes of what the client still sends, then
 * stops reading; destroys the socket when the client closes its side or after LINGER_MS.
 * Idempotent.
 */
function lingeringClose(req: IncomingMessage, socket: Socket): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  const cut = () => socket.destroy();
  const timer = setTimeout(cut, LINGER_MS).unref();
  socket.once("close", () => clearTimeout(timer));
  socket.once("end", cut);
  let discarded = 0;
  const count = (c: Buffer) => {
    discarded += c.length;
    // Past the limit, stop reading instead of cutting: the client's writes stall on a closed TCP
    // window while it reads the answer, and the timer closes the connection.
    if (discarded > LINGER_LIMIT) req.pause();
  };
  // The parser still hands the rest of the body to `req`; anything after it reaches the socket.
  req.on("data", count);
  req.resume();
  socket.end();
}
const lingering = new WeakSet<Socket>();

/**
 * A request node's HTTP parser refused before the core saw it (a header name that is not a token,
 * Transfer-Encoding with Content-Length, a raw space in the path, a header section over node's
 * 16 KiB…) still gets an S3 error document, as S3 answers: 400 BadRequest "An error occurred when
 * parsing the HTTP request." (seen on S3 and MinIO, e.g. aws/aws-sdk-cpp#1559), 400
 * RequestHeaderSectionTooLarge for an oversized header section (S3 error code list), 400
 * RequestTimeout when the request did not arrive in time. As node's own default handler does
 * (lib/_http_server.js socketOnError), nothing is written into a response already under way.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const f =
    err.code === "HPE_HEADER_OVERFLOW"
      ? new S3Fault("RequestHeaderSectionTooLarge", "Your request header section exceeds the maximum allowed size.")
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? new S3Fault(
            "RequestTimeout",
            "Your socket connection to the server was not read from or written to within the timeout period.",
          )
        : new S3Fault("BadRequest", "An error occurred when parsing the HTTP request.");
  endWithError(socket, f, "");
}

/**
 * CONNECT (node hands it to the 'connect' event, never to 'request'): not an S3 method, answered
 * 405 MethodNotAllowed like any other unknown method instead of a silently dropped connection.
 */
export function refuseConnect(req: IncomingMessage, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  endWithError(
    socket,
    new S3Fault("MethodNotAllowed", "The specified method is not allowed against this resource."),
    req.url ?? "",
  );
}

/**
 * An S3 error document written straight to a socket that has no ServerResponse, then closed.
 * Node no longer reads such a socket (the HTTP parser is gone), so it would never see the
 * client's FIN and would stay open forever (and `server.close()` would wait for it): read and
 * discard what still comes so the close is seen, and destroy it after a grace period regardless.
 */
function endWithError(socket: Duplex, f: S3Fault, resource: string): void {
  socket.on("error", () => socket.destroy());
  socket.on("end", () => socket.destroy());
  setTimeout(() => socket.destroy(), RAW_ERROR_GRACE_MS).unref();
  const body = errorDocument(f.code, f.message, {}, resource, randomBytes(8).toString("hex").toUpperCase());
  const reason = f.status === 405 ? "Method Not Allowed" : "Bad Request";
  const head = `HTTP/1.1 ${f.status} ${reason}\r\nContent-Type: application/xml\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, "latin1"), body]));
  // Discarded here, not fed to node's HTTP parser: after a parse error it has nothing to say, and
  // it asserts that it is never fed while paused (a TLS socket is read through its stream, index.ts).
  socket.removeAllListeners("data");
  socket.on("data", () => undefined);
  socket.resume();
}

/** How long a client gets to read a raw error answer before its connection is cut. */
const RAW_ERROR_GRACE_MS = 5_000;
