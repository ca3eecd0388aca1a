/**
 * The node front end: IncomingMessage → ServerRequest → handler → ServerResponse → the wire.
 *
 * - `Expect: 100-continue` arrives as 'checkContinue'; 100 is sent only when the core opens the
 *   body (after validating headers), so a refused upload is never sent.
 * - The core reads the body through a PassThrough fed by `req.pipe()`: a failing verifier may
 *   destroy its stream without destroying the socket, so the error response still goes out.
 * - A response sent before the body was read: up to DRAIN_LIMIT bytes are read and discarded
 *   (keep-alive stays usable); a larger or unknown remainder, or a body the client is still
 *   holding back for 100-continue, closes the connection after the response.
 * - A client that disconnects mid-body makes the body stream fail, so nothing is committed.
 */
import type { IncomingMessage, ServerResponse as NodeResponse } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Handler } from "./handler.ts";
import type { HeaderPairs, ServerRequest } from "./request.ts";

/** Unread request bytes we are willing to read and discard to keep a connection alive. */
export const DRAIN_LIMIT = 1024 * 1024;

function headerPairs(raw: string[]): HeaderPairs {
  const out: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

export function serveNode(handler: Handler, req: IncomingMessage, res: NodeResponse, secure: boolean, expectContinue: boolean): void {
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
    if (!req.complete) body.destroy(Object.assign(new Error("client disconnected before the end of the body"), { code: "ECONNRESET" }));
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

/** After the response: discard a small unread remainder, otherwise let the connection close. */
function settleRequest(req: IncomingMessage, body: PassThrough, res: NodeResponse): void {
  if (req.complete) return;
  req.unpipe(body);
  body.destroy();
  if (!res.shouldKeepAlive) {
    req.socket.destroySoon?.();
    return;
  }
  let drained = 0;
  req.on("data", (c: Buffer) => {
    drained += c.length;
    if (drained > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}
