/**
 * PUT Object - Copy (OBS Table 2 row 3: the SSE-C headers apply to the target; OBS Table 3: the
 * copy-source trio decrypts an SSE-C source). Checks specific to copying; the shared header matrix
 * (target trio, then copy-source trio) comes first.
 */
import type { CheckDef } from "../types.ts";
import { headerCaseChecks } from "../header-cases.ts";
import { COPY_CONTROL, copySourceCaseChecks } from "../copy-source-cases.ts";

const iface = "PUT Object - Copy" as const;
/** The control of the checks that copy from an SSE-C source (CheckDef.control). */
const SSEC_COPY = COPY_CONTROL[iface];

export const checks: CheckDef[] = [
  ...headerCaseChecks(iface),
  ...copySourceCaseChecks(iface),
  // --- every source × target encryption mode (evidence headers.copy-source-trio, s3-tests test_copy_enc, mint
  // minio/mint)
  {
    id: "copy-object.ssec-to-ssec-same-key",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.ssec-to-ssec", "headers.copy-source-trio"],
    title: "copies an SSE-C object to an SSE-C target under the same key, readable with that key byte for byte",
  },
  {
    id: "copy-object.ssec-to-ssec-new-key",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.ssec-to-ssec"],
    title: "copies an SSE-C object to an SSE-C target under a different key, readable with the new key byte for byte",
  },
  {
    id: "copy-object.echo-target",
    control: SSEC_COPY,
    interface: iface,
    category: "echo",
    level: "MUST",
    evidence: ["copy.ssec-to-ssec", "headers.interfaces"],
    title: "echoes the target algorithm AES256 and the target key-MD5, never the key, on a copy to an SSE-C target",
  },
  {
    id: "copy-object.new-key-copy-refuses-old-key",
    control: SSEC_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["copy.ssec-to-ssec", "get.wrong-key-refused"],
    title: "refuses a GET of the copy with the source's key once the copy was made under a different key",
  },
  {
    id: "copy-object.ssec-to-plain",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.ssec-to-plain"],
    title: "copies an SSE-C object to an unencrypted target that is then readable without a key byte for byte",
  },
  {
    id: "copy-object.plain-to-ssec",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.plain-to-ssec"],
    title: "copies an unencrypted object to an SSE-C target that is readable with the key byte for byte",
  },
  {
    id: "copy-object.plain-to-ssec-requires-key",
    interface: iface,
    category: "missing-headers",
    level: "MUST",
    evidence: ["copy.plain-to-ssec", "get.no-key-refused"],
    title: "refuses a GET without the key of an SSE-C target copied from an unencrypted source",
  },
  {
    id: "copy-object.plain-to-plain",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.plain-to-plain"],
    title: "copies an unencrypted object to an unencrypted target byte for byte (control case)",
  },
  // --- key rotation by copying an object onto itself (evidence headers.copy-source-trio, mint
  // testEncryptedSSECToSSECCopyObject)
  {
    id: "copy-object.rotate-in-place",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.rotate-in-place"],
    title:
      "rotates the key of an SSE-C object by copying it onto itself, after which the new key reads it byte for byte",
  },
  {
    id: "copy-object.rotate-in-place-refuses-old-key",
    control: SSEC_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["copy.rotate-in-place", "get.wrong-key-refused"],
    title: "refuses a GET with the old key once an object's key was rotated in place",
  },
  {
    id: "copy-object.rotate-in-place-wrong-key",
    control: SSEC_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["copy.rotate-wrong-key"],
    // No profile name yet: evidence copy.rotate-wrong-key is 400 InvalidArgument in MinIO and the reference server,
    // UNCERTAIN
    // on AWS; the suite passes that as the fallback and a profile deviation can override it.
    title:
      "refuses an in-place copy whose source and target key are the same wrong key, and the object stays readable with its key",
    expect: "copy-rotate-wrong-key",
  },
  // --- copy-source trio (OBS Table 3)
  {
    id: "copy-object.source-key-missing",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-key-required"],
    title: "refuses to copy an SSE-C source without the copy-source headers and creates no target",
    expect: "copy-source-missing",
  },
  {
    id: "copy-object.source-key-wrong",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-wrong-key"],
    title: "refuses to copy an SSE-C source given the wrong copy-source key and creates no target",
    expect: "copy-source-wrong-key",
  },
  {
    id: "copy-object.source-algorithm-kms",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["algorithm.invalid-copy-source"],
    title: "refuses a copy-source algorithm of KMS and creates no target",
    expect: "invalid-algorithm",
  },
  {
    id: "copy-object.source-headers-on-plain-source",
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-headers-on-plain-source"],
    title: "refuses copy-source SSE-C headers on an unencrypted source and creates no target",
    expect: "copy-source-on-plain-source",
  },
  {
    id: "copy-object.source-headers-on-plain-source-keeps-target",
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-headers-on-plain-source"],
    title: "leaves an existing target intact when it refuses copy-source SSE-C headers on an unencrypted source",
  },
  // The plain-HTTP gate must look at the copy-source trio too: a copy to an unencrypted target
  // sends only that trio, and its key crosses the wire in clear (evidence http.ssec-refused). OBS lets exactly
  // this copy use HTTP (evidence headers.obs-dialect, obs_04_0108 Table 3): its profile expects a 200 and the copy.
  {
    id: "copy-object.copy-source-only-plain-http-refused",
    control: SSEC_COPY,
    interface: iface,
    category: "transport",
    level: "MUST",
    evidence: ["http.ssec-refused", "http.copy-source-only", "headers.copy-source-trio"],
    title:
      "refuses a copy of an SSE-C source to an unencrypted target sent over plain HTTP with only the copy-source headers, and creates no target",
    expect: "http-copy-source-to-plain",
  },
  {
    id: "copy-object.copy-source-only-plain-http-code",
    control: SSEC_COPY,
    interface: iface,
    category: "transport",
    level: "SHOULD",
    evidence: ["http.ssec-refused", "http.copy-source-only", "headers.copy-source-trio"],
    title:
      "answers a copy to an unencrypted target sent over plain HTTP with only the copy-source headers with the profile's error code",
    expect: "http-copy-source-to-plain",
  },
  {
    id: "copy-object.zero-byte-source-wrong-key",
    control: SSEC_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["ssec.zero-byte-objects", "copy.source-wrong-key"],
    title: "refuses to copy a zero-byte SSE-C source given the wrong copy-source key",
  },
  // --- metadata directive, sizes, multipart source
  {
    id: "copy-object.metadata-directive-copy",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["put.metadata-kept"],
    title: "keeps the source's user metadata and Content-Type on an SSE-C copy with the COPY metadata directive",
  },
  {
    id: "copy-object.metadata-directive-replace",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["put.metadata-kept"],
    title: "replaces the user metadata on an SSE-C copy with the REPLACE metadata directive",
  },
  ...[
    ["0", "an empty object", ["copy.sizes", "ssec.zero-byte-objects"]],
    ["1", "a 1-byte object", ["copy.sizes"]],
    ["16", "a 16-byte object (one AES block)", ["copy.sizes"]],
    ["17", "a 17-byte object", ["copy.sizes"]],
    ["65537", "a 64 KiB + 1 byte object", ["copy.sizes"]],
    ["5242881", "a 5 MiB + 1 byte object", ["copy.sizes"]],
  ].map(([size, what, evidence]): CheckDef => ({
    id: `copy-object.size-${size}`,
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: evidence as string[],
    title: `copies ${what} from one SSE-C key to another byte for byte`,
  })),
  {
    id: "copy-object.multipart-source",
    control: SSEC_COPY,
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["copy.multipart-source"],
    title: "copies a multipart SSE-C object with unaligned parts to an SSE-C target byte for byte",
  },
  // --- ETags (evidence etag.not-plaintext-md5)
  {
    id: "copy-object.etag-not-plaintext-md5",
    control: SSEC_COPY,
    interface: iface,
    category: "etag",
    level: "SHOULD",
    evidence: ["etag.not-plaintext-md5"],
    title: "gives an SSE-C copy an ETag that is not the MD5 of its plaintext",
  },
  {
    id: "copy-object.plain-target-etag-md5",
    control: SSEC_COPY,
    interface: iface,
    category: "etag",
    level: "SHOULD",
    evidence: ["copy.plain-target-etag-md5"],
    title: "gives an unencrypted copy of an SSE-C object the MD5 of its plaintext as ETag",
  },
  // --- At rest (bundled reference server only: harness/kit/at-rest.ts)
  {
    id: "copy-object.at-rest-encrypted",
    control: SSEC_COPY,
    interface: iface,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.encrypted"],
    title:
      "stores the bytes of a copy made under a new SSE-C key encrypted, so no run of its plaintext appears in storage (bundled reference server only)",
  },
  {
    id: "copy-object.at-rest-no-key",
    control: SSEC_COPY,
    interface: iface,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.no-key-stored", "errors.no-key-echo"],
    title:
      "keeps the target and copy-source keys of an SSE-C copy out of storage in every encoding (bundled reference server only)",
  },
  // OBS's two header forms (evidence obs.both-header-forms): run under an OBS-dialect profile, skipped elsewhere.
  {
    id: "copy-object.obs-amz-form",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["obs.both-header-forms", "headers.obs-dialect", "headers.trio", "headers.copy-source-trio"],
    title:
      "on an OBS target, copies an SSE-C source with the x-amz- copy-source and target headers, echoing x-amz- names, to a target the x-obs- headers read",
  },
  // Versioning (issue 14): a copy source names a version, opened with that version's key.
  {
    id: "copy-object.source-version-own-key",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["version.copy-source-version", "version.own-key-read"],
    title: "copies a noncurrent SSE-C version named by ?versionId with its own copy-source key, byte for byte",
    feature: "versioning",
  },
  {
    id: "copy-object.source-version-current-key",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-wrong-key", "version.copy-source-version", "version.noncurrent-current-key-refused"],
    title: "refuses to copy a noncurrent SSE-C version given the current version's key and creates no target",
    expect: "copy-source-wrong-key",
    feature: "versioning",
  },
  // --- the AWS 2026 SSE-C block on copies (evidence blocked.write-refused: CopyObject is among the blocked writes)
  {
    id: "copy-object.blocked-bucket-refused",
    interface: iface,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.write-refused"],
    title: "refuses a copy to an SSE-C target in a bucket that blocks SSE-C and creates no target",
    expect: "blocked-ssec-write",
    feature: "blocked-encryption-types",
  },
  {
    id: "copy-object.blocked-bucket-rotate-refused",
    control: SSEC_COPY,
    interface: iface,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.write-refused", "blocked.reads-allowed"],
    title:
      "refuses an in-place key rotation of an SSE-C object once its bucket blocks SSE-C, and the object stays readable with its key",
    expect: "blocked-ssec-write",
    feature: "blocked-encryption-types",
  },
  // --- copy-source conditions on an SSE-C source (evidence copy.source-conditions)
  {
    id: "copy-object.source-if-match",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-conditions", "copy.ssec-to-ssec"],
    title: "copies an SSE-C source whose x-amz-copy-source-if-match names its ETag, readable with the target key",
  },
  {
    id: "copy-object.source-if-none-match",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-conditions"],
    title:
      "refuses a copy of an SSE-C source whose x-amz-copy-source-if-none-match names its ETag with 412 and creates no target",
    expect: "precondition-failed",
  },
  {
    id: "copy-object.source-if-unmodified-since",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-conditions"],
    title:
      "refuses a copy of an SSE-C source with an x-amz-copy-source-if-unmodified-since before its Last-Modified with 412 and creates no target",
    expect: "precondition-failed",
  },
  // --- copies across encryption types (issue 14: SSE-C ↔ SSE-S3, and a bucket default encryption)
  {
    id: "copy-object.ssec-to-sse-s3",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.ssec-to-sse-s3", "copy.request-encryption-wins"],
    title:
      "copies an SSE-C object with x-amz-server-side-encryption: AES256 to an SSE-S3 target, said so on the answer and readable without a key byte for byte",
    feature: "sse-s3",
  },
  {
    id: "copy-object.sse-s3-to-ssec",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.sse-s3-to-ssec", "get.no-key-refused"],
    title: "copies an SSE-S3 object to an SSE-C target that is refused without the key and read with it byte for byte",
    feature: "sse-s3",
  },
  {
    id: "copy-object.ssec-to-default-encryption",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.default-encryption-target", "copy.ssec-to-plain"],
    title:
      "copies an SSE-C object without target encryption headers into a bucket whose default is SSE-S3 as an SSE-S3 target, readable without a key byte for byte",
    feature: "sse-s3",
  },
  {
    id: "copy-object.ssec-target-over-default",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.request-encryption-wins", "copy.plain-to-ssec"],
    title:
      "makes a copy with an SSE-C target trio SSE-C in a bucket whose default is SSE-S3: echoed, refused without the key, read with it",
    feature: "sse-s3",
  },
  {
    id: "copy-object.source-wrong-key-if-none-match",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "SHOULD",
    evidence: ["copy.source-key-before-conditions", "copy.source-conditions"],
    title:
      "refuses a copy of an SSE-C source with a wrong copy-source key and an x-amz-copy-source-if-none-match of its ETag for the key, not with 412, and creates no target",
    expect: "copy-source-wrong-key",
  },
  {
    id: "copy-object.ssec-target-over-default-kms",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["copy.request-encryption-wins", "copy.plain-to-ssec"],
    title:
      "makes a copy with an SSE-C target trio SSE-C in a bucket whose default is SSE-KMS: echoed, refused without the key, read with it",
    feature: "sse-kms-default",
  },
];
