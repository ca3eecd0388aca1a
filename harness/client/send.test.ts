/**
 * The client against real loopback servers (node:https with the fixture certificate, node:http
 * for the plain listener): what arrives on the wire is what the request said.
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { rootCertificates } from "node:tls";
import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import busboy from "busboy";
import { createClient, S3TransportError } from "./index.ts";
import type { ClientOptions, ExchangeRecord, S3Client } from "./types.ts";
import { chunkSignature, credentialScope, signingKey } from "./sign.ts";
import { checksumBase64 } from "./checksum-headers.ts";
import { buildPostForm } from "./post-policy.ts";
import { generateKey, ssecFormFields, ssecHeaders } from "../ssec/index.ts";

const tls = (f: string) => readFileSync(new URL(`../../fixtures/tls/${f}`, import.meta.url), "utf8");

interface Seen {
  method: string;
  url: string;
  rawHeaders: [string, string][];
  body: Buffer;
}
type Responder = (seen: Seen, res: ServerResponse) => void;

let responder: Responder;
const seen: Seen[] = [];
const held: ServerResponse[] = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on("data", (c: Buffer) => parts.push(c));
  req.on("end", () => {
    const rawHeaders: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    const s: Seen = { method: req.method ?? "", url: req.url ?? "", rawHeaders, body: Buffer.concat(parts) };
    seen.push(s);
    responder(s, res);
  });
}

const ok: Responder = (_s, res) => {
  res.writeHead(200, { etag: '"x"' });
  res.end();
};

let https: Server;
let http: ReturnType<typeof createHttpServer>;
let base: ClientOptions;
let client: S3Client;
const exchanges: ExchangeRecord[] = [];

function header(s: Seen, name: string): string[] {
  return s.rawHeaders.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

beforeAll(async () => {
  https = createHttpsServer({ key: tls("server.key"), cert: tls("server.pem") }, handler);
  http = createHttpServer(handler);
  await new Promise<void>((r) => https.listen(0, "localhost", r));
  await new Promise<void>((r) => http.listen(0, "localhost", r));
  base = {
    endpoint: `https://localhost:${(https.address() as AddressInfo).port}`,
    httpEndpoint: `http://localhost:${(http.address() as AddressInfo).port}`,
    region: "us-east-1",
    accessKeyId: "AKIDTEST",
    secretAccessKey: "secret-for-tests",
    caPem: tls("ca.pem"),
    timeoutMs: 10_000,
    onExchange: (e) => exchanges.push(e),
  };
  client = createClient(base);
});

afterAll(async () => {
  for (const r of held) r.destroy();
  await client.close();
  https.closeAllConnections();
  http.closeAllConnections();
  await new Promise((r) => https.close(r));
  await new Promise((r) => http.close(r));
});

beforeEach(() => {
  responder = ok;
  seen.length = 0;
  exchanges.length = 0;
});

describe("send() on the wire", () => {
  it("sends duplicated headers duplicated, in the given order", async () => {
    await client.send({
      method: "GET",
      bucket: "b",
      key: "k",
      headers: [
        ["X-Test", "one"],
        ["x-amz-meta-z", "z"],
        ["X-Test", "two"],
      ],
    });
    const s = seen[0];
    expect(header(s, "x-test")).toEqual(["one", "two"]);
    const names = s.rawHeaders.map(([n]) => n);
    expect(names.indexOf("X-Test")).toBeLessThan(names.indexOf("x-amz-meta-z"));
    expect(names.lastIndexOf("X-Test")).toBeGreaterThan(names.indexOf("x-amz-meta-z"));
    expect(s.url).toBe("/b/k");
  });

  it("leaves out what the caller omits, and signs what it sends", async () => {
    await client.send({
      method: "PUT",
      bucket: "b",
      key: "k",
      body: "x",
      headers: ssecHeaders(generateKey(), { omit: ["md5"] }),
    });
    const s = seen[0];
    expect(header(s, "x-amz-server-side-encryption-customer-algorithm")).toEqual(["AES256"]);
    expect(header(s, "x-amz-server-side-encryption-customer-key")).toHaveLength(1);
    expect(header(s, "x-amz-server-side-encryption-customer-key-md5")).toEqual([]);
    expect(header(s, "authorization")[0]).toMatch(
      /SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date;x-amz-server-side-encryption-customer-algorithm;x-amz-server-side-encryption-customer-key,/,
    );
  });

  it("sends a header outside the signature when asked (unsignedHeaders)", async () => {
    await client.send({
      method: "GET",
      bucket: "b",
      key: "k",
      headers: [["x-amz-meta-a", "1"]],
      unsignedHeaders: ["x-amz-meta-a"],
    });
    expect(header(seen[0], "x-amz-meta-a")).toEqual(["1"]);
    expect(header(seen[0], "authorization")[0]).not.toContain("x-amz-meta-a");
  });

  it("streams a request body intact (UNSIGNED-PAYLOAD, Content-Length from contentLength)", async () => {
    const data = randomBytes(300_001);
    const pieces = [data.subarray(0, 1000), data.subarray(1000, 200_000), data.subarray(200_000)];
    await client.send({
      method: "PUT",
      bucket: "b",
      key: "big",
      body: Readable.from(pieces),
      contentLength: data.length,
    });
    const s = seen[0];
    expect(s.body.equals(data)).toBe(true);
    expect(header(s, "content-length")).toEqual([String(data.length)]);
    expect(header(s, "x-amz-content-sha256")).toEqual(["UNSIGNED-PAYLOAD"]);
  });

  it("frames aws-chunked signed bodies with a signature chain from the seed", async () => {
    const data = randomBytes(150_000);
    const date = new Date();
    await client.send({
      method: "PUT",
      bucket: "b",
      key: "c",
      body: Readable.from([data]),
      contentLength: data.length,
      payload: "streaming-signed",
      signingDate: date,
    });
    const s = seen[0];
    expect(header(s, "content-encoding")).toEqual(["aws-chunked"]);
    expect(header(s, "x-amz-decoded-content-length")).toEqual(["150000"]);
    expect(header(s, "x-amz-content-sha256")).toEqual(["STREAMING-AWS4-HMAC-SHA256-PAYLOAD"]);
    expect(header(s, "content-length")).toEqual([String(s.body.length)]);
    const ctx = {
      signingKey: signingKey("secret-for-tests", date, "us-east-1"),
      amzDate: header(s, "x-amz-date")[0],
      scope: credentialScope(date, "us-east-1"),
    };
    let previous = /Signature=([0-9a-f]{64})$/.exec(header(s, "authorization")[0])![1];
    const decoded: Buffer[] = [];
    let at = 0;
    const sizes: number[] = [];
    for (;;) {
      const eol = s.body.indexOf("\r\n", at);
      const m = /^([0-9a-f]+);chunk-signature=([0-9a-f]{64})$/.exec(s.body.subarray(at, eol).toString("latin1"));
      expect(m, `chunk header at ${at}`).not.toBeNull();
      const size = parseInt(m![1], 16);
      const chunk = s.body.subarray(eol + 2, eol + 2 + size);
      expect(m![2]).toBe(chunkSignature(ctx, previous, chunk));
      previous = m![2];
      expect(s.body.subarray(eol + 2 + size, eol + 4 + size).toString()).toBe("\r\n");
      at = eol + 4 + size;
      sizes.push(size);
      if (size === 0) break;
      decoded.push(chunk);
    }
    expect(at).toBe(s.body.length);
    expect(sizes).toEqual([65536, 65536, 18928, 0]);
    expect(Buffer.concat(decoded).equals(data)).toBe(true);
  });

  it("frames aws-chunked unsigned bodies with the named trailing checksum, also without a known length", async () => {
    const data = randomBytes(70_000);
    await client.send({
      method: "PUT",
      bucket: "b",
      key: "t",
      body: Readable.from([data]),
      payload: "streaming-unsigned-trailer",
      headers: [["x-amz-trailer", "x-amz-checksum-crc32c"]],
    });
    const s = seen[0];
    expect(header(s, "x-amz-content-sha256")).toEqual(["STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);
    expect(header(s, "x-amz-trailer")).toEqual(["x-amz-checksum-crc32c"]);
    expect(header(s, "transfer-encoding")).toEqual(["chunked"]);
    expect(header(s, "content-length")).toEqual([]);
    const text = s.body.toString("latin1");
    const expected = `10000\r\n${data.subarray(0, 65536).toString("latin1")}\r\n1170\r\n${data.subarray(65536).toString("latin1")}\r\n0\r\nx-amz-checksum-crc32c:${checksumBase64("crc32c", data)}\r\n\r\n`;
    expect(text === expected).toBe(true);
  });

  it("returns status, lower-cased headers (repeats joined) and the parsed S3 error", async () => {
    responder = (_s, res) => {
      res.writeHead(403, { "Content-Type": "application/xml", "X-Multi": ["a", "b"] });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>nope</Message><RequestId>r1</RequestId></Error>',
      );
    };
    const r = await client.send({ method: "GET", bucket: "b", key: "k" });
    expect(r.status).toBe(403);
    expect(r.headers["content-type"]).toBe("application/xml");
    expect(r.headers["x-multi"]).toBe("a, b");
    expect(r.error).toEqual({ code: "AccessDenied", message: "nope", fields: { RequestId: "r1" } });
  });

  it("has no error for a HEAD error (no body)", async () => {
    responder = (_s, res) => {
      res.writeHead(400, { "x-amz-request-id": "r" });
      res.end();
    };
    const r = await client.send({ method: "HEAD", bucket: "b", key: "k" });
    expect(r.status).toBe(400);
    expect(r.error).toBeUndefined();
    expect(r.body.length).toBe(0);
  });

  it("streams a response body when asked", async () => {
    const data = randomBytes(1 << 20);
    responder = (_s, res) => {
      res.writeHead(200, { "content-length": String(data.length) });
      res.end(data);
    };
    const r = await client.send({ method: "GET", bucket: "b", key: "k", streamResponse: true });
    const parts: Buffer[] = [];
    for await (const c of r.stream!) parts.push(c as Buffer);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(r.body.length).toBe(0);
  });

  it("records every exchange (headers in order, previews, status, duration), unredacted", async () => {
    responder = (_s, res) => {
      res.writeHead(404, { "content-type": "application/xml" });
      res.end("<Error><Code>NoSuchKey</Code><Message>m</Message></Error>");
    };
    const key = generateKey();
    const r = await client.send({ method: "PUT", bucket: "b", key: "k", body: "hello", headers: ssecHeaders(key) });
    expect(exchanges).toHaveLength(1);
    const e = exchanges[0];
    expect(e).toBe(r.exchange);
    expect(e.method).toBe("PUT");
    expect(e.url).toBe(`${base.endpoint}/b/k`);
    expect(e.requestHeaders[0][0]).toBe("host");
    expect(e.requestHeaders).toContainEqual(["x-amz-server-side-encryption-customer-key", key.base64]);
    expect(e.requestHeaders.some(([n]) => n === "authorization")).toBe(true);
    expect(e.requestBodyPreview).toBe("hello");
    expect(e.status).toBe(404);
    expect(e.responseBodyPreview).toContain("NoSuchKey");
    expect(e.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("sends presigned requests without an Authorization header", async () => {
    await client.send({ method: "GET", bucket: "b", key: "k", auth: "presign", expiresIn: 60 });
    const s = seen[0];
    expect(s.url).toMatch(
      /^\/b\/k\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDTEST%2F\d{8}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$/,
    );
    expect(header(s, "authorization")).toEqual([]);
  });

  it("sends anonymous requests with no SigV4 headers", async () => {
    await client.send({ method: "GET", bucket: "b", key: "k", auth: "none" });
    expect(
      seen[0].rawHeaders.map(([n]) => n.toLowerCase()).filter((n) => n.startsWith("x-amz") || n === "authorization"),
    ).toEqual([]);
  });

  it("posts a POST Object form that a multipart parser reads, file last", async () => {
    const key = generateKey();
    const form = buildPostForm(base, { bucket: "b", key: "up", file: "payload", fields: ssecFormFields(key) });
    await client.send({
      method: "POST",
      bucket: "b",
      auth: "none",
      body: form.body,
      headers: [["content-type", form.contentType]],
    });
    const s = seen[0];
    const fields: string[] = [];
    let file = "";
    await new Promise<void>((resolve, reject) => {
      const bb = busboy({ headers: { "content-type": header(s, "content-type")[0] } });
      bb.on("field", (name) => fields.push(name));
      bb.on("file", (name, stream) => {
        fields.push(name);
        stream.on("data", (d: Buffer) => (file += d.toString()));
      });
      bb.on("close", resolve);
      bb.on("error", reject);
      bb.end(s.body);
    });
    expect(fields.at(-1)).toBe("file");
    expect(fields).toContain("x-amz-server-side-encryption-customer-key");
    expect(file).toBe("payload");
    expect(s.url).toBe("/b");
  });

  it("uses the plain-http endpoint when a request sets plainHttp", async () => {
    await client.send({ method: "GET", bucket: "b", key: "k", plainHttp: true });
    expect(seen).toHaveLength(1);
    expect(header(seen[0], "host")).toEqual([new URL(base.httpEndpoint!).host]);
  });

  it("addresses virtual-hosted: Host names the bucket, TLS verifies the endpoint", async () => {
    const vh = createClient({ ...base, virtualHosted: true });
    try {
      await vh.send({ method: "GET", bucket: "bkt", key: "k" });
    } finally {
      await vh.close();
    }
    expect(header(seen[0], "host")).toEqual([`bkt.${new URL(base.endpoint).host}`]);
    expect(seen[0].url).toBe("/k");
  });
});

describe("send() failures", () => {
  it("fires the timeout and reports it as a transport error, not a response", async () => {
    responder = (_s, res) => void held.push(res); // never answers
    const err = await client.send({ method: "GET", bucket: "b", key: "slow", timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3TransportError);
    expect((err as S3TransportError).kind).toBe("timeout");
    expect((err as S3TransportError).exchange.error).toMatch(/^timeout/);
    expect(exchanges).toHaveLength(1);
  });

  it("refuses a certificate it cannot verify, and accepts it in insecure mode", async () => {
    const strict = createClient({ ...base, caPem: undefined });
    const insecure = createClient({ ...base, caPem: undefined, insecure: true });
    try {
      const err = await strict.send({ method: "GET", bucket: "b", key: "k" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(S3TransportError);
      expect((err as S3TransportError).kind).toBe("tls");
      expect((await insecure.send({ method: "GET", bucket: "b", key: "k" })).status).toBe(200);
    } finally {
      await strict.close();
      await insecure.close();
    }
  });

  it("trusts only the CA it was given (--ca): another CA's certificate is refused", async () => {
    // A real root of the system store that did not sign the fixture certificate.
    const other = createClient({ ...base, caPem: rootCertificates[0] });
    try {
      const err = await other.send({ method: "GET", bucket: "b", key: "k" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(S3TransportError);
      expect((err as S3TransportError).kind).toBe("tls");
    } finally {
      await other.close();
    }
  });

  it("reports a refused connection as kind connect", async () => {
    const closed = createHttpsServer({ key: tls("server.key"), cert: tls("server.pem") });
    await new Promise<void>((r) => closed.listen(0, "localhost", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = createClient({ ...base, endpoint: `https://localhost:${port}` });
    try {
      const err = await c.send({ method: "GET" }).catch((e: unknown) => e);
      expect((err as S3TransportError).kind).toBe("connect");
    } finally {
      await c.close();
    }
  });

  it("reports what undici will not send (a second Host header) as kind request", async () => {
    const err = await client
      .send({
        method: "GET",
        bucket: "b",
        headers: [
          ["Host", "a"],
          ["Host", "b"],
        ],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3TransportError);
    expect((err as S3TransportError).kind).toBe("request");
  });
});
