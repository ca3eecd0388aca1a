/**
 * In-memory storage, the default. Blobs are kept as the list of buffers they arrived in (never
 * concatenated: a 1 GiB object stays 1 GiB of chunks, not a 1 GiB allocation), read back by
 * byte range with zero-copy subarrays. Every operation runs synchronously between awaits, so
 * each replace is atomic.
 */
import { randomBytes } from "node:crypto";
import { finished, Readable } from "node:stream";
import { compareKeys } from "./types.ts";
import type { BlobRef, BucketRecord, ListQuery, ObjectRecord, PartRecord, Storage, UploadRecord } from "./types.ts";

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
  objects: Map<string, ObjectRecord>;
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
    const o = this.buckets.get(bucket)?.objects.get(key);
    return o && clone(o);
  }

  async putObject(rec: ObjectRecord): Promise<void> {
    const b = this.buckets.get(rec.bucket);
    if (!b) throw new Error(`bucket vanished: ${rec.bucket}`);
    const prev = b.objects.get(rec.key);
    b.objects.set(rec.key, clone(rec));
    if (prev) this.freeReplaced(prev, rec);
  }

  async deleteObject(bucket: string, key: string): Promise<boolean> {
    const b = this.buckets.get(bucket);
    const prev = b?.objects.get(key);
    if (!b || !prev) return false;
    b.objects.delete(key);
    for (const s of prev.segments) this.blobs.delete(s.blob);
    return true;
  }

  async listObjects(bucket: string, q: ListQuery): Promise<ObjectRecord[]> {
    const b = this.buckets.get(bucket);
    if (!b) return [];
    const keys = [...b.objects.keys()]
      .filter((k) => k.startsWith(q.prefix) && compareKeys(k, q.after) > 0)
      .sort(compareKeys)
      .slice(0, q.limit);
    return keys.map((k) => clone(b.objects.get(k)!));
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
    const prev = b.objects.get(object.key);
    b.objects.set(object.key, clone(object));
    if (prev) this.freeReplaced(prev, object);
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

  /** Frees the blobs of a replaced object that the new version does not reuse. */
  private freeReplaced(prev: ObjectRecord, next: ObjectRecord): void {
    const keep = new Set(next.segments.map((s) => s.blob));
    for (const s of prev.segments) if (!keep.has(s.blob)) this.blobs.delete(s.blob);
  }
}
