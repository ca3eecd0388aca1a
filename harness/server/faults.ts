/**
 * Named faults the reference server can inject (issue 7). Each one is a small branch in the real
 * code path — `if (ctx.faults.has("md5-not-checked")) …` — modelled on a bug a real server shipped
 * (a public vendor issue, named in `modelledOn`) or on a plausible divergence from the `aws` profile. The
 * self-test switches each on and proves the conformance suites catch it.
 */

import type { FaultSpec } from "./fault-spec.ts";
import { CHECKSUM_SIZE_FAULTS } from "./faults-checksums-sizes.ts";
import { COPY_AND_CONDITION_FAULTS } from "./faults-copies.ts";
import { OBS_FAULTS } from "./faults-obs.ts";
import { POLICY_FAULTS } from "./faults-policy.ts";
import { VERSION_FAULTS } from "./faults-versions.ts";

export type { FaultSpec } from "./fault-spec.ts";

export const FAULTS = {
  "md5-not-checked": {
    description: "The key-MD5 header is required but never compared with the MD5 of the key.",
    modelledOn:
      "evidence md5.mismatch-put; minio/mint awscli test_serverside_encryption_error expects a wrong MD5 to fail",
  },
  "hex-md5-accepted": {
    description: "A key-MD5 sent as 32 hex digits instead of base64 is accepted when it matches.",
    modelledOn: "evidence vectors.obs-example-pair (hex MD5 must fail); lenient decoders in S3 clones",
  },
  "algorithm-not-checked": {
    description: "Any customer-algorithm value is accepted, not only AES256.",
    modelledOn: "evidence algorithm.invalid-put, algorithm.invalid-get (InvalidEncryptionAlgorithmError)",
  },
  "sse-conflict-accepted": {
    description: "SSE-C together with x-amz-server-side-encryption is accepted; the SSE-C key wins.",
    modelledOn: "evidence sse-conflict.put, sse-conflict.copy; ceph/s3-tests test_put_obj_enc_conflict_c_s3",
  },
  "short-key-accepted": {
    description: "Keys that are not 32 bytes are accepted on writes (padded with zeros).",
    modelledOn: "evidence key.wrong-length-put: 'The secret key was invalid for the specified algorithm.'",
  },
  "ssec-over-http": {
    description: "SSE-C request headers are accepted over plain HTTP.",
    modelledOn: "evidence http.ssec-refused; ceph `rgw crypt require ssl = false` (ceph/ceph src/vstart.sh)",
  },
  "http-gate-ignores-copy-source": {
    description:
      "The plain-HTTP gate looks only at the target SSE-C headers, so a copy to an unencrypted target sending only the copy-source headers (the source key in clear) passes over HTTP.",
    modelledOn:
      "evidence http.ssec-refused (copy-source-only headers); a gate keyed on the target trio as POST's was keyed on headers (MinIO generic-handlers.go, MinIO handlers)",
  },
  "post-ssec-over-http": {
    description: "The plain-HTTP gate inspects headers only, so SSE-C POST form fields pass over HTTP.",
    modelledOn: "MinIO generic-handlers.go TLS gate checks headers only (MinIO handlers)",
  },
  "ssec-ignored": {
    description: "SSE-C headers on PUT are silently ignored: the object is stored and served in plain.",
    modelledOn: "SeaweedFS #2313, Floci #1140",
  },
  "plaintext-at-rest": {
    description: "The object is recorded as SSE-C (reads need the key) but its bytes are stored unencrypted.",
    modelledOn: "issue 7 'plaintext stored at rest'; evidence at-rest.encrypted",
  },
  "key-at-rest": {
    description: "The customer key is written into the object's stored metadata.",
    modelledOn:
      "the AWS SSE-C guide: 'Amazon S3 does not store the encryption key you provide'; evidence errors.no-key-echo",
  },
  "get-wrong-key-tampered": {
    description: "GET with a wrong key is not refused up front; the failed unseal surfaces as 500 InternalError.",
    modelledOn: "MinIO #5202, #6431: XMinioObjectTampered instead of AccessDenied",
  },
  "get-wrong-key-accepted": {
    description:
      "GET never verifies the key: a wrong key gets 200 and the stored bytes undecrypted, as an unauthenticated cipher would give.",
    modelledOn:
      "pgsty/silo #82: wrong key → 200, seaweedfs/seaweedfs#2313; seaweedfs/seaweedfs#7143 (SeaweedFS SSE-C: AES-CTR, no key check on read)",
  },
  "head-wrong-key-accepted": {
    description: "HEAD does not verify the key, so a wrong key gets 200.",
    modelledOn: "MinIO #6600",
  },
  "head-without-key-accepted": {
    description: "HEAD of an SSE-C object without SSE-C headers answers 200.",
    modelledOn: "RustFS #1998",
  },
  "zero-byte-key-not-checked": {
    description: "The key is only checked while decrypting chunks, so a zero-byte SSE-C object serves any key.",
    modelledOn: "pgsty/silo #82",
  },
  "ssec-on-plain-accepted": {
    description: "SSE-C headers on a read of a plain object are ignored instead of refused.",
    modelledOn: "evidence read.ssec-on-plain-object (boto3 #982, MinIO #7332)",
  },
  "echo-missing": {
    description: "Responses omit the customer-algorithm and key-MD5 echo headers.",
    modelledOn:
      "evidence headers.interfaces response echo (the AWS API reference output shapes, LocalStack's AWS-recorded snapshots)",
  },
  "echo-key": {
    description: "Responses echo the customer key itself next to the algorithm and key-MD5.",
    modelledOn: "evidence errors.no-key-echo (never echo the key)",
  },
  "etag-is-md5": {
    description: "The ETag of an SSE-C object is the MD5 of its plaintext.",
    modelledOn:
      "evidence etag.not-plaintext-md5 (the AWS SSE-C guide; the AWS ETag documentation: not an MD5 of the object data)",
  },
  "head-ciphertext-length": {
    description: "HEAD reports the stored (ciphertext) length of SSE-C objects as Content-Length.",
    modelledOn: "pgsty/silo #119, MinIO doc.go: encrypted size ≠ plaintext size",
  },
  "range-off-by-one": {
    description: "Range reads of SSE-C objects are served one byte later than asked.",
    modelledOn: "SeaweedFS #7143, #8216: chunk offsets in encrypted ranges",
  },
  "multipart-offsets-sealed": {
    description: "Reads of SSE-C multipart objects locate parts by their stored (sealed) sizes, not plaintext sizes.",
    modelledOn: "MinIO #5576, #6776, ceph #27130",
  },
  "multipart-part-keys-ignored": {
    description:
      "Reads of SSE-C multipart objects decrypt every part with the first part's data key and binding, so parts after the first fail.",
    modelledOn:
      "ceph #27130: each part has its own IV; the decrypt filter ignored part boundaries, seaweedfs/seaweedfs#9281 (corrupted encrypted MPUs)",
  },
  "part-key-not-checked": {
    description: "Upload Part accepts a key that differs from the one given at initiate.",
    modelledOn: "evidence upload-part.different-key-refused; MinIO answers 403 where AWS answers 400 (MinIO handlers)",
  },
  "part-without-key-accepted": {
    description: "Upload Part without SSE-C headers on an SSE-C upload stores the part unencrypted.",
    modelledOn:
      "evidence upload-part.missing-key-refused (LocalStack's AWS-recorded snapshots test_s3_sse_c_multipart_validation)",
  },
  "copy-source-uses-target-key": {
    description:
      "Copy and Upload Part - Copy decrypt an SSE-C source with the target key when no copy-source key is sent.",
    modelledOn: "aws-cli #9559 applied the destination key to the source, evidence copy.source-key-required",
  },
  "part-copy-source-key-ignored": {
    description:
      "Upload Part - Copy neither requires nor checks the copy-source key of an SSE-C source and copies its stored (sealed) bytes into the part.",
    modelledOn:
      "SeaweedFS #9281: UploadPartCopy corrupted encrypted MPUs, ceph #38537: copy of an SSE-C source without its key succeeded",
  },
  "part-copy-ignores-copy-source-headers": {
    description:
      "Upload Part - Copy never reads the copy-source SSE-C headers: it decrypts an SSE-C source with the request's target key (the upload's), so a missing, malformed or wrong copy-source trio goes unnoticed whenever the upload and the source share a key.",
    modelledOn:
      "one SSE-C trio per request applied to both sides, the server-side twin of aws-cli applying the destination key to the source (https://github.com/aws/aws-cli/pull/9559); SeaweedFS's new UploadPartCopy path lacked the SSE-C handling of copies (https://github.com/seaweedfs/seaweedfs/pull/9280)",
  },
  "copy-from-ssec-source-not-implemented": {
    description:
      "Copy and Upload Part - Copy answer 501 NotImplemented to every copy whose source is an SSE-C object (PUT and GET of SSE-C objects work).",
    modelledOn:
      "servers whose copy path lacks SSE-C source decryption: SeaweedFS answered SSE-C copies with 500 InternalError until https://github.com/seaweedfs/seaweedfs/issues/9281 was fixed; 501 NotImplemented is how S3 says an implemented-elsewhere feature is missing",
  },
  "copy-source-keys-on-plain-accepted": {
    description: "Copy-source SSE-C headers on a plain source are ignored instead of refused.",
    modelledOn: "MinIO #6671",
  },
  "copy-drops-encryption": {
    description: "Copy to an SSE-C target stores the copy unencrypted.",
    modelledOn: "SeaweedFS #9281: broken SSE-C copies",
  },
  "complete-drops-encryption": {
    description: "Completing an SSE-C multipart upload records the object as plain (ciphertext served without key).",
    modelledOn: "pgsty/silo#119; seaweedfs/seaweedfs#9281 (encrypted multipart metadata lost)",
  },
  "complete-requires-key": {
    description: "Complete Multipart Upload without the SSE-C headers is refused with 400.",
    modelledOn:
      "evidence complete.without-key vs ceph/s3-tests test_copy_part_enc (RGW behaviour, evidence headers.trio)",
  },
  "post-ssec-ignored": {
    description: "POST Object ignores the SSE-C form fields and stores the file unencrypted.",
    modelledOn: "evidence post.form-fields; MinIO handlers (POST reads SSE-C from form values, a separate code path)",
  },
  "blocked-encryption-types-unknown": {
    description:
      "PutBucketEncryption accepts BlockedEncryptionTypes and ignores it: GetBucketEncryption does not return it and SSE-C is never blocked.",
    modelledOn:
      "S3 clones whose PutBucketEncryption predates BlockedEncryptionTypes (added by AWS in 2025) and skip unknown elements; an optional feature, graded unsupported",
  },
  "blocked-bucket-ignored": {
    description: "A bucket with SSE-C blocked still accepts SSE-C writes.",
    modelledOn:
      "evidence blocked.write-refused (the AWS SSE-C blocking guide: blocked buckets answer 403 AccessDenied)",
  },
  "wrong-key-400": {
    description: "A wrong key on GET/HEAD/copy source answers 400 instead of 403 AccessDenied.",
    modelledOn: "evidence headers.trio (ceph/s3-tests test_encryption_sse_c_other_key expects 400)",
  },
  "missing-key-403": {
    description: "GET/HEAD of an SSE-C object without the key answers 403 instead of 400 InvalidRequest.",
    modelledOn: "evidence get.no-key-refused, head.no-key-refused; swapped statuses seen in S3 clones",
  },
  "validation-500": {
    description: "SSE-C header validation errors answer 500 InternalError instead of 400.",
    modelledOn: "RustFS #1998",
  },
  "error-body-not-xml": {
    description: "Error responses carry a plain-text body instead of S3 XML.",
    modelledOn: "S3 REST error responses are XML (AWS ErrorResponses); clones that leak framework errors",
  },
  "md5-case-insensitive": {
    description:
      "The key-MD5 header is compared with the MD5 of the key as text, ignoring letter case, though base64 is case-sensitive.",
    modelledOn: "evidence md5.mismatch-put; seaweedfs/seaweedfs #7143 review (strings.EqualFold on base64 key-MD5s)",
  },
  "key-base64-lenient": {
    description:
      "The key is base64-decoded leniently: characters outside the alphabet are skipped, so a malformed key is taken as the valid key around it.",
    modelledOn:
      'evidence key.not-base64 (key not base64 → 400); lenient decoders skip junk: Node Buffer.from(s, "base64"), Python base64.b64decode(validate=False)',
  },
  "range-key-not-checked": {
    description:
      "A ranged GET takes a fast path that never verifies the key: a wrong key gets 206 and the stored bytes undecrypted.",
    modelledOn:
      "minio/minio#5494; seaweedfs/seaweedfs#7143 (Range reads of SSE-C objects as a separate code path: MinIO #5494, SeaweedFS #7143 review), pgsty/silo#82 (a read path that never unseals)",
  },
  "part-number-key-not-checked": {
    description:
      "GET/HEAD with ?partNumber= reads the part layout without verifying the key: a wrong key gets the part (undecrypted) and its size.",
    modelledOn: "pgsty/silo #84: a metadata path that never unseals leaks size and part layout, MinIO #6600",
  },
  "part-number-sealed-length": {
    description: "HEAD with ?partNumber= reports the part's stored (sealed) length as Content-Length.",
    modelledOn: "pgsty/silo #119: parts recorded with their ciphertext length → wrong partNumber answers",
  },
  "last-chunk-dropped": {
    description:
      "Reads decrypt only the whole 64 KiB chunks of each object or part (chunk count rounded down): a final partial chunk is never sent.",
    modelledOn:
      "seaweedfs/seaweedfs#8216; rustfs/rustfs#2673 (encrypted reads cut short); samuel-lucas6/Kryptor #40 (a mod mistake dropped the last chunk), nextcloud/server #28389 (last encrypted block miscounted → truncated reads)",
  },
  "copy-echo-missing": {
    description: "Copy to an SSE-C target omits the customer-algorithm and key-MD5 echo (other interfaces echo).",
    modelledOn:
      "evidence headers.interfaces (CopyObject echoes, LocalStack's AWS-recorded snapshots); MinIO echoes from the request per handler (MinIO handlers: GET, HEAD, PUT, Upload Part — Copy not among them)",
  },
  "part-copy-echo-missing": {
    description:
      "Upload Part - Copy into an SSE-C upload omits the customer-algorithm and key-MD5 echo (Upload Part echoes).",
    modelledOn:
      "evidence headers.interfaces (UploadPartCopy echo, the AWS API reference, s3-tests test_copy_part_enc); seaweedfs/seaweedfs #9280 review (the new UploadPartCopy path lacked the SSE response headers)",
  },
  "replace-directive-drops-encryption": {
    description:
      "Copy with x-amz-metadata-directive: REPLACE rebuilds the target's record from the request metadata and loses its SSE-C encryption.",
    modelledOn:
      "awslabs/aws-lambda-redshift-loader #143 (REPLACE dropped the encryption metadata), aws/aws-sdk-java #1283 (SSE treated as metadata under the directive)",
  },
  "part-copy-range-key-not-checked": {
    description:
      "Upload Part - Copy with x-amz-copy-source-range reads the SSE-C source without verifying the copy-source key (a wrong key copies undecrypted bytes).",
    modelledOn:
      "MinIO #6698/#6699: ranged copy-source decryption as its own path, ceph #38537: copy of an SSE-C source without its key succeeded",
  },
  "read-key-check-cached": {
    description:
      "After one GET of an SSE-C object with its key, later GETs of that object skip the key check (a per-object 'verified' flag), so a wrong key gets 200 and undecrypted bytes.",
    modelledOn:
      "evidence read.wrong-key-every-path; a key check cached per object, as HEAD's was skipped on its own path (minio/minio#6600)",
  },
  "overwrite-keeps-old-key": {
    description:
      "An SSE-C PUT over a name that once held an SSE-C object seals the new data under the first key the name was written with (a per-name key cache), not the request's.",
    modelledOn: "evidence put.overwrite-rekeys (the new key reads the overwritten object, the old one no longer does)",
  },
  "rotation-range-old-key": {
    description:
      "A copy of an SSE-C object onto itself with a new key leaves ranged GETs checking the key of the object as it was before the rotation.",
    modelledOn:
      "evidence copy.rotate-in-place, read.wrong-key-every-path; ranged reads of SSE-C objects on a code path of their own (minio/minio#5494)",
  },
  "part-copy-bypasses-upload-key": {
    description:
      "Upload Part - Copy from an SSE-C source seals the part under the copy-source key instead of the upload's key, so the completed object no longer reads with the upload's key.",
    modelledOn:
      "evidence upload-part-copy.target-trio; seaweedfs/seaweedfs#9281 (UploadPartCopy corrupted encrypted multipart uploads)",
  },
  "abort-keeps-parts": {
    description:
      "Abort Multipart Upload answers 204 and hides the upload from ListMultipartUploads, but keeps it: ListParts of the aborted upload still lists its parts.",
    modelledOn: "evidence state.abort-removes (after Abort the upload ID answers NoSuchUpload and its parts are freed)",
  },
  "delete-keeps-ssec-object": {
    description:
      "DELETE of an SSE-C object answers 204 but leaves the object in place, readable with its key (a deferred delete that skips encrypted objects).",
    modelledOn: "evidence state.delete-removes",
  },
  "head-cache-stale": {
    description:
      "HEAD answers from a per-name cache filled by the first HEAD, so after an overwrite it still checks the old object's key and reports its size.",
    modelledOn:
      "evidence state.reads-follow-writes, head.wrong-key-refused; HEAD served by a metadata path of its own (minio/minio#6600)",
  },
  "upload-key-by-name": {
    description:
      "The key check of SSE-C uploads is keyed by object name: a second upload of the same name is bound to the first upload's key, not its own.",
    modelledOn:
      "evidence upload-part.different-key-refused, upload-part.same-trio-required (each upload has the key of its own Initiate)",
  },
  "plain-overwrite-stays-ssec": {
    description:
      "A plain PUT over an SSE-C object keeps the old version's SSE-C flag (encryption metadata merged from the old record), so the new plain object demands a key.",
    modelledOn:
      "evidence state.reads-follow-writes; encryption metadata carried across rewrites (awslabs/aws-lambda-redshift-loader #143, the other way round)",
  },
  // issue 14 items 3, 4, 10: checksums, Complete, sizes (faults-checksums-sizes.ts)
  ...CHECKSUM_SIZE_FAULTS,
  // Versioning with SSE-C and GetObjectAttributes (issue 14 items 1 and 2): faults-versions.ts.
  ...VERSION_FAULTS,
  ...COPY_AND_CONDITION_FAULTS,
  ...POLICY_FAULTS,
  ...OBS_FAULTS,
} as const satisfies Record<string, FaultSpec>;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/**
 * What the sequence faults remember between requests: the caches and flags a real server kept
 * wrongly (a verified object, the first key of a name, a stale HEAD record). One per server; empty
 * unless such a fault is on.
 */
export class FaultMemory {
  private readonly slots = new Map<string, Map<string, unknown>>();

  get<T>(slot: string, key: string): T | undefined {
    return this.slots.get(slot)?.get(key) as T | undefined;
  }

  set(slot: string, key: string, value: unknown): void {
    let m = this.slots.get(slot);
    if (!m) this.slots.set(slot, (m = new Map()));
    m.set(key, value);
  }
}

/** The set of faults switched on for one server. Empty for a correct server. */
export class Faults {
  private readonly on: ReadonlySet<FaultName>;
  /** State of the sequence faults (FaultMemory). */
  readonly memory = new FaultMemory();

  constructor(names: Iterable<string> = []) {
    const set = new Set<FaultName>();
    for (const name of names) {
      if (!isFaultName(name)) {
        throw new Error(`unknown fault "${name}" (known: ${Object.keys(FAULTS).join(", ")})`);
      }
      set.add(name);
    }
    this.on = set;
  }

  has(name: FaultName): boolean {
    return this.on.has(name);
  }

  list(): FaultName[] {
    return [...this.on];
  }
}
