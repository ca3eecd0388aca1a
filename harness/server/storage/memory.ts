/**
 * In-memory storage, the default. Blobs are kept as the list of buffers they arrived in (never
 * concatenated: a 1 GiB object stays 1 GiB of chunks, not a 1 GiB allocation), read back by
 * byte range with zero-copy subarrays. Every operation runs synchronously between awaits, so
 * each replace is atomic.
 */
import { randomBytes } from "node:crypto";
import { finished, Readable } from "node:stream";
import { compareKeys, freedBlobs, stackVersion, versionIdOf } from "./types.ts";
import type {
  BlobRef,
  BucketRecord,
  ListedVersion,
  ListQuery,
  ObjectRecord,
  PartRecord,
  Storage,
  UploadRecord,
  VersionRecord,
} from "./types.ts";

interface MemoryBlob {
  chunks: Buffer[];
  /** offsets[i] = byte offset of chunks[i]. */
  offsets: number[];
  length: number;
}

interface MemoryUpload {
  rec: UploadRecord;
  parts: Map<number, PartRecord>;
}

interface MemoryBucket {
  rec: BucketRecord;
  /** Each key's versions, newest (current) first; a key with no version left has no entry. */
  objects: Map<string, VersionRecord[]>;
  uploads: Map<string, MemoryUpload>;
}

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryStorage implements Storage {
  private readonly buckets = new Map<string, MemoryBucket>();
  private readonly blobs = new Map<string, MemoryBlob>();

  async listBuckets(): Promise<BucketRecord[]> {
    return [...this.buckets.values()].map((b) => clone(b.rec)).sort((a, b) => compareKeys(a.name, b.name));
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    const b = this.buckets.get(name);
    return b && clone(b.rec);
  }

  async createBucket(rec: BucketRecord): Promise<boolean> {
    if (this.buckets.has(rec.name)) return false;
    this.buckets.set(rec.name, { rec: clone(rec), objects: new Map(), uploads: new Map() });
    return true;
  }

  async updateBucket(rec: BucketRecord): Promise<void> {
    const b = this.buckets.get(rec.name);
    if (b) b.rec = clone(rec);
  }

  async deleteBucket(name: string): Promise<"deleted" | "not-empty" | "missing"> {
    const b = this.buckets.get(name);
    if (!b) return "missing";
    if (b.objects.size > 0) return "not-empty";
    for (const u of b.uploads.values()) for (const p of u.parts.values()) this.blobs.delete(p.blob);
    this.buckets.delete(name);
    return "deleted";
  }

  async getObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    const o = this.buckets.get(bucket)?.objects.get(key)?.[0];
    return o && !o.deleteMarker ? clone(o) : undefined;
  }

  async getCurrent(bucket: string, key: string): Promise<VersionRecord | undefined> {
    const o = this.buckets.get(bucket)?.objects.get(key)?.[0];
    return o && clone(o);
  }

  async getVersion(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined> {
    const o = this.buckets
      .get(bucket)
      ?.objects.get(key)
      ?.find((v) => versionIdOf(v) === versionId);
    return o && clone(o);
  }

  async putObject(rec: VersionRecord): Promise<void> {
    const b = this.buckets.get(rec.bucket);
    if (!b) throw new Error(`bucket vanished: ${rec.bucket}`);
    this.install(b, clone(rec));
  }

  async deleteObject(bucket: string, key: string): Promise<boolean> {
    return (await this.deleteVersion(bucket, key, "null")) !== undefined;
  }

  async deleteVersion(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined> {
    const b = this.buckets.get(bucket);
    const stack = b?.objects.get(key);
    const gone = stack?.find((v) => versionIdOf(v) === versionId);
    if (!b || !stack || !gone) return undefined;
    const rest = stack.filter((v) => v !== gone);
    if (rest.length) b.objects.set(key, rest);
    else b.objects.delete(key);
    for (const blob of freedBlobs(gone, rest)) this.blobs.delete(blob);
    return gone;
  }

  async listObjects(bucket: string, q: ListQuery): Promise<ObjectRecord[]> {
    const b = this.buckets.get(bucket);
    if (!b) return [];
    const keys = [...b.objects.keys()]
      .filter((k) => k.startsWith(q.prefix) && compareKeys(k, q.after) > 0 && !b.objects.get(k)![0].deleteMarker)
      .sort(compareKeys)
      .slice(0, q.limit);
    return keys.map((k) => clone(b.objects.get(k)![0] as ObjectRecord));
  }

  async listVersions(bucket: string, prefix: string, from: string): Promise<ListedVersion[]> {
    const b = this.buckets.get(bucket);
    if (!b) return [];
    const keys = [...b.objects.keys()]
      .filter((k) => k.startsWith(prefix) && compareKeys(k, from) >= 0)
      .sort(compareKeys);
    return keys.flatMap((k) => b.objects.get(k)!.map((rec, i) => ({ rec: clone(rec), latest: i === 0 })));
  }

  async createUpload(rec: UploadRecord): Promise<void> {
    const b = this.buckets.get(rec.bucket);
    if (!b) throw new Error(`bucket vanished: ${rec.bucket}`);
    b.uploads.set(rec.uploadId, { rec: clone(rec), parts: new Map() });
  }

  async getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    const u = this.buckets.get(bucket)?.uploads.get(uploadId);
    return u && clone(u.rec);
  }

  async listUploads(bucket: string): Promise<UploadRecord[]> {
    const b = this.buckets.get(bucket);
    return b ? [...b.uploads.values()].map((u) => clone(u.rec)) : [];
  }

  async putPart(bucket: string, uploadId: string, part: PartRecord): Promise<boolean> {
    const u = this.buckets.get(bucket)?.uploads.get(uploadId);
    if (!u) return false;
    const prev = u.parts.get(part.partNumber);
    u.parts.set(part.partNumber, clone(part));
    if (prev && prev.blob !== part.blob) this.blobs.delete(prev.blob);
    return true;
  }

  async listParts(bucket: string, uploadId: string): Promise<PartRecord[]> {
    const u = this.buckets.get(bucket)?.uploads.get(uploadId);
    return u ? [...u.parts.values()].sort((a, b) => a.partNumber - b.partNumber).map(clone) : [];
  }

  async completeUpload(bucket: string, uploadId: string, object: ObjectRecord): Promise<boolean> {
    const b = this.buckets.get(bucket);
    const u = b?.uploads.get(uploadId);
    if (!b || !u) return false;
    const used = new Set(object.segments.map((s) => s.blob));
    for (const p of u.parts.values()) if (!used.has(p.blob)) this.blobs.delete(p.blob);
    b.uploads.delete(uploadId);
    this.install(b, clone(object));
    return true;
  }

  async abortUpload(bucket: string, uploadId: string): Promise<boolean> {
    const b = this.buckets.get(bucket);
    const u = b?.uploads.get(uploadId);
    if (!b || !u) return false;
    for (const p of u.parts.values()) this.blobs.delete(p.blob);
    b.uploads.delete(uploadId);
    return true;
  }

  async writeBlob(src: Readable): Promise<BlobRef> {
    const blob: MemoryBlob = { chunks: [], offsets: [], length: 0 };
    // 'data' events, not `for await`: the async iterator reads with read(), which concatenates
    // whatever is buffered into a new buffer, a hidden copy of the whole object.
    await new Promise<void>((resolve, reject) => {
      src.on("data", (chunk: Buffer | Uint8Array) => {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        if (buf.length === 0) return;
        blob.offsets.push(blob.length);
        blob.chunks.push(buf);
        blob.length += buf.length;
      });
      finished(src, (err) => (err ? reject(err) : resolve()));
    });
    // Only a stream that ended cleanly gets here: an error above leaves nothing behind.
    const id = randomBytes(16).toString("hex");
    this.blobs.set(id, blob);
    return { id, length: blob.length };
  }

  async readBlob(id: string, start: number, endExclusive: number): Promise<Readable> {
    return Readable.from(this.blobViews(id, start, endExclusive), { objectMode: false });
  }

  blobViews(id: string, start: number, endExclusive: number): Buffer[] {
    const blob = this.blobs.get(id);
    if (!blob) throw Object.assign(new Error(`blob ${id} not found`), { code: "ENOENT" });
    const end = Math.min(endExclusive, blob.length);
    const out: Buffer[] = [];
    if (start >= end) return out;
    // Binary search for the chunk holding `start`.
    let lo = 0;
    let hi = blob.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blob.offsets[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i < blob.chunks.length && blob.offsets[i] < end; i++) {
      const off = blob.offsets[i];
      const c = blob.chunks[i];
      const from = Math.max(0, start - off);
      const to = Math.min(c.length, end - off);
      if (to > from) out.push(from === 0 && to === c.length ? c : c.subarray(from, to));
    }
    return out;
  }

  async deleteBlob(id: string): Promise<void> {
    this.blobs.delete(id);
  }

  async close(): Promise<void> {}

  /** Makes `rec` current; frees the blobs of the version it replaces that no remaining version reuses. */
  private install(b: MemoryBucket, rec: VersionRecord): void {
    const { stack, replaced } = stackVersion(b.objects.get(rec.key) ?? [], rec);
    b.objects.set(rec.key, stack);
    for (const blob of freedBlobs(replaced, stack)) this.blobs.delete(blob);
  }
}
