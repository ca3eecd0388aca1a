/**
 * HEAD Object (OBS Table 2 row 4): errors carry no body, so only the status is graded (evidence
 * algorithm.invalid-head, key.wrong-length-read, head.no-key-refused).
 */
import type { CheckDef } from "../types.ts";
import { headerCaseChecks } from "../header-cases.ts";

const I = "HEAD Object" as const;

export const checks: CheckDef[] = [
  {
    id: "head-object.echo",
    interface: I,
    category: "echo",
    level: "MUST",
    evidence: ["read.echo", "headers.interfaces"],
    title: "answers HEAD with the key with 200, the plaintext length and the algorithm and key-MD5 echo",
  },
  {
    id: "head-object.content-length-plaintext",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["head.content-length-plaintext"],
    title: "reports the plaintext length of SSE-C objects at AES block and 64 KiB chunk edges",
  },
  {
    id: "head-object.etag-matches-put",
    interface: I,
    category: "etag",
    level: "MUST",
    evidence: ["read.etag-matches-put"],
    title: "reports the ETag that the PUT returned",
  },
  {
    id: "head-object.without-key",
    interface: I,
    category: "missing-headers",
    level: "MUST",
    evidence: ["head.no-key-refused"],
    title: "refuses HEAD of an SSE-C object without SSE-C headers",
    expect: "read-without-key-head",
  },
  {
    id: "head-object.without-key-zero-bytes",
    interface: I,
    category: "missing-headers",
    level: "MUST",
    evidence: ["head.no-key-refused", "ssec.zero-byte-objects"],
    title: "refuses HEAD of an empty SSE-C object without SSE-C headers",
  },
  {
    id: "head-object.wrong-key",
    interface: I,
    category: "wrong-key",
    level: "MUST",
    evidence: ["head.wrong-key-refused"],
    title: "refuses HEAD of an SSE-C object with another valid key",
    expect: "wrong-key-read",
  },
  {
    id: "head-object.wrong-key-zero-bytes",
    interface: I,
    category: "wrong-key",
    level: "MUST",
    evidence: ["head.wrong-key-refused", "ssec.zero-byte-objects"],
    title: "refuses HEAD of an empty SSE-C object with another valid key",
  },
  {
    id: "head-object.wrong-key-multipart",
    interface: I,
    category: "wrong-key",
    level: "MUST",
    evidence: ["head.wrong-key-refused", "read.wrong-key-every-path"],
    title: "refuses HEAD of a multipart SSE-C object with another valid key",
  },
  {
    id: "head-object.multipart-length",
    interface: I,
    category: "multipart",
    level: "MUST",
    evidence: ["head.content-length-plaintext"],
    title:
      "reports for an unaligned multipart SSE-C object the sum of the plaintext part sizes, which GET then returns",
  },
  {
    id: "head-object.range",
    interface: I,
    category: "range",
    level: "MUST",
    evidence: ["head.range", "range.ssec"],
    title: "answers HEAD with a Range on an SSE-C object with the range's length",
  },
  {
    id: "head-object.part-number",
    interface: I,
    category: "multipart",
    level: "MUST",
    evidence: ["part-number.read"],
    title: "answers HEAD partNumber=1 of a multipart SSE-C object with the part's plaintext length and the parts count",
  },
  {
    id: "head-object.part-number-out-of-range",
    interface: I,
    category: "multipart",
    level: "MUST",
    evidence: ["part-number.out-of-range"],
    title: "refuses HEAD of a part number beyond the last part of an SSE-C object",
    expect: "part-number-invalid",
  },
  {
    id: "head-object.part-number-wrong-key",
    interface: I,
    category: "wrong-key",
    level: "MUST",
    evidence: ["head.wrong-key-refused", "read.wrong-key-every-path"],
    title: "refuses HEAD partNumber=1 of an SSE-C object with another valid key",
  },
  {
    id: "head-object.if-none-match",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["conditional.if-none-match", "headers.interfaces"],
    title: "answers HEAD with the key and If-None-Match of the object's ETag with 304",
    expect: "not-modified",
  },
  {
    id: "head-object.if-match-mismatch",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["conditional.if-match", "headers.interfaces"],
    title: "answers HEAD with the key and an If-Match of another ETag with 412",
    expect: "precondition-failed",
  },
  {
    id: "head-object.ssec-on-plain-object",
    interface: I,
    category: "missing-headers",
    level: "SHOULD",
    evidence: ["read.ssec-on-plain-object"],
    title: "refuses HEAD with SSE-C headers of an object stored without SSE-C",
    expect: "ssec-on-plain-read",
  },
  {
    id: "head-object.presigned",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["presigned.ssec"],
    title: "answers a presigned HEAD whose SSE-C trio is sent as headers with 200 and the echo",
  },
  // Checksums of SSE-C objects (issue 14 item 3): computed over the plaintext, returned only with the key.
  {
    id: "head-object.checksum-mode-with-key",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["checksum.ssec-plaintext"],
    title:
      "returns the plaintext's checksum of an SSE-C object (every algorithm) to a HEAD with its key and x-amz-checksum-mode: ENABLED",
  },
  {
    id: "head-object.checksum-mode-without-key",
    interface: I,
    category: "missing-headers",
    level: "MUST",
    evidence: ["checksum.read-requires-key", "head.no-key-refused"],
    title:
      "refuses a HEAD with x-amz-checksum-mode: ENABLED and without the key of an SSE-C object, with no checksum in the answer",
  },
  ...headerCaseChecks(I),
];
