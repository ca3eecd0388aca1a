/**
 * What the server stores, and the storage interface both back ends implement (memory.ts, the
 * default; disk.ts with --data-dir). Records hold metadata only; object bytes live in blobs,
 * written as streams and read by byte range, never held whole. Customer keys are never part of
 * a record: an SSE-C segment holds only the sealed data key (salted MAC + sealed key) the crypto
 * module produced.
 */
import type { Readable } from "node:stream";
import type { ChecksumAlgorithm, StoredChecksum } from "../stored-checksums.ts";

/** A JSON-safe value (the crypto module's SealedKey record is one; storage does not look inside). */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type SealedRecord = { readonly [k: string]: Json };

/** The server-managed modes the reference server records: SSE-S3, and SSE-KMS as a bucket default. */
export type ManagedEncryption = "AES256" | "aws:kms";

export interface BucketEncryption {
  /** ApplyServerSideEncryptionByDefault/SSEAlgorithm as configured (AES256, or aws:kms: recorded, no KMS behind it). */
  sseAlgorithm?: ManagedEncryption;
  /** ApplyServerSideEncryptionByDefault/KMSMasterKeyID, for aws:kms. */
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** BlockedEncryptionTypes/EncryptionType values (NONE | SSE-C). */
  blocked: string[];
}

export interface BucketRecord {
  name: string;
  /** Epoch ms. */
  created: number;
  /** PutBucketEncryption configuration; undefined: none set (SSE-C not blocked). */
  encryption?: BucketEncryption;
  /** PutBucketPolicy text as set (parsed and enforced by bucket-policy.ts); undefined: none. */
  policy?: string;
  /** PutBucketVersioning status; undefined: never set (every write is the `null` version). */
  versioning?: "Enabled" | "Suspended";
}

/** One run of object bytes with its own data key: the whole object, or one part of a multipart object. */
export interface Segment {
  /** Server-generated blob id (random hex): no user input ever names a file. */
  blob: string;
  /** Plaintext bytes. */
  size: number;
  /** Bytes in the blob (sealed length for SSE-C). */
  stored: number;
  /** 1 for single-part objects; the uploaded part number for multipart objects. */
  partNumber: number;
  /** Part ETag (32 hex, unquoted). */
  etag: string;
  /** The data key sealed under the customer key; present iff the segment is SSE-C. */
  sealed?: SealedRecord;
  /** The verified x-amz-checksum-* of the segment's plaintext (sealed for SSE-C; stored-checksums.ts). */
  checksum?: StoredChecksum;
}

export interface ObjectRecord {
  bucket: string;
  key: string;
  /** Random id of this version of the object: binds single-part data keys (anti-rebinding). */
  id: string;
  /** For completed multipart objects: binds part data keys. */
  uploadId?: string;
  multipart: boolean;
  /** Plaintext length. */
  size: number;
  /** Unquoted: 32 hex, or "<hex>-N" for multipart. */
  etag: string;
  /** Epoch ms. */
  lastModified: number;
  contentType: string;
  /** Stored representation headers (content-encoding, content-disposition, cache-control,
   * content-language, expires) and x-amz-meta-* / x-obs-meta-* pairs, names lower-cased. */
  metadata: [string, string][];
  /** Multipart objects whose upload declared a checksum algorithm and whose every part carried
   * one: the object checksum is COMPOSITE over the segments' checksums (stored-checksums.ts). Single-part
   * objects need no field: segment 1's checksum is the FULL_OBJECT one. */
  checksumAlgorithm?: ChecksumAlgorithm;
  /** Encrypted with a customer key. */
  ssec: boolean;
  /**
   * SSE-S3 (x-amz-server-side-encryption: AES256, by request or bucket default) or SSE-KMS (aws:kms, by bucket
   * default only). The reference server records the mode and answers for it; it seals no data under a server or KMS
   * key (SSE-C is its scope).
   */
  sse?: ManagedEncryption;
  /** The KMS key id of an aws:kms object (the bucket default's). */
  kmsKeyId?: string;
  segments: Segment[];
  /** Only ever set by the `key-at-rest` fault (issue 7), which models a server leaking the key. */
  leakedKey?: string;
  /** The version id S3 names this version by (its `id`, written while versioning was Enabled);
   * absent: the `null` version. */
  versionId?: string;
  deleteMarker?: undefined;
}

/** A delete marker: a version with no data that hides the versions below it (versioned buckets). */
export interface DeleteMarker {
  bucket: string;
  key: string;
  /** Absent: the `null` version (written while versioning was Suspended). */
  versionId?: string;
  /** Epoch ms. */
  lastModified: number;
  deleteMarker: true;
}

/** One version of a key: an object or a delete marker. */
export type VersionRecord = ObjectRecord | DeleteMarker;

/** The version id a record is listed and addressed by ("null" for the null version). */
export const versionIdOf = (v: Pick<VersionRecord, "versionId">): string => v.versionId ?? "null";

/** One version in a ListObjectVersions walk: the record and whether it is the key's current one. */
export interface ListedVersion {
  rec: VersionRecord;
  latest: boolean;
}

export interface UploadRecord {
  bucket: string;
  key: string;
  uploadId: string;
  /** Epoch ms. */
  initiated: number;
  contentType: string;
  metadata: [string, string][];
  /** x-amz-checksum-algorithm declared at CreateMultipartUpload (COMPOSITE). */
  checksumAlgorithm?: ChecksumAlgorithm;
  /** Sealed record binding the initiate's customer key to this upload: lets Upload Part tell
   * the upload's key from any other (evidence upload-part.different-key-refused) without storing the key. Absent:
   * not SSE-C. */
  ssec?: SealedRecord;
  /** Server-managed encryption (ObjectRecord.sse) of the completed object. */
  sse?: ManagedEncryption;
  kmsKeyId?: string;
}

export interface PartRecord extends Segment {
  /** Epoch ms. */
  lastModified: number;
}

export interface BlobRef {
  id: string;
  length: number;
}

export interface ListQuery {
  prefix: string;
  /** Only keys strictly greater than this. */
  after: string;
  /** Stop after this many records (the caller folds delimiters, so it asks for enough). */
  limit: number;
}

export interface Storage {
  listBuckets(): Promise<BucketRecord[]>;
  getBucket(name: string): Promise<BucketRecord | undefined>;
  /** false when the bucket already exists. */
  createBucket(rec: BucketRecord): Promise<boolean>;
  updateBucket(rec: BucketRecord): Promise<void>;
  /** Deletes an empty bucket (and its abandoned uploads). */
  deleteBucket(name: string): Promise<"deleted" | "not-empty" | "missing">;

  /** The key's current version, when it is an object (not a delete marker). */
  getObject(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /** The key's current version, object or delete marker. */
  getCurrent(bucket: string, key: string): Promise<VersionRecord | undefined>;
  /** One version by id ("null": the null version). */
  getVersion(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined>;
  /**
   * Atomically makes `rec` the key's current version. A version with the same id (always so for the
   * null version of an unversioned bucket) is replaced and its blobs freed; the others stay, noncurrent.
   */
  putObject(rec: VersionRecord): Promise<void>;
  /** Removes the null version (the only version a bucket that never had versioning has). */
  deleteObject(bucket: string, key: string): Promise<boolean>;
  /** Removes one version (its blobs freed); the newest remaining one becomes current. */
  deleteVersion(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined>;
  /** Current objects (delete markers left out) in key order (UTF-8 byte order, as S3 lists). */
  listObjects(bucket: string, q: ListQuery): Promise<ObjectRecord[]>;
  /** Every version of the keys under `prefix` from key `from` on (inclusive), keys in order, newest first. */
  listVersions(bucket: string, prefix: string, from: string): Promise<ListedVersion[]>;

  createUpload(rec: UploadRecord): Promise<void>;
  getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined>;
  listUploads(bucket: string): Promise<UploadRecord[]>;
  /** Stores (or replaces) a part; false when the upload no longer exists (the caller frees the blob). */
  putPart(bucket: string, uploadId: string, part: PartRecord): Promise<boolean>;
  listParts(bucket: string, uploadId: string): Promise<PartRecord[]>;
  /** Atomically: the object replaces any previous one, the upload disappears, parts not used are freed. */
  completeUpload(bucket: string, uploadId: string, object: ObjectRecord): Promise<boolean>;
  abortUpload(bucket: string, uploadId: string): Promise<boolean>;

  /** Writes a stream into a new blob; if the stream errors nothing is left behind. */
  writeBlob(src: Readable): Promise<BlobRef>;
  /** Bytes [start, endExclusive) of a blob. */
  readBlob(id: string, start: number, endExclusive: number): Promise<Readable>;
  /**
   * Bytes [start, endExclusive) of a blob as views of the buffers that hold it, for storage that
   * keeps blobs in memory (the GET path decrypts them without a stream stage in between); absent
   * elsewhere. Throws ENOENT when there is no such blob.
   */
  blobViews?(id: string, start: number, endExclusive: number): Buffer[];
  deleteBlob(id: string): Promise<void>;

  close(): Promise<void>;
}

/**
 * The key's versions (newest first) once `next` is made current: a version with the same id is
 * replaced. Returns the new stack and what was replaced (its blobs are the caller's to free).
 * Shared by both back ends, so the memory and --data-dir stores stack versions alike.
 */
export function stackVersion(
  stack: readonly VersionRecord[],
  next: VersionRecord,
): { stack: VersionRecord[]; replaced?: VersionRecord } {
  const id = versionIdOf(next);
  const replaced = stack.find((v) => versionIdOf(v) === id);
  return { stack: [next, ...stack.filter((v) => v !== replaced)], replaced };
}

/** The blobs of `gone` that no version of `kept` still uses (a copy in place may share them). */
export function freedBlobs(gone: VersionRecord | undefined, kept: readonly VersionRecord[]): string[] {
  if (!gone || gone.deleteMarker) return [];
  const keep = new Set(kept.flatMap((v) => (v.deleteMarker ? [] : v.segments.map((s) => s.blob))));
  return gone.segments.map((s) => s.blob).filter((b) => !keep.has(b));
}

/** UTF-8 byte order, as S3 sorts keys (a JS string compare sorts by UTF-16 units). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
