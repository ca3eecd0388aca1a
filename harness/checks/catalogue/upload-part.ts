/**
 * Upload Part (OBS Table 2 row 7): every part carries the trio given at initiate (evidence
 * upload-part.same-trio-required).
 * The shared header matrix (target trio, sent on a part of an SSE-C upload) comes first.
 */
import type { CheckDef } from "../types.ts";
import { headerCaseChecks } from "../header-cases.ts";

const iface = "Upload Part" as const;

export const checks: CheckDef[] = [
  ...headerCaseChecks(iface),
  {
    id: "upload-part.same-key-echo",
    interface: iface,
    category: "echo",
    level: "MUST",
    evidence: ["upload-part.same-trio-required", "upload-part.echo"],
    title:
      "accepts every part sent with the upload's key and echoes algorithm AES256 and key-MD5, never the key, on each",
  },
  {
    id: "upload-part.without-ssec-headers",
    interface: iface,
    category: "missing-headers",
    level: "MUST",
    evidence: ["upload-part.missing-key-refused"],
    title: "refuses a part without the SSE-C headers on an SSE-C upload and stores no part",
    expect: "part-missing-key",
  },
  {
    id: "upload-part.ssec-on-plain-upload",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["upload-part.ssec-on-plain-upload-refused"],
    title: "refuses a part with SSE-C headers on an upload initiated without SSE-C and stores no part",
    expect: "part-ssec-on-plain-upload",
  },
  {
    id: "upload-part.key-differs-from-initiate",
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["upload-part.different-key-refused"],
    title: "refuses a part sent with a key other than the upload's and stores no part",
    expect: "part-different-key",
  },
  {
    id: "upload-part.identical-bodies-distinct-etags",
    interface: iface,
    category: "etag",
    level: "SHOULD",
    evidence: ["upload-part.etags-distinct"],
    title: "gives identical SSE-C part bodies distinct ETags that are not the MD5 of the plaintext",
  },
  {
    id: "upload-part.unaligned-parts-round-trip",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["roundtrip.boundary-sizes", "range.across-parts"],
    title: "serves an SSE-C multipart object made of unaligned 5 MiB + 1 byte parts byte for byte",
  },
  {
    id: "upload-part.range-across-part-boundary",
    interface: iface,
    category: "range",
    level: "MUST",
    evidence: ["range.across-parts"],
    title:
      "serves ranges that start, end and cross at the part boundaries of an unaligned SSE-C multipart object exactly",
  },
  // --- At rest (bundled reference server only: harness/kit/at-rest.ts)
  {
    id: "upload-part.at-rest-encrypted",
    interface: iface,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.encrypted"],
    title:
      "stores the parts of an SSE-C multipart upload encrypted, so no run of their plaintext appears in storage (bundled reference server only)",
  },
  {
    id: "upload-part.at-rest-no-key",
    interface: iface,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.no-key-stored", "errors.no-key-echo"],
    title:
      "keeps the customer key of an SSE-C multipart upload out of storage in every encoding (bundled reference server only)",
  },
  // OBS's two header forms (evidence obs.both-header-forms): run under an OBS-dialect profile, skipped elsewhere.
  {
    id: "upload-part.obs-amz-form",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["obs.both-header-forms", "headers.obs-dialect", "headers.trio"],
    title:
      "on an OBS target, accepts a part with the x-amz- headers for an upload initiated with the x-obs- headers, echoing x-amz- names",
  },
  // Checksums of SSE-C objects (issue 14 item 3): computed over the plaintext, returned only with the key.
  {
    id: "upload-part.checksum-plaintext",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["checksum.ssec-plaintext", "checksum.composite-multipart"],
    title:
      "accepts an Upload Part of an SSE-C upload created with x-amz-checksum-algorithm carrying the plaintext's checksum, and answers that checksum",
  },
  {
    id: "upload-part.checksum-mismatch",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["checksum.mismatch-refused", "checksum.ssec-plaintext"],
    title:
      "refuses an Upload Part of an SSE-C upload whose x-amz-checksum-sha256 is not its plaintext's, and lists no such part",
  },
  // Sizes (issue 14 item 10).
  {
    id: "upload-part.exact-minimum-parts",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["multipart.part-limits", "roundtrip.boundary-sizes"],
    title:
      "completes an SSE-C upload whose first part is exactly 5 MiB (the minimum) and serves its bytes across the part boundary",
  },
  {
    id: "upload-part.part-number-10000",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["multipart.part-limits"],
    title: "accepts part number 10,000 of an SSE-C upload, completes it and serves that part",
  },
  {
    id: "upload-part.out-of-order",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["multipart.part-limits", "multipart.completed-round-trip"],
    title: "assembles an SSE-C object from parts uploaded out of order in part-number order",
  },
  // --- the AWS 2026 SSE-C block on parts (evidence blocked.write-refused; the AWS UploadPart reference)
  {
    id: "upload-part.blocked-bucket-refused",
    interface: iface,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.write-refused"],
    title: "refuses an SSE-C part to an upload initiated before its bucket blocked SSE-C, and stores no part",
    expect: "blocked-ssec-write",
    feature: "blocked-encryption-types",
  },
];
