/**
 * One keep-alive connection carries PUT SSE-C / GET (read to the end) / PUT plain / GET, again and
 * again, as node:https clients with one Agent do (issue 18, item 1): every body arrives whole,
 * every answer is right, and the connection is reused throughout. Sizes straddle the 64 KiB
 * encryption chunk; each round gets a freshly started server.
 */
import * as https from "node:https";
import { describe, expect, it } from "vitest";
import { KEEP_ALIVE_MS, startServer } from "./index.ts";
import { newKey, payload, signRequest, ssecHeaders } from "../server-testing/s3-requests.ts";
import type { RunningServer } from "./types.ts";

const KiB = 1024;
const SIZES = [64 * KiB - 1, 64 * KiB, 64 * KiB + 1, 1024 * KiB];
const SERVERS = 3;
const SEQUENCES = 4;

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
    for (let s = 0; s < SERVERS; s++) {
      const server = await startServer({ httpPort: null });
      const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        expect((await request(server, agent, "PUT", "/keep-alive", {}, Buffer.alloc(0))).status).toBe(200);
        for (let i = 0; i < SEQUENCES; i++) {
          const data = payload(size, 1 + s * SEQUENCES + i);
          const k = ssecHeaders(newKey());
          const steps = [
            await request(server, agent, "PUT", `/keep-alive/enc${i}`, k, data),
            await request(server, agent, "GET", `/keep-alive/enc${i}`, k),
            await request(server, agent, "PUT", `/keep-alive/plain${i}`, {}, data),
            await request(server, agent, "GET", `/keep-alive/plain${i}`, {}),
          ];
          expect(steps.map((a) => [a.status, a.reused])).toEqual(steps.map(() => [200, true]));
          expect(steps[1].body.equals(data)).toBe(true);
          expect(steps[3].body.equals(data)).toBe(true);
        }
      } finally {
        agent.destroy();
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
