/**
 * The reference server over real TLS (and its plain-HTTP listener): every SSE-C error case of
 * the `aws` profile, plain-HTTP refusal storing nothing, Expect: 100-continue,
 * keep-alive after early errors, client aborts, and exact ranges at chunk and part boundaries.
 */
import { createHash } from "node:crypto";
import type { ClientRequest } from "node:http";
import * as https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./index.ts";
import {
  initiateUpload,
  newKey,
  payload,
  postForm,
  sendTo,
  ssecFormFields,
  ssecHeaders,
  type RawRequest,
  type RawResponse,
} from "../server-testing/s3-requests.ts";
import type { RunningServer } from "./types.ts";

let server: RunningServer;
const logs: string[] = [];
const send = (r: RawRequest & { plain?: boolean; agent?: https.Agent }) => sendTo(server, r);
const md5b64 = (b: Buffer) => createHash("md5").update(b).digest("base64");
const KiB = 1024;
const MiB = 1024 * KiB;

beforeAll(async () => {
  server = await startServer({ log: (l) => logs.push(l) });
  expect((await send({ method: "PUT", path: "/tls" })).status).toBe(200);
});
afterAll(() => server?.close());

const KEY = newKey();
const OTHER = newKey();
const K = ssecHeaders(KEY);
const A = "x-amz-server-side-encryption-customer-";
const C = "x-amz-copy-source-server-side-encryption-customer-";
const long = Buffer.from(KEY.toString("base64"), "utf8"); // 44-byte "double base64" key (evidence key.wrong-length-put, key.wrong-length-read)
const short = Buffer.alloc(10, 1);
const withKey = (k: Buffer, prefix = A) => ({
  [`${prefix}algorithm`]: "AES256",
  [`${prefix}key`]: k.toString("base64"),
  [`${prefix}key-md5`]: md5b64(k),
});
const without = (h: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(h).filter(([n]) => n !== name));

function expectError(r: RawResponse, status: number, code: string | undefined) {
  expect({ status: r.status, code: r.code }).toEqual({ status, code });
  // Never echo a key, in any error.
  for (const k of [KEY, OTHER, long, short]) expect(r.body.toString()).not.toContain(k.toString("base64"));
}

async function nothingStored(key: string) {
  const r = await send({ method: "HEAD", path: `/tls/${key}` });
  expect(r.status).toBe(404);
}

describe("PUT Object: SSE-C header validation (evidence sse-conflict.put, algorithm.invalid-put, missing.algorithm-put, missing.key-put, key.wrong-length-put, md5.mismatch-put, missing.md5, key.not-base64)", () => {
  it.each([
    [
      "evidence sse-conflict.put SSE-C with x-amz-server-side-encryption",
      { ...K, "x-amz-server-side-encryption": "AES256" },
      400,
      "InvalidArgument",
    ],
    [
      "evidence sse-conflict.put SSE-C with aws:kms",
      { ...K, "x-amz-server-side-encryption": "aws:kms" },
      400,
      "InvalidArgument",
    ],
    [
      "evidence algorithm.invalid-put algorithm KMS",
      { ...K, [`${A}algorithm`]: "KMS" },
      400,
      "InvalidEncryptionAlgorithmError",
    ],
    ["evidence missing.algorithm-put no algorithm", without(K, `${A}algorithm`), 400, "InvalidArgument"],
    ["evidence missing.key-put no key", without(K, `${A}key`), 400, "InvalidArgument"],
    ["evidence key.wrong-length-put 10-byte key", withKey(short), 400, "InvalidArgument"],
    ["evidence key.wrong-length-put 44-byte key", withKey(long), 400, "InvalidArgument"],
    ["evidence md5.mismatch-put MD5 of another key", { ...K, [`${A}key-md5`]: md5b64(OTHER) }, 400, "InvalidArgument"],
    [
      "evidence md5.mismatch-put MD5 in hex",
      { ...K, [`${A}key-md5`]: createHash("md5").update(KEY).digest("hex") },
      400,
      "InvalidArgument",
    ],
    ["evidence md5.mismatch-put MD5 not base64", { ...K, [`${A}key-md5`]: "%%%%" }, 400, "InvalidArgument"],
    ["evidence missing.md5 no MD5", without(K, `${A}key-md5`), 400, "InvalidArgument"],
    ["evidence key.not-base64 key not base64", { ...K, [`${A}key`]: "not-base64!" }, 400, "InvalidArgument"],
  ])("%s → %i %s, nothing stored", async (name, headers, status, code) => {
    const key = `put-${name.split(" ")[0]}-${Math.random()}`;
    expectError(await send({ method: "PUT", path: `/tls/${key}`, body: "secret", headers }), status, code);
    await nothingStored(key);
  });
});

describe("GET and HEAD of SSE-C objects (evidence get.no-key-refused, get.wrong-key-refused, key.wrong-length-read, algorithm.invalid-get, algorithm.invalid-head, head.no-key-refused, read.ssec-on-plain-object)", () => {
  beforeAll(async () => {
    expect((await send({ method: "PUT", path: "/tls/enc", body: "encrypted", headers: K })).status).toBe(200);
    expect((await send({ method: "PUT", path: "/tls/empty", body: "", headers: K })).status).toBe(200);
    expect((await send({ method: "PUT", path: "/tls/plain", body: "plain" })).status).toBe(200);
  });

  it.each([
    ["evidence get.no-key-refused no key", "enc", {}, 400, "InvalidRequest"],
    ["evidence get.wrong-key-refused wrong key", "enc", ssecHeaders(OTHER), 403, "AccessDenied"],
    [
      "evidence get.wrong-key-refused wrong key on a zero-byte object (pgsty/silo#82)",
      "empty",
      ssecHeaders(OTHER),
      403,
      "AccessDenied",
    ],
    ["evidence key.wrong-length-read 44-byte key", "enc", withKey(long), 403, "AccessDenied"],
    [
      "evidence algorithm.invalid-get algorithm KMS",
      "enc",
      { ...K, [`${A}algorithm`]: "KMS" },
      400,
      "InvalidEncryptionAlgorithmError",
    ],
    ["evidence md5.mismatch-put MD5 mismatch", "enc", { ...K, [`${A}key-md5`]: md5b64(OTHER) }, 400, "InvalidArgument"],
    ["evidence read.ssec-on-plain-object SSE-C headers on a plain object", "plain", K, 400, "InvalidRequest"],
    [
      "evidence read.sse-header-refused x-amz-server-side-encryption on a read",
      "enc",
      { ...K, "x-amz-server-side-encryption": "AES256" },
      400,
      "InvalidRequest",
    ],
  ])("GET %s → %i %s; HEAD the same status without a body", async (_name, obj, headers, status, code) => {
    expectError(await send({ method: "GET", path: `/tls/${obj}`, headers }), status, code);
    const head = await send({ method: "HEAD", path: `/tls/${obj}`, headers });
    expect(head.status).toBe(status);
    expect(head.body.length).toBe(0);
  });

  it("serves the object with the right key, echoing algorithm and key-MD5, Content-Length = plaintext length", async () => {
    for (const method of ["GET", "HEAD"]) {
      const r = await send({ method, path: "/tls/enc", headers: K });
      expect(r.status).toBe(200);
      expect(r.headers["content-length"]).toBe("9");
      expect(r.headers[`${A}algorithm`]).toBe("AES256");
      expect(r.headers[`${A}key-md5`]).toBe(md5b64(KEY));
      expect(r.headers[`${A}key`]).toBeUndefined();
      if (method === "GET") expect(r.body.toString()).toBe("encrypted");
    }
  });
});

describe("PUT Object - Copy (evidence copy.source-key-required, algorithm.invalid-copy-source, algorithm.invalid-copy-target, sse-conflict.copy, copy.source-wrong-key, copy.rotate-wrong-key; minio/minio#6671)", () => {
  beforeAll(async () => {
    await send({ method: "PUT", path: "/tls/csrc", body: "copy me", headers: K });
    await send({ method: "PUT", path: "/tls/cplain", body: "plain source" });
  });
  const copy = (headers: Record<string, string>, src = "/tls/csrc") =>
    send({ method: "PUT", path: `/tls/cdst-${Math.random()}`, headers: { "x-amz-copy-source": src, ...headers } });

  it.each([
    ["evidence copy.source-key-required SSE-C source without copy-source key", {}, 400, "InvalidRequest"],
    [
      "evidence algorithm.invalid-copy-source copy-source algorithm KMS",
      { ...ssecHeaders(KEY, { copySource: true }), [`${C}algorithm`]: "KMS" },
      400,
      "InvalidEncryptionAlgorithmError",
    ],
    [
      "evidence algorithm.invalid-copy-target target algorithm KMS",
      { ...ssecHeaders(KEY, { copySource: true }), ...K, [`${A}algorithm`]: "KMS" },
      400,
      "InvalidEncryptionAlgorithmError",
    ],
    [
      "evidence sse-conflict.copy target SSE-C + x-amz-server-side-encryption",
      { ...ssecHeaders(KEY, { copySource: true }), ...K, "x-amz-server-side-encryption": "AES256" },
      400,
      "InvalidArgument",
    ],
    [
      "evidence copy.source-wrong-key wrong copy-source key",
      ssecHeaders(OTHER, { copySource: true }),
      403,
      "AccessDenied",
    ],
  ])("%s → %i %s", async (_name, headers, status, code) => {
    expectError(await copy(headers), status, code);
  });

  it("refuses copy-source SSE-C headers on a plain source with 400 InvalidRequest (minio/minio#6671)", async () => {
    expectError(await copy(ssecHeaders(KEY, { copySource: true }), "/tls/cplain"), 400, "InvalidRequest");
  });

  it("copies SSE-C → SSE-C with another key and echoes the target key-MD5", async () => {
    const r = await send({
      method: "PUT",
      path: "/tls/cdst",
      headers: { "x-amz-copy-source": "/tls/csrc", ...ssecHeaders(KEY, { copySource: true }), ...ssecHeaders(OTHER) },
    });
    expect(r.status).toBe(200);
    expect(r.headers[`${A}key-md5`]).toBe(md5b64(OTHER));
    expect((await send({ method: "GET", path: "/tls/cdst", headers: ssecHeaders(OTHER) })).body.toString()).toBe(
      "copy me",
    );
    expect((await send({ method: "GET", path: "/tls/cdst", headers: K })).status).toBe(403);
  });
});

describe("multipart (evidence upload-part.ssec-on-plain-upload-refused, upload-part.missing-key-refused, upload-part.different-key-refused, complete.without-key)", () => {
  const initiate = (key: string, headers: Record<string, string>) => initiateUpload({ send }, `/tls/${key}`, headers);

  it("refuses parts without the key, with another key, and SSE-C parts on a plain upload", async () => {
    const enc = await initiate("mpe", K);
    const plain = await initiate("mpp", {});
    const part = (key: string, uploadId: string, headers: Record<string, string>) =>
      send({ method: "PUT", path: `/tls/${key}`, query: { partNumber: "1", uploadId }, body: "part", headers });
    expectError(await part("mpp", plain, K), 400, "InvalidRequest"); // evidence upload-part.ssec-on-plain-upload-refused
    expectError(await part("mpe", enc, {}), 400, "InvalidRequest"); // evidence upload-part.missing-key-refused
    expectError(await part("mpe", enc, ssecHeaders(OTHER)), 400, "InvalidRequest"); // evidence upload-part.different-key-refused
    const list = await send({ method: "GET", path: "/tls/mpe", query: { uploadId: enc } });
    expect(list.body.toString()).not.toContain("<Part>");
    const ok = await part("mpe", enc, K);
    expect(ok.status).toBe(200);
    expect(ok.headers[`${A}key-md5`]).toBe(md5b64(KEY));
    const complete = await send({
      method: "POST",
      path: "/tls/mpe",
      query: { uploadId: enc },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${ok.headers.etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(complete.status).toBe(200); // evidence complete.without-key: no key needed
    expectError(await send({ method: "GET", path: "/tls/mpe" }), 400, "InvalidRequest");
    expect((await send({ method: "GET", path: "/tls/mpe", headers: K })).body.toString()).toBe("part");
  });
});

describe("plain HTTP (evidence http.ssec-refused): refused with 400 InvalidRequest, nothing stored", () => {
  it("refuses SSE-C on PUT, GET, HEAD, Initiate, Upload Part and Copy", async () => {
    expectError(
      await send({ method: "PUT", path: "/tls/h1", body: "x", headers: K, plain: true }),
      400,
      "InvalidRequest",
    );
    await nothingStored("h1");
    await send({ method: "PUT", path: "/tls/h2", body: "x", headers: K });
    expectError(await send({ method: "GET", path: "/tls/h2", headers: K, plain: true }), 400, "InvalidRequest");
    expect((await send({ method: "HEAD", path: "/tls/h2", headers: K, plain: true })).status).toBe(400);
    expectError(
      await send({ method: "POST", path: "/tls/h3", query: { uploads: "" }, headers: K, plain: true }),
      400,
      "InvalidRequest",
    );
    const uploads = await send({ method: "GET", path: "/tls", query: { uploads: "" } });
    expect(uploads.body.toString()).not.toContain("<Key>h3</Key>");
    const copy = await send({
      method: "PUT",
      path: "/tls/h4",
      headers: { "x-amz-copy-source": "/tls/h2", ...ssecHeaders(KEY, { copySource: true }) },
      plain: true,
    });
    expectError(copy, 400, "InvalidRequest");
    await nothingStored("h4");
    const part = await send({ method: "POST", path: "/tls/h6", query: { uploads: "" }, headers: K });
    const uploadId = /<UploadId>([^<]+)</.exec(part.body.toString())![1];
    expectError(
      await send({
        method: "PUT",
        path: "/tls/h6",
        query: { partNumber: "1", uploadId },
        body: "x",
        headers: K,
        plain: true,
      }),
      400,
      "InvalidRequest",
    );
    expect((await send({ method: "GET", path: "/tls/h6", query: { uploadId } })).body.toString()).not.toContain(
      "<Part>",
    );
    // Plain requests work over HTTP.
    expect((await send({ method: "PUT", path: "/tls/h5", body: "ok", plain: true })).status).toBe(200);
  });
});

describe("POST Object", () => {
  it("stores an SSE-C form upload over TLS and refuses the same form over plain HTTP, storing nothing", async () => {
    const form = await postForm(server, "tls", "posted", ssecFormFields(KEY), Buffer.from("form body"));
    const refused = await send({
      method: "POST",
      path: "/tls",
      body: form.body,
      headers: form.headers,
      sign: false,
      plain: true,
    });
    expectError(refused, 400, "InvalidRequest");
    await nothingStored("posted");
    const ok = await send({ method: "POST", path: "/tls", body: form.body, headers: form.headers, sign: false });
    expect(ok.status).toBe(204);
    expect(ok.headers[`${A}key-md5`]).toBe(md5b64(KEY));
    expect((await send({ method: "GET", path: "/tls/posted", headers: K })).body.toString()).toBe("form body");
    expectError(await send({ method: "GET", path: "/tls/posted" }), 400, "InvalidRequest");
  });

  it("refuses a form whose policy does not cover a field", async () => {
    const form = await postForm(server, "tls", "posted2", {}, Buffer.from("x"));
    const extra = Buffer.from(
      form.body
        .toString("latin1")
        .replace(
          'name="file"',
          'name="x-amz-meta-sneaky"\r\n\r\nvalue\r\n--' +
            form.headers["content-type"].split("boundary=")[1] +
            '\r\nContent-Disposition: form-data; name="file"',
        ),
      "latin1",
    );
    const r = await send({ method: "POST", path: "/tls", body: extra, headers: form.headers, sign: false });
    expect(r.status).toBe(403);
    await nothingStored("posted2");
  });
});

describe("virtual-hosted addressing", () => {
  it("addresses the bucket through <bucket>.localhost", async () => {
    const port = new URL(server.endpoint).port;
    const put = await send({ method: "PUT", path: "/vh-key", body: "virtual", host: `tls.localhost:${port}` });
    expect(put.status).toBe(200);
    expect((await send({ method: "GET", path: "/tls/vh-key" })).body.toString()).toBe("virtual");
  });
});

describe("connection handling", () => {
  /** A signed PUT on a connection of its own, through node's https (for what the client never does); not yet sent. */
  async function rawSignedPut(path: string, body: Buffer, headers: Record<string, string>): Promise<ClientRequest> {
    const url = new URL(server.endpoint);
    const { signRequest } = await import("../server-testing/s3-requests.ts");
    const signed = await signRequest(server, url.host, { method: "PUT", path, body, headers });
    return https.request({
      method: "PUT",
      host: url.hostname,
      port: url.port,
      path,
      headers: { ...signed, "content-length": String(body.length) },
      ca: server.caPem,
      agent: false,
    });
  }

  it("answers a refused Expect: 100-continue upload without asking for the body", async () => {
    const body = payload(256 * KiB);
    const req = await rawSignedPut("/tls/expect", body, { ...K, [`${A}algorithm`]: "KMS", expect: "100-continue" });
    const result = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      req.on("continue", () => {
        continued = true;
        req.end(body);
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, continued }));
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(result).toEqual({ status: 400, continued: false });
  });

  it("keeps a keep-alive connection usable after an error answered before the body was read", async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: server.caPem });
    try {
      const bad = await send({
        method: "PUT",
        path: "/tls/ka",
        body: payload(100 * KiB),
        headers: { ...K, [`${A}key-md5`]: "bad" },
        agent,
      });
      expect(bad.code).toBe("InvalidArgument");
      const good = await send({ method: "PUT", path: "/tls/ka", body: "fine", agent });
      expect(good.status).toBe(200);
      expect((await send({ method: "GET", path: "/tls/ka", agent })).body.toString()).toBe("fine");
    } finally {
      agent.destroy();
    }
  });

  it("stores nothing when the client disconnects mid-body", async () => {
    const body = payload(2 * MiB);
    const finished = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (logs.some((l) => l.startsWith("PUT /tls/aborted "))) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    const req = await rawSignedPut("/tls/aborted", body, K);
    req.on("error", () => undefined);
    req.write(body.subarray(0, MiB), () => setTimeout(() => req.destroy(), 20));
    await finished;
    await nothingStored("aborted");
  });
});

describe("ranges of SSE-C objects at chunk and part boundaries", () => {
  const CH = 64 * KiB;
  const parts = [5 * MiB + 1, 5 * MiB + 1, 100];
  const data = payload(
    parts.reduce((a, b) => a + b, 0),
    42,
  );
  const single = payload(3 * CH + 7, 7);

  beforeAll(async () => {
    expect((await send({ method: "PUT", path: "/tls/single", body: single, headers: K })).status).toBe(200);
    const id = await initiateUpload({ send }, "/tls/multi", K);
    const etags: string[] = [];
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const r = await send({
        method: "PUT",
        path: "/tls/multi",
        query: { partNumber: String(i + 1), uploadId: id },
        body: data.subarray(at, at + parts[i]),
        headers: K,
      });
      expect(r.status).toBe(200);
      etags.push(r.headers.etag);
      at += parts[i];
    }
    const xml = etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join("");
    expect(
      (
        await send({
          method: "POST",
          path: "/tls/multi",
          query: { uploadId: id },
          body: `<CompleteMultipartUpload>${xml}</CompleteMultipartUpload>`,
        })
      ).status,
    ).toBe(200);
  });

  const b1 = parts[0];
  const b2 = parts[0] + parts[1];
  it.each([
    ["single", 0, 0],
    ["single", CH - 1, CH],
    ["single", CH, CH],
    ["single", CH - 1, 2 * CH],
    ["single", 3 * CH, 3 * CH + 6],
    ["multi", b1 - 1, b1],
    ["multi", b1, b1],
    ["multi", b1 - CH, b1 + CH],
    ["multi", b1 - 1, b2],
    ["multi", 5 * MiB - 1, 5 * MiB + 1],
    ["multi", b2 + 99, b2 + 99],
    ["multi", 0, b2 + 99],
  ])("%s bytes=%i-%i are exact", async (obj, start, end) => {
    const src = obj === "single" ? single : data;
    const r = await send({ method: "GET", path: `/tls/${obj}`, headers: { ...K, range: `bytes=${start}-${end}` } });
    expect(r.status).toBe(206);
    expect(r.headers["content-range"]).toBe(`bytes ${start}-${end}/${src.length}`);
    expect(r.body.equals(src.subarray(start, end + 1))).toBe(true);
  });

  it("serves suffix and open-ended ranges across the last part", async () => {
    const suffix = await send({ method: "GET", path: "/tls/multi", headers: { ...K, range: "bytes=-150" } });
    expect(suffix.body.equals(data.subarray(data.length - 150))).toBe(true);
    const open = await send({ method: "GET", path: "/tls/multi", headers: { ...K, range: `bytes=${b2 - 3}-` } });
    expect(open.body.equals(data.subarray(b2 - 3))).toBe(true);
    expect(
      (await send({ method: "GET", path: "/tls/multi", headers: { ...K, range: `bytes=${data.length}-` } })).status,
    ).toBe(416);
  });

  it("round-trips sizes around the chunk size", async () => {
    for (const size of [0, 1, 15, 16, 17, CH - 1, CH, CH + 1, 2 * CH]) {
      const body = payload(size, size + 3);
      expect((await send({ method: "PUT", path: `/tls/size-${size}`, body, headers: K })).status).toBe(200);
      const r = await send({ method: "GET", path: `/tls/size-${size}`, headers: K });
      expect(r.headers["content-length"]).toBe(String(size));
      expect(r.body.equals(body)).toBe(true);
    }
  });
});
