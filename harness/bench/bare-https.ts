/**
 * The transport ceiling (issue 16 item 1): a bare node HTTPS server on the reference server's
 * certificate and keep-alive settings, with no S3 work at all. A PUT's body is read and
 * discarded; a GET is answered with the bench pattern of `--size` bytes from memory, written in
 * `--piece`-sized views with backpressure (as the bench client writes its PUT bodies). Nothing is
 * parsed, signed, stored, hashed or encrypted, so an S3 transfer over the same client can only
 * be slower: SSE-C rate ÷ bare rate is how much of the transport the server's own work costs.
 *
 * Run as a process of its own (bench.ts starts it with server-process.ts), so its CPU is its own:
 * `node --import tsx harness/bench/bare-https.ts --size BYTES --piece BYTES`. Its first stdout line
 * describes the endpoint as `serve` does (serve.ts), so the same client drives both.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { KEEP_ALIVE_MS, TLS_FILES } from "../server/index.ts";
import { patternBytes } from "./bench-payload.ts";

/** The label of the pattern GET answers with (the bench's single-stream object, throughput.ts). */
export const BARE_PATTERN = "single";

function serve(size: number, piece: number): void {
  const body = patternBytes(BARE_PATTERN, size);
  const server = https.createServer({ cert: readFileSync(TLS_FILES.cert), key: readFileSync(TLS_FILES.key) });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 30_000;
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === "GET") {
      res.writeHead(200, { "Content-Length": String(body.length), "Content-Type": "application/octet-stream" });
      let at = 0;
      const write = (): void => {
        while (at < body.length) {
          const end = Math.min(at + piece, body.length);
          const ok = res.write(body.subarray(at, end));
          at = end;
          if (!ok) return void res.once("drain", write);
        }
        res.end();
      };
      write();
      return;
    }
    // PUT (object or bucket), DELETE, anything else: discard the body, answer when it has ended.
    req.on("data", () => undefined);
    req.on("end", () => {
      res.writeHead(req.method === "DELETE" ? 204 : 200, { ETag: '"bare"', "Content-Length": "0" });
      res.end();
    });
  };
  server.on("request", answer);
  server.on("checkContinue", (req, res) => {
    res.writeContinue();
    answer(req, res);
  });
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    const line = {
      endpoint: `https://127.0.0.1:${port}`,
      accessKey: "bare",
      secretKey: "bare-secret-not-checked",
      region: "us-east-1",
      caFile: TLS_FILES.ca,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
  process.once("SIGTERM", () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({ options: { size: { type: "string" }, piece: { type: "string" } } });
  const size = Number(values.size);
  const piece = Number(values.piece ?? 1024 * 1024);
  if (!Number.isSafeInteger(size) || size < 1 || !Number.isSafeInteger(piece) || piece < 1) {
    process.stderr.write("usage: bare-https.ts --size BYTES [--piece BYTES]\n");
    process.exit(2);
  }
  serve(size, piece);
}
