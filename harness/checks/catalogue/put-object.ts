/** PUT Object (OBS Table 2 row 1): the shared header matrix plus the PUT-specific checks. */
import type { CheckDef } from "../types.ts";
import { headerCaseChecks } from "../header-cases.ts";

const I = "PUT Object" as const;

/** Plaintext sizes that must round-trip: empty, AES block edges, 64 KiB chunk edges, a 5 MiB + 1 body. */
export const ROUND_TRIP_SIZES: readonly { name: string; bytes: number }[] = [
  { name: "0-bytes", bytes: 0 },
  { name: "1-byte", bytes: 1 },
  { name: "15-bytes", bytes: 15 },
  { name: "16-bytes", bytes: 16 },
  { name: "17-bytes", bytes: 17 },
  { name: "64kib-minus-1", bytes: 64 * 1024 - 1 },
  { name: "64kib", bytes: 64 * 1024 },
  { name: "64kib-plus-1", bytes: 64 * 1024 + 1 },
  { name: "5mib-plus-1", bytes: 5 * 1024 * 1024 + 1 },
];

export const checks: CheckDef[] = [
  {
    id: "put-object.echo",
    interface: I,
    category: "echo",
    level: "MUST",
    evidence: ["put.echo", "headers.trio"],
    title: "accepts a PUT with a valid SSE-C trio and echoes the algorithm and key-MD5 but never the key",
  },
  {
    id: "put-object.seed-example-pair",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["vectors.obs-example-pair", "put.echo"],
    title: "accepts the OBS documentation's example key and key-MD5 and returns the object for them",
  },
  ...ROUND_TRIP_SIZES.map((s): CheckDef => ({
    id: `put-object.round-trip-${s.name}`,
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["put.round-trip", "roundtrip.boundary-sizes", ...(s.bytes === 0 ? ["ssec.zero-byte-objects"] : [])],
    title: `stores a ${s.bytes}-byte SSE-C object that GET with the same key returns byte for byte`,
  })),
  {
    id: "put-object.aws-chunked-upload",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["put.aws-chunked", "headers.interfaces"],
    title: "accepts an SSE-C PUT sent as an aws-chunked stream, as current SDKs send it, and stores the decoded bytes",
  },
  {
    id: "put-object.presigned",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["presigned.ssec"],
    title: "accepts a presigned PUT whose SSE-C trio is sent as headers",
  },
  {
    id: "put-object.metadata-kept",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["put.metadata-kept"],
    title: "keeps Content-Type and user metadata of an SSE-C object readable in the clear with the key",
  },
  {
    id: "put-object.stored-encrypted",
    interface: I,
    category: "wrong-key",
    level: "MUST",
    evidence: ["get.no-key-refused", "get.wrong-key-refused"],
    title: "serves an SSE-C object neither without the key nor with another key after a PUT",
  },
  {
    id: "put-object.overwrite-rekeys",
    interface: I,
    category: "wrong-key",
    level: "MUST",
    evidence: ["put.overwrite-rekeys", "get.wrong-key-refused"],
    title: "replaces an SSE-C object overwritten under a new key, so only the new key reads it",
  },
  {
    id: "put-object.refused-overwrite-keeps-object",
    interface: I,
    category: "bad-md5",
    level: "MUST",
    evidence: ["md5.mismatch-put", "put.refused-write-changes-nothing"],
    title: "leaves the existing object intact when an overwriting PUT is refused for a bad key-MD5",
    expect: "md5-mismatch",
  },
  {
    id: "put-object.error-hides-key",
    interface: I,
    category: "echo",
    level: "MUST",
    evidence: ["errors.no-key-echo"],
    title: "leaves the customer key out of the headers and body of an error response",
  },
  {
    id: "put-object.etag-not-plaintext-md5",
    interface: I,
    category: "etag",
    level: "SHOULD",
    evidence: ["etag.not-plaintext-md5"],
    title: "gives an SSE-C object an ETag that is not the MD5 of its plaintext",
  },
  {
    id: "put-object.etag-differs-per-write",
    interface: I,
    category: "etag",
    level: "SHOULD",
    evidence: ["etag.differs-per-write"],
    title: "gives two SSE-C PUTs of identical bytes different ETags",
  },
  {
    id: "put-object.blocked-bucket-refused",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.write-refused"],
    title: "refuses an SSE-C PUT into a bucket that blocks SSE-C and stores nothing",
    expect: "blocked-ssec-write",
    feature: "blocked-encryption-types",
  },
  {
    id: "put-object.blocked-bucket-allows-plain",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.plain-writes-allowed"],
    title: "accepts a PUT without SSE-C into a bucket that blocks SSE-C",
    feature: "blocked-encryption-types",
  },
  // Bucket policies on the SSE-C algorithm (ceph/s3-tests test_encryption_sse_c_enforced_with_bucket_policy,
  // test_encryption_sse_c_deny_algo_with_bucket_policy; AWS's sample S3-Deny-SSE-C): each on a bucket of its own.
  {
    id: "put-object.policy-require-ssec-refuses-plain",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.deny-refused", "policy.null-condition", "policy.ssec-condition-key"],
    title:
      "refuses a PUT without SSE-C into a bucket whose policy denies writes without the SSE-C algorithm, and stores nothing",
    expect: "policy-denied",
    feature: "bucket-policy",
  },
  {
    id: "put-object.policy-require-ssec-allows-ssec",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.null-condition", "policy.ssec-condition-key"],
    title: "accepts an SSE-C PUT into a bucket whose policy denies writes without the SSE-C algorithm",
    feature: "bucket-policy",
  },
  {
    id: "put-object.policy-forbid-ssec-refuses-ssec",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.deny-refused", "policy.null-condition", "policy.ssec-condition-key"],
    title: "refuses an SSE-C PUT into a bucket whose policy denies writes with the SSE-C algorithm, and stores nothing",
    expect: "policy-denied",
    feature: "bucket-policy",
  },
  {
    id: "put-object.policy-forbid-ssec-allows-plain",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.null-condition", "policy.ssec-condition-key"],
    title: "accepts a PUT without SSE-C into a bucket whose policy denies writes with the SSE-C algorithm",
    feature: "bucket-policy",
  },
  {
    id: "put-object.policy-algorithm-refuses-plain",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.deny-refused", "policy.not-equals-absent-key", "policy.ssec-condition-key"],
    title:
      "refuses a PUT without SSE-C into a bucket whose policy denies an SSE-C algorithm other than AES256, and stores nothing",
    expect: "policy-denied",
    feature: "bucket-policy",
  },
  {
    id: "put-object.policy-algorithm-refuses-other-value",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.not-equals-absent-key", "policy.ssec-condition-key"],
    title:
      "refuses a PUT whose SSE-C algorithm is not AES256 into a bucket whose policy denies that, before or by its own algorithm check, and stores nothing",
    expect: "policy-denied",
    feature: "bucket-policy",
  },
  {
    id: "put-object.policy-algorithm-allows-aes256",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.not-equals-absent-key", "policy.ssec-condition-key"],
    title: "accepts an SSE-C PUT with the algorithm AES256 into a bucket whose policy denies any other algorithm",
    feature: "bucket-policy",
  },
  {
    id: "put-object.policy-read-back",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["policy.subresource", "policy.ssec-condition-key"],
    title:
      "returns a bucket policy on the SSE-C algorithm as it was set, and after DeleteBucketPolicy answers 404 NoSuchBucketPolicy",
    feature: "bucket-policy",
  },
  {
    id: "put-object.at-rest-encrypted",
    interface: I,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.encrypted"],
    title:
      "stores the bytes of an SSE-C object encrypted, so no run of its plaintext appears in storage (bundled reference server only)",
  },
  {
    id: "put-object.at-rest-no-key",
    interface: I,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.no-key-stored", "errors.no-key-echo"],
    title: "keeps the customer key of an SSE-C PUT out of storage in every encoding (bundled reference server only)",
  },
  // Checksums of SSE-C objects (issue 14 item 3): computed over the plaintext, returned only with the key.
  {
    id: "put-object.checksum-plaintext",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["checksum.ssec-plaintext", "checksum.mismatch-refused"],
    title:
      "accepts an SSE-C PUT carrying the plaintext's x-amz-checksum-crc32, crc32c, crc64nvme, sha1 or sha256 and returns that checksum to a HEAD with its key",
  },
  {
    id: "put-object.checksum-mismatch",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["checksum.mismatch-refused", "checksum.ssec-plaintext"],
    title:
      "refuses with 400 BadDigest an SSE-C PUT whose x-amz-checksum-sha256 is not its plaintext's, and stores nothing",
  },
  // Versioning (issue 14): what SSE-C writes leave in a version listing; buckets of their own.
  {
    id: "put-object.version-list-sizes",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["version.list-versions", "head.content-length-plaintext"],
    title:
      "keeps both versions of an SSE-C key overwritten in a versioned bucket: distinct version ids, plaintext sizes, the newest latest",
    feature: "versioning",
  },
  {
    id: "put-object.version-list-null",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["version.list-versions", "head.content-length-plaintext"],
    title:
      "lists an SSE-C object of a bucket without versioning as its null version with its plaintext size, readable as versionId=null",
    feature: "versioning",
  },
  {
    id: "put-object.version-delete-marker",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["version.delete-marker-hides"],
    title:
      "hides an SSE-C key behind a delete marker (404 NoSuchKey, even with its key) and keeps the version readable by id with its key",
    feature: "versioning",
  },
  {
    id: "put-object.version-delete-by-id",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["version.delete-by-id-removes"],
    title:
      "removes only the SSE-C version a DELETE names by ?versionId (404 NoSuchVersion); the current version still reads with its key",
    feature: "versioning",
  },
  ...headerCaseChecks(I),
  // OBS's two header forms (evidence obs.both-header-forms): run under an OBS-dialect profile, skipped elsewhere.
  {
    id: "put-object.obs-amz-form",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["obs.both-header-forms", "headers.obs-dialect", "headers.trio"],
    title:
      "on an OBS target, accepts an SSE-C PUT with the x-amz- headers, echoes them in x-amz- names, and serves the object to the x-obs- headers",
  },
  {
    id: "put-object.obs-meta-kept",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["obs.meta-kept", "obs.both-header-forms"],
    title:
      "on an OBS target, keeps x-obs-meta-* user metadata of an SSE-C object and returns it to a HEAD with the x-obs- headers",
  },
  // --- conditional writes with SSE-C (evidence conditional.write-if-none-match)
  {
    id: "put-object.if-none-match-star-new",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["conditional.write-if-none-match", "put.echo"],
    title:
      "writes an SSE-C PUT with If-None-Match: * to a free name as an SSE-C object, echoed, and refused to a read without the key",
  },
  {
    id: "put-object.if-none-match-star-existing",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["conditional.write-if-none-match"],
    title:
      "refuses an SSE-C PUT with If-None-Match: * over an existing SSE-C object with 412, and the object stays readable with its key",
    expect: "precondition-failed",
  },
  // --- a bucket default encryption under an SSE-C PUT (issue 14)
  {
    id: "put-object.ssec-over-default",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["put.ssec-over-default", "get.no-key-refused"],
    title:
      "stores an SSE-C PUT into a bucket whose default is SSE-S3 as SSE-C: echoed, refused without the key, read with it",
    feature: "sse-s3",
  },
  {
    id: "put-object.ssec-over-default-kms",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["put.ssec-over-default", "get.no-key-refused"],
    title:
      "stores an SSE-C PUT into a bucket whose default is SSE-KMS as SSE-C: echoed, refused without the key, read with it",
    feature: "sse-kms-default",
  },
];
