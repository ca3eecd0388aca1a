/**
 * On-disk storage for `--data-dir` (survives restarts). Layout:
 *
 *   <dir>/blobs/<id[0..2]>/<id>                      object and part bytes (sealed for SSE-C)
 *   <dir>/meta/buckets/<h(bucket)>.json
 *   <dir>/meta/objects/<h(bucket)>/<h(key)>.json      the key's current version (object or delete marker)
 *   <dir>/meta/versions/<h(bucket)>/<h(key)>.json     its noncurrent versions, newest first (versioned buckets)
 *   <dir>/meta/uploads/<h(bucket)>/<h(uploadId)>/upload.json, part-<n>.json
 *   <dir>/tmp/                                        writes in progress
 *
 * h() is SHA-256 hex, and blob ids are random: no user-controlled string ever becomes part of
 * a path, so keys like "../../etc/passwd" cannot escape the directory. Every file is written
 * to tmp/, fsynced, then renamed into place (rename is atomic on POSIX), and the directory is
 * fsynced; a crash leaves either the old or the new version. On open, tmp/ is emptied and
 * blobs no record refers to (a crash between blob and record) are removed.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type Dirent } from "node:fs";
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { KeyedMutex } from "./lock.ts";
import {
  compareKeys,
  freedBlobs,
  stackVersion,
  versionIdOf,
  type BlobRef,
  type BucketRecord,
  type ListedVersion,
  type ListQuery,
  type ObjectRecord,
  type PartRecord,
  type Storage,
  type UploadRecord,
  type VersionRecord,
} from "./types.ts";

const h = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");
const newId = (): string => randomBytes(16).toString("hex");

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === "ENOENT";
}

export class DiskStorage implements Storage {
  /** Serialises read-modify-write sequences per object / upload / bucket. */
  private readonly lock = new KeyedMutex();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<DiskStorage> {
    const s = new DiskStorage(dir);
    await fs.rm(join(dir, "tmp"), { recursive: true, force: true });
    for (const d of ["tmp", "blobs", "meta/buckets", "meta/objects", "meta/versions", "meta/uploads"]) {
      await fs.mkdir(join(dir, d), { recursive: true });
    }
    await s.collectGarbage();
    return s;
  }

  // --- paths -------------------------------------------------------------------------------

  private bucketFile(name: string): string {
    return join(this.dir, "meta/buckets", `${h(name)}.json`);
  }
  private objectDir(bucket: string): string {
    return join(this.dir, "meta/objects", h(bucket));
  }
  private objectFile(bucket: string, key: string): string {
    return join(this.objectDir(bucket), `${h(key)}.json`);
  }
  private versionsFile(bucket: string, key: string): string {
    return join(this.dir, "meta/versions", h(bucket), `${h(key)}.json`);
  }
  private uploadsDir(bucket: string): string {
    return join(this.dir, "meta/uploads", h(bucket));
  }
  private uploadDir(bucket: string, uploadId: string): string {
    return join(this.uploadsDir(bucket), h(uploadId));
  }
  private partFile(bucket: string, uploadId: string, n: number): string {
    if (!Number.isInteger(n) || n < 1 || n > 10000) throw new Error(`bad part number ${n}`);
    return join(this.uploadDir(bucket, uploadId), `part-${n}.json`);
  }
  private blobFile(id: string): string {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new Error("bad blob id");
    return join(this.dir, "blobs", id.slice(0, 2), id);
  }

  // --- atomic JSON files -------------------------------------------------------------------

  private async writeJson(file: string, value: unknown): Promise<void> {
    const tmp = join(this.dir, "tmp", newId());
    const fh = await fs.open(tmp, "wx", 0o600);
    try {
      await fh.writeFile(JSON.stringify(value));
      await fh.sync();
    } finally {
      await fh.close();
    }
    const parent = join(file, "..");
    await fs.mkdir(parent, { recursive: true });
    await fs.rename(tmp, file);
    await syncDir(parent);
  }

  private async readJson<T>(file: string): Promise<T | undefined> {
    try {
      return JSON.parse(await fs.readFile(file, "utf8")) as T;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  private async removeFile(file: string): Promise<boolean> {
    try {
      await fs.unlink(file);
      await syncDir(join(file, ".."));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  private async readAll<T>(dir: string, filter: (name: string) => boolean = (n) => n.endsWith(".json")): Promise<T[]> {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (e) {
      if (isMissing(e)) return [];
      throw e;
    }
    const out: T[] = [];
    for (const n of names.filter(filter)) {
      const v = await this.readJson<T>(join(dir, n));
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  // --- buckets -----------------------------------------------------------------------------

  async listBuckets(): Promise<BucketRecord[]> {
    const all = await this.readAll<BucketRecord>(join(this.dir, "meta/buckets"));
    return all.sort((a, b) => compareKeys(a.name, b.name));
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    return this.readJson<BucketRecord>(this.bucketFile(name));
  }

  async createBucket(rec: BucketRecord): Promise<boolean> {
    return this.lock.run(`b:${rec.name}`, async () => {
      if (await this.getBucket(rec.name)) return false;
      await this.writeJson(this.bucketFile(rec.name), rec);
      return true;
    });
  }

  async updateBucket(rec: BucketRecord): Promise<void> {
    await this.lock.run(`b:${rec.name}`, () => this.writeJson(this.bucketFile(rec.name), rec));
  }

  async deleteBucket(name: string): Promise<"deleted" | "not-empty" | "missing"> {
    return this.lock.run(`b:${name}`, async () => {
      if (!(await this.getBucket(name))) return "missing";
      const objs = await fs.readdir(this.objectDir(name)).catch((e) => (isMissing(e) ? [] : Promise.reject(e)));
      if (objs.some((n: string) => n.endsWith(".json"))) return "not-empty";
      const versions = join(this.dir, "meta/versions", h(name));
      const older = await fs.readdir(versions).catch((e) => (isMissing(e) ? [] : Promise.reject(e)));
      if (older.some((n: string) => n.endsWith(".json"))) return "not-empty";
      for (const u of await this.listUploads(name)) await this.abortUpload(name, u.uploadId);
      await this.removeFile(this.bucketFile(name));
      await fs.rm(this.objectDir(name), { recursive: true, force: true });
      await fs.rm(versions, { recursive: true, force: true });
      await fs.rm(this.uploadsDir(name), { recursive: true, force: true });
      return "deleted";
    });
  }

  // --- objects (each key a stack of versions) ------------------------------------------------
  async getObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    const o = await this.getCurrent(bucket, key);
    return o && !o.deleteMarker ? o : undefined;
  }

  async getCurrent(bucket: string, key: string): Promise<VersionRecord | undefined> {
    return this.readJson<VersionRecord>(this.objectFile(bucket, key));
  }

  async getVersion(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined> {
    return (await this.readStack(bucket, key)).find((v) => versionIdOf(v) === versionId);
  }

  async putObject(rec: VersionRecord): Promise<void> {
    await this.lock.run(`o:${rec.bucket}\0${rec.key}`, () => this.install(rec));
  }

  async deleteObject(bucket: string, key: string): Promise<boolean> {
    return !!(await this.deleteVersion(bucket, key, "null"));
  }

  async deleteVersion(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined> {
    return this.lock.run(`o:${bucket}\0${key}`, async () => {
      const stack = await this.readStack(bucket, key);
      const gone = stack.find((v) => versionIdOf(v) === versionId);
      if (!gone) return undefined;
      const rest = stack.filter((v) => v !== gone);
      await this.writeStack(bucket, key, rest);
      for (const blob of freedBlobs(gone, rest)) await this.deleteBlob(blob);
      return gone;
    });
  }

  async listObjects(bucket: string, q: ListQuery): Promise<ObjectRecord[]> {
    const all = await this.readAll<VersionRecord>(this.objectDir(bucket));
    return all
      .filter(
        (o): o is ObjectRecord => !o.deleteMarker && o.key.startsWith(q.prefix) && compareKeys(o.key, q.after) > 0,
      )
      .sort((a, b) => compareKeys(a.key, b.key))
      .slice(0, q.limit);
  }

  async listVersions(bucket: string, prefix: string, from: string): Promise<ListedVersion[]> {
    const keys = new Set((await this.readAll<VersionRecord>(this.objectDir(bucket))).map((o) => o.key));
    for (const vs of await this.readAll<VersionRecord[]>(join(this.dir, "meta/versions", h(bucket))))
      keys.add(vs[0].key);
    const wanted = [...keys].filter((k) => k.startsWith(prefix) && compareKeys(k, from) >= 0).sort(compareKeys);
    const out: ListedVersion[] = [];
    for (const k of wanted) (await this.readStack(bucket, k)).forEach((rec, i) => out.push({ rec, latest: i === 0 }));
    return out;
  }

  private async readStack(bucket: string, key: string): Promise<VersionRecord[]> {
    const current = await this.getCurrent(bucket, key);
    const older = (await this.readJson<VersionRecord[]>(this.versionsFile(bucket, key))) ?? [];
    return current ? [current, ...older] : older;
  }

  /** Writes the key's versions as readStack reads them (current first): the noncurrent, then the current (the commit point). */
  private async writeStack(bucket: string, key: string, [current, ...older]: VersionRecord[]): Promise<void> {
    const put = (file: string, v?: unknown) => (v ? this.writeJson(file, v) : this.removeFile(file));
    await put(this.versionsFile(bucket, key), older.length ? older : undefined);
    await put(this.objectFile(bucket, key), current);
  }

  /** Makes `rec` current (under the key's lock); frees what the version it replaces alone used. */
  private async install(rec: VersionRecord): Promise<void> {
    const { stack, replaced } = stackVersion(await this.readStack(rec.bucket, rec.key), rec);
    await this.writeStack(rec.bucket, rec.key, stack);
    for (const blob of freedBlobs(replaced, stack)) await this.deleteBlob(blob);
  }

  // --- multipart uploads ---------------------------------------------------------------------

  async createUpload(rec: UploadRecord): Promise<void> {
    await this.writeJson(join(this.uploadDir(rec.bucket, rec.uploadId), "upload.json"), rec);
  }

  async getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    return this.readJson<UploadRecord>(join(this.uploadDir(bucket, uploadId), "upload.json"));
  }

  async listUploads(bucket: string): Promise<UploadRecord[]> {
    let dirs: Dirent[];
    try {
      dirs = await fs.readdir(this.uploadsDir(bucket), { withFileTypes: true });
    } catch (e) {
      if (isMissing(e)) return [];
      throw e;
    }
    const out: UploadRecord[] = [];
    for (const d of dirs) {
      if (!d.isDirectory()) continue;
      const u = await this.readJson<UploadRecord>(join(this.uploadsDir(bucket), d.name, "upload.json"));
      if (u) out.push(u);
    }
    return out;
  }

  async putPart(bucket: string, uploadId: string, part: PartRecord): Promise<boolean> {
    return this.lock.run(`u:${bucket}\0${uploadId}`, async () => {
      if (!(await this.getUpload(bucket, uploadId))) return false;
      const file = this.partFile(bucket, uploadId, part.partNumber);
      const prev = await this.readJson<PartRecord>(file);
      await this.writeJson(file, part);
      if (prev && prev.blob !== part.blob) await this.deleteBlob(prev.blob);
      return true;
    });
  }

  async listParts(bucket: string, uploadId: string): Promise<PartRecord[]> {
    const parts = await this.readAll<PartRecord>(this.uploadDir(bucket, uploadId), (n) => /^part-\d+\.json$/.test(n));
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeUpload(bucket: string, uploadId: string, object: ObjectRecord): Promise<boolean> {
    return this.lock.run(`u:${bucket}\0${uploadId}`, async () => {
      if (!(await this.getUpload(bucket, uploadId))) return false;
      const parts = await this.listParts(bucket, uploadId);
      // The object record is the commit point; the upload's files go after it.
      await this.lock.run(`o:${bucket}\0${object.key}`, () => this.install(object));
      const used = new Set(object.segments.map((s) => s.blob));
      for (const p of parts) if (!used.has(p.blob)) await this.deleteBlob(p.blob);
      await fs.rm(this.uploadDir(bucket, uploadId), { recursive: true, force: true });
      return true;
    });
  }

  async abortUpload(bucket: string, uploadId: string): Promise<boolean> {
    return this.lock.run(`u:${bucket}\0${uploadId}`, async () => {
      if (!(await this.getUpload(bucket, uploadId))) return false;
      for (const p of await this.listParts(bucket, uploadId)) await this.deleteBlob(p.blob);
      await fs.rm(this.uploadDir(bucket, uploadId), { recursive: true, force: true });
      return true;
    });
  }

  // --- blobs ---------------------------------------------------------------------------------

  async writeBlob(src: Readable): Promise<BlobRef> {
    const id = newId();
    const tmp = join(this.dir, "tmp", id);
    let length = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        length += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      // flush: fsync before close (node ≥ 20.10), so the rename below publishes durable bytes.
      await pipeline(src, count, createWriteStream(tmp, { flags: "wx", mode: 0o600, flush: true }));
      const file = this.blobFile(id);
      await fs.mkdir(join(file, ".."), { recursive: true });
      await fs.rename(tmp, file);
      await syncDir(join(file, ".."));
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    return { id, length };
  }

  async readBlob(id: string, start: number, endExclusive: number): Promise<Readable> {
    // Open first, so a concurrent replace (unlink) cannot pull the file away mid-read.
    const fh = await fs.open(this.blobFile(id), "r");
    if (endExclusive <= start) {
      await fh.close();
      return Readable.from([]);
    }
    return createReadStream("", { fd: fh, start, end: endExclusive - 1, autoClose: true });
  }

  async deleteBlob(id: string): Promise<void> {
    await fs.rm(this.blobFile(id), { force: true });
  }

  async close(): Promise<void> {
    await this.lock.idle();
  }

  /** Removes blobs that no object or part refers to (left by a crash before a record was written). */
  private async collectGarbage(): Promise<void> {
    const used = new Set<string>();
    const use = (v: VersionRecord) => v.deleteMarker || v.segments.forEach((s) => used.add(s.blob));
    for (const b of await fs.readdir(join(this.dir, "meta/objects")))
      (await this.readAll<VersionRecord>(join(this.dir, "meta/objects", b))).forEach(use);
    for (const b of await fs.readdir(join(this.dir, "meta/versions")))
      (await this.readAll<VersionRecord[]>(join(this.dir, "meta/versions", b))).forEach((vs) => vs.forEach(use));
    for (const b of await fs.readdir(join(this.dir, "meta/uploads"))) {
      for (const u of await fs.readdir(join(this.dir, "meta/uploads", b))) {
        const parts = await this.readAll<PartRecord>(join(this.dir, "meta/uploads", b, u), (n) =>
          n.startsWith("part-"),
        );
        for (const p of parts) used.add(p.blob);
      }
    }
    for (const shard of await fs.readdir(join(this.dir, "blobs"))) {
      for (const id of await fs.readdir(join(this.dir, "blobs", shard))) {
        if (!used.has(id)) await fs.rm(join(this.dir, "blobs", shard, id), { force: true });
      }
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
