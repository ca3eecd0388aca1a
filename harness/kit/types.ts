/** The types the kit's files share: the check context and what fixtures and uploads hand back. */
import type { S3Client, S3Request, S3Response } from "../client/types.ts";
import type { Target } from "../config/target.ts";
import type { CheckDef, Expectation, Profile } from "../checks/types.ts";
import type { CustomerKey, Dialect } from "../ssec/index.ts";
import type { CheckFailure } from "./check-errors.ts";

export interface CheckContext {
  readonly def: CheckDef;
  readonly target: Target;
  readonly profile: Profile;
  readonly client: S3Client;
  readonly bucket: string;
  readonly dialect: Dialect;
  /** Send with the run's bucket unless the request names another. */
  send(req: S3Request): Promise<S3Response>;
  /** A fresh object key under target.keyPrefix, unique within the run. */
  objectKey(label?: string): string;
  /** A customer key unique to this check and label, reproducible from the run's seed. */
  customerKey(label?: string, length?: number): CustomerKey;
  /**
   * Exact answers missed where only the refusal is a MUST (recorded by expectError and
   * expectRefusal): the check then grades warn, fail under --strict (harness/kit/refusals.ts).
   */
  readonly misses: CheckFailure[];
  /** The check's expectation: the profile's named one (or `fallback`), with deviations applied. */
  expected(fallback?: Expectation): Expectation;
  /** Another named profile expectation (a secondary step of the check, e.g. the wrong-key read after a rotation). */
  expectation(name: string): Expectation;
  /** Asserts status and S3 error Code (never Message) against `expectation` (default: expected()). */
  expectError(res: S3Response, expectation?: Expectation): void;
  /** Asserts a 4xx refusal, whatever the code (the MUST half of a transport check). */
  expectRefused(res: S3Response): void;
  /** Asserts a success status (e.g. 200 or [200, 204]). */
  expectStatus(res: S3Response, status: number | readonly number[], what?: string): void;
  /** Fails unless `actual === expected`. */
  expectEqual<T>(actual: T, expected: T, what: string): void;
  /** Fails with expected/actual text. */
  fail(expected: string, actual: string, detail?: string): never;
  /** Requires a fixture step to have succeeded; otherwise the check errors (no verdict). */
  require(res: S3Response, status: number | readonly number[], what: string): void;
  skip(reason: string): never;
  note(text: string): void;
}

/** An SSE-C object a fixture stored. */
export interface StoredObject {
  objectKey: string;
  key: CustomerKey;
  body: Buffer;
  etag: string;
  /** Plaintext part sizes for multipart objects. */
  partSizes?: number[];
}

/** An object a fixture stored without SSE-C. */
export type PlainObject = Omit<StoredObject, "key">;

/** What a fixture stored: SSE-C under `key`, or plain when `key` is undefined. */
export interface Stored {
  objectKey: string;
  body: Buffer;
  key?: CustomerKey;
}

/** An upload in progress. */
export interface Upload {
  objectKey: string;
  uploadId: string;
  /** The upload's customer key; undefined for an upload initiated without SSE-C. */
  key?: CustomerKey;
}

/** What names an upload, whatever key type the caller keeps beside it. */
export type UploadRef = Pick<Upload, "objectKey" | "uploadId">;

/** A part as Complete wants it. */
export interface PartRef {
  partNumber: number;
  etag: string;
  /** The part's checksum elements for Complete (`ChecksumSHA256`, …), when its upload declared an algorithm. */
  checksums?: Record<string, string>;
}

/** Inclusive byte range, as `x-amz-copy-source-range: bytes=first-last`. */
export interface ByteRange {
  first: number;
  last: number;
}
