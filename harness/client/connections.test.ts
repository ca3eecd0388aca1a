/**
 * Connection reuse: a run sends thousands of small refused requests, and each new connection is
 * a TLS handshake. Counted, never timed: TLS handshakes on a loopback https server
 * ('secureConnection'), and connections undici opens against the reference server
 * ('undici:client:connected' diagnostics channel).
 *
 * Before the fix (undici Agent + default HEAD handling): 200 refused HEADs opened 198 connections,
 * and after one `Connection: close` answer every later request opened its own (nodejs/undici#5022).
 */
import { clientForServer } from "./server-client.ts";
import { createHash, randomBytes } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../server/index.ts";
import { createClient } from "./index.ts";
import type { HeaderList, S3Client } from "./types.ts";

const tls = (f: string) => readFileSync(new URL(`../../fixtures/tls/${f}`, import.meta.url), "utf8");

describe("TLS handshakes against a plain https server", () => {
  let server: Server;
  let handshakes = 0;
  let client: S3Client;

  beforeAll(async () => {
    server = createServer({ cert: tls("server.pem"), key: tls("server.key") }, (req, res) => {
      req.resume();
      req.on("end", () => {
        // /close answers like a server refusing a body too large to drain.
        if (req.url?.startsWith("/close")) res.setHeader("Connection", "close");
        const body = req.method === "HEAD" ? undefined : Buffer.from("<Error><Code>InvalidArgument</Code></Error>");
        res.writeHead(400, { "Content-Type": "application/xml", "Content-Length": String(body?.length ?? 0) });
        res.end(body);
      });
    });
    server.on("secureConnection", () => handshakes++);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    client = createClient({
      endpoint: `https://127.0.0.1:${port}`,
      region: "us-east-1",
      accessKeyId: "a",
      secretAccessKey: "s",
      caPem: tls("ca.pem"),
    });
  });
  afterAll(async () => {
    await client.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const count = async (n: number, send: (i: number) => Promise<unknown>): Promise<number> => {
    const before = handshakes;
    for (let i = 0; i < n; i++) await send(i);
    return handshakes - before;
  };

  it("reuses the connection across HEADs (undici would close after each)", async () => {
    const opened = await count(100, () => client.send({ method: "HEAD", bucket: "bkt", key: "o" }));
    // At most one extra: undici may open a second connection while the first is released.
    expect(opened).toBeLessThanOrEqual(2);
  });

  it("reuses the connection across refused PUTs with a body", async () => {
    const opened = await count(100, (i) =>
      client.send({ method: "PUT", bucket: "bkt", key: `o${i}`, body: Buffer.alloc(1024) }),
    );
    expect(opened).toBeLessThanOrEqual(2);
  });

  it("after a Connection: close answer, later requests reuse connections again", async () => {
    const closing = await count(5, () => client.send({ method: "GET", bucket: "close", key: "o" }));
    // Each of those really was closed (up to two idle connections from before take the first ones).
    expect(closing).toBeGreaterThanOrEqual(3);
    const opened = await count(100, () => client.send({ method: "GET", bucket: "bkt", key: "o" }));
    expect(opened).toBeLessThanOrEqual(2);
  });
});

describe("connections against the reference server (refused SSE-C requests)", () => {
  let server: RunningServer;
  let client: S3Client;
  let connections = 0;
  const onConnected = () => connections++;
  const key = randomBytes(32);
  const trio = (md5: string): HeaderList => [
    ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
    ["x-amz-server-side-encryption-customer-key", key.toString("base64")],
    ["x-amz-server-side-encryption-customer-key-md5", md5],
  ];
  const good = trio(createHash("md5").update(key).digest("base64"));
  const badMd5 = trio(Buffer.alloc(16).toString("base64"));

  beforeAll(async () => {
    server = await startServer({ httpPort: null });
    client = clientForServer(server);
    expect((await client.send({ method: "PUT", bucket: "conn-bucket" })).status).toBe(200);
    expect(
      (await client.send({ method: "PUT", bucket: "conn-bucket", key: "o", body: "hello", headers: good })).status,
    ).toBe(200);
    subscribe("undici:client:connected", onConnected);
  });
  afterAll(async () => {
    unsubscribe("undici:client:connected", onConnected);
    await client.close();
    await server.close();
  });

  const count = async (n: number, send: (i: number) => Promise<{ status: number }>): Promise<number> => {
    const before = connections;
    for (let i = 0; i < n; i++) expect((await send(i)).status).toBe(400);
    return connections - before;
  };

  it("200 refused HEADs (bad key MD5) share a connection", async () => {
    expect(
      await count(200, () => client.send({ method: "HEAD", bucket: "conn-bucket", key: "o", headers: badMd5 })),
    ).toBeLessThanOrEqual(2);
  });

  it("200 refused PUTs with a 1 KiB body share a connection (the server drains the small body)", async () => {
    const opened = await count(200, (i) =>
      client.send({ method: "PUT", bucket: "conn-bucket", key: `p${i}`, body: Buffer.alloc(1024), headers: badMd5 }),
    );
    expect(opened).toBeLessThanOrEqual(2);
  });

  it("a refused body over the drain limit still closes its connection, and later requests reuse again", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await client.send({
        method: "PUT",
        bucket: "conn-bucket",
        key: "big",
        body: Buffer.alloc(2 * 1024 * 1024),
        headers: badMd5,
      });
      expect(res.status).toBe(400);
      expect(res.headers.connection).toBe("close");
    }
    expect(
      await count(200, () => client.send({ method: "GET", bucket: "conn-bucket", key: "o", headers: badMd5 })),
    ).toBeLessThanOrEqual(2);
  });
});
