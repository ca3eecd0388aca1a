/**
 * Stored checksums (stored-checksums.ts): what an upload's verified x-amz-checksum-* becomes, what GET/HEAD
 * with x-amz-checksum-mode: ENABLED return (FULL_OBJECT, COMPOSITE, nothing for partial reads),
 * SSE-C checksums sealed at rest, and all of it across a --data-dir restart. Expected values come
 * from the client's own checksum code (harness/client/checksum-headers.ts) and node:crypto, never from
 * the server's.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksumBase64 } from "../client/checksum-headers.ts";
import { clientForServer } from "../client/server-client.ts";
import { openChecksum, storeChecksum } from "./stored-checksums.ts";
import { startServer } from "./index.ts";
import { initiateUpload, newKey, payload, ssecHeaders } from "../server-testing/s3-requests.ts";
import { freshBucketEachTest } from "../server-testing/fresh-bucket.ts";
import type { RunningServer } from "./types.ts";

const MiB = 1024 * 1024;
const ENABLED = { "x-amz-checksum-mode": "ENABLED" };
const sha256b64 = (b: Buffer) => createHash("sha256").update(b).digest("base64");

const s = freshBucketEachTest();

describe("single-part objects", () => {
  it("keep the x-amz-checksum-* they were uploaded with and return it only when asked", async () => {
    const data = payload(70_000, 3);
    const crc = checksumBase64("crc32c", data);
    const put = await s.send({ method: "PUT", path: "/bkt/o", body: data, headers: { "x-amz-checksum-crc32c": crc } });
    expect(put.status).toBe(200);
    expect(put.headers["x-amz-checksum-crc32c"]).toBe(crc);
    expect(put.headers["x-amz-checksum-type"]).toBe("FULL_OBJECT");
    for (const method of ["GET", "HEAD"]) {
      const r = await s.send({ method, path: "/bkt/o", headers: ENABLED });
      expect(r.headers["x-amz-checksum-crc32c"]).toBe(crc);
      expect(r.headers["x-amz-checksum-type"]).toBe("FULL_OBJECT");
      const plain = await s.send({ method, path: "/bkt/o" });
      expect(plain.headers["x-amz-checksum-crc32c"]).toBeUndefined();
      expect(plain.headers["x-amz-checksum-type"]).toBeUndefined();
    }
  });

  it("a Range or partNumber read gets no full-object checksum", async () => {
    const data = payload(10_000, 4);
    await s.send({ method: "PUT", path: "/bkt/o", body: data, headers: { "x-amz-checksum-sha256": sha256b64(data) } });
    const range = await s.send({ method: "GET", path: "/bkt/o", headers: { ...ENABLED, range: "bytes=0-99" } });
    expect(range.status).toBe(206);
    expect(range.headers["x-amz-checksum-sha256"]).toBeUndefined();
    const part = await s.send({ method: "GET", path: "/bkt/o", query: { partNumber: "1" }, headers: ENABLED });
    expect(part.status).toBe(200);
    expect(part.headers["x-amz-checksum-sha256"]).toBeUndefined();
  });

  it("an object uploaded without a checksum has none", async () => {
    await s.send({ method: "PUT", path: "/bkt/o", body: "abc" });
    const r = await s.send({ method: "HEAD", path: "/bkt/o", headers: ENABLED });
    expect(Object.keys(r.headers).filter((h) => h.startsWith("x-amz-checksum"))).toEqual([]);
  });

  it("SSE-C: the plaintext checksum is returned to the key holder and sealed in the record", async () => {
    const key = newKey();
    const h = ssecHeaders(key);
    const data = payload(100_000, 5);
    const sha = sha256b64(data);
    expect(
      (await s.send({ method: "PUT", path: "/bkt/enc", body: data, headers: { ...h, "x-amz-checksum-sha256": sha } }))
        .status,
    ).toBe(200);
    for (const method of ["GET", "HEAD"]) {
      const r = await s.send({ method, path: "/bkt/enc", headers: { ...h, ...ENABLED } });
      expect(r.status).toBe(200);
      expect(r.headers["x-amz-checksum-sha256"]).toBe(sha);
    }
    const wrong = await s.send({ method: "HEAD", path: "/bkt/enc", headers: { ...ssecHeaders(newKey()), ...ENABLED } });
    expect(wrong.status).toBe(403);
    expect(wrong.headers["x-amz-checksum-sha256"]).toBeUndefined();

    const rec = await s.storage.getObject("bkt", "enc");
    const stored = rec!.segments[0].checksum!;
    expect(stored.algorithm).toBe("sha256");
    expect(stored.value).toBeUndefined();
    const raw = JSON.stringify(rec);
    expect(raw).not.toContain(sha);
    expect(raw).not.toContain(Buffer.from(sha, "base64").toString("hex"));
  });

  it("a copy keeps the source's checksum algorithm, recomputed over the copied bytes", async () => {
    const key = newKey();
    const data = payload(20_000, 6);
    const crc = checksumBase64("crc32", data);
    await s.send({
      method: "PUT",
      path: "/bkt/src",
      body: data,
      headers: { ...ssecHeaders(key), "x-amz-checksum-crc32": crc },
    });
    const copy = await s.send({
      method: "PUT",
      path: "/bkt/dst",
      headers: { "x-amz-copy-source": "/bkt/src", ...ssecHeaders(key, { copySource: true }) },
    });
    expect(copy.status).toBe(200);
    expect((await s.send({ method: "HEAD", path: "/bkt/dst", headers: ENABLED })).headers["x-amz-checksum-crc32"]).toBe(
      crc,
    );
    const sha = await s.send({
      method: "PUT",
      path: "/bkt/dst2",
      headers: {
        "x-amz-copy-source": "/bkt/src",
        "x-amz-checksum-algorithm": "SHA256",
        ...ssecHeaders(key, { copySource: true }),
      },
    });
    expect(sha.status).toBe(200);
    expect(
      (await s.send({ method: "HEAD", path: "/bkt/dst2", headers: ENABLED })).headers["x-amz-checksum-sha256"],
    ).toBe(sha256b64(data));
  });
});

describe("multipart objects", () => {
  async function upload(
    path: string,
    headers: Record<string, string>,
    parts: Buffer[],
    partHeaders: (p: Buffer) => Record<string, string>,
  ) {
    const init = await s.send({ method: "POST", path, query: { uploads: "" }, headers });
    expect(init.status).toBe(200);
    const uploadId = /<UploadId>([^<]+)</.exec(init.body.toString())![1];
    const etags: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const r = await s.send({
        method: "PUT",
        path,
        query: { partNumber: String(i + 1), uploadId },
        body: parts[i],
        headers: { ...headers, ...partHeaders(parts[i]) },
      });
      expect(r.status).toBe(200);
      etags.push(r.headers.etag);
    }
    const xml = etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join("");
    const done = await s.send({
      method: "POST",
      path,
      query: { uploadId },
      // An SSE-C upload with a checksum algorithm needs the key on Complete (evidence complete.checksum-requires-key).
      headers: Object.fromEntries(Object.entries(headers).filter(([n]) => n.includes("-customer-"))),
      body: `<CompleteMultipartUpload>${xml}</CompleteMultipartUpload>`,
    });
    expect(done.status).toBe(200);
    return init;
  }

  it("COMPOSITE: the checksum of the parts' checksums, '-n', for the algorithm declared at Create (SSE-C)", async () => {
    const key = newKey();
    const h = ssecHeaders(key);
    const parts = [payload(5 * MiB, 7), payload(1000, 8)];
    const init = await upload("/bkt/mp", { ...h, "x-amz-checksum-algorithm": "SHA256" }, parts, (p) => ({
      "x-amz-checksum-sha256": sha256b64(p),
    }));
    expect(init.headers["x-amz-checksum-algorithm"]).toBe("SHA256");
    const composite = createHash("sha256");
    for (const p of parts) composite.update(createHash("sha256").update(p).digest());
    const expected = `${composite.digest("base64")}-2`;
    const r = await s.send({ method: "HEAD", path: "/bkt/mp", headers: { ...h, ...ENABLED } });
    expect(r.headers["x-amz-checksum-sha256"]).toBe(expected);
    expect(r.headers["x-amz-checksum-type"]).toBe("COMPOSITE");
    const part = await s.send({
      method: "HEAD",
      path: "/bkt/mp",
      query: { partNumber: "1" },
      headers: { ...h, ...ENABLED },
    });
    expect(part.headers["x-amz-checksum-sha256"]).toBeUndefined();
  });

  it("no object checksum when the upload declared none, or a part was sent without one", async () => {
    const parts = [payload(5 * MiB, 9), payload(10, 10)];
    await upload("/bkt/none", {}, parts, (p) => ({ "x-amz-checksum-crc32": checksumBase64("crc32", p) }));
    expect(
      (await s.send({ method: "HEAD", path: "/bkt/none", headers: ENABLED })).headers["x-amz-checksum-crc32"],
    ).toBeUndefined();
    let n = 0;
    await upload("/bkt/gap", { "x-amz-checksum-algorithm": "crc32" }, parts, (p): Record<string, string> =>
      n++ === 0 ? { "x-amz-checksum-crc32": checksumBase64("crc32", p) } : {},
    );
    expect(
      (await s.send({ method: "HEAD", path: "/bkt/gap", headers: ENABLED })).headers["x-amz-checksum-crc32"],
    ).toBeUndefined();
  });

  it("refuses a part whose checksum algorithm is not the upload's, and a FULL_OBJECT type it cannot compute", async () => {
    const uploadId = await initiateUpload(s, "/bkt/mm", { "x-amz-checksum-algorithm": "SHA1" });
    const data = Buffer.from("part");
    const r = await s.send({
      method: "PUT",
      path: "/bkt/mm",
      query: { partNumber: "1", uploadId },
      body: data,
      headers: { "x-amz-checksum-crc32": checksumBase64("crc32", data) },
    });
    expect([r.status, r.code]).toEqual([400, "InvalidRequest"]);
    const full = await s.send({
      method: "POST",
      path: "/bkt/full",
      query: { uploads: "" },
      headers: { "x-amz-checksum-algorithm": "CRC32", "x-amz-checksum-type": "FULL_OBJECT" },
    });
    expect([full.status, full.code]).toEqual([501, "NotImplemented"]);
  });
});

describe("sealed checksums", () => {
  it("open only with the data key and binding they were sealed with", () => {
    const digest = createHash("sha256").update("x").digest();
    const dataKey = newKey();
    const sealed = storeChecksum("sha256", digest, { dataKey, binding: "b1" });
    expect(sealed.value).toBeUndefined();
    expect(openChecksum(sealed, { dataKey, binding: "b1" })?.equals(digest)).toBe(true);
    expect(openChecksum(sealed, { dataKey: newKey(), binding: "b1" })).toBeUndefined();
    expect(openChecksum(sealed, { dataKey, binding: "b2" })).toBeUndefined();
    expect(openChecksum(sealed, { dataKey: undefined, binding: "b1" })).toBeUndefined();
    expect(openChecksum({ ...sealed, algorithm: "sha1" }, { dataKey, binding: "b1" })).toBeUndefined();
  });
});

describe("across a --data-dir restart (trailing checksums through the harness client)", () => {
  let dir: string;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssec-server-checksum-"));
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const clientOf = (srv: RunningServer) => clientForServer(srv);
  const files = (root: string): string[] =>
    readdirSync(root).flatMap((n) => (statSync(join(root, n)).isDirectory() ? files(join(root, n)) : [join(root, n)]));

  it("keeps plain and SSE-C checksums; the SSE-C one is nowhere in the data dir in clear", async () => {
    const key = newKey();
    const h = Object.entries(ssecHeaders(key)) as [string, string][];
    const secret = payload(200_000, 11);
    const plain = payload(50_000, 12);
    const secretSha = sha256b64(secret);
    server = await startServer({ dataDir: dir, httpPort: null });
    let c = clientOf(server);
    expect((await c.send({ method: "PUT", bucket: "sums" })).status).toBe(200);
    const put = await c.send({
      method: "PUT",
      bucket: "sums",
      key: "enc",
      body: secret,
      payload: "streaming-unsigned-trailer",
      headers: [...h, ["x-amz-trailer", "x-amz-checksum-sha256"]],
    });
    expect(put.status).toBe(200);
    expect(put.headers["x-amz-checksum-sha256"]).toBe(secretSha);
    const crc = checksumBase64("crc32", plain);
    expect(
      (
        await c.send({
          method: "PUT",
          bucket: "sums",
          key: "plain",
          body: plain,
          payload: "streaming-unsigned-trailer",
        })
      ).status,
    ).toBe(200);
    await c.close();
    await server.close();

    const clear = [
      Buffer.from(secretSha),
      Buffer.from(Buffer.from(secretSha, "base64").toString("hex")),
      Buffer.from(secretSha, "base64"),
    ];
    for (const f of files(dir)) for (const needle of clear) expect(readFileSync(f).includes(needle), f).toBe(false);

    server = await startServer({ dataDir: dir, httpPort: null });
    c = clientOf(server);
    const enc = await c.send({
      method: "HEAD",
      bucket: "sums",
      key: "enc",
      headers: [...h, ["x-amz-checksum-mode", "ENABLED"]],
    });
    expect(enc.headers["x-amz-checksum-sha256"]).toBe(secretSha);
    const p = await c.send({
      method: "GET",
      bucket: "sums",
      key: "plain",
      headers: [["x-amz-checksum-mode", "ENABLED"]],
    });
    expect(p.body.equals(plain)).toBe(true);
    expect(p.headers["x-amz-checksum-crc32"]).toBe(crc);
    expect(p.headers["x-amz-checksum-type"]).toBe("FULL_OBJECT");
    await c.close();
  });
});
