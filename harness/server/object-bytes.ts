/**
 * Object bytes in and out of storage: metering, size limits, ETags, and encryption at rest
 * through the crypto module. A random data key per object and per part, sealed under the
 * customer key and bound to bucket/key/object-id (or upload/part), data in 64 KiB AES-256-GCM
 * chunks (crypto/chunked-gcm.ts). Only the sealed record is stored (MinIO internal/crypto, MinIO's
 * design; binding against "object rebinding", minio#6121). Range reads decrypt only the chunks
 * they need, part by part, each part with its own data key (ceph/ceph#27130: part boundaries matter).
 */
import { createHash, randomBytes } from "node:crypto";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  CHUNK_SIZE,
  createDecryptReader,
  createDecryptStream,
  createEncryptStream,
  sealedSpan,
} from "./crypto/chunked-gcm.ts";
import {
  customerKeyMatches,
  objectBinding,
  partBinding,
  sealNewDataKey,
  unsealDataKey,
  type SealedKey,
} from "./crypto/sealed-key.ts";
import { verifiedChecksum, type VerifiedChecksum } from "./auth/index.ts";
import {
  CHECKSUM_ALGORITHMS,
  createDigester,
  type ChecksumAlgorithm,
  type Digester,
} from "./auth/checksum-algorithms.ts";
import { storeChecksum, type StoredChecksum } from "./stored-checksums.ts";
import { S3Fault } from "./errors.ts";
import type { ServerContext } from "./request-context.ts";
import type { CustomerKey } from "./ssec.ts";
import type { StoredMetadata } from "./metadata.ts";
import type { ObjectRecord, Segment, SealedRecord, UploadRecord } from "./storage/types.ts";

/** AWS limits: 5 GiB per PUT and per part (S3 User Guide, "Amazon S3 multipart upload limits"). */
export const MAX_PUT_SIZE = 5 * 1024 ** 3;
export const MIN_PART_SIZE = 5 * 1024 ** 2;
export const MAX_PART_NUMBER = 10000;

/** What each sealed data key is bound to (JSON arrays: unambiguous whatever the key contains). */
export const bindings = {
  object: objectBinding,
  part: partBinding,
  upload: (bucket: string, key: string, uploadId: string) => JSON.stringify(["upload", bucket, key, uploadId]),
};

/** Binding of one segment of a stored object, recomputed from where the object is (not stored). */
export function segmentBinding(obj: ObjectRecord, seg: Segment): string {
  return obj.uploadId !== undefined
    ? bindings.part(obj.bucket, obj.key, obj.uploadId, seg.partNumber)
    : bindings.object(obj.bucket, obj.key, obj.id);
}

export function newObjectId(): string {
  return randomBytes(16).toString("hex");
}

/**
 * A random 32-hex ETag: SSE-C ETags are not the plaintext MD5 (evidence etag.not-plaintext-md5; the AWS SSE-C guide;
 * the AWS ETag documentation).
 */
export function randomEtag(): string {
  return randomBytes(16).toString("hex");
}

const asSealedKey = (r: SealedRecord): SealedKey => r as unknown as SealedKey;
const asRecord = (k: SealedKey): SealedRecord => k as unknown as SealedRecord;

/** Counts bytes, enforces a size limit, and (when asked) computes the plaintext MD5 and a checksum. */
class Meter extends Transform {
  bytes = 0;
  private readonly md5 = createHash("md5");
  readonly checksum: Digester | undefined;

  /** Every algorithm's digest (the checksum-over-ciphertext fault's tap). */
  readonly all: Map<ChecksumAlgorithm, Digester> | undefined;

  constructor(
    private readonly limit: number,
    private readonly hash: boolean,
    checksum?: ChecksumAlgorithm,
    everyAlgorithm = false,
  ) {
    super();
    if (checksum) this.checksum = createDigester(checksum);
    if (everyAlgorithm) this.all = new Map(CHECKSUM_ALGORITHMS.map((a) => [a, createDigester(a)]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null, d?: Buffer) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      cb(
        new S3Fault("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", {
          MaxSizeAllowed: String(this.limit),
        }),
      );
      return;
    }
    if (this.hash) this.md5.update(chunk);
    this.checksum?.update(chunk);
    this.all?.forEach((d) => d.update(chunk));
    cb(null, chunk);
  }

  digestHex(): string {
    return this.md5.digest("hex");
  }
}

export interface WriteOptions {
  /** Encrypt under this customer key, sealed with this binding. */
  encrypt?: { key: CustomerKey; binding: string };
  limit: number;
  /** Compute this checksum of the plaintext (copies). Otherwise the checksum kept is the one a
   * verified request body was checked against (x-amz-checksum-* header or trailer), if any. */
  checksum?: ChecksumAlgorithm;
}

export interface Written {
  blob: string;
  size: number;
  stored: number;
  etag: string;
  sealed?: SealedRecord;
  /** As stored in the segment (sealed for SSE-C). */
  checksum?: StoredChecksum;
  /** The same checksum in the clear, for the response of this request only. */
  digest?: VerifiedChecksum;
}

/**
 * The record of a single-part object (PUT, POST, Copy) whose one blob `writeData` just wrote;
 * `encryptedWith` is the customer key it was sealed under, if any.
 */
export function singlePartRecord(
  ctx: ServerContext,
  o: {
    bucket: string;
    key: string;
    id: string;
    written: Written;
    meta: StoredMetadata;
    encryptedWith: CustomerKey | undefined;
  },
): ObjectRecord {
  const { written } = o;
  const rec: ObjectRecord = {
    bucket: o.bucket,
    key: o.key,
    id: o.id,
    multipart: false,
    size: written.size,
    etag: written.etag,
    lastModified: Date.now(),
    ...o.meta,
    ssec: o.encryptedWith !== undefined,
    segments: [
      {
        blob: written.blob,
        size: written.size,
        stored: written.stored,
        partNumber: 1,
        etag: written.etag,
        sealed: written.sealed,
        checksum: written.checksum,
      },
    ],
  };
  if (o.encryptedWith && ctx.faults.has("key-at-rest")) rec.leakedKey = o.encryptedWith.base64;
  return rec;
}

/**
 * Streams `src` into a new blob. Nothing is stored unless `src` ends cleanly (a client abort,
 * a failed body verification or a size-limit breach leaves no blob behind).
 */
export async function writeData(ctx: ServerContext, src: Readable, opts: WriteOptions): Promise<Written> {
  const { faults, storage } = ctx;
  const enc = opts.encrypt;
  const meter = new Meter(opts.limit, !enc || faults.has("etag-is-md5"), opts.checksum);
  const stages: NodeJS.ReadWriteStream[] = [meter];
  let sealed: SealedRecord | undefined;
  let dataKey: Buffer | undefined;
  if (enc) {
    const fresh = sealNewDataKey(enc.key.bytes(), enc.binding);
    dataKey = fresh.dataKey;
    sealed = asRecord(fresh.sealed);
    // The plaintext-at-rest fault models a data path that records SSE-C but skips the cipher
    // (in both directions, so only the bytes at rest show it).
    if (!faults.has("plaintext-at-rest")) stages.push(createEncryptStream(dataKey, enc.binding));
  }
  // A checksum tapped after the encrypting stage: what is stored is the ciphertext's.
  const tap = enc && faults.has("checksum-over-ciphertext") ? new Meter(Infinity, false, undefined, true) : undefined;
  if (tap) stages.push(tap);
  const staged = new PassThrough();
  const piping = pipeline([src, ...stages, staged] as (NodeJS.ReadableStream | NodeJS.WritableStream)[]);
  const [pipe, stored] = await Promise.allSettled([piping, storage.writeBlob(staged)]);
  if (pipe.status === "rejected" || stored.status === "rejected") {
    if (stored.status === "fulfilled") await storage.deleteBlob(stored.value.id);
    throw pipe.status === "rejected" ? pipe.reason : (stored as PromiseRejectedResult).reason;
  }
  const etag = !enc || faults.has("etag-is-md5") ? meter.digestHex() : randomEtag();
  const digest =
    meter.checksum && opts.checksum
      ? { algorithm: opts.checksum, digest: meter.checksum.digest() }
      : verifiedChecksum(src);
  const kept = digest && tap ? tap.all!.get(digest.algorithm)!.digest() : digest?.digest;
  const checksum =
    digest && kept && storeChecksum(digest.algorithm, kept, enc && dataKey && { dataKey, binding: enc.binding });
  return { blob: stored.value.id, size: meter.bytes, stored: stored.value.length, etag, sealed, checksum, digest };
}

/** Does the key open this sealed record? (A MAC check; constant time in the crypto module.) */
export function keyMatches(key: CustomerKey, binding: string, sealed: SealedRecord): boolean {
  return customerKeyMatches(key.bytes(), binding, asSealedKey(sealed));
}

/**
 * Seals a throwaway data key to remember an upload's customer key (evidence upload-part.different-key-refused check);
 * the data key is discarded.
 */
export function sealUploadKey(
  key: CustomerKey,
  upload: Pick<UploadRecord, "bucket" | "key" | "uploadId">,
): SealedRecord {
  return asRecord(sealNewDataKey(key.bytes(), bindings.upload(upload.bucket, upload.key, upload.uploadId)).sealed);
}

export function uploadKeyMatches(key: CustomerKey, upload: UploadRecord): boolean {
  if (!upload.ssec) return false;
  return keyMatches(key, bindings.upload(upload.bucket, upload.key, upload.uploadId), upload.ssec);
}

const wrongKey = () =>
  new S3Fault(
    "AccessDenied",
    "Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.",
  );

/**
 * The data keys of every segment of an SSE-C object, or 403 AccessDenied for a wrong key
 * (evidence get.wrong-key-refused). Every segment is checked before the first byte is sent, so a wrong key can never
 * produce a 200 with a broken body.
 */
export function unlockObject(ctx: ServerContext, obj: ObjectRecord, key: CustomerKey): (Buffer | undefined)[] {
  const { faults } = ctx;
  // pgsty/silo#82: a server that checks the key only while decrypting chunks never checks it for 0 bytes.
  if (obj.size === 0 && faults.has("zero-byte-key-not-checked")) return obj.segments.map(() => undefined);
  return obj.segments.map((seg) => {
    if (!seg.sealed) return undefined; // a part stored plain by the part-without-key-accepted fault
    const binding = segmentBinding(obj, seg);
    const checkFirst = !faults.has("get-wrong-key-tampered");
    if (checkFirst && !keyMatches(key, binding, seg.sealed)) throw wrongKey();
    const dataKey = unsealDataKey(key.bytes(), binding, asSealedKey(seg.sealed));
    if (!dataKey) {
      // minio/minio#5202; minio/minio#6431: the unseal failure surfaces as a tamper error instead of 403.
      if (faults.has("get-wrong-key-tampered")) {
        throw new S3Fault("InternalError", "The requested object was modified and may be compromised");
      }
      throw wrongKey();
    }
    return dataKey;
  });
}

/**
 * The data keys as a reader that never verifies the customer key gets them (the
 * get-wrong-key-accepted fault): the right key unseals them; for a wrong key there is none, and
 * readData serves the stored bytes undecrypted — what an unauthenticated cipher (AES-CTR, as in
 * SeaweedFS's SSE-C) gives for a wrong key: 200 and bytes that are not the object's.
 */
export function unlockUnverified(obj: ObjectRecord, key: CustomerKey): (Buffer | undefined)[] {
  return obj.segments.map((seg) =>
    seg.sealed ? unsealDataKey(key.bytes(), segmentBinding(obj, seg), asSealedKey(seg.sealed)) : undefined,
  );
}

/**
 * Plaintext bytes [start, endInclusive] of an object, streamed segment by segment. `dataKeys`
 * comes from unlockObject (undefined entries: segment stored plain).
 */
export function readData(
  ctx: ServerContext,
  obj: ObjectRecord,
  dataKeys: (Buffer | undefined)[] | undefined,
  start: number,
  endInclusive: number,
): Readable {
  const { faults, storage } = ctx;
  // Where each segment starts in the plaintext. The multipart-offsets-sealed fault adds up
  // stored (sealed) lengths instead, as minio/minio#5576; ceph/ceph#27130 did.
  const offsets: number[] = [];
  let at = 0;
  for (const seg of obj.segments) {
    offsets.push(at);
    at += obj.ssec && faults.has("multipart-offsets-sealed") ? seg.stored : seg.size;
  }
  const cipherOn = !faults.has("plaintext-at-rest");
  // ceph/ceph#27130: a reader that ignores part boundaries decrypts every part as if it were the first.
  const asFirstPart = obj.multipart && obj.ssec && faults.has("multipart-part-keys-ignored");
  // seaweedfs/seaweedfs#8216; rustfs/rustfs#2673: a reader that counts chunks rounding down decrypts whole chunks
  // only and never sends a final partial chunk (Content-Length, from the metadata, still promises it).
  const wholeChunksOnly = obj.ssec && faults.has("last-chunk-dropped");

  // The plaintext range of segment i that the request covers, or undefined when it covers none.
  const within = (i: number): [number, number] | undefined => {
    const seg = obj.segments[i];
    const segStart = offsets[i];
    const segEnd = segStart + seg.size - 1;
    if (seg.size === 0 || segEnd < start || segStart > endInclusive) return undefined;
    return [Math.max(start, segStart) - segStart, Math.min(endInclusive, segEnd) - segStart];
  };
  /** Segment i's plaintext [s, e]: a Readable, or where its bytes are read from (sealed or not). */
  const segmentSource = (i: number, s: number, e: number) => {
    const seg = obj.segments[i];
    const dataKey = dataKeys?.[asFirstPart ? 0 : i];
    if (!(dataKey && seg.sealed && cipherOn)) return { blob: seg.blob, from: s, to: e + 1 };
    if (wholeChunksOnly) {
      const whole = Math.floor(seg.size / CHUNK_SIZE) * CHUNK_SIZE;
      if (s >= whole) return new PassThrough().end();
      e = Math.min(e, whole - 1);
    }
    const span = sealedSpan(seg.size, s, e);
    const binding = segmentBinding(obj, asFirstPart ? obj.segments[0] : seg);
    const range = { plainLength: seg.size, plainStart: s, plainEndInclusive: e };
    return { blob: seg.blob, from: span.sealedStart, to: span.sealedEndExclusive, dataKey, binding, range };
  };
  // In-memory blobs are decrypted from views of their buffers: one stream stage, not three.
  const fromMemory = (src: Exclude<ReturnType<typeof segmentSource>, Readable>): Readable => {
    const views = storage.blobViews!(src.blob, src.from, src.to);
    const plain = { objectMode: false };
    return src.dataKey ? createDecryptReader(src.dataKey, src.binding, views, src.range) : Readable.from(views, plain);
  };
  const segmentStream = async (i: number, s: number, e: number): Promise<Readable> => {
    const src = segmentSource(i, s, e);
    if (!("blob" in src)) return src;
    if (storage.blobViews) return fromMemory(src);
    if (!src.dataKey) return storage.readBlob(src.blob, src.from, src.to);
    const raw = await storage.readBlob(src.blob, src.from, src.to);
    const dec = createDecryptStream(src.dataKey, src.binding, src.range);
    raw.on("error", (err) => dec.destroy(err));
    dec.once("close", () => raw.destroy());
    return raw.pipe(dec);
  };

  const covered = obj.segments.map((_, i) => i).filter((i) => within(i) !== undefined);
  // One in-memory segment (any single-part object): its stream is the response body, no relay.
  if (covered.length === 1 && storage.blobViews) {
    try {
      const src = segmentSource(covered[0], ...within(covered[0])!);
      return "blob" in src ? fromMemory(src) : src;
    } catch (err) {
      return new PassThrough().destroy(err as Error);
    }
  }

  // One stream per segment, piped in turn into `out`. Not an async generator over the segment
  // streams: `for await` reads with read(), which concatenates buffered chunks (a copy of every
  // byte), and Readable.from() adds a stage with a promise per chunk (README.md, "Performance").
  const out = new PassThrough({ highWaterMark: 2 * CHUNK_SIZE });
  (async () => {
    for (const i of covered) {
      if (out.destroyed) return;
      const [s, e] = within(i)!;
      const src = await segmentStream(i, s, e);
      // end: false keeps `out` open for the next segment; an error on either side destroys both.
      await pipeline(src, out, { end: false });
    }
    out.end();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
}

/** Deletes the blobs of data written but not committed (a later check refused the request). */
export async function discard(ctx: ServerContext, written: Written | undefined): Promise<void> {
  if (written) await ctx.storage.deleteBlob(written.blob);
}
