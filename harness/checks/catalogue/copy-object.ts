/**
 * PUT Object - Copy (seed Table 2 row 3: the SSE-C headers apply to the target; seed Table 3: the
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
  // --- every source × target encryption mode (BEHAVIOUR §1.5, s3-tests test_copy_enc, mint §4.4)
  {
    id: "copy-object.ssec-to-ssec-same-key",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §1.5 (same-key copy, S7); seed Table 3",
    title: "copies an SSE-C object to an SSE-C target under the same key, readable with that key byte for byte",
  },
  {
    id: "copy-object.ssec-to-ssec-new-key",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §7.42; §3 test_copy_enc",
    title: "copies an SSE-C object to an SSE-C target under a different key, readable with the new key byte for byte",
  },
  {
    id: "copy-object.echo-target",
    control: SSEC_COPY,
    interface: iface,
    category: "echo",
    level: "MUST",
    citation: "BEHAVIOUR §1.2 (CopyObject echo); seed Table 2 row 3",
    title: "echoes the target algorithm AES256 and the target key-MD5, never the key, on a copy to an SSE-C target",
  },
  {
    id: "copy-object.new-key-copy-refuses-old-key",
    control: SSEC_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    citation: "BEHAVIOUR §7.42; E11",
    title: "refuses a GET of the copy with the source's key once the copy was made under a different key",
    expect: "wrong-key-read",
  },
  {
    id: "copy-object.ssec-to-plain",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §7.47; §1.5",
    title: "copies an SSE-C object to an unencrypted target that is then readable without a key byte for byte",
  },
  {
    id: "copy-object.plain-to-ssec",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §4.4 (testUnencryptedToSSECCopyObject); §1.5",
    title: "copies an unencrypted object to an SSE-C target that is readable with the key byte for byte",
  },
  {
    id: "copy-object.plain-to-ssec-requires-key",
    interface: iface,
    category: "missing-headers",
    level: "MUST",
    citation: "BEHAVIOUR E10; §1.5",
    title: "refuses a GET without the key of an SSE-C target copied from an unencrypted source",
    expect: "read-without-key",
  },
  {
    id: "copy-object.plain-to-plain",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §4.4 (testUnencryptedToUnencryptedCopyObject)",
    title: "copies an unencrypted object to an unencrypted target byte for byte (control case)",
  },
  // --- key rotation by copying an object onto itself (§1.5, mint testEncryptedSSECToSSECCopyObject)
  {
    id: "copy-object.rotate-in-place",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §7.49; §1.5",
    title:
      "rotates the key of an SSE-C object by copying it onto itself, after which the new key reads it byte for byte",
  },
  {
    id: "copy-object.rotate-in-place-refuses-old-key",
    control: SSEC_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    citation: "BEHAVIOUR §7.49; E11",
    title: "refuses a GET with the old key once an object's key was rotated in place",
    expect: "wrong-key-read",
  },
  {
    id: "copy-object.rotate-in-place-wrong-key",
    control: SSEC_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    citation: "BEHAVIOUR E26; B8; §7.50",
    // No profile name yet: E26 is 400 InvalidArgument in MinIO and the reference server, UNCERTAIN
    // on AWS; the suite passes that as the fallback and a profile deviation can override it.
    title:
      "refuses an in-place copy whose source and target key are the same wrong key, and the object stays readable with its key",
  },
  // --- copy-source trio (seed Table 3)
  {
    id: "copy-object.source-key-missing",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    citation: "BEHAVIOUR E21; §7.43; B15",
    title: "refuses to copy an SSE-C source without the copy-source headers and creates no target",
    expect: "copy-source-missing",
  },
  {
    id: "copy-object.source-key-wrong",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    citation: "BEHAVIOUR E25; §7.44",
    title: "refuses to copy an SSE-C source given the wrong copy-source key and creates no target",
    expect: "copy-source-wrong-key",
  },
  {
    id: "copy-object.source-algorithm-kms",
    control: SSEC_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    citation: "BEHAVIOUR E22; §7.45",
    title: "refuses a copy-source algorithm of KMS and creates no target",
    expect: "invalid-algorithm",
  },
  {
    id: "copy-object.source-headers-on-plain-source",
    interface: iface,
    category: "copy-source",
    level: "MUST",
    citation: "BEHAVIOUR §7.48; B7; §4.4 (aws-sdk-go-v2 testSSECopyObject)",
    title: "refuses copy-source SSE-C headers on an unencrypted source and creates no target",
    expect: "copy-source-on-plain-source",
  },
  {
    id: "copy-object.source-headers-on-plain-source-keeps-target",
    interface: iface,
    category: "copy-source",
    level: "MUST",
    citation: "BEHAVIOUR B7",
    title: "leaves an existing target intact when it refuses copy-source SSE-C headers on an unencrypted source",
    expect: "copy-source-on-plain-source",
  },
  // The plain-HTTP gate must look at the copy-source trio too: a copy to an unencrypted target
  // sends only that trio, and its key crosses the wire in clear (E33; §7.25). OBS lets exactly
  // this copy use HTTP (BEHAVIOUR §2, obs_04_0108 Table 3): its profile expects a 200 and the copy.
  {
    id: "copy-object.copy-source-only-plain-http-refused",
    control: SSEC_COPY,
    interface: iface,
    category: "transport",
    level: "MUST",
    citation: "BEHAVIOUR E33; BEHAVIOUR §7.25; seed Table 3",
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
    citation: "BEHAVIOUR E33; BEHAVIOUR §7.25; seed Table 3",
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
    citation: "BEHAVIOUR B9; §7.44",
    title: "refuses to copy a zero-byte SSE-C source given the wrong copy-source key",
    expect: "copy-source-wrong-key",
  },
  // --- metadata directive, sizes, multipart source
  {
    id: "copy-object.metadata-directive-copy",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §1.1 (only object data is encrypted, not metadata); §1.5",
    title: "keeps the source's user metadata and Content-Type on an SSE-C copy with the COPY metadata directive",
  },
  {
    id: "copy-object.metadata-directive-replace",
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: "BEHAVIOUR §1.1; §1.5",
    title: "replaces the user metadata on an SSE-C copy with the REPLACE metadata directive",
  },
  ...[
    ["0", "an empty object", "BEHAVIOUR §4.4 (testEncryptedEmptyObject); B9"],
    ["1", "a 1-byte object", "BEHAVIOUR §3 test_copy_enc (size 1)"],
    ["16", "a 16-byte object (one AES block)", "BEHAVIOUR §4.4 (AES block boundaries)"],
    ["17", "a 17-byte object", "BEHAVIOUR §4.4 (AES block boundaries)"],
    ["65537", "a 64 KiB + 1 byte object", "BEHAVIOUR §7.4 (64 KiB ± 1)"],
    ["5242881", "a 5 MiB + 1 byte object", "BEHAVIOUR §3 (unaligned 5 MiB + 1); §7.4"],
  ].map(([size, what, citation]): CheckDef => ({
    id: `copy-object.size-${size}`,
    control: SSEC_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    citation: citation!,
    title: `copies ${what} from one SSE-C key to another byte for byte`,
  })),
  {
    id: "copy-object.multipart-source",
    control: SSEC_COPY,
    interface: iface,
    category: "multipart",
    level: "MUST",
    citation: "BEHAVIOUR B14; §4.4 (awscli test_serverside_encryption_multipart_copy)",
    title: "copies a multipart SSE-C object with unaligned parts to an SSE-C target byte for byte",
  },
  // --- ETags (§1.6)
  {
    id: "copy-object.etag-not-plaintext-md5",
    control: SSEC_COPY,
    interface: iface,
    category: "etag",
    level: "SHOULD",
    citation: "BEHAVIOUR §1.6 (S8: Copy with SSE-C gives an ETag that is not the MD5)",
    title: "gives an SSE-C copy an ETag that is not the MD5 of its plaintext",
  },
  {
    id: "copy-object.plain-target-etag-md5",
    control: SSEC_COPY,
    interface: iface,
    category: "etag",
    level: "SHOULD",
    citation: "BEHAVIOUR §1.6 (S7: copy of an SSE-C object to SSE-S3 returned the plaintext MD5)",
    title: "gives an unencrypted copy of an SSE-C object the MD5 of its plaintext as ETag",
  },
  // --- At rest (bundled reference server only: harness/kit/at-rest.ts)
  {
    id: "copy-object.at-rest-encrypted",
    control: SSEC_COPY,
    interface: iface,
    category: "at-rest",
    level: "MUST",
    citation: "BEHAVIOUR §7.60; BEHAVIOUR §4.3",
    title:
      "stores the bytes of a copy made under a new SSE-C key encrypted, so no run of its plaintext appears in storage (bundled reference server only)",
  },
  {
    id: "copy-object.at-rest-no-key",
    control: SSEC_COPY,
    interface: iface,
    category: "at-rest",
    level: "MUST",
    citation: "BEHAVIOUR §7.61; BEHAVIOUR §1.1",
    title:
      "keeps the target and copy-source keys of an SSE-C copy out of storage in every encoding (bundled reference server only)",
  },
];
