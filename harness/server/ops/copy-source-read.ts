/**
 * The source side of Copy and Upload Part - Copy: x-amz-copy-source, the copy-source SSE-C
 * trio (OBS Table 3; evidence copy.source-key-required, algorithm.invalid-copy-source, copy.source-wrong-key;
 * minio/minio#6671), x-amz-copy-source-if-* conditions.
 */
import type { RequestHeaders } from "../request.ts";
import type { RequestContext } from "../request-context.ts";
import { checkPreconditions } from "../conditions.ts";
import { parseCopySource, type CopySource } from "../copy-source.ts";
import { unlockObject, unlockUnverified } from "../object-bytes.ts";
import type { CustomerKey } from "../ssec.ts";
import { copySourceKey, mapWrongKey, missingKeyFault, notApplicableFault } from "../ssec-policy.ts";
import type { ObjectRecord } from "../storage/types.ts";
import { S3Fault } from "../errors.ts";
import { requireBucket } from "./common.ts";
import { requireVersion, versionHeaders } from "./versions.ts";

export interface CopySourceRead {
  source: CopySource;
  obj: ObjectRecord;
  /** The validated copy-source key (undefined for plain sources). */
  key?: CustomerKey;
  /** Data keys of the source's segments (undefined for plain sources). */
  dataKeys?: (Buffer | undefined)[];
  /** x-amz-copy-source-version-id of the answer (none for a source in a bucket without versioning). */
  versionHeaders: [string, string][];
}

export interface CopySourceOptions {
  /** The target's key, which the copy-source-uses-target-key fault (aws/aws-cli#9559) applies to the source. */
  targetKey?: CustomerKey;
  /** The part-copy-source-key-ignored fault: an SSE-C source is read as stored, whatever key was sent. */
  ignoreSourceKey?: boolean;
  /** The part-copy-ignores-copy-source-headers fault: the copy-source trio is never read; the target key opens the source. */
  ignoreCopySourceHeaders?: boolean;
  /** The part-copy-range-key-not-checked fault: the source is unsealed without verifying the key (minio/minio#6698). */
  unverified?: boolean;
  /**
   * Checked between locating the source and unlocking it (evidence copy.rotate-wrong-key needs the source's
   * encryption).
   */
  beforeUnlock?: (obj: ObjectRecord, key: CustomerKey | undefined) => void;
}

export async function readCopySource(rc: RequestContext, opts: CopySourceOptions = {}): Promise<CopySourceRead> {
  const { faults } = rc.server;
  const header = rc.headers.get("x-amz-copy-source") ?? rc.headers.get("x-obs-copy-source") ?? "";
  const source = parseCopySource(header);
  // Evidence algorithm.invalid-copy-source: the trio is validated before the source is looked at (a server that never reads it
  // takes the target's key for the source's).
  let key = opts.ignoreCopySourceHeaders ? opts.targetKey : copySourceKey(rc);
  const sourceBucket = await requireBucket(rc, source.bucket);
  // A server that ignores ?versionId= in the copy source copies the current version instead.
  const versionId = faults.has("copy-source-version-ignored") ? undefined : source.versionId;
  const obj = await requireVersion(rc, sourceBucket, source.key, versionId, true);
  if (obj.ssec && faults.has("copy-from-ssec-source-not-implemented")) {
    throw new S3Fault("NotImplemented", "Copying from an object encrypted with a customer key is not implemented.");
  }
  if (!obj.ssec && opts.ignoreCopySourceHeaders) key = undefined;
  if (obj.ssec && opts.ignoreSourceKey) {
    key = undefined; // readData then serves the sealed bytes as they are stored
  } else if (obj.ssec) {
    if (!key) {
      if (faults.has("copy-source-uses-target-key") && opts.targetKey) key = opts.targetKey;
      else throw missingKeyFault(rc); // evidence copy.source-key-required
    }
  } else if (key) {
    if (!faults.has("copy-source-keys-on-plain-accepted")) throw notApplicableFault(); // minio/minio#6671
    key = undefined;
  }
  opts.beforeUnlock?.(obj, key);
  // The copy-source conditions evaluated before the source's key (evidence copy.source-key-before-conditions).
  if (faults.has("copy-source-conditions-before-key"))
    checkPreconditions(rc.headers, obj, copySourceConditionPrefix(rc.headers));
  let dataKeys: (Buffer | undefined)[] | undefined;
  if (obj.ssec && key) {
    try {
      dataKeys = opts.unverified ? unlockUnverified(obj, key) : unlockObject(rc.server, obj, key); // evidence copy.source-wrong-key: wrong key → 403
    } catch (e) {
      throw mapWrongKey(rc, e);
    }
  }
  // The decrypt-and-re-encrypt path of SSE-C sources, written apart from the plain copy, forgets the conditions.
  if (!(obj.ssec && faults.has("copy-source-conditions-ignored-for-ssec")))
    checkPreconditions(rc.headers, obj, copySourceConditionPrefix(rc.headers));
  const sourceVersion = versionHeaders(sourceBucket, obj).map(([, v]): [string, string] => [
    "x-amz-copy-source-version-id",
    v,
  ]);
  return { source, obj, key, dataKeys, versionHeaders: sourceVersion };
}

/** The copy-source conditions are read in the dialect the request sends them in (OBS: x-obs-copy-source-if-*). */
function copySourceConditionPrefix(h: RequestHeaders): string {
  return h.withPrefix("x-obs-copy-source-if-").length > 0 ? "x-obs-copy-source-" : "x-amz-copy-source-";
}
