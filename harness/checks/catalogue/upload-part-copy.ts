/**
 * Upload Part - Copy (OBS Table 2 row 8: the SSE-C headers apply to the target part; OBS Table 3:
 * the copy-source trio decrypts an SSE-C source). The shared header matrix (target trio, then
 * copy-source trio) comes first.
 */
import type { CheckDef } from "../types.ts";
import { headerCaseChecks } from "../header-cases.ts";
import { COPY_CONTROL, copySourceCaseChecks } from "../copy-source-cases.ts";

const iface = "Upload Part - Copy" as const;
/** The control of the checks that copy from an SSE-C source (CheckDef.control). */
const SSEC_PART_COPY = COPY_CONTROL[iface];

export const checks: CheckDef[] = [
  ...headerCaseChecks(iface),
  ...copySourceCaseChecks(iface),
  {
    id: "upload-part-copy.echo",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "echo",
    level: "MUST",
    evidence: ["upload-part-copy.echo"],
    title: "echoes the target algorithm AES256 and key-MD5, never the key, on a part copied into an SSE-C upload",
  },
  {
    id: "upload-part-copy.from-ssec-source",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["upload-part-copy.from-ssec-source"],
    title: "copies a whole SSE-C source into a part of an SSE-C upload under another key, byte for byte once completed",
  },
  {
    id: "upload-part-copy.from-ssec-source-range",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "range",
    level: "MUST",
    evidence: ["upload-part-copy.from-ssec-source"],
    title: "copies a byte range of an SSE-C source with x-amz-copy-source-range into a part of an SSE-C upload exactly",
  },
  {
    id: "upload-part-copy.from-plain-source",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["upload-part-copy.from-plain-source"],
    title: "copies an unencrypted source into a part of an SSE-C upload byte for byte once completed",
  },
  {
    id: "upload-part-copy.from-multipart-source-across-parts",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["upload-part-copy.from-ssec-source", "range.across-parts"],
    title:
      "copies ranges of an unaligned SSE-C multipart source that span its part boundaries into an SSE-C upload exactly",
  },
  {
    id: "upload-part-copy.completed-exact-bytes",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["upload-part-copy.from-ssec-source", "multipart.completed-round-trip"],
    title:
      "completes an SSE-C upload built from copied and uploaded parts into an object whose bytes are the parts' bytes in order",
  },
  {
    id: "upload-part-copy.missing-target-key",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "missing-headers",
    level: "MUST",
    evidence: ["upload-part-copy.target-trio"],
    title: "refuses a part copy into an SSE-C upload sent with only the copy-source headers and stores no part",
    expect: "part-missing-key",
  },
  {
    id: "upload-part-copy.source-key-as-target-key",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["upload-part-copy.target-trio"],
    title:
      "refuses a part copy that gives the source's key as the target key of an upload under another key and stores no part",
    expect: "part-different-key",
  },
  {
    id: "upload-part-copy.source-key-missing",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["upload-part-copy.source-key-required"],
    title: "refuses a part copy from an SSE-C source without the copy-source headers and stores no part",
    expect: "copy-source-missing",
  },
  {
    id: "upload-part-copy.source-key-wrong",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-wrong-key"],
    title: "refuses a part copy from an SSE-C source given the wrong copy-source key and stores no part",
    expect: "copy-source-wrong-key",
  },
  {
    id: "upload-part-copy.source-key-wrong-range",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-wrong-key", "upload-part-copy.from-ssec-source"],
    title:
      "refuses a ranged part copy (x-amz-copy-source-range) from an SSE-C source given the wrong copy-source key and stores no part",
  },
  // The plain-HTTP gate must look at the copy-source trio too: a part copy into an unencrypted
  // upload sends only that trio, and its key crosses the wire in clear (evidence http.ssec-refused). OBS lets
  // exactly this part copy use HTTP (evidence headers.obs-dialect, obs_04_0108 Table 4): its profile expects a 200.
  {
    id: "upload-part-copy.copy-source-only-plain-http-refused",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "transport",
    level: "MUST",
    evidence: ["http.ssec-refused", "http.copy-source-only", "headers.copy-source-trio"],
    title:
      "refuses a part copy from an SSE-C source into an unencrypted upload sent over plain HTTP with only the copy-source headers, and stores no part",
    expect: "http-copy-source-to-plain",
  },
  {
    id: "upload-part-copy.copy-source-only-plain-http-code",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "transport",
    level: "SHOULD",
    evidence: ["http.ssec-refused", "http.copy-source-only", "headers.copy-source-trio"],
    title:
      "answers a part copy into an unencrypted upload sent over plain HTTP with only the copy-source headers with the profile's error code",
    expect: "http-copy-source-to-plain",
  },
  {
    id: "upload-part-copy.source-headers-on-plain-source",
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-headers-on-plain-source"],
    title: "refuses copy-source SSE-C headers on an unencrypted source of a part copy and stores no part",
    expect: "copy-source-on-plain-source",
  },
  // OBS's two header forms (evidence obs.both-header-forms): run under an OBS-dialect profile, skipped elsewhere.
  {
    id: "upload-part-copy.obs-amz-form",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["obs.both-header-forms", "headers.obs-dialect", "headers.trio", "headers.copy-source-trio"],
    title:
      "on an OBS target, copies an SSE-C part with the x-amz- copy-source and target headers into an upload initiated with the x-obs- headers, echoing x-amz- names",
  },
  // Versioning (issue 14): a copy source names a version, opened with that version's key.
  {
    id: "upload-part-copy.source-version-own-key",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["version.copy-source-version", "version.own-key-read"],
    title: "copies a part from a noncurrent SSE-C version named by ?versionId with its own copy-source key",
    feature: "versioning",
  },
  {
    id: "upload-part-copy.source-version-current-key",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-wrong-key", "version.copy-source-version", "version.noncurrent-current-key-refused"],
    title: "refuses a part copy from a noncurrent SSE-C version given the current version's key and stores no part",
    expect: "copy-source-wrong-key",
    feature: "versioning",
  },
  // --- the AWS 2026 SSE-C block on part copies (evidence blocked.write-refused)
  {
    id: "upload-part-copy.blocked-bucket-refused",
    interface: iface,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.write-refused"],
    title: "refuses a part copy into an SSE-C upload initiated before its bucket blocked SSE-C, and stores no part",
    expect: "blocked-ssec-write",
    feature: "blocked-encryption-types",
  },
  // --- copy-source conditions on an SSE-C source (evidence copy.source-conditions)
  {
    id: "upload-part-copy.source-if-match",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-conditions", "upload-part-copy.from-ssec-source"],
    title: "copies an SSE-C source into a part when x-amz-copy-source-if-match names its ETag",
  },
  {
    id: "upload-part-copy.source-if-none-match",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "MUST",
    evidence: ["copy.source-conditions"],
    title:
      "refuses a part copy from an SSE-C source whose x-amz-copy-source-if-none-match names its ETag with 412 and stores no part",
    expect: "precondition-failed",
  },
  // --- an SSE-C source into an upload without SSE-C (issue 14; into an SSE-C upload under another key:
  // upload-part-copy.from-ssec-source)
  {
    id: "upload-part-copy.ssec-source-to-plain-upload",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["upload-part-copy.ssec-source-to-plain-upload"],
    title:
      "copies an SSE-C source with only the copy-source headers into an upload initiated without SSE-C, readable without a key once completed",
  },
  {
    id: "upload-part-copy.source-wrong-key-if-none-match",
    control: SSEC_PART_COPY,
    interface: iface,
    category: "copy-source",
    level: "SHOULD",
    evidence: ["copy.source-key-before-conditions", "copy.source-conditions"],
    title:
      "refuses a part copy from an SSE-C source with a wrong copy-source key and an x-amz-copy-source-if-none-match of its ETag for the key, not with 412, and stores no part",
    expect: "copy-source-wrong-key",
  },
];
