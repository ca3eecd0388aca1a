/**
 * Named faults the reference server can inject (issue 7). Each one is a small branch in the real
 * code path — `if (ctx.faults.has("md5-not-checked")) …` — modelled on a bug a real server shipped
 * (BEHAVIOUR.md §5, cited as B1…B24) or on a plausible divergence from the `aws` column. The
 * self-test switches each on and proves the conformance suites catch it.
 */

export interface FaultSpec {
  /** What the server does wrong, in one sentence. */
  description: string;
  /** The real bug or divergence it is modelled on. */
  modelledOn: string;
}

export const FAULTS = {
  "md5-not-checked": {
    description: "The key-MD5 header is required but never compared with the MD5 of the key.",
    modelledOn: "E7; minio/mint awscli test_serverside_encryption_error expects a wrong MD5 to fail",
  },
  "hex-md5-accepted": {
    description: "A key-MD5 sent as 32 hex digits instead of base64 is accepted when it matches.",
    modelledOn: "BEHAVIOUR §0 (hex MD5 must fail); lenient decoders in S3 clones",
  },
  "algorithm-not-checked": {
    description: "Any customer-algorithm value is accepted, not only AES256.",
    modelledOn: "E2/E13 (InvalidEncryptionAlgorithmError)",
  },
  "sse-conflict-accepted": {
    description: "SSE-C together with x-amz-server-side-encryption is accepted; the SSE-C key wins.",
    modelledOn: "E1/E24; ceph/s3-tests test_put_obj_enc_conflict_c_s3",
  },
  "short-key-accepted": {
    description: "Keys that are not 32 bytes are accepted on writes (padded with zeros).",
    modelledOn: "E5/E6: 'The secret key was invalid for the specified algorithm.'",
  },
  "ssec-over-http": {
    description: "SSE-C request headers are accepted over plain HTTP.",
    modelledOn: "E33; ceph `rgw crypt require ssl = false` (vstart.sh, S11)",
  },
  "http-gate-ignores-copy-source": {
    description:
      "The plain-HTTP gate looks only at the target SSE-C headers, so a copy to an unencrypted target sending only the copy-source headers (the source key in clear) passes over HTTP.",
    modelledOn:
      "E33, BEHAVIOUR §7.25 (copy-source-only headers); a gate keyed on the target trio as POST's was keyed on headers (MinIO generic-handlers.go, §4.2)",
  },
  "post-ssec-over-http": {
    description: "The plain-HTTP gate inspects headers only, so SSE-C POST form fields pass over HTTP.",
    modelledOn: "MinIO generic-handlers.go TLS gate checks headers only (BEHAVIOUR §4.2)",
  },
  "ssec-ignored": {
    description: "SSE-C headers on PUT are silently ignored: the object is stored and served in plain.",
    modelledOn: "B16 (SeaweedFS #2313), B22 (Floci #1140)",
  },
  "plaintext-at-rest": {
    description: "The object is recorded as SSE-C (reads need the key) but its bytes are stored unencrypted.",
    modelledOn: "issue 7 'plaintext stored at rest'; BEHAVIOUR §7 idea 60",
  },
  "key-at-rest": {
    description: "The customer key is written into the object's stored metadata.",
    modelledOn: "S1: 'Amazon S3 does not store the encryption key you provide'; BEHAVIOUR §7 idea 61",
  },
  "get-wrong-key-tampered": {
    description: "GET with a wrong key is not refused up front; the failed unseal surfaces as 500 InternalError.",
    modelledOn: "B1/B2 (MinIO #5202, #6431: XMinioObjectTampered instead of AccessDenied)",
  },
  "get-wrong-key-accepted": {
    description:
      "GET never verifies the key: a wrong key gets 200 and the stored bytes undecrypted, as an unauthenticated cipher would give.",
    modelledOn: "B9 (pgsty/silo #82: wrong key → 200), B16/B17 (SeaweedFS SSE-C: AES-CTR, no key check on read)",
  },
  "head-wrong-key-accepted": {
    description: "HEAD does not verify the key, so a wrong key gets 200.",
    modelledOn: "B3 (MinIO #6600)",
  },
  "head-without-key-accepted": {
    description: "HEAD of an SSE-C object without SSE-C headers answers 200.",
    modelledOn: "B20 (RustFS #1998)",
  },
  "zero-byte-key-not-checked": {
    description: "The key is only checked while decrypting chunks, so a zero-byte SSE-C object serves any key.",
    modelledOn: "B9 (pgsty/silo #82)",
  },
  "ssec-on-plain-accepted": {
    description: "SSE-C headers on a read of a plain object are ignored instead of refused.",
    modelledOn: "E19 (boto3 #982, MinIO #7332)",
  },
  "echo-missing": {
    description: "Responses omit the customer-algorithm and key-MD5 echo headers.",
    modelledOn: "BEHAVIOUR §1.2 response echo (S5 output shapes, S7)",
  },
  "echo-key": {
    description: "Responses echo the customer key itself next to the algorithm and key-MD5.",
    modelledOn: "BEHAVIOUR §7 idea 61 (never echo the key)",
  },
  "etag-is-md5": {
    description: "The ETag of an SSE-C object is the MD5 of its plaintext.",
    modelledOn: "BEHAVIOUR §1.6 (S1, S8: not an MD5 of the object data)",
  },
  "head-ciphertext-length": {
    description: "HEAD reports the stored (ciphertext) length of SSE-C objects as Content-Length.",
    modelledOn: "B11 (pgsty/silo #119), MinIO doc.go: encrypted size ≠ plaintext size",
  },
  "range-off-by-one": {
    description: "Range reads of SSE-C objects are served one byte later than asked.",
    modelledOn: "B17/B18 (SeaweedFS #7143, #8216: chunk offsets in encrypted ranges)",
  },
  "multipart-offsets-sealed": {
    description: "Reads of SSE-C multipart objects locate parts by their stored (sealed) sizes, not plaintext sizes.",
    modelledOn: "B5 (MinIO #5576, #6776), B13 (ceph #27130)",
  },
  "multipart-part-keys-ignored": {
    description:
      "Reads of SSE-C multipart objects decrypt every part with the first part's data key and binding, so parts after the first fail.",
    modelledOn:
      "B13 (ceph #27130: each part has its own IV; the decrypt filter ignored part boundaries), B19 (corrupted encrypted MPUs)",
  },
  "part-key-not-checked": {
    description: "Upload Part accepts a key that differs from the one given at initiate.",
    modelledOn: "E29; MinIO answers 403 where AWS answers 400 (BEHAVIOUR §4.2)",
  },
  "part-without-key-accepted": {
    description: "Upload Part without SSE-C headers on an SSE-C upload stores the part unencrypted.",
    modelledOn: "E28 (S7 test_s3_sse_c_multipart_validation)",
  },
  "copy-source-uses-target-key": {
    description:
      "Copy and Upload Part - Copy decrypt an SSE-C source with the target key when no copy-source key is sent.",
    modelledOn: "B24 (aws-cli #9559 applied the destination key to the source), E21",
  },
  "part-copy-source-key-ignored": {
    description:
      "Upload Part - Copy neither requires nor checks the copy-source key of an SSE-C source and copies its stored (sealed) bytes into the part.",
    modelledOn:
      "B19 (SeaweedFS #9281: UploadPartCopy corrupted encrypted MPUs), B15 (ceph #38537: copy of an SSE-C source without its key succeeded)",
  },
  "copy-source-keys-on-plain-accepted": {
    description: "Copy-source SSE-C headers on a plain source are ignored instead of refused.",
    modelledOn: "B7 (MinIO #6671)",
  },
  "copy-drops-encryption": {
    description: "Copy to an SSE-C target stores the copy unencrypted.",
    modelledOn: "B19 (SeaweedFS #9281: broken SSE-C copies)",
  },
  "complete-drops-encryption": {
    description: "Completing an SSE-C multipart upload records the object as plain (ciphertext served without key).",
    modelledOn: "B11/B19 (encrypted multipart metadata lost)",
  },
  "complete-requires-key": {
    description: "Complete Multipart Upload without the SSE-C headers is refused with 400.",
    modelledOn: "E30 vs ceph/s3-tests test_copy_part_enc (RGW behaviour, BEHAVIOUR §1.10.2)",
  },
  "post-ssec-ignored": {
    description: "POST Object ignores the SSE-C form fields and stores the file unencrypted.",
    modelledOn: "BEHAVIOUR §1.8, §4.2 (POST reads SSE-C from form values, a separate code path)",
  },
  "blocked-encryption-types-unknown": {
    description:
      "PutBucketEncryption accepts BlockedEncryptionTypes and ignores it: GetBucketEncryption does not return it and SSE-C is never blocked.",
    modelledOn:
      "S3 clones whose PutBucketEncryption predates BlockedEncryptionTypes (added by AWS in 2025) and skip unknown elements; an optional feature, graded unsupported",
  },
  "blocked-bucket-ignored": {
    description: "A bucket with SSE-C blocked still accepts SSE-C writes.",
    modelledOn: "E32 (S4: blocked buckets answer 403 AccessDenied)",
  },
  "wrong-key-400": {
    description: "A wrong key on GET/HEAD/copy source answers 400 instead of 403 AccessDenied.",
    modelledOn: "BEHAVIOUR §1.10.1 (ceph/s3-tests test_encryption_sse_c_other_key expects 400)",
  },
  "missing-key-403": {
    description: "GET/HEAD of an SSE-C object without the key answers 403 instead of 400 InvalidRequest.",
    modelledOn: "E10/E16; swapped statuses seen in S3 clones",
  },
  "validation-500": {
    description: "SSE-C header validation errors answer 500 InternalError instead of 400.",
    modelledOn: "B20 (RustFS #1998)",
  },
  "error-body-not-xml": {
    description: "Error responses carry a plain-text body instead of S3 XML.",
    modelledOn: "S3 REST error responses are XML (AWS ErrorResponses); clones that leak framework errors",
  },
  "md5-case-insensitive": {
    description:
      "The key-MD5 header is compared with the MD5 of the key as text, ignoring letter case, though base64 is case-sensitive.",
    modelledOn: "E7; seaweedfs/seaweedfs #7143 review (strings.EqualFold on base64 key-MD5s)",
  },
  "key-base64-lenient": {
    description:
      "The key is base64-decoded leniently: characters outside the alphabet are skipped, so a malformed key is taken as the valid key around it.",
    modelledOn:
      'E9 (key not base64 → 400); lenient decoders skip junk: Node Buffer.from(s, "base64"), Python base64.b64decode(validate=False)',
  },
  "range-key-not-checked": {
    description:
      "A ranged GET takes a fast path that never verifies the key: a wrong key gets 206 and the stored bytes undecrypted.",
    modelledOn:
      "B4/B17 (Range reads of SSE-C objects as a separate code path: MinIO #5494, SeaweedFS #7143 review), B9 (a read path that never unseals)",
  },
  "part-number-key-not-checked": {
    description:
      "GET/HEAD with ?partNumber= reads the part layout without verifying the key: a wrong key gets the part (undecrypted) and its size.",
    modelledOn: "B10 (pgsty/silo #84: a metadata path that never unseals leaks size and part layout), B3 (MinIO #6600)",
  },
  "part-number-sealed-length": {
    description: "HEAD with ?partNumber= reports the part's stored (sealed) length as Content-Length.",
    modelledOn: "B11 (pgsty/silo #119: parts recorded with their ciphertext length → wrong partNumber answers)",
  },
  "last-chunk-dropped": {
    description:
      "Reads decrypt only the whole 64 KiB chunks of each object or part (chunk count rounded down): a final partial chunk is never sent.",
    modelledOn:
      "B18/B21 (encrypted reads cut short); samuel-lucas6/Kryptor #40 (a mod mistake dropped the last chunk), nextcloud/server #28389 (last encrypted block miscounted → truncated reads)",
  },
  "copy-echo-missing": {
    description: "Copy to an SSE-C target omits the customer-algorithm and key-MD5 echo (other interfaces echo).",
    modelledOn:
      "BEHAVIOUR §1.2 (CopyObject echoes, S7); MinIO echoes from the request per handler (§4.2: GET, HEAD, PUT, Upload Part — Copy not among them)",
  },
  "part-copy-echo-missing": {
    description:
      "Upload Part - Copy into an SSE-C upload omits the customer-algorithm and key-MD5 echo (Upload Part echoes).",
    modelledOn:
      "BEHAVIOUR §1.2 (UploadPartCopy echo, S5, s3-tests test_copy_part_enc); seaweedfs/seaweedfs #9280 review (the new UploadPartCopy path lacked the SSE response headers)",
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
      "B6 (MinIO #6698/#6699: ranged copy-source decryption as its own path), B15 (ceph #38537: copy of an SSE-C source without its key succeeded)",
  },
} as const satisfies Record<string, FaultSpec>;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/** The set of faults switched on for one server. Empty for a correct server. */
export class Faults {
  private readonly on: ReadonlySet<FaultName>;

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
