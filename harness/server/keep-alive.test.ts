/**
 * One keep-alive connection carries PUT SSE-C / GET (read to the end) / PUT plain / GET, again and
 * again, as node:https clients with one Agent do (issue 18, item 1): every body arrives whole,
 * every answer is right, and the connection is reused throughout. Sizes straddle the 64 KiB
 * encryption chunk; each round gets a freshly started server, and each round is one way of
 * sending (one `end(body)`, 64 KiB writes with backpressure behind `Expect: 100-continue`, `pipe`;
 * the next request queued from the previous answer's 'end' handler or a tick later). The same
 * traffic against `serve` processes, up to 16 MiB: server-testing/reliability/keep-alive-soak.test.ts.
 */
import * as https from "node:https";
import * as tls from "node:tls";
import { describe, expect, it } from "vitest";
import { KEEP_ALIVE_MS, startServer } from "./index.ts";
import { runSequences, type SequenceOptions } from "../server-testing/keepalive-sequence.ts";
import { payload, sendTo, signRequest } from "../server-testing/s3-requests.ts";
import type { RunningServer } from "./types.ts";

const KiB = 1024;
const SIZES = [64 * KiB - 1, 64 * KiB, 64 * KiB + 1, 1024 * KiB];
const SEQUENCES = 4;
const WAYS: Omit<SequenceOptions, "size" | "sequences">[] = [
  { write: "end", chain: "in-end" },
  { write: "chunks", expectContinue: true, chain: "next-tick" },
  { write: "pipe", chain: "in-end" },
];

interface Answer {
  status: number;
  body: Buffer;
  reused: boolean;
}

async function request(
  server: RunningServer,
  agent: https.Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Answer> {
  const url = new URL(server.endpoint);
  const signed = await signRequest(server, url.host, {
    method,
    path,
    headers: { ...headers, ...(body ? { "content-length": String(body.length) } : {}) },
    payloadHash: "UNSIGNED-PAYLOAD",
  });
  return new Promise((resolve, reject) => {
    const req = https.request(
      { method, host: url.hostname, port: url.port, path, headers: signed, ca: server.caPem, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), reused: req.reusedSocket }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("a keep-alive connection after streamed requests", () => {
  it.each(SIZES)("%i-byte bodies: PUT SSE-C / GET / PUT plain / GET on one connection", async (size) => {
    for (const way of WAYS) {
      const server = await startServer({ httpPort: null });
      try {
        const res = await runSequences(server, { size, sequences: SEQUENCES, ...way });
        expect({ ...way, failures: res.failures }).toEqual({ ...way, failures: [] });
        expect(res.requests).toBe(4 * SEQUENCES);
      } finally {
        await server.close();
      }
    }
  });
});

describe("an idle keep-alive connection", () => {
  // A server that closes idle connections before its clients do races their next request on the
  // socket ("other side closed" before any answer). Node closes them after 5 s by default; the
  // reference server keeps them KEEP_ALIVE_MS, past the suite client's own 10 s.
  it("stays open past node's 5 s default, so the client's next request reuses it", async () => {
    expect(KEEP_ALIVE_MS).toBeGreaterThan(10_000);
    const server = await startServer({ httpPort: null });
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await request(server, agent, "PUT", "/idle", {}, Buffer.alloc(0))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 6_000));
      const again = await request(server, agent, "GET", "/idle", {});
      expect([again.status, again.reused]).toEqual([200, true]);
    } finally {
      agent.destroy();
      await server.close();
    }
  }, 20_000);
});

describe("a request that arrives while the previous answer is still being written", () => {
  // The client has read nothing of a 16 MiB GET (more than the loopback socket buffers hold), so
  // the server's socket is backed up when the next request, a PUT, arrives on the connection with
  // its body in one write: node pauses its HTTP parser for a request that arrives behind an answer
  // that waits to drain, and over TLS the rest of the PUT's records used to reach the paused parser
  // (HPE_PAUSED), which closed the connection: the PUT failed with 400 IncompleteBody and the
  // client got ECONNRESET. This is what a keep-alive client meets by chance when its next request
  // reaches the server before the server has seen its previous answer flushed.
  it("waits: the GET's answer comes whole, then the PUT's, on the same connection", async () => {
    const server = await startServer({ httpPort: null });
    const url = new URL(server.endpoint);
    const big = payload(16 * 1024 * KiB, 3);
    const body = payload(1024 * KiB, 4);
    let sock: tls.TLSSocket | undefined;
    try {
      expect((await sendTo(server, { method: "PUT", path: "/busy", payloadHash: "UNSIGNED-PAYLOAD" })).status).toBe(
        200,
      );
      const up = { method: "PUT", path: "/busy/big", body: big, payloadHash: "UNSIGNED-PAYLOAD" };
      expect((await sendTo(server, up)).status).toBe(200);
      const head = async (method: string, path: string, headers: Record<string, string>) => {
        const h = await signRequest(server, url.host, { method, path, headers, payloadHash: "UNSIGNED-PAYLOAD" });
        return Buffer.from(
          `${method} ${path} HTTP/1.1\r\n${Object.entries(h)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join("")}\r\n`,
        );
      };
      const get = await head("GET", "/busy/big", {});
      const put = await head("PUT", "/busy/next", { "content-length": String(body.length) });
      sock = tls.connect({ host: url.hostname, port: Number(url.port), ca: server.caPem, servername: "localhost" });
      await new Promise((resolve, reject) => sock!.once("secureConnect", resolve).once("error", reject));
      const chunks: Buffer[] = [];
      let closed = "";
      sock.on("error", (e: NodeJS.ErrnoException) => (closed ||= e.code ?? e.message));
      sock.on("close", () => (closed ||= "closed"));
      sock.pause();
      sock.write(get);
      await new Promise((r) => setTimeout(r, 300));
      sock.write(Buffer.concat([put, body]));
      await new Promise((r) => setTimeout(r, 300));
      sock.on("data", (c: Buffer) => chunks.push(c));
      sock.resume();
      const answers = () => splitAnswers(Buffer.concat(chunks));
      for (let t = 0; t < 200 && answers().length < 2 && !closed; t++) await new Promise((r) => setTimeout(r, 50));
      const [first, second] = answers();
      expect({ closed, first: first?.status, firstWhole: first?.body.equals(big), second: second?.status }).toEqual({
        closed: "",
        first: 200,
        firstWhole: true,
        second: 200,
      });
      const back = await sendTo(server, { method: "GET", path: "/busy/next", payloadHash: "UNSIGNED-PAYLOAD" });
      expect(back.body.equals(body)).toBe(true);
    } finally {
      sock?.destroy();
      await server.close();
    }
  }, 30_000);
});

/** Complete HTTP/1.1 answers (Content-Length framed) at the start of `buf`. */
function splitAnswers(buf: Buffer): { status: number; body: Buffer }[] {
  const out: { status: number; body: Buffer }[] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf("\r\n\r\n", at);
    if (end < 0) return out;
    const head = buf.subarray(at, end).toString("latin1");
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (buf.length < end + 4 + length) return out;
    out.push({ status: Number(head.slice(9, 12)), body: buf.subarray(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
}
