/**
 * The client against a misbehaving loopback target: throttling, internal errors, resets, silence,
 * a stalled body, an untrusted certificate, a closed port, a name that does not resolve. What is
 * retried, what is not, what the check finally sees and what the transcript records.
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, S3TransportError } from "./index.ts";
import type { ClientOptions, ExchangeRecord, S3Client, S3Request } from "./types.ts";
import { backoffMs, replayability, retryReason } from "./retry.ts";
import { s3Answer } from "../server-testing/s3-answer.ts";

const tls = (f: string) => readFileSync(new URL(`../../fixtures/tls/${f}`, import.meta.url), "utf8");

/** How the target answers one request; `n` counts the requests to that path so far (1-based). */
type Behaviour = (n: number, req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

const s3Error = (res: ServerResponse, status: number, code: string) => {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>m</Message></Error>`);
};
const ok = (res: ServerResponse, body = "") => {
  res.writeHead(200, { etag: '"e"', "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
};

const behaviours = new Map<string, Behaviour>();
const counts = new Map<string, number>();
const held: ServerResponse[] = [];

let server: Server;
let base: ClientOptions;
let exchanges: ExchangeRecord[];

function handler(req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on("data", (c: Buffer) => parts.push(c));
  req.on("end", () => {
    const path = (req.url ?? "").split("?")[0];
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const behave = behaviours.get(path);
    if (behave) behave(n, req, Buffer.concat(parts), res);
    else s3Error(res, 404, "NoSuchKey");
  });
  req.on("error", () => {});
}

beforeAll(async () => {
  server = createHttpsServer({ key: tls("server.key"), cert: tls("server.pem") }, handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = {
    endpoint: `https://localhost:${(server.address() as AddressInfo).port}`,
    region: "us-east-1",
    accessKeyId: "AKIDTEST",
    secretAccessKey: "secret-for-tests",
    caPem: tls("ca.pem"),
    timeoutMs: 5_000,
    retries: 2,
    retryBackoff: { baseDelayMs: 5, maxDelayMs: 20 },
    // Keep every name on loopback; `.invalid` never resolves (RFC 6761 §6.4), as getaddrinfo says.
    lookup: loopbackLookup,
  };
});

afterAll(async () => {
  for (const r of held) r.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let client: S3Client;
beforeEach(() => {
  behaviours.clear();
  counts.clear();
  exchanges = [];
  client = createClient({ ...base, onExchange: (e) => exchanges.push(e) });
});
afterEach(async () => {
  await client.close();
});

const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname.endsWith(".invalid")) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: "ENOTFOUND",
      errno: -3008,
      syscall: "getaddrinfo",
      hostname,
    });
    process.nextTick(() => callback(err, "", 4));
    return;
  }
  if ((options as { all?: boolean }).all)
    process.nextTick(() =>
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: "127.0.0.1", family: 4 },
      ]),
    );
  else process.nextTick(() => callback(null, "127.0.0.1", 4));
};

async function failure(p: Promise<unknown>): Promise<S3TransportError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(S3TransportError);
  return e as S3TransportError;
}

describe("retried: the final answer is what the check sees, every attempt is recorded", () => {
  it("retries a 503 SlowDown and returns the 200 that followed", async () => {
    behaviours.set("/b/k", (n, _q, _b, res) => (n === 1 ? s3Error(res, 503, "SlowDown") : ok(res, "payload")));
    const res = await client.send({ method: "GET", bucket: "b", key: "k" });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("payload");
    expect(exchanges.map((e) => [e.status, e.attempt, e.retryReason])).toEqual([
      [503, 1, "503 SlowDown"],
      [200, 2, undefined],
    ]);
    expect(res.exchange).toBe(exchanges[1]);
  });

  it("gives up after the configured retries and returns the server's 500 InternalError", async () => {
    behaviours.set("/b/k", (_n, _q, _b, res) => s3Error(res, 500, "InternalError"));
    const res = await client.send({ method: "HEAD", bucket: "b", key: "k" });
    expect(res.status).toBe(500);
    expect(counts.get("/b/k")).toBe(3);
    expect(exchanges.map((e) => [e.attempt, e.retryReason])).toEqual([
      [1, "500"], // HEAD: no body, no Code
      [2, "500"],
      [3, undefined],
    ]);
    console.log(
      `endless 500: ${counts.get("/b/k")} attempts, ${exchanges.filter((e) => e.retryReason).length} retries recorded`,
    );
  });

  it("retries a connection the server resets, and the replayed PUT carries the same body", async () => {
    const body = Buffer.from("exactly these bytes");
    const received: Buffer[] = [];
    behaviours.set("/b/obj", (n, req, b, res) => {
      if (n === 1) return void req.socket.destroy();
      received.push(b);
      ok(res);
    });
    const res = await client.send({ method: "PUT", bucket: "b", key: "obj", body });
    expect(res.status).toBe(200);
    expect(received).toEqual([body]);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[0].retryReason).toMatch(/^connection (ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/);
    expect(exchanges[0].error).toMatch(/^connect: /);
    console.log(`reset then 200: first attempt recorded as "${exchanges[0].error}"`);
  });

  it("retries a streamed GET's 503 and streams the answer that followed", async () => {
    behaviours.set("/b/big", (n, _q, _b, res) => (n === 1 ? s3Error(res, 503, "SlowDown") : ok(res, "streamed")));
    const res = await client.send({ method: "GET", bucket: "b", key: "big", streamResponse: true });
    expect(res.status).toBe(200);
    const chunks: Buffer[] = [];
    for await (const c of res.stream!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("streamed");
    expect(exchanges.map((e) => e.attempt)).toEqual([1, 2]);
  });

  it("retries an abort (DELETE ?uploadId) on 503, which means the server did nothing", async () => {
    behaviours.set("/b/mp", (n, _q, _b, res) =>
      n === 1 ? s3Error(res, 503, "SlowDown") : (res.writeHead(204), res.end()),
    );
    const res = await client.send({ method: "DELETE", bucket: "b", key: "mp", query: [["uploadId", "u1"]] });
    expect(res.status).toBe(204);
    expect(counts.get("/b/mp")).toBe(2);
  });
});

describe("not retried: the first answer is the answer", () => {
  const once = async (req: S3Request, behave: Behaviour, path: string) => {
    behaviours.set(path, behave);
    const res = await client.send(req);
    expect(counts.get(path)).toBe(1);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].attempt).toBeUndefined();
    expect(exchanges[0].retryReason).toBeUndefined();
    return res;
  };
  const slowDown: Behaviour = (_n, _q, _b, res) => s3Error(res, 503, "SlowDown");
  const internal: Behaviour = (_n, _q, _b, res) => s3Error(res, 500, "InternalError");

  it("a POST (initiate, complete, form upload) on 503", async () => {
    const res = await once({ method: "POST", bucket: "b", key: "k", query: [["uploads", ""]] }, slowDown, "/b/k");
    expect(res.status).toBe(503);
  });

  it("a PUT with a stream body on 503", async () => {
    const res = await once(
      { method: "PUT", bucket: "b", key: "k", body: Readable.from([Buffer.from("abc")]), contentLength: 3 },
      slowDown,
      "/b/k",
    );
    expect(res.status).toBe(503);
  });

  it("an abort (DELETE ?uploadId) on 500: replayed after success it would answer NoSuchUpload", async () => {
    const res = await once({ method: "DELETE", bucket: "b", key: "k", query: [["uploadId", "u"]] }, internal, "/b/k");
    expect(res.status).toBe(500);
  });

  it("a bucket creation on 500: replayed after success it would answer BucketAlreadyOwnedByYou", async () => {
    const res = await once({ method: "PUT", bucket: "b" }, internal, "/b");
    expect(res.status).toBe(500);
  });

  it("a 500 whose Code is not InternalError (a deliberate answer)", async () => {
    const res = await once(
      { method: "GET", bucket: "b", key: "k" },
      (_n, _q, _b, r) => s3Error(r, 500, "KeyDecryptionFailed"),
      "/b/k",
    );
    expect(res.error?.code).toBe("KeyDecryptionFailed");
  });

  it("a 4xx answer", async () => {
    const res = await once(
      { method: "GET", bucket: "b", key: "k" },
      (_n, _q, _b, r) => s3Error(r, 403, "AccessDenied"),
      "/b/k",
    );
    expect(res.status).toBe(403);
  });

  it("anything, when retries are off (the default)", async () => {
    const plain = createClient({ ...base, retries: undefined, onExchange: (e) => exchanges.push(e) });
    try {
      behaviours.set("/b/k", slowDown);
      expect((await plain.send({ method: "GET", bucket: "b", key: "k" })).status).toBe(503);
      expect(counts.get("/b/k")).toBe(1);
    } finally {
      await plain.close();
    }
  });
});

describe("transport failures: classified, and not retried", () => {
  const expectOneAttempt = () => {
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].retryReason).toBeUndefined();
  };

  it("a server that accepts and never answers: timeout", async () => {
    behaviours.set("/b/silent", (_n, _q, _b, res) => void held.push(res));
    const e = await failure(client.send({ method: "GET", bucket: "b", key: "silent", timeoutMs: 300 }));
    expect(e.kind).toBe("timeout");
    expect(counts.get("/b/silent")).toBe(1);
    expectOneAttempt();
  });

  it("a body that stalls after the headers: timeout", async () => {
    behaviours.set("/b/stall", (_n, _q, _b, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("only the first bytes");
      held.push(res);
    });
    const e = await failure(client.send({ method: "GET", bucket: "b", key: "stall", timeoutMs: 300 }));
    expect(e.kind).toBe("timeout");
    expectOneAttempt();
  });

  it("a certificate the client does not trust: tls", async () => {
    const strict = createClient({ ...base, caPem: undefined, onExchange: (x) => exchanges.push(x) });
    try {
      const e = await failure(strict.send({ method: "GET", bucket: "b", key: "k" }));
      expect(e.kind).toBe("tls");
      console.log(`untrusted certificate: ${e.exchange.error}`);
    } finally {
      await strict.close();
    }
    expect(counts.size).toBe(0);
    expectOneAttempt();
  });

  it("a closed port: connect", async () => {
    const closed = createHttpsServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = createClient({ ...base, endpoint: `https://127.0.0.1:${port}`, onExchange: (x) => exchanges.push(x) });
    try {
      const e = await failure(c.send({ method: "GET", bucket: "b", key: "k" }));
      expect(e.kind).toBe("connect");
      expect(e.exchange.error).toMatch(/ECONNREFUSED/);
    } finally {
      await c.close();
    }
    expectOneAttempt();
  });

  it("a name that does not resolve: dns", async () => {
    const c = createClient({
      ...base,
      endpoint: "https://s3.no-such-host.invalid",
      onExchange: (x) => exchanges.push(x),
    });
    try {
      const e = await failure(c.send({ method: "GET", bucket: "b", key: "k" }));
      expect(e.kind).toBe("dns");
      expect(e.exchange.error).toMatch(/ENOTFOUND/);
      console.log(`unresolvable name: ${e.exchange.error}`);
    } finally {
      await c.close();
    }
    expectOneAttempt();
  });
});

describe("the policy as data", () => {
  it("says which requests may be replayed", () => {
    const r = (x: Partial<S3Request>): S3Request => ({ method: "GET", bucket: "b", key: "k", ...x });
    expect(replayability(r({}))).toBe("always");
    expect(replayability(r({ method: "head" }))).toBe("always");
    expect(replayability(r({ method: "PUT", body: Buffer.from("x") }))).toBe("always");
    expect(
      replayability(
        r({
          method: "PUT",
          body: "x",
          query: [
            ["partNumber", "1"],
            ["uploadId", "u"],
          ],
        }),
      ),
    ).toBe("always");
    expect(replayability(r({ method: "PUT", headers: [["x-amz-copy-source", "/b/s"]] }))).toBe("always");
    expect(replayability(r({ method: "DELETE" }))).toBe("always");
    expect(replayability(r({ method: "PUT", headers: [["If-None-Match", "*"]] }))).toBe("if-refused");
    expect(replayability(r({ method: "DELETE", query: [["uploadId", "u"]] }))).toBe("if-refused");
    expect(replayability(r({ method: "PUT", key: undefined }))).toBe("if-refused");
    expect(replayability(r({ method: "DELETE", key: undefined }))).toBe("if-refused");
    expect(replayability(r({ method: "POST" }))).toBe("never");
    expect(replayability(r({ method: "PATCH" }))).toBe("never");
    expect(replayability(r({ method: "PUT", body: Readable.from([]) }))).toBe("never");
  });

  it("says which answers are worth another attempt", () => {
    expect(retryReason(s3Answer(503, "SlowDown"))).toEqual({ reason: "503 SlowDown", refused: true });
    expect(retryReason(s3Answer(503))).toEqual({ reason: "503", refused: true });
    expect(retryReason(s3Answer(500, "InternalError"))).toEqual({ reason: "500 InternalError", refused: false });
    expect(retryReason(s3Answer(502))).toEqual({ reason: "502", refused: false });
    expect(retryReason(s3Answer(502, "BadGateway"))).toBeUndefined();
    expect(retryReason(s3Answer(500, "NotImplemented"))).toBeUndefined();
    expect(retryReason(s3Answer(501, "NotImplemented"))).toBeUndefined();
    expect(retryReason(s3Answer(400, "RequestTimeout"))).toBeUndefined();
    expect(retryReason(s3Answer(200))).toBeUndefined();
  });

  it("backs off exponentially with full jitter, capped, and honours a numeric Retry-After", () => {
    const top = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, top))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffMs(3, { ...top, random: () => 0 })).toBe(0);
    expect(backoffMs(1, top, "0")).toBe(0);
    expect(backoffMs(1, top, "1")).toBe(1000);
    expect(backoffMs(1, top, "120")).toBe(1000); // capped
    expect(backoffMs(1, top, "Wed, 21 Oct 2015 07:28:00 GMT")).toBe(99); // dates: ignored
  });
});
