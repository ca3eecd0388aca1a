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

export interface BucketEncryption {
  /** ApplyServerSideEncryptionByDefault/SSEAlgorithm as configured (only AES256 is accepted). */
  sseAlgorithm?: "AES256";
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
  segments: Segment[];
  /** Only ever set by the `key-at-rest` fault (issue 7), which models a server leaking the key. */
  leakedKey?: string;
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

  getObject(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /** Atomically replaces the object; the previous version's blobs are freed. */
  putObject(rec: ObjectRecord): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<boolean>;
  /** Objects in key order (UTF-8 byte order, as S3 lists). */
  listObjects(bucket: string, q: ListQuery): Promise<ObjectRecord[]>;

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
  deleteBlob(id: string): Promise<void>;

  close(): Promise<void>;
}

/** UTF-8 byte order, as S3 sorts keys (a JS string compare sorts by UTF-16 units). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
