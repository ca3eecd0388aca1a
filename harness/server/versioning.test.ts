/**
 * Versioning and GetObjectAttributes in the reference server, on the memory and the --data-dir
 * store alike: each SSE-C version keeps its own key, delete markers hide and are removable,
 * ListObjectVersions lists plaintext sizes (and the `null` version of an unversioned bucket),
 * copy sources name versions, and GetObjectAttributes needs the object's key.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiskStorage } from "./storage/disk.ts";
import { MemoryStorage } from "./storage/memory.ts";
import type { Storage } from "./storage/types.ts";
import { inProcess, newKey, ssecHeaders } from "../server-testing/s3-requests.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const STORES: [string, () => Promise<Storage>][] = [
  ["memory", async () => new MemoryStorage()],
  [
    "disk",
    async () => {
      const d = await mkdtemp(join(tmpdir(), "ssec-versions-"));
      dirs.push(d);
      return DiskStorage.open(d);
    },
  ],
];

const K1 = newKey();
const K2 = newKey();
const versioningXml = (status: string) =>
  `<VersioningConfiguration><Status>${status}</Status></VersioningConfiguration>`;
const tag = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]);

describe.each(STORES)("versioning on the %s store", (_name, open) => {
  async function server() {
    const s = inProcess({ storage: await open() });
    expect((await s.send({ method: "PUT", path: "/vbk" })).status).toBe(200);
    return s;
  }

  it("lists the null version of an unversioned bucket, and reads versionId=null", async () => {
    const s = await server();
    await s.send({ method: "PUT", path: "/vbk/k", body: "hello", headers: ssecHeaders(K1) });
    const list = await s.send({ method: "GET", path: "/vbk", query: { versions: "" } });
    expect(list.status).toBe(200);
    expect(tag(list.body.toString(), "VersionId")).toEqual(["null"]);
    expect(tag(list.body.toString(), "Size")).toEqual(["5"]);
    const get = await s.send({ method: "GET", path: "/vbk/k", query: { versionId: "null" }, headers: ssecHeaders(K1) });
    expect(get.body.toString()).toBe("hello");
    const bad = await s.send({ method: "GET", path: "/vbk/k", query: { versionId: "a".repeat(32) } });
    expect([bad.status, bad.code]).toEqual([400, "InvalidArgument"]);
    const conf = await s.send({ method: "GET", path: "/vbk", query: { versioning: "" } });
    expect(conf.body.toString()).not.toContain("<Status>");
  });

  it("keeps each SSE-C version under its own key; delete markers hide and are removable", async () => {
    const s = await server();
    const on = await s.send({ method: "PUT", path: "/vbk", query: { versioning: "" }, body: versioningXml("Enabled") });
    expect(on.status).toBe(200);
    const v1 = (await s.send({ method: "PUT", path: "/vbk/k", body: "one", headers: ssecHeaders(K1) })).headers[
      "x-amz-version-id"
    ];
    const v2 = (await s.send({ method: "PUT", path: "/vbk/k", body: "two!", headers: ssecHeaders(K2) })).headers[
      "x-amz-version-id"
    ];
    expect(v1).toMatch(/^[0-9a-f]{32}$/);
    expect(v2).not.toBe(v1);
    const read = (versionId: string, key: Buffer) =>
      s.send({ method: "GET", path: "/vbk/k", query: { versionId }, headers: ssecHeaders(key) });
    expect((await read(v1, K1)).body.toString()).toBe("one");
    expect((await read(v1, K2)).status).toBe(403);
    expect((await read(v2, K2)).body.toString()).toBe("two!");

    const copy = await s.send({
      method: "PUT",
      path: "/vbk/c",
      headers: {
        "x-amz-copy-source": `/vbk/k?versionId=${v1}`,
        ...ssecHeaders(K1, { copySource: true }),
        ...ssecHeaders(K1),
      },
    });
    expect(copy.status).toBe(200);
    expect(copy.headers["x-amz-copy-source-version-id"]).toBe(v1);

    const del = await s.send({ method: "DELETE", path: "/vbk/k" });
    expect(del.headers["x-amz-delete-marker"]).toBe("true");
    const gone = await s.send({ method: "GET", path: "/vbk/k", headers: ssecHeaders(K2) });
    expect([gone.status, gone.code, gone.headers["x-amz-delete-marker"]]).toEqual([404, "NoSuchKey", "true"]);
    const marker = await s.send({
      method: "GET",
      path: "/vbk/k",
      query: { versionId: del.headers["x-amz-version-id"] },
    });
    expect([marker.status, marker.code]).toEqual([405, "MethodNotAllowed"]);

    const list = (await s.send({ method: "GET", path: "/vbk", query: { versions: "", prefix: "k" } })).body.toString();
    expect(tag(list, "Size")).toEqual(["4", "3"]);
    expect(tag(list, "IsLatest")).toEqual(["true", "false", "false"]);

    await s.send({ method: "DELETE", path: "/vbk/k", query: { versionId: del.headers["x-amz-version-id"] } });
    expect((await read(v2, K2)).status).toBe(200);
    expect((await s.send({ method: "GET", path: "/vbk/k", headers: ssecHeaders(K2) })).body.toString()).toBe("two!");
    await s.send({ method: "DELETE", path: "/vbk/k", query: { versionId: v1 } });
    const v1gone = await read(v1, K1);
    expect([v1gone.status, v1gone.code]).toEqual([404, "NoSuchVersion"]);
    expect((await read(v2, K2)).body.toString()).toBe("two!");

    // The bucket-emptying pattern of third-party suites: list versions, DeleteObjects with VersionId.
    const all = (await s.send({ method: "GET", path: "/vbk", query: { versions: "" } })).body.toString();
    const keys = tag(all, "Key");
    const ids = tag(all, "VersionId");
    const body = `<Delete>${keys.map((k, i) => `<Object><Key>${k}</Key><VersionId>${ids[i]}</VersionId></Object>`).join("")}</Delete>`;
    expect((await s.send({ method: "POST", path: "/vbk", query: { delete: "" }, body })).status).toBe(200);
    expect((await s.send({ method: "DELETE", path: "/vbk" })).status).toBe(204);
  });

  it("answers GetObjectAttributes of an SSE-C object only with its key, with plaintext sizes", async () => {
    const s = await server();
    await s.send({ method: "PUT", path: "/vbk/a", body: "x".repeat(100), headers: ssecHeaders(K1) });
    const attrs = (key?: Buffer) =>
      s.send({
        method: "GET",
        path: "/vbk/a",
        query: { attributes: "" },
        headers: { "x-amz-object-attributes": "ETag,ObjectSize,StorageClass", ...(key ? ssecHeaders(key) : {}) },
      });
    expect((await attrs()).status).toBe(400);
    expect((await attrs(K2)).status).toBe(403);
    const ok = await attrs(K1);
    expect(ok.status).toBe(200);
    expect(tag(ok.body.toString(), "ObjectSize")).toEqual(["100"]);
  });
});
