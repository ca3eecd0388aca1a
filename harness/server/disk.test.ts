/**
 * --data-dir storage: objects and uploads survive a restart; no file holds a customer key (raw
 * or base64) or a plaintext payload; user-chosen names never become paths.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./index.ts";
import {
  initiateUpload,
  newKey,
  payload,
  sendTo,
  ssecHeaders,
  type RawRequest,
} from "../server-testing/s3-requests.ts";
import type { RunningServer } from "./types.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssec-server-disk-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function files(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

/** Does any file under the data dir contain this byte string? */
function foundAtRest(needle: Buffer): string[] {
  return files(dir).filter((f) => readFileSync(f).includes(needle));
}

describe("disk storage", () => {
  const key = newKey();
  const h = ssecHeaders(key);
  // Distinctive plaintext: any 64-byte window of it would show up if stored in clear.
  const secret = payload(300_000, 1234);
  const plainBody = payload(50_000, 99);
  let server: RunningServer;
  const send = (r: RawRequest) => sendTo(server, r);

  it("keeps objects, metadata and uploads across a restart", async () => {
    server = await startServer({ dataDir: dir, httpPort: null });
    expect((await send({ method: "PUT", path: "/disk" })).status).toBe(200);
    expect(
      (await send({ method: "PUT", path: "/disk/enc", body: secret, headers: { ...h, "x-amz-meta-note": "kept" } }))
        .status,
    ).toBe(200);
    expect((await send({ method: "PUT", path: "/disk/plain", body: plainBody })).status).toBe(200);
    expect((await send({ method: "PUT", path: "/disk/..%2F..%2F..%2Fescape", body: "inside" })).status).toBe(200);
    const uploadId = await initiateUpload({ send }, "/disk/mp", h);
    const part = await send({
      method: "PUT",
      path: "/disk/mp",
      query: { partNumber: "1", uploadId },
      body: secret.subarray(0, 1000),
      headers: h,
    });
    expect(part.status).toBe(200);
    await server.close();

    server = await startServer({ dataDir: dir, httpPort: null });
    const enc = await send({ method: "GET", path: "/disk/enc", headers: h });
    expect(enc.body.equals(secret)).toBe(true);
    expect(enc.headers["x-amz-meta-note"]).toBe("kept");
    expect((await send({ method: "GET", path: "/disk/enc", headers: ssecHeaders(newKey()) })).status).toBe(403);
    expect((await send({ method: "GET", path: "/disk/plain" })).body.equals(plainBody)).toBe(true);
    expect((await send({ method: "GET", path: "/disk/..%2F..%2F..%2Fescape" })).body.toString()).toBe("inside");
    const done = await send({
      method: "POST",
      path: "/disk/mp",
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(done.status).toBe(200);
    expect((await send({ method: "GET", path: "/disk/mp", headers: h })).body.equals(secret.subarray(0, 1000))).toBe(
      true,
    );
    await server.close();
  });

  it("stores neither the customer key (raw or base64) nor SSE-C plaintext", () => {
    expect(foundAtRest(key)).toEqual([]);
    expect(foundAtRest(Buffer.from(key.toString("base64")))).toEqual([]);
    for (const at of [0, 65_536, 200_000]) expect(foundAtRest(secret.subarray(at, at + 64))).toEqual([]);
    // The plain object is stored as-is: the scan does find plaintext when it is there.
    expect(foundAtRest(plainBody.subarray(1000, 1064)).length).toBe(1);
  });

  it("names every file by a hash or a random id, never by a bucket or key", () => {
    for (const f of files(dir)) {
      const rel = f.slice(dir.length + 1);
      expect(rel).toMatch(
        /^(blobs\/[0-9a-f]{2}\/[0-9a-f]{32}|meta\/buckets\/[0-9a-f]{64}\.json|meta\/objects\/[0-9a-f]{64}\/[0-9a-f]{64}\.json)$/,
      );
    }
    expect(readdirSync(join(dir, ".."))).not.toContain("escape");
  });

  it("removes blobs nothing refers to when it opens (a crash between blob and record)", async () => {
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "blobs", "ff"), { recursive: true });
    const orphan = join(dir, "blobs", "ff", "ff".repeat(16));
    writeFileSync(orphan, "orphan");
    server = await startServer({ dataDir: dir, httpPort: null });
    await server.close();
    expect(files(dir)).not.toContain(orphan);
  });
});
