/**
 * The reference server's entry point: `startServer(opts)` (contract in types.ts). HTTPS on the
 * fixture certificate (fixtures/tls: SAN localhost, *.localhost, 127.0.0.1, ::1), plus an
 * optional plain-HTTP listener that serves everything except SSE-C (evidence http.ssec-refused).
 */
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import type { ServerContext } from "./request-context.ts";
import { Faults } from "./faults.ts";
import { answerClientError, refuseConnect, serveNode } from "./node-adapter.ts";
import { createHandler } from "./handler.ts";
import { DiskStorage } from "./storage/disk.ts";
import { MemoryStorage } from "./storage/memory.ts";
import type { Storage } from "./storage/types.ts";
import type { RunningServer, ServerOptions } from "./types.ts";

export type { RunningServer, ServerOptions } from "./types.ts";
export { FAULTS } from "./faults.ts";

/** Fixture paths resolved from this module, never from the cwd. */
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/tls/${name}`, import.meta.url));
export const TLS_FILES = { cert: fixture("server.pem"), key: fixture("server.key"), ca: fixture("ca.pem") };

export const DEFAULT_ACCESS_KEY = "ssec-conformance";
/** A fixed, public secret: the reference server guards test data on loopback, nothing else. */
export const DEFAULT_SECRET_KEY = "ssec-conformance-reference-secret-key";
export const DEFAULT_REGION = "us-east-1";

function listen(server: http.Server | https.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function origin(scheme: string, host: string, port: number): string {
  const h = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host;
  return `${scheme}://${h}:${port}`;
}

/**
 * Feeds node's HTTP parser through the TLS socket's stream instead of straight from the TLS layer.
 *
 * A request that arrives on a connection whose previous answer is still waiting to drain (a
 * keep-alive client's next request that reaches us before we have seen the answer flushed; any
 * pipelined request) makes node pause the socket and its parser until the answer drains. By
 * default the parser reads the TLS layer directly, and the TLS layer hands it every record it has
 * already decrypted, paused or not (several 16 KiB records from one read of the TCP socket): those
 * records reach a paused parser, which fails with HPE_PAUSED, and the connection is closed in the middle
 * of the next request's body (its upload fails with 400 IncompleteBody, the client gets
 * ECONNRESET). A 'data' listener makes node read through the socket's stream instead
 * (lib/_http_server.js unconsumes the parser), where pausing holds the records back until the
 * answer has drained. Plain HTTP reads the TCP socket, which stops at once, and keeps the direct path.
 */
function readThroughStream(socket: TLSSocket): void {
  socket.on("data", () => undefined);
}

/** How long an idle keep-alive connection is kept (see `attach`). */
export const KEEP_ALIVE_MS = 30_000;

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const faults = new Faults(opts.faults ?? []);
  const host = opts.host ?? "127.0.0.1";
  const accessKey = opts.accessKey ?? DEFAULT_ACCESS_KEY;
  const secretKey = opts.secretKey ?? DEFAULT_SECRET_KEY;
  const region = opts.region ?? DEFAULT_REGION;
  const storage: Storage = opts.dataDir ? await DiskStorage.open(opts.dataDir) : new MemoryStorage();
  const ctx: ServerContext = {
    storage,
    faults,
    region,
    auth: { region, secretFor: (id) => (id === accessKey ? secretKey : undefined) },
    log: opts.log,
  };
  const handler = createHandler(ctx);
  const caPem = readFileSync(TLS_FILES.ca, "utf8");

  const servers: (http.Server | https.Server)[] = [];
  const attach = (server: http.Server | https.Server, secure: boolean) => {
    // Idle keep-alive connections stay open well past a client's own idle timeout (the suite's
    // client gives up after 10 s), so the client, not the server, closes an idle connection: a
    // server that closes first races the client's next request on that socket, which then fails
    // with "other side closed" before any answer (node's default is 5 s; S3 keeps them ~20 s).
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 30_000;
    server.on("request", (req, res) => serveNode(handler, req, res, secure, false));
    server.on("checkContinue", (req, res) => serveNode(handler, req, res, secure, true));
    // An Expect other than 100-continue: RFC 9110 §10.1.1 lets a server answer 417 (node's default,
    // a bodiless 417) or ignore it; S3 clients only ever send 100-continue, so serve it as usual.
    server.on("checkExpectation", (req, res) => serveNode(handler, req, res, secure, false));
    server.on("clientError", answerClientError);
    server.on("connect", refuseConnect);
    if (secure) server.on("secureConnection", readThroughStream);
    servers.push(server);
  };
  const tls = https.createServer({ cert: readFileSync(TLS_FILES.cert), key: readFileSync(TLS_FILES.key) });
  attach(tls, true);
  let httpEndpoint: string | undefined;
  try {
    const port = await listen(tls, opts.port ?? 0, host);
    const endpoint = origin("https", host, port);
    if (opts.httpPort !== null) {
      const plain = http.createServer();
      attach(plain, false);
      httpEndpoint = origin("http", host, await listen(plain, opts.httpPort ?? 0, host));
    }
    let closing: Promise<void> | undefined;
    return {
      endpoint,
      httpEndpoint,
      accessKey,
      secretKey,
      region,
      caFile: TLS_FILES.ca,
      caPem,
      faults: faults.list(),
      close() {
        closing ??= (async () => {
          await Promise.all(
            servers.map(
              (s) =>
                new Promise<void>((resolve) => {
                  s.close(() => resolve());
                  s.closeAllConnections();
                }),
            ),
          );
          await storage.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    for (const s of servers) s.close();
    await storage.close();
    throw e;
  }
}
