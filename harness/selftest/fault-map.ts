/**
 * Which checks each injectable fault is declared to break (issue 7): the self-test's own data,
 * kept here and not in the server (the server imports nothing from checks/; ARCHITECTURE.md).
 *
 * `breaks` globs name checks that MUST come out failing (`fail`, or `warn` for a SHOULD check)
 * when the fault is on: every check they select, not just one of them — so a glob is a promise
 * about each id it matches. `neighbours` are run beside them and shown in the kill matrix, but
 * not asserted: related checks (the same case on other interfaces, the property that generalises
 * it, the round trip next to it) that show how far the fault reaches and that the run is not
 * failing wholesale. The self-test runs exactly `breaks` + `neighbours` per fault (globs as for
 * `--only`), once per fault, and one fault over the whole suite.
 *
 * Glob syntax is `--only`'s: `*` matches any run of characters, dots included.
 */
import type { FaultName } from "../server/faults.ts";

export interface FaultExpectation {
  /** Checks the fault is declared to break: each one matched must fail (or warn, if SHOULD). */
  breaks: readonly string[];
  /**
   * A fault that removes an optional feature (checks/features.ts) breaks nothing: the checks that
   * need the feature must come out `unsupported`, and the run's exit status is the rest's (0).
   */
  unsupported?: readonly string[];
  /** Checks run beside them and reported in the kill matrix, not asserted. */
  neighbours?: readonly string[];
  /** The fault shows only in storage: run the server with --data-dir and let the at-rest checks read it. */
  atRest?: boolean;
  /**
   * Only SHOULD checks can see the fault (the suite grades that answer at SHOULD): they
   * warn by default, so the run is graded with --strict (SHOULD → fail) to fail the gate.
   */
  strict?: boolean;
  /**
   * Each check fails only for the reason it names: every declared check that fails must say so
   * in its message (a regular expression over the failure text).
   */
  failsFor?: RegExp;
  /** Checks that must pass with the fault on: the set-up gives the fault no other way to show. */
  holds?: readonly string[];
  /**
   * One root cause, one failure: the `breaks` are controls (a capability failing outright); no
   * other check of the run may fail, and every check that names one of them as its `control`
   * comes out `blocked` (or passes).
   */
  oneCause?: boolean;
  /**
   * The built-in profile the fault's run is graded by (default aws): `obs` for faults only an
   * OBS-dialect run can see (the x-obs- headers, the *.obs-* checks). Its control run uses it too.
   */
  profile?: "obs";
}

/** The writes that validate an SSE-C trio as a write (reads validate as reads: evidence key.wrong-length-read). */
const WRITES = [
  "put-object",
  "post-object",
  "copy-object",
  "initiate-multipart-upload",
  "upload-part",
  "upload-part-copy",
] as const;
const onWrites = (...cases: string[]): string[] => WRITES.flatMap((w) => cases.map((c) => `${w}.${c}`));

/**
 * Every interface whose requests carry the target trio over the TLS-only gate in the handler (not POST: its fields
 * are a form).
 */
const HEADER_INTERFACES = [
  "put-object",
  "copy-object",
  "head-object",
  "get-object",
  "initiate-multipart-upload",
  "upload-part",
  "upload-part-copy",
] as const;

/**
 * Checks whose expected answer carries an echo of algorithm + key-MD5 (MUST; POST: SHOULD, evidence post.echo is
 * inferred).
 */
const ECHO_CHECKS = [
  "put-object.echo",
  "post-object.echo",
  "get-object.echo",
  "head-object.echo",
  "copy-object.echo-target",
  "initiate-multipart-upload.echo",
  "upload-part.same-key-echo",
  "upload-part-copy.echo",
];

export const FAULT_MAP: Record<FaultName, FaultExpectation> = {
  // --- header validation (OBS Table 1; evidence algorithm.invalid-put, missing.algorithm-put, missing.key-put,
  // key.wrong-length-put, md5.mismatch-put, missing.md5, key.not-base64)
  "md5-not-checked": {
    // Any key-MD5 passes, so every bad-MD5 case on every interface and both trios fails.
    breaks: [
      "*.md5-*",
      "*.copy-source-md5-*",
      "put-object.refused-overwrite-keeps-object",
      "put-object.error-hides-key",
      "*.property-bad-md5",
    ],
    neighbours: ["put-object.round-trip-17-bytes", "get-object.wrong-key"],
  },
  "hex-md5-accepted": {
    breaks: ["*.md5-hex", "*.copy-source-md5-hex", "get-object.property-bad-md5"],
    neighbours: ["*.md5-mismatch", "*.md5-not-base64"],
  },
  "algorithm-not-checked": {
    breaks: [
      "*.algorithm-aes128",
      "*.algorithm-lowercase",
      "*.copy-source-algorithm-aes128",
      "*.copy-source-algorithm-lowercase",
      "copy-object.source-algorithm-kms",
    ],
    neighbours: ["*.algorithm-empty", "put-object.missing-algorithm"],
  },
  "sse-conflict-accepted": {
    breaks: onWrites("with-sse-aes256", "with-sse-kms"),
    neighbours: ["get-object.with-sse-*", "head-object.with-sse-*"],
  },
  "short-key-accepted": {
    breaks: onWrites("key-16-bytes", "key-31-bytes", "key-33-bytes", "key-44-bytes"),
    neighbours: [
      "get-object.key-16-bytes",
      "head-object.key-33-bytes",
      "upload-part-copy.copy-source-key-16-bytes",
      "put-object.key-empty",
    ],
  },
  "validation-500": {
    breaks: [
      "*.missing-algorithm",
      "*.algorithm-aes128",
      "*.md5-mismatch",
      "*.copy-source-key-31-bytes",
      "upload-part.property-missing-headers",
    ],
    neighbours: ["put-object.round-trip-1-byte", "get-object.without-key"],
  },

  // --- transport (evidence http.ssec-refused)
  "ssec-over-http": {
    breaks: [
      ...HEADER_INTERFACES.map((i) => `${i}.plain-http-refused`),
      "copy-object.copy-source-plain-http-refused",
      "upload-part-copy.copy-source-plain-http-refused",
      "copy-object.copy-source-only-plain-http-refused",
      "upload-part-copy.copy-source-only-plain-http-refused",
    ],
    neighbours: ["*plain-http-code", "post-object.plain-http-refused"],
  },
  "http-gate-ignores-copy-source": {
    // Only a request whose sole SSE-C headers are the copy-source trio passes the gate: the
    // matrix's copy-source-plain-http cases still carry the target trio and stay refused.
    breaks: ["copy-object.copy-source-only-plain-http-*", "upload-part-copy.copy-source-only-plain-http-*"],
    neighbours: [
      "*.copy-source-plain-http-refused",
      "copy-object.ssec-to-plain",
      "upload-part-copy.plain-http-refused",
    ],
  },
  "post-ssec-over-http": {
    breaks: ["post-object.plain-http-refused", "post-object.plain-http-code"],
    neighbours: ["put-object.plain-http-refused", "post-object.round-trip"],
  },

  // --- the object is not protected by the key (seaweedfs/seaweedfs#2313; floci-io/floci#1140; the AWS SSE-C guide)
  "ssec-ignored": {
    breaks: [
      "put-object.echo",
      "put-object.stored-encrypted",
      "put-object.round-trip-*",
      "get-object.without-key",
      "get-object.wrong-key",
      "head-object.without-key",
      "head-object.wrong-key",
      "get-object.property-wrong-key",
    ],
    neighbours: [
      "post-object.round-trip",
      "post-object.stored-encrypted",
      "initiate-multipart-upload.completed-round-trip",
    ],
  },
  "plaintext-at-rest": {
    atRest: true,
    breaks: ["*.at-rest-encrypted"],
    neighbours: [
      "*.at-rest-no-key",
      "put-object.round-trip-64kib-plus-1",
      "put-object.stored-encrypted",
      "get-object.range-chunk-boundary",
    ],
  },
  "key-at-rest": {
    atRest: true,
    breaks: ["put-object.at-rest-no-key", "post-object.at-rest-no-key", "copy-object.at-rest-no-key"],
    neighbours: ["upload-part.at-rest-no-key", "*.at-rest-encrypted", "put-object.echo", "put-object.error-hides-key"],
  },
  "post-ssec-ignored": {
    breaks: ["post-object.round-trip", "post-object.round-trip-0-bytes", "post-object.stored-encrypted"],
    neighbours: ["post-object.echo", "post-object.etag-not-plaintext-md5", "put-object.round-trip-1-byte"],
  },
  "copy-drops-encryption": {
    breaks: [
      "copy-object.ssec-to-ssec-same-key",
      "copy-object.ssec-to-ssec-new-key",
      "copy-object.multipart-source",
      "copy-object.plain-to-ssec",
      "copy-object.rotate-in-place",
      "copy-object.size-*",
      "copy-object.property-copy-source-combinations",
    ],
    // new-key-copy-refuses-old-key: a plain copy read with the old key is refused too (as an
    // SSE-C read of a plain object), and that check grades the refusal, not its code.
    neighbours: [
      "copy-object.ssec-to-plain",
      "upload-part-copy.from-ssec-source",
      "copy-object.new-key-copy-refuses-old-key",
    ],
  },
  "complete-drops-encryption": {
    breaks: [
      // Refused with another key, then completed with its own: the object must read back with that key only.
      "initiate-multipart-upload.complete-wrong-key",
      "initiate-multipart-upload.completed-round-trip",
      "initiate-multipart-upload.completed-requires-key",
      "get-object.multipart-round-trip",
      "get-object.multipart-without-key",
      "upload-part.unaligned-parts-round-trip",
      "upload-part-copy.from-ssec-source",
      "upload-part-copy.from-plain-source",
    ],
    neighbours: ["initiate-multipart-upload.echo", "upload-part.same-key-echo"],
  },
  "part-without-key-accepted": {
    breaks: ["upload-part.without-ssec-headers", "upload-part-copy.missing-target-key"],
    neighbours: ["upload-part.ssec-on-plain-upload", "upload-part.property-missing-headers"],
  },
  "blocked-encryption-types-unknown": {
    breaks: [],
    unsupported: ["*.blocked-bucket*"],
    neighbours: ["put-object.round-trip-1-byte", "get-object.wrong-key"],
  },
  "blocked-bucket-ignored": {
    breaks: [
      "put-object.blocked-bucket-refused",
      "post-object.blocked-bucket-refused",
      "initiate-multipart-upload.blocked-bucket",
      "copy-object.blocked-bucket-refused",
      "upload-part.blocked-bucket-refused",
      "upload-part-copy.blocked-bucket-refused",
    ],
    neighbours: ["put-object.blocked-bucket-allows-plain", "get-object.blocked-bucket-readable"],
  },
  "default-encryption-overrides-ssec": {
    breaks: [
      "put-object.ssec-over-default*",
      "copy-object.ssec-target-over-default*",
      "initiate-multipart-upload.ssec-over-default",
    ],
    neighbours: ["copy-object.ssec-to-default-encryption", "initiate-multipart-upload.echo"],
  },
  "copy-ignores-default-encryption": {
    breaks: ["copy-object.ssec-to-default-encryption"],
    holds: ["copy-object.ssec-to-sse-s3", "put-object.ssec-over-default"],
  },
  "copy-to-sse-s3-ciphertext": {
    breaks: ["copy-object.ssec-to-sse-s3", "copy-object.ssec-to-default-encryption"],
    holds: ["copy-object.sse-s3-to-ssec"],
    neighbours: ["copy-object.ssec-to-plain"],
  },
  "sse-s3-source-copy-keeps-sse-s3": {
    breaks: ["copy-object.sse-s3-to-ssec"],
    holds: ["copy-object.ssec-to-sse-s3", "copy-object.plain-to-ssec"],
  },
  "part-copy-plain-upload-ciphertext": {
    breaks: ["upload-part-copy.ssec-source-to-plain-upload"],
    holds: ["upload-part-copy.from-ssec-source"],
  },
  "copy-source-conditions-before-key": {
    // Only the order is wrong: the key's refusal first is a SHOULD (evidence copy.source-key-before-conditions).
    breaks: ["copy-object.source-wrong-key-if-none-match", "upload-part-copy.source-wrong-key-if-none-match"],
    strict: true,
    holds: ["copy-object.source-if-none-match", "copy-object.source-key-wrong"],
  },
  "conditional-read-key-unverified": {
    breaks: ["get-object.conditional-wrong-key-if-match", "head-object.conditional-wrong-key-if-match"],
    holds: ["get-object.wrong-key", "head-object.wrong-key"],
    neighbours: ["get-object.conditional-wrong-key-*", "head-object.conditional-wrong-key-*"],
  },
  "preconditions-before-key": {
    // Only the order is wrong: the key's refusal first is a SHOULD (evidence conditional.key-before-preconditions).
    breaks: [
      "*.conditional-*-if-none-match",
      "*.conditional-*-if-match-other",
      "*.conditional-*-if-modified-since",
      "*.conditional-*-if-unmodified-since",
    ],
    strict: true,
    holds: ["get-object.conditional-wrong-key-if-match", "get-object.if-none-match", "get-object.wrong-key"],
  },
  "conditional-write-ssec-unchecked": {
    breaks: ["put-object.if-none-match-star-existing"],
    holds: ["put-object.if-none-match-star-new"],
  },
  "conditional-write-drops-encryption": {
    breaks: ["put-object.if-none-match-star-new"],
    holds: ["put-object.round-trip-1-byte"],
  },
  "copy-source-conditions-ignored-for-ssec": {
    breaks: [
      "copy-object.source-if-none-match",
      "copy-object.source-if-unmodified-since",
      "upload-part-copy.source-if-none-match",
    ],
    holds: ["copy-object.source-if-match", "upload-part-copy.source-if-match"],
  },
  "blocked-bucket-copy-unchecked": {
    breaks: ["copy-object.blocked-bucket-refused", "copy-object.blocked-bucket-rotate-refused"],
    holds: ["put-object.blocked-bucket-refused", "upload-part.blocked-bucket-refused"],
    neighbours: ["initiate-multipart-upload.blocked-bucket"],
  },
  "blocked-bucket-parts-unchecked": {
    breaks: ["upload-part.blocked-bucket-refused", "upload-part-copy.blocked-bucket-refused"],
    holds: ["initiate-multipart-upload.blocked-bucket", "copy-object.blocked-bucket-refused"],
  },
  "blocked-bucket-part-copy-unchecked": {
    breaks: ["upload-part-copy.blocked-bucket-refused"],
    holds: ["upload-part.blocked-bucket-refused", "copy-object.blocked-bucket-refused"],
  },

  // --- bucket policies on the SSE-C algorithm (evidence policy.deny-refused, policy.null-condition,
  // policy.not-equals-absent-key, policy.ssec-condition-key; ceph/s3-tests test_encryption_sse_c_*_with_bucket_policy)
  "policy-ignored": {
    breaks: [
      "put-object.policy-require-ssec-refuses-plain",
      "put-object.policy-forbid-ssec-refuses-ssec",
      "put-object.policy-algorithm-refuses-plain",
    ],
    neighbours: ["put-object.policy-algorithm-refuses-other-value", "put-object.policy-read-back"],
    holds: ["put-object.policy-require-ssec-allows-ssec", "put-object.policy-forbid-ssec-allows-plain"],
  },
  "policy-null-inverted": {
    breaks: ["put-object.policy-require-*", "put-object.policy-forbid-*"],
    neighbours: ["put-object.policy-algorithm-*"],
  },
  "policy-not-equals-needs-key": {
    breaks: ["put-object.policy-algorithm-refuses-plain"],
    neighbours: ["put-object.policy-require-ssec-refuses-plain"],
    holds: ["put-object.policy-algorithm-refuses-other-value", "put-object.policy-algorithm-allows-aes256"],
  },
  // --- OBS's two header forms (evidence obs.both-header-forms, obs.meta-kept): graded by the obs profile, whose
  // run speaks x-obs- while the *.obs-amz-form checks send one request of their interface in the x-amz- form
  "obs-headers-ignored": {
    profile: "obs",
    breaks: ["*.obs-amz-form", "put-object.obs-meta-kept"],
    neighbours: ["put-object.echo", "get-object.wrong-key"],
  },
  "obs-amz-form-ignored": {
    profile: "obs",
    breaks: ["*.obs-amz-form"],
    neighbours: ["put-object.echo"],
    holds: ["put-object.obs-meta-kept"],
  },
  "obs-echo-amz-only": {
    profile: "obs",
    breaks: ["*.obs-amz-form", "put-object.obs-meta-kept"],
    neighbours: ["put-object.echo", "get-object.echo"],
  },
  "obs-echo-native-only": {
    profile: "obs",
    breaks: [
      "put-object.obs-amz-form",
      "copy-object.obs-amz-form",
      "head-object.obs-amz-form",
      "get-object.obs-amz-form",
      "initiate-multipart-upload.obs-amz-form",
      "upload-part.obs-amz-form",
      "upload-part-copy.obs-amz-form",
    ],
    neighbours: ["post-object.obs-amz-form", "put-object.echo"],
    holds: ["put-object.obs-meta-kept"],
  },
  "obs-meta-dropped": {
    profile: "obs",
    breaks: ["put-object.obs-meta-kept"],
    neighbours: ["put-object.metadata-kept"],
    holds: ["put-object.obs-amz-form"],
  },
  "presigned-key-not-checked": {
    breaks: ["get-object.presigned-wrong-key", "head-object.presigned-wrong-key"],
    neighbours: ["get-object.wrong-key", "head-object.wrong-key"],
    holds: ["get-object.presigned", "head-object.presigned"],
  },
  "post-policy-expiry-ignored": {
    breaks: ["post-object.presigned-expired"],
    neighbours: ["post-object.policy-condition-mismatch"],
    holds: ["post-object.round-trip"],
  },
  "policy-delete-ignored": {
    breaks: ["put-object.policy-read-back"],
    neighbours: ["put-object.policy-require-ssec-refuses-plain"],
  },
  "bucket-policy-unsupported": {
    breaks: [],
    unsupported: ["put-object.policy-*"],
    neighbours: ["put-object.round-trip-1-byte"],
  },
  "policy-key-reads-sse-header": {
    breaks: [
      "put-object.policy-require-ssec-allows-ssec",
      "put-object.policy-forbid-ssec-refuses-ssec",
      "put-object.policy-algorithm-allows-aes256",
    ],
    neighbours: ["put-object.policy-require-ssec-refuses-plain", "put-object.policy-forbid-ssec-allows-plain"],
  },

  // --- wrong / missing key on reads (evidence get.no-key-refused, get.wrong-key-refused, key.wrong-length-read,
  // algorithm.invalid-get, algorithm.invalid-head, head.no-key-refused; minio/minio#5202; minio/minio#6431;
  // minio/minio#6600; pgsty/silo#82; rustfs/rustfs#1998)
  "get-wrong-key-tampered": {
    breaks: [
      "get-object.wrong-key",
      "get-object.wrong-key-range",
      "get-object.multipart-wrong-key",
      "head-object.wrong-key",
      "copy-object.source-key-wrong",
      "put-object.stored-encrypted",
      "get-object.property-wrong-key",
    ],
    neighbours: ["get-object.without-key", "get-object.echo"],
  },
  "get-wrong-key-accepted": {
    breaks: [
      "get-object.wrong-key",
      "get-object.wrong-key-range",
      "get-object.wrong-key-zero-bytes",
      "get-object.multipart-wrong-key",
      "get-object.part-number-wrong-key",
      "get-object.checksum-mode-wrong-key",
      "put-object.stored-encrypted",
      "get-object.property-wrong-key",
    ],
    neighbours: ["head-object.wrong-key", "get-object.echo"],
  },
  "head-wrong-key-accepted": {
    breaks: [
      "head-object.wrong-key",
      "head-object.wrong-key-zero-bytes",
      "head-object.wrong-key-multipart",
      "head-object.part-number-wrong-key",
      "head-object.property-wrong-key",
    ],
    neighbours: ["get-object.wrong-key", "head-object.echo"],
  },
  "head-without-key-accepted": {
    breaks: ["head-object.without-key", "head-object.without-key-zero-bytes"],
    neighbours: ["get-object.without-key", "head-object.wrong-key"],
  },
  "zero-byte-key-not-checked": {
    breaks: [
      "get-object.wrong-key-zero-bytes",
      "head-object.wrong-key-zero-bytes",
      "copy-object.zero-byte-source-wrong-key",
    ],
    neighbours: ["get-object.wrong-key", "put-object.round-trip-0-bytes"],
  },
  "ssec-on-plain-accepted": {
    strict: true,
    breaks: ["get-object.ssec-on-plain-object", "head-object.ssec-on-plain-object"],
    neighbours: ["copy-object.source-headers-on-plain-source"],
  },
  // A 4xx with another code fails only where AWS is recorded giving the code (403 AccessDenied
  // for a wrong key on GET/HEAD, 400 InvalidRequest for no key on GET and copies); on a copy
  // source key, HEAD without a key and Upload Part - Copy, the refusal is the MUST and the code
  // a SHOULD (warn): those stay beside the breaks as neighbours.
  "wrong-key-400": {
    breaks: ["get-object.wrong-key", "head-object.wrong-key", "get-object.property-wrong-key"],
    neighbours: [
      "copy-object.source-key-wrong",
      "upload-part-copy.source-key-wrong",
      "upload-part.key-differs-from-initiate",
      "get-object.without-key",
    ],
  },
  "missing-key-403": {
    breaks: ["get-object.without-key", "copy-object.source-key-missing"],
    neighbours: [
      "head-object.without-key",
      "upload-part-copy.source-key-missing",
      "get-object.wrong-key",
      "get-object.property-missing-headers",
      "put-object.stored-encrypted",
    ],
  },

  // --- response headers (evidence headers.interfaces, etag.not-plaintext-md5, errors.no-key-echo)
  "echo-missing": {
    breaks: ECHO_CHECKS,
    neighbours: ["put-object.round-trip-1-byte", "get-object.presigned"],
  },
  "echo-key": {
    breaks: ECHO_CHECKS,
    neighbours: ["put-object.error-hides-key", "get-object.error-hides-key"],
  },
  "etag-is-md5": {
    strict: true,
    breaks: [
      "put-object.etag-not-plaintext-md5",
      "post-object.etag-not-plaintext-md5",
      "copy-object.etag-not-plaintext-md5",
      "put-object.etag-differs-per-write",
      "upload-part.identical-bodies-distinct-etags",
    ],
    neighbours: ["get-object.etag-matches-put", "copy-object.plain-target-etag-md5"],
  },
  "head-ciphertext-length": {
    breaks: [
      "head-object.content-length-plaintext",
      "head-object.multipart-length",
      "initiate-multipart-upload.completed-head",
    ],
    neighbours: ["head-object.range", "get-object.echo"],
  },
  "error-body-not-xml": {
    breaks: [
      "put-object.md5-mismatch",
      "get-object.without-key",
      "copy-object.source-key-missing",
      "initiate-multipart-upload.missing-key",
      "upload-part.without-ssec-headers",
      "upload-part-copy.source-key-wrong",
      "post-object.missing-key",
    ],
    neighbours: ["head-object.without-key", "put-object.round-trip-1-byte"],
  },

  // --- ranges and multipart layout (minio/minio#5576; pgsty/silo#119; ceph/ceph#27130; seaweedfs/seaweedfs#7143;
  // seaweedfs/seaweedfs#8216)
  "range-off-by-one": {
    breaks: [
      "get-object.range-first-byte",
      "get-object.range-mid-object",
      "get-object.range-aes-block-edge",
      "get-object.range-chunk-boundary",
      "get-object.range-several-chunks",
      "get-object.range-across-parts",
      "upload-part.range-across-part-boundary",
    ],
    neighbours: [
      "get-object.range-last-byte",
      "get-object.range-suffix",
      "get-object.part-number",
      "upload-part-copy.from-ssec-source-range",
    ],
  },
  "multipart-offsets-sealed": {
    // Few checks on purpose: each GET here waits ~5 s for the server to drop a body it cut
    // short (its keep-alive timeout), since Content-Length promised more.
    breaks: [
      "get-object.multipart-round-trip",
      "get-object.range-across-parts",
      "copy-object.multipart-source",
      "upload-part-copy.from-multipart-source-across-parts",
    ],
    neighbours: ["head-object.wrong-key-multipart"],
  },
  "multipart-part-keys-ignored": {
    breaks: [
      "get-object.multipart-round-trip",
      "upload-part.unaligned-parts-round-trip",
      "initiate-multipart-upload.completed-round-trip",
      "copy-object.multipart-source",
      "upload-part-copy.from-multipart-source-across-parts",
    ],
    neighbours: ["head-object.multipart-length", "get-object.range-across-parts", "put-object.round-trip-5mib-plus-1"],
  },

  // --- multipart keys (evidence upload-part.ssec-on-plain-upload-refused, upload-part.missing-key-refused,
  // upload-part.different-key-refused, complete.without-key)
  "part-key-not-checked": {
    breaks: [
      "upload-part.key-differs-from-initiate",
      "upload-part.property-wrong-key",
      "upload-part-copy.source-key-as-target-key",
    ],
    neighbours: ["upload-part.same-key-echo", "upload-part-copy.property-wrong-key"],
  },
  "complete-requires-key": {
    breaks: ["initiate-multipart-upload.complete-without-key"],
    neighbours: ["initiate-multipart-upload.completed-round-trip", "initiate-multipart-upload.completed-requires-key"],
  },

  // --- copy sources (OBS Table 3; evidence copy.source-key-required, copy.source-wrong-key; minio/minio#6671;
  // ceph/ceph#38537; seaweedfs/seaweedfs#9281; aws/aws-cli#9559)
  "copy-source-uses-target-key": {
    breaks: [
      "copy-object.source-key-missing",
      "upload-part-copy.source-key-missing",
      "copy-object.property-copy-source-combinations",
    ],
    neighbours: ["copy-object.source-key-wrong", "copy-object.ssec-to-ssec-new-key"],
  },
  "part-copy-ignores-copy-source-headers": {
    // The source-side checks copy into an upload under the source's own key, so a server that
    // never reads the copy-source trio makes the copy; each failure names the copy-source headers
    // it was about. The target-side matrix (plain source) and the target-key checks still pass.
    breaks: [
      "upload-part-copy.copy-source-missing-*",
      "upload-part-copy.copy-source-algorithm-*",
      "upload-part-copy.copy-source-key-*",
      "upload-part-copy.copy-source-md5-*",
      "upload-part-copy.source-key-missing",
      "upload-part-copy.source-key-wrong",
      "upload-part-copy.source-key-wrong-range",
      "upload-part-copy.source-headers-on-plain-source",
    ],
    failsFor: /refusal expected for the [^\n]*copy-source headers[^\n]*\(expectation [a-z0-9-]+\)/,
    holds: [
      "upload-part-copy.missing-*",
      "upload-part-copy.md5-mismatch",
      "upload-part-copy.source-key-as-target-key",
      "upload-part-copy.copy-source-plain-http-refused",
      "copy-object.source-key-wrong",
      "copy-object.copy-source-missing-key",
    ],
    neighbours: ["upload-part-copy.from-plain-source", "upload-part-copy.from-ssec-source"],
  },
  "copy-from-ssec-source-not-implemented": {
    // Two controls fail; every check that copies from an SSE-C source names one of them as its
    // control and is reported blocked by it, not as one more failure.
    breaks: ["copy-object.ssec-to-ssec-same-key", "upload-part-copy.from-ssec-source"],
    oneCause: true,
    neighbours: [
      "copy-object.ssec-to-*",
      "copy-object.echo-target",
      "copy-object.rotate-in-place*",
      "copy-object.source-*",
      "copy-object.zero-byte-source-wrong-key",
      "copy-object.metadata-directive-*",
      "copy-object.size-1*",
      "copy-object.etag-not-plaintext-md5",
      "copy-object.copy-source-*",
      "copy-object.plain-to-ssec",
      "copy-object.missing-key",
      "upload-part-copy.echo",
      "upload-part-copy.from-ssec-source-range",
      "upload-part-copy.source-*",
      "upload-part-copy.missing-target-key",
      "upload-part-copy.copy-source-*",
      "upload-part-copy.from-plain-source",
      "upload-part-copy.missing-key",
    ],
  },
  "copy-source-keys-on-plain-accepted": {
    breaks: [
      "copy-object.source-headers-on-plain-source",
      "copy-object.source-headers-on-plain-source-keeps-target",
      "upload-part-copy.source-headers-on-plain-source",
    ],
    neighbours: ["copy-object.plain-to-ssec", "upload-part-copy.from-plain-source"],
  },
  "part-copy-source-key-ignored": {
    breaks: [
      "upload-part-copy.source-key-missing",
      "upload-part-copy.source-key-wrong",
      "upload-part-copy.source-key-wrong-range",
      "upload-part-copy.from-ssec-source",
      "upload-part-copy.from-ssec-source-range",
    ],
    neighbours: [
      "copy-object.source-key-missing",
      "upload-part-copy.from-plain-source",
      "upload-part-copy.property-copy-source-combinations",
    ],
  },

  // --- added with the second round of faults: each a one-interface slip or a lenient parse
  "md5-case-insensitive": {
    breaks: ["*.md5-case-swapped", "*.copy-source-md5-case-swapped"],
    neighbours: ["put-object.md5-mismatch", "put-object.round-trip-1-byte"],
  },
  "key-base64-lenient": {
    // Writes only: on a read the junk-character key decodes to a throwaway key, which is a wrong key (403) either way.
    breaks: onWrites("key-junk-character"),
    neighbours: [
      "get-object.key-junk-character",
      "copy-object.copy-source-key-junk-character",
      "put-object.key-not-base64",
    ],
  },
  "range-key-not-checked": {
    breaks: ["get-object.wrong-key-range"],
    neighbours: ["get-object.wrong-key", "get-object.range-mid-object", "head-object.range"],
  },
  "part-number-key-not-checked": {
    breaks: ["get-object.part-number-wrong-key", "head-object.part-number-wrong-key"],
    neighbours: ["get-object.wrong-key", "head-object.wrong-key", "get-object.part-number-single-part"],
  },
  "part-number-sealed-length": {
    breaks: ["head-object.part-number"],
    neighbours: ["head-object.content-length-plaintext", "get-object.part-number-single-part"],
  },
  "last-chunk-dropped": {
    // Few checks on purpose: each short body waits ~5 s for the server to drop the connection
    // (Content-Length promised more); the streamed range reads grade it, a buffered read would error.
    breaks: ["get-object.range-last-byte", "get-object.range-open-ended"],
    neighbours: ["put-object.round-trip-64kib", "get-object.range-first-byte"],
  },
  "copy-echo-missing": {
    breaks: ["copy-object.echo-target"],
    neighbours: ["copy-object.ssec-to-ssec-new-key", "upload-part-copy.echo"],
  },
  "part-copy-echo-missing": {
    breaks: ["upload-part-copy.echo"],
    neighbours: ["upload-part.same-key-echo", "copy-object.echo-target"],
  },
  "replace-directive-drops-encryption": {
    breaks: ["copy-object.metadata-directive-replace"],
    neighbours: ["copy-object.metadata-directive-copy", "copy-object.ssec-to-ssec-new-key"],
  },
  "part-copy-range-key-not-checked": {
    breaks: ["upload-part-copy.source-key-wrong-range"],
    neighbours: ["upload-part-copy.source-key-wrong", "upload-part-copy.from-ssec-source-range"],
  },
  // --- sequence faults (issue 15): each shows only after an earlier request; the stateful checks
  // (suites/stateful/) find each within their default budget and shrink it to at most 5 commands
  // (harness/selftest/stateful.test.ts).
  "read-key-check-cached": {
    breaks: ["get-object.stateful-overwrites"],
    neighbours: ["get-object.wrong-key", "copy-object.stateful-copies"],
  },
  "overwrite-keeps-old-key": {
    breaks: ["get-object.stateful-overwrites"],
    neighbours: ["put-object.overwrite-rekeys", "copy-object.stateful-copies"],
  },
  "rotation-range-old-key": {
    breaks: ["copy-object.stateful-copies"],
    neighbours: ["copy-object.rotate-in-place", "get-object.stateful-overwrites"],
  },
  "part-copy-bypasses-upload-key": {
    breaks: ["upload-part-copy.stateful-part-copies"],
    neighbours: ["upload-part-copy.from-ssec-source", "upload-part.stateful-uploads"],
  },
  "abort-keeps-parts": {
    breaks: ["upload-part.stateful-uploads"],
    neighbours: ["upload-part-copy.stateful-part-copies"],
  },
  "delete-keeps-ssec-object": {
    breaks: ["get-object.stateful-overwrites"],
    neighbours: ["copy-object.stateful-copies"],
  },
  "head-cache-stale": {
    breaks: ["get-object.stateful-overwrites"],
    neighbours: ["head-object.wrong-key", "copy-object.stateful-copies"],
  },
  "upload-key-by-name": {
    breaks: ["upload-part.stateful-uploads"],
    neighbours: ["upload-part.key-differs-from-initiate", "upload-part-copy.stateful-part-copies"],
  },
  "plain-overwrite-stays-ssec": {
    breaks: ["get-object.stateful-overwrites"],
    neighbours: ["put-object.refused-overwrite-keeps-object", "copy-object.stateful-copies"],
  },
  // --- issue 14 items 3, 4, 10: checksums, Complete, sizes
  "checksum-over-ciphertext": {
    breaks: [
      "put-object.checksum-plaintext",
      "get-object.checksum-mode-with-key",
      "head-object.checksum-mode-with-key",
      "upload-part.checksum-plaintext",
      "initiate-multipart-upload.complete-checksum-composite",
    ],
    neighbours: ["get-object.echo"],
  },
  "ssec-checksum-dropped": {
    breaks: [
      "put-object.checksum-plaintext",
      "get-object.checksum-mode-with-key",
      "head-object.checksum-mode-with-key",
      "upload-part.checksum-plaintext",
      "initiate-multipart-upload.complete-checksum-composite",
    ],
    neighbours: ["get-object.checksum-mode-without-key"],
  },
  "checksum-mode-skips-key-check": {
    breaks: ["head-object.checksum-mode-without-key", "get-object.checksum-mode-without-key"],
    neighbours: ["head-object.without-key", "get-object.without-key"],
  },
  "ssec-checksum-not-verified": {
    breaks: ["put-object.checksum-mismatch", "upload-part.checksum-mismatch"],
    neighbours: ["put-object.checksum-plaintext", "upload-part.checksum-plaintext"],
  },
  "complete-checksum-key-optional": {
    breaks: ["initiate-multipart-upload.complete-checksum-requires-key"],
    neighbours: ["initiate-multipart-upload.complete-without-key"],
  },
  "complete-key-not-compared": {
    breaks: ["initiate-multipart-upload.complete-wrong-key-refused"],
    neighbours: ["initiate-multipart-upload.complete-wrong-key"],
    holds: ["initiate-multipart-upload.complete-wrong-key"],
    strict: true,
  },
  "complete-with-key-refused": {
    breaks: ["initiate-multipart-upload.complete-with-key"],
    neighbours: ["initiate-multipart-upload.complete-without-key"],
  },
  "part-number-missing-key-served": {
    breaks: ["get-object.part-number-without-key"],
    neighbours: ["get-object.multipart-without-key", "get-object.part-number-wrong-key"],
  },
  "part-number-ciphertext": {
    breaks: ["get-object.part-number-each-part", "get-object.part-number"],
    neighbours: ["get-object.part-number-single-part"],
  },
  "large-range-wrong-chunk": {
    breaks: ["get-object.large-object-end-ranges"],
    neighbours: ["get-object.large-object-streamed", "get-object.range-across-parts"],
  },
  "min-part-size-exclusive": {
    breaks: ["upload-part.exact-minimum-parts"],
    neighbours: ["upload-part.unaligned-parts-round-trip"],
  },
  "part-number-max-9999": {
    breaks: ["upload-part.part-number-10000"],
    neighbours: ["upload-part.same-key-echo"],
  },
  "parts-in-upload-order": {
    breaks: ["upload-part.out-of-order"],
    neighbours: ["upload-part.unaligned-parts-round-trip"],
  },
  // Versioning with SSE-C and GetObjectAttributes (issue 14 items 1 and 2).
  "version-key-checked-against-current": {
    breaks: [
      "get-object.version-own-key",
      "get-object.version-current-key",
      "head-object.version-own-key",
      "head-object.version-current-key",
    ],
    holds: ["get-object.version-without-key"],
  },
  "version-id-ignored-on-read": {
    breaks: [
      "get-object.version-own-key",
      "get-object.version-current-key",
      "head-object.version-own-key",
      "head-object.version-current-key",
    ],
    neighbours: ["put-object.version-delete-by-id"],
  },
  "copy-source-version-ignored": {
    breaks: ["copy-object.source-version-*", "upload-part-copy.source-version-*"],
    holds: ["get-object.version-own-key"],
  },
  "delete-version-ignored": {
    // No `holds`: with ?versionId ignored no versioned bucket can be emptied, so every versioning check's cleanup errors.
    breaks: ["put-object.version-delete-by-id"],
    neighbours: ["put-object.version-delete-marker"],
  },
  "list-versions-sealed-size": {
    breaks: ["put-object.version-list-sizes", "put-object.version-list-null"],
  },
  "delete-marker-read-through": {
    breaks: ["put-object.version-delete-marker"],
    holds: ["put-object.version-delete-by-id"],
  },
  "attributes-without-key-accepted": {
    breaks: ["head-object.attributes-without-key"],
    holds: ["head-object.attributes-wrong-key"],
  },
  "attributes-wrong-key-accepted": {
    breaks: ["head-object.attributes-wrong-key"],
    holds: ["head-object.attributes-without-key"],
  },
  "attributes-sealed-size": {
    breaks: ["head-object.attributes-size-etag", "head-object.attributes-object-parts"],
  },
  "attributes-checksum-missing": {
    breaks: ["head-object.attributes-checksum"],
    holds: ["head-object.attributes-size-etag"],
  },
  "versioning-not-implemented": {
    breaks: [],
    unsupported: ["*.version-*", "*.source-version-*"],
    neighbours: ["get-object.wrong-key", "head-object.attributes-size-etag"],
  },
  "attributes-not-implemented": {
    breaks: [],
    unsupported: ["head-object.attributes-*"],
    neighbours: ["head-object.wrong-key", "get-object.version-own-key"],
  },
};

/** The fault the self-test also runs over the whole suite (issue 7: at least one full-suite run). */
export const FULL_SUITE_FAULT: FaultName = "md5-not-checked";
