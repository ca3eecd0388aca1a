/**
 * Initiate Multipart Upload (OBS Table 2 row 6) and what the upload's SSE-C setting means for the
 * completed object (evidence upload-part.same-trio-required). The shared header matrix (target trio) comes
 * first.
 */
import type { CheckDef } from "../types.ts";
import { headerCaseChecks } from "../header-cases.ts";

const iface = "Initiate Multipart Upload" as const;

export const checks: CheckDef[] = [
  ...headerCaseChecks(iface),
  {
    id: "initiate-multipart-upload.echo",
    interface: iface,
    category: "echo",
    level: "MUST",
    evidence: ["initiate.echo"],
    title: "echoes the algorithm AES256 and the key-MD5, never the key, when it initiates an SSE-C upload",
  },
  {
    id: "initiate-multipart-upload.completed-round-trip",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["multipart.completed-round-trip"],
    title: "serves a completed SSE-C multipart object with its key byte for byte, echoing algorithm and key-MD5",
  },
  {
    id: "initiate-multipart-upload.completed-requires-key",
    interface: iface,
    category: "missing-headers",
    level: "MUST",
    evidence: ["multipart.completed-round-trip", "get.no-key-refused"],
    title: "refuses a GET without the key of a completed SSE-C multipart object",
  },
  {
    id: "initiate-multipart-upload.completed-wrong-key",
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["get.wrong-key-refused", "read.wrong-key-every-path"],
    title: "refuses a GET with a wrong key of a completed SSE-C multipart object",
  },
  {
    id: "initiate-multipart-upload.completed-head",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["head.content-length-plaintext", "multipart.completed-round-trip"],
    title:
      "answers HEAD of a completed SSE-C multipart object with its key with the sum of the plaintext part sizes as Content-Length",
  },
  {
    id: "initiate-multipart-upload.completed-etag-part-count",
    interface: iface,
    category: "etag",
    level: "SHOULD",
    evidence: ["multipart.etag-part-count"],
    title:
      "gives a completed SSE-C multipart object an ETag ending in the number of its parts, the same on Complete, HEAD and GET",
  },
  {
    id: "initiate-multipart-upload.complete-without-key",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["complete.without-key"],
    title:
      "answers CompleteMultipartUpload of an SSE-C upload sent without the SSE-C headers as the profile states (AWS: completes it)",
    expect: "complete-without-key",
  },
  {
    id: "initiate-multipart-upload.list-parts-without-key",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["list-parts.without-key"],
    title: "lists the parts of an SSE-C upload without the SSE-C headers",
  },
  {
    id: "initiate-multipart-upload.blocked-bucket",
    interface: iface,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.write-refused"],
    title: "refuses to initiate an SSE-C upload in a bucket that blocks SSE-C",
    expect: "blocked-ssec-write",
    feature: "blocked-encryption-types",
  },
  // OBS's two header forms (evidence obs.both-header-forms): run under an OBS-dialect profile, skipped elsewhere.
  {
    id: "initiate-multipart-upload.obs-amz-form",
    interface: iface,
    category: "round-trip",
    level: "MUST",
    evidence: ["obs.both-header-forms", "headers.obs-dialect", "headers.trio"],
    title:
      "on an OBS target, initiates an SSE-C upload with the x-amz- headers, echoing x-amz- names, whose parts and object the x-obs- headers then write and read",
  },
  // --- a bucket default encryption under an SSE-C Initiate (issue 14)
  {
    id: "initiate-multipart-upload.ssec-over-default",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["put.ssec-over-default", "copy.request-encryption-wins"],
    title:
      "makes an SSE-C upload in a bucket whose default is SSE-S3 an SSE-C object once completed: refused without the key, read with it",
    feature: "sse-s3",
  },
  // Complete Multipart Upload with the key, with another key, and with a checksum algorithm (issue 14 items 3, 4).
  {
    id: "initiate-multipart-upload.complete-with-key",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["complete.with-key", "multipart.completed-round-trip"],
    title:
      "completes an SSE-C upload given its own SSE-C headers, without echoing the key, and the object reads back with that key",
  },
  {
    id: "initiate-multipart-upload.complete-wrong-key",
    interface: iface,
    category: "wrong-key",
    level: "MUST",
    evidence: ["complete.wrong-key-refused"],
    title:
      "never lets a Complete Multipart Upload carrying another key make the object readable with that key (or unreadable with its own)",
  },
  {
    id: "initiate-multipart-upload.complete-wrong-key-refused",
    interface: iface,
    category: "wrong-key",
    level: "SHOULD",
    evidence: ["complete.wrong-key-refused"],
    title:
      "refuses a Complete Multipart Upload of an SSE-C upload that carries another key than the upload's, leaving the upload open",
  },
  {
    id: "initiate-multipart-upload.complete-checksum-requires-key",
    interface: iface,
    category: "missing-headers",
    level: "MUST",
    evidence: ["complete.checksum-requires-key"],
    title:
      "refuses Complete Multipart Upload without the SSE-C headers of an SSE-C upload created with a checksum algorithm, leaving the upload open",
  },
  {
    id: "initiate-multipart-upload.complete-checksum-composite",
    interface: iface,
    category: "multipart",
    level: "MUST",
    evidence: ["checksum.composite-multipart", "checksum.ssec-plaintext", "complete.checksum-requires-key"],
    title:
      "gives an SSE-C object completed from a checksummed upload the COMPOSITE checksum of its plaintext parts, returned with its key",
  },
];
