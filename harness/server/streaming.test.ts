/**
 * Streaming end to end: a large SSE-C PUT and GET through TLS with --data-dir storage keep
 * memory bounded (no whole-object buffer anywhere). The payload is generated and checked on
 * the fly, so the test itself holds no copy either.
 */
import { createCipheriv, createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import * as https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer } from "./index.ts";
import { newKey, sendTo, signRequest, ssecHeaders } from "../server-testing/s3-requests.ts";
import type { RunningServer } from "./types.ts";

const MiB = 1024 * 1024;
/** 256 MiB by default; SSEC_STREAMING_MIB=1024 runs the 1 GiB case of issue 3 (slower). */
const SIZE = Number(process.env.SSEC_STREAMING_MIB ?? 256) * MiB;
/**
 * Allowed growth of the process's memory (heap + buffers, sampled, garbage included) while SIZE
 * bytes go through it each way. Whole-object buffering anywhere (client, server or storage)
 * would need at least SIZE; half of it leaves room for the garbage collector's lag.
 */
const BUDGET = SIZE / 2;

let dir: string;
let server: RunningServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssec-stream-"));
  server = await startServer({ dataDir: dir, httpPort: null });
  expect((await sendTo(server, { method: "PUT", path: "/big" })).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const ZEROS = Buffer.alloc(MiB);
const SEED_KEY = Buffer.alloc(32, 0x5e);
/** Block i of the payload (1 MiB, deterministic: an AES-CTR keystream, cheap to make). */
function block(i: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(i, 0);
  return createCipheriv("aes-256-ctr", SEED_KEY, iv).update(ZEROS);
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // external includes arrayBuffers (Buffers)
}

it("PUTs and GETs 256 MiB with SSE-C within a bounded memory budget", async () => {
  const key = newKey();
  const url = new URL(server.endpoint);
  const headers = await signRequest(server, url.host, {
    method: "PUT",
    path: "/big/object",
    headers: { ...ssecHeaders(key), "content-length": String(SIZE) },
    payloadHash: "UNSIGNED-PAYLOAD",
  });
  global.gc?.();
  const base = memory();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, memory() - base)), 10);
  try {
    const expected = createHash("sha256");
    const put = await new Promise<number>((resolve, reject) => {
      const req = https.request({
        method: "PUT",
        host: url.hostname,
        port: url.port,
        path: "/big/object",
        headers,
        ca: server.caPem,
        agent: false,
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      let i = 0;
      const pump = () => {
        while (i < SIZE / MiB) {
          const b = block(i++);
          expected.update(b);
          if (!req.write(b)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    expect(put).toBe(200);

    const getHeaders = await signRequest(server, url.host, {
      method: "GET",
      path: "/big/object",
      headers: ssecHeaders(key),
    });
    const got = await new Promise<{ status: number; digest: string; length: number }>((resolve, reject) => {
      const req = https.request(
        {
          method: "GET",
          host: url.hostname,
          port: url.port,
          path: "/big/object",
          headers: getHeaders,
          ca: server.caPem,
          agent: false,
        },
        (res) => {
          const h = createHash("sha256");
          let length = 0;
          res.on("data", (c: Buffer) => {
            h.update(c);
            length += c.length;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, digest: h.digest("hex"), length }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(got.status).toBe(200);
    expect(got.length).toBe(SIZE);
    expect(got.digest).toBe(expected.digest("hex"));
  } finally {
    clearInterval(sampler);
  }
  console.log(`streaming: peak memory growth ${(peak / MiB).toFixed(1)} MiB for ${SIZE / MiB} MiB each way`);
  expect(peak).toBeLessThan(BUDGET);
}, 600_000);
