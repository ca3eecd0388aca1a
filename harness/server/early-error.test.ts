/**
 * An answer sent before the request body was read must reach the client (issue 18, item 2): a
 * 32 MiB upload refused from its headers alone gets its S3 error document, not ECONNRESET. The
 * client is plain node:https / node:http (agent: false) writing the whole body at once, as most
 * tools do, and busy for HOLD_MS after sending (it does not read its socket): by then a server
 * that closed the connection with the body unread has reset it, and the answer is lost.
 */
import * as http from "node:http";
import * as https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./index.ts";
import {
  newKey,
  payload,
  sendTo,
  signRequest,
  ssecHeaders,
  type Creds,
  type RawResponse,
} from "../server-testing/s3-requests.ts";
import type { RunningServer } from "./types.ts";

const BIG = payload(32 * 1024 * 1024, 18);
/** Each case a few times. */
const ROUNDS = 3;
/** How long the client leaves its socket unread after sending. */
const HOLD_MS = 300;

/** A signed PUT (UNSIGNED-PAYLOAD) whose client stops reading for HOLD_MS once it starts. */
async function refusedPut(
  creds: Creds,
  opts: { path: string; query?: string; headers?: Record<string, string>; plain?: boolean },
): Promise<RawResponse> {
  const base = new URL(opts.plain ? server.httpEndpoint! : server.endpoint);
  const path = opts.path + (opts.query ? `?${opts.query}` : "");
  const headers = await signRequest(creds, base.host, {
    method: "PUT",
    path: opts.path,
    query: Object.fromEntries(new URLSearchParams(opts.query ?? "")),
    headers: { ...opts.headers, "content-length": String(BIG.length) },
    payloadHash: "UNSIGNED-PAYLOAD",
  });
  const mod = opts.plain ? http : https;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      { method: "PUT", host: base.hostname, port: base.port, path, headers, ca: server.caPem, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          const hs: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) hs[k] = String(v);
          resolve({ status: res.statusCode ?? 0, headers: hs, body, code: /<Code>([^<]*)</.exec(String(body))?.[1] });
        });
      },
    );
    // An error after the answer was read (the server cutting a client that keeps writing) is fine.
    req.on("error", reject);
    req.on("socket", (socket) => {
      socket.pause();
      setTimeout(() => socket.resume(), HOLD_MS);
    });
    req.end(BIG);
  });
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
  expect((await sendTo(server, { method: "PUT", path: "/early" })).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

describe("a large body refused before it is read", () => {
  it("bad key MD5: 400 InvalidArgument", async () => {
    const headers = { ...ssecHeaders(newKey()), "x-amz-server-side-encryption-customer-key-md5": "bad" };
    for (let i = 0; i < ROUNDS; i++) {
      const r = await refusedPut(server, { path: "/early/md5", headers });
      expect([r.status, r.code, r.headers.connection]).toEqual([400, "InvalidArgument", "close"]);
    }
  });

  it("wrong key on an Upload Part: 400 InvalidRequest (evidence upload-part.different-key-refused)", async () => {
    const created = await sendTo(server, {
      method: "POST",
      path: "/early/mp",
      query: { uploads: "" },
      headers: ssecHeaders(newKey()),
    });
    const uploadId = /<UploadId>([^<]+)</.exec(created.body.toString())![1];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await refusedPut(server, {
        path: "/early/mp",
        query: `partNumber=1&uploadId=${encodeURIComponent(uploadId)}`,
        headers: ssecHeaders(newKey()),
      });
      expect([r.status, r.code, r.headers.connection]).toEqual([400, "InvalidRequest", "close"]);
    }
  });

  it("SSE-C over plain HTTP: 400 InvalidRequest", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const r = await refusedPut(server, { path: "/early/http", headers: ssecHeaders(newKey()), plain: true });
      expect([r.status, r.code, r.headers.connection]).toEqual([400, "InvalidRequest", "close"]);
    }
  });

  it("wrong secret: 403 SignatureDoesNotMatch", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const r = await refusedPut({ ...server, secretKey: "not-the-secret" }, { path: "/early/auth" });
      expect([r.status, r.code, r.headers.connection]).toEqual([403, "SignatureDoesNotMatch", "close"]);
    }
  });
});
