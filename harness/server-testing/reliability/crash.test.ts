/**
 * Crashes and aborts (issue 8):
 *  - a client that aborts mid-PUT or mid-part leaves no object or part (and the previous version
 *    of an overwritten one intact), and no stray file in the data directory;
 *  - `serve --data-dir` killed with SIGKILL while PUTs and a part upload are half-sent, then
 *    started again on the same directory, has lost no completed object and shows no partial one;
 *  - a stored chunk tampered with on disk yields an error (or a cut connection), never wrong bytes.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3TransportError, type S3Client, type S3Response } from "../../client/index.ts";
import { clientForServer } from "../../client/server-client.ts";
import { CHUNK_SIZE, TAG_SIZE } from "../../server/crypto/chunked-gcm.ts";
import { startServer, type RunningServer } from "../../server/index.ts";
import { encode, type Creds } from "./raw-request.ts";
import { serveProcess } from "./serve-process.ts";
import { ssecHeaders, watchProcessErrors } from "./support.ts";

const MIB = 1024 * 1024;
const h = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const processErrors = watchProcessErrors();

interface Endpoint {
  endpoint: string;
  caPem: string;
  creds: Creds;
}

/**
 * Writes a signed PUT's head and the first `sendBytes` of its body, then leaves the connection
 * open (the caller kills the server) or cuts it after a moment (`abort`).
 */
async function halfSentPut(
  ep: Endpoint,
  path: string,
  query: string,
  body: Buffer,
  headers: [string, string][],
  sendBytes: number,
  abort: boolean,
): Promise<() => void> {
  const enc = encode(
    {
      method: "PUT",
      path,
      query,
      headers,
      body: { kind: "exact", bytes: body },
      auth: "sign",
      payloadHash: "unsigned",
    },
    new URL(ep.endpoint).host,
    ep.creds,
  );
  const u = new URL(ep.endpoint);
  const socket = connect({ host: u.hostname, port: Number(u.port), ca: ep.caPem, servername: "localhost" });
  socket.on("error", () => {});
  await new Promise<void>((r) => socket.once("secureConnect", () => r()));
  socket.write(enc.pieces[0]);
  await new Promise<void>((r) => socket.write(body.subarray(0, sendBytes), () => r()));
  // Long enough for the server to have opened the body and started writing its blob.
  await new Promise((r) => setTimeout(r, 300));
  if (abort) socket.destroy();
  return () => socket.destroy();
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

/** Blob ids the metadata refers to, and the blob files on disk. */
async function blobAccounting(dataDir: string): Promise<{ referenced: Set<string>; onDisk: string[]; tmp: string[] }> {
  const referenced = new Set<string>();
  for (const f of await filesUnder(join(dataDir, "meta"))) {
    const rec = JSON.parse(await readFile(f, "utf8")) as { segments?: { blob: string }[]; blob?: string };
    for (const s of rec.segments ?? []) referenced.add(s.blob);
    if (rec.blob) referenced.add(rec.blob);
  }
  const onDisk = (await filesUnder(join(dataDir, "blobs"))).map((f) => f.split("/").pop()!);
  const tmp = await filesUnder(join(dataDir, "tmp"));
  return { referenced, onDisk, tmp };
}

async function until(cond: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

function clientFor(ep: Endpoint): S3Client {
  return clientForServer({ ...ep.creds, endpoint: ep.endpoint, caPem: ep.caPem }, { timeoutMs: 30_000 });
}

const unquote = (etag: string | undefined) => (etag ?? "").replace(/&quot;|"/g, "");

/** ListParts as [partNumber, ETag without quotes]. */
async function partsOf(c: S3Client, bucket: string, key: string, uploadId: string): Promise<string[][]> {
  const list = await c.send({ method: "GET", bucket, key, query: [["uploadId", uploadId]] });
  expect(list.status).toBe(200);
  return [...list.body.toString().matchAll(/<PartNumber>(\d+)<\/PartNumber>[\s\S]*?<ETag>([^<]+)<\/ETag>/g)].map(
    (m) => [m[1], unquote(m[2])],
  );
}

const uploadIdOf = (xml: Buffer) => /<UploadId>([^<]+)<\/UploadId>/.exec(xml.toString())![1];

/** An SSE-C multipart upload of bucket/key with a 5 MiB part 1 stored. */
async function uploadWithPart1(
  c: S3Client,
  bucket: string,
  key: string,
  customerKey: Buffer,
): Promise<{ uploadId: string; part1: S3Response }> {
  const init = await c.send({
    method: "POST",
    bucket,
    key,
    query: [["uploads", ""]],
    headers: ssecHeaders(customerKey),
  });
  const uploadId = uploadIdOf(init.body);
  const part1 = await c.send({
    method: "PUT",
    bucket,
    key,
    query: [
      ["partNumber", "1"],
      ["uploadId", uploadId],
    ],
    body: randomBytes(5 * MIB),
    headers: ssecHeaders(customerKey),
  });
  expect(part1.status).toBe(200);
  return { uploadId, part1 };
}

describe("a client aborting mid-body (in-process server, --data-dir)", () => {
  let root: string;
  let server: RunningServer;
  let ep: Endpoint;
  let client: S3Client;
  const key = randomBytes(32);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "ssec-abort-"));
    server = await startServer({ dataDir: join(root, "data"), httpPort: null });
    ep = {
      endpoint: server.endpoint,
      caPem: server.caPem,
      creds: { accessKey: server.accessKey, secretKey: server.secretKey, region: server.region },
    };
    client = clientFor(ep);
    expect((await client.send({ method: "PUT", bucket: "abort" })).status).toBe(200);
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("leaves no object behind a PUT cut mid-body, and the previous version of an overwritten one intact", async () => {
    const old = randomBytes(100_000);
    expect(
      (await client.send({ method: "PUT", bucket: "abort", key: "kept", body: old, headers: ssecHeaders(key) })).status,
    ).toBe(200);
    await halfSentPut(ep, "/abort/fresh", "", randomBytes(4 * MIB), ssecHeaders(key), 2 * MIB, true);
    await halfSentPut(ep, "/abort/kept", "", randomBytes(4 * MIB), ssecHeaders(key), 2 * MIB, true);
    expect(
      (await client.send({ method: "HEAD", bucket: "abort", key: "fresh", headers: ssecHeaders(key) })).status,
    ).toBe(404);
    const kept = await client.send({ method: "GET", bucket: "abort", key: "kept", headers: ssecHeaders(key) });
    expect(kept.status).toBe(200);
    expect(kept.body.equals(old)).toBe(true);
  });

  it("leaves no part behind an upload-part cut mid-body, and an earlier upload of that part intact", async () => {
    const { uploadId, part1 } = await uploadWithPart1(client, "abort", "mp", key);
    // Part 1 again (it must not replace the stored one), then a new part 2.
    for (const n of [1, 2]) {
      const query = `partNumber=${n}&uploadId=${uploadId}`;
      await halfSentPut(ep, "/abort/mp", query, randomBytes(6 * MIB), ssecHeaders(key), 3 * MIB, true);
    }
    expect(await partsOf(client, "abort", "mp", uploadId)).toEqual([["1", unquote(part1.headers.etag)]]);
  });

  it("leaves no stray file in the data directory", async () => {
    const dataDir = join(root, "data");
    // The server notices a cut connection asynchronously: give it a moment to clean up.
    const clean = await until(async () => {
      const a = await blobAccounting(dataDir);
      return a.tmp.length === 0 && a.onDisk.every((id) => a.referenced.has(id));
    }, 5_000);
    const a = await blobAccounting(dataDir);
    console.log(
      `after 4 aborted uploads: ${a.onDisk.length} blob files, ${a.referenced.size} referenced, ${a.tmp.length} in tmp/`,
    );
    expect(clean).toBe(true);
    expect(processErrors()).toEqual([]);
  });
});

describe("serve --data-dir killed with SIGKILL mid-write", () => {
  it("restarts with every completed object intact and no partial object or part", async () => {
    const root = await mkdtemp(join(tmpdir(), "ssec-kill-"));
    const dataDir = join(root, "data");
    const key = randomBytes(32);
    const first = await serveProcess(["--data-dir", dataDir]);
    const caPem = await readFile(first.caFile, "utf8");
    const ep1: Endpoint = {
      endpoint: first.endpoint,
      caPem,
      creds: { accessKey: first.accessKey, secretKey: first.secretKey, region: first.region },
    };
    const c1 = clientFor(ep1);
    const completed = new Map<string, Buffer>();
    let cutters: (() => void)[] = [];
    let uploadId = "";
    let part1Etag = "";
    try {
      expect((await c1.send({ method: "PUT", bucket: "crash" })).status).toBe(200);
      for (let i = 0; i < 12; i++) {
        const body = randomBytes([0, 1, 65_536, 100_000, 1 * MIB][i % 5]);
        expect(
          (await c1.send({ method: "PUT", bucket: "crash", key: `done/${i}`, body, headers: ssecHeaders(key) })).status,
        ).toBe(200);
        completed.set(`done/${i}`, body);
      }
      const upload = await uploadWithPart1(c1, "crash", "upload", key);
      uploadId = upload.uploadId;
      part1Etag = upload.part1.headers.etag ?? "";
      // Half-sent writes: two new objects, two overwrites of completed ones, a second part.
      cutters = await Promise.all([
        halfSentPut(ep1, "/crash/inflight/a", "", randomBytes(8 * MIB), ssecHeaders(key), 3 * MIB, false),
        halfSentPut(ep1, "/crash/inflight/b", "", randomBytes(8 * MIB), ssecHeaders(key), 5 * MIB, false),
        halfSentPut(ep1, "/crash/done/3", "", randomBytes(8 * MIB), ssecHeaders(key), 3 * MIB, false),
        halfSentPut(ep1, "/crash/done/4", "", randomBytes(8 * MIB), ssecHeaders(key), 6 * MIB, false),
        halfSentPut(
          ep1,
          "/crash/upload",
          `partNumber=2&uploadId=${uploadId}`,
          randomBytes(8 * MIB),
          ssecHeaders(key),
          4 * MIB,
          false,
        ),
      ]);
      const atKill = await blobAccounting(dataDir);
      await first.kill();
      console.log(
        `SIGKILL with 5 writes half-sent: ${atKill.tmp.length} partial files in tmp/, ${atKill.onDisk.length} blobs`,
      );
      expect(atKill.tmp.length).toBeGreaterThan(0); // the kill did land mid-write
    } finally {
      for (const cut of cutters) cut();
      await c1.close();
      await first.kill().catch(() => {});
    }

    const second = await serveProcess(["--data-dir", dataDir]);
    const c2 = clientFor({ ...ep1, endpoint: second.endpoint });
    try {
      for (const [k, body] of completed) {
        const res = await c2.send({ method: "GET", bucket: "crash", key: k, headers: ssecHeaders(key) });
        expect(res.status, `${k} after the restart`).toBe(200);
        expect(res.body.equals(body), `${k} bytes after the restart`).toBe(true);
      }
      for (const k of ["inflight/a", "inflight/b"]) {
        expect((await c2.send({ method: "HEAD", bucket: "crash", key: k, headers: ssecHeaders(key) })).status, k).toBe(
          404,
        );
      }
      expect(await partsOf(c2, "crash", "upload", uploadId)).toEqual([["1", unquote(part1Etag)]]);
      const listing = await c2.send({ method: "GET", bucket: "crash", query: [["list-type", "2"]] });
      const keys = [...listing.body.toString().matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]).sort();
      expect(keys).toEqual([...completed.keys()].sort());
      const after = await blobAccounting(dataDir);
      expect(after.tmp).toEqual([]);
      expect(after.onDisk.filter((id) => !after.referenced.has(id))).toEqual([]);
      console.log(
        `restart: ${completed.size} completed objects intact, 2 half-sent objects absent, 2 half-sent overwrites left the old versions, the half-sent part absent; ${after.onDisk.length} blobs, none orphaned`,
      );
    } finally {
      await c2.close();
      await second.stop();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("a stored chunk tampered with on disk", () => {
  let root: string;
  let server: RunningServer;
  let client: S3Client;
  const key = randomBytes(32);
  const plain = randomBytes(5 * CHUNK_SIZE + 1000);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "ssec-tamper-"));
    server = await startServer({ dataDir: join(root, "data"), httpPort: null });
    client = clientFor({
      endpoint: server.endpoint,
      caPem: server.caPem,
      creds: { accessKey: server.accessKey, secretKey: server.secretKey, region: server.region },
    });
    expect((await client.send({ method: "PUT", bucket: "tamper" })).status).toBe(200);
    expect(
      (await client.send({ method: "PUT", bucket: "tamper", key: "obj", body: plain, headers: ssecHeaders(key) }))
        .status,
    ).toBe(200);
    // Flip one byte in the middle of stored chunk 2 (each stored chunk: 64 KiB + a 16-byte tag).
    const rec = JSON.parse(
      await readFile(join(root, "data/meta/objects", h("tamper"), `${h("obj")}.json`), "utf8"),
    ) as {
      segments: { blob: string }[];
    };
    const blob = rec.segments[0].blob;
    const file = join(root, "data/blobs", blob.slice(0, 2), blob);
    const bytes = await readFile(file);
    bytes[2 * (CHUNK_SIZE + TAG_SIZE) + 1234] ^= 0x01;
    await writeFile(file, bytes);
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  /** What a reader gets: the bytes received before the answer ended, and how it ended. */
  async function read(range?: string): Promise<{ status: number; bytes: Buffer; cut: boolean }> {
    const headers = ssecHeaders(key);
    if (range) headers.push(["Range", range]);
    const res = await client.send({ method: "GET", bucket: "tamper", key: "obj", headers, streamResponse: true });
    const chunks: Buffer[] = [];
    let cut = false;
    try {
      for await (const c of res.stream!) chunks.push(c as Buffer);
    } catch {
      cut = true;
    }
    return { status: res.status, bytes: Buffer.concat(chunks), cut };
  }

  it("never serves the tampered bytes: a full read ends in an error or a cut, after correct bytes only", async () => {
    let r: { status: number; bytes: Buffer; cut: boolean };
    try {
      r = await read();
    } catch (e) {
      expect(e).toBeInstanceOf(S3TransportError); // cut before the headers: fine
      return;
    }
    console.log(
      `tampered chunk 2: status ${r.status}, ${r.bytes.length} of ${plain.length} bytes before the answer ${r.cut ? "was cut" : "ended"}`,
    );
    if (r.status === 200) {
      expect(r.cut || r.bytes.length < plain.length).toBe(true);
      expect(r.bytes.equals(plain.subarray(0, r.bytes.length))).toBe(true); // a prefix of the truth, never other bytes
      expect(r.bytes.length).toBeLessThanOrEqual(2 * CHUNK_SIZE);
    } else {
      expect(r.status).toBeGreaterThanOrEqual(400);
    }
  });

  it("serves an untouched chunk's range correctly, and refuses a range in the tampered chunk", async () => {
    const ok = await read(`bytes=100-${CHUNK_SIZE - 1}`);
    expect(ok.status).toBe(206);
    expect(ok.bytes.equals(plain.subarray(100, CHUNK_SIZE))).toBe(true);
    const bad = await read(`bytes=${2 * CHUNK_SIZE + 10}-${2 * CHUNK_SIZE + 20}`).catch(() => undefined);
    if (bad) {
      expect(bad.status !== 206 || bad.cut || bad.bytes.length === 0).toBe(true);
      expect(bad.bytes.length === 0 || bad.status >= 400).toBe(true);
    }
  });
});
