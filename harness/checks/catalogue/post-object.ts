/**
 * POST Object (OBS Table 2 row 2): the SSE-C values travel as form fields with the headers'
 * names (evidence post.form-fields), so the matrix here varies form fields, not headers.
 */
import type { CheckDef } from "../types.ts";
import { headerCaseChecks } from "../header-cases.ts";

const I = "POST Object" as const;

export const checks: CheckDef[] = [
  {
    id: "post-object.round-trip",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["post.form-fields", "headers.interfaces"],
    title: "stores an object posted with SSE-C form fields that GET with the same key returns byte for byte",
  },
  {
    id: "post-object.round-trip-0-bytes",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["post.form-fields", "roundtrip.boundary-sizes"],
    title: "stores an empty object posted with SSE-C form fields",
  },
  {
    id: "post-object.round-trip-5mib-plus-1",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["post.form-fields", "roundtrip.boundary-sizes"],
    title: "stores a 5 MiB + 1 byte object posted with SSE-C form fields",
  },
  {
    id: "post-object.echo",
    interface: I,
    category: "echo",
    level: "SHOULD",
    evidence: ["post.echo"],
    title: "echoes the algorithm and key-MD5, never the key, in the response to an SSE-C POST",
  },
  {
    id: "post-object.stored-encrypted",
    interface: I,
    category: "wrong-key",
    level: "MUST",
    evidence: ["post.form-fields", "get.no-key-refused"],
    title: "serves a posted SSE-C object neither without the key nor with another key",
  },
  {
    id: "post-object.policy-without-ssec-conditions",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["post.policy-field-required"],
    title: "refuses a POST whose policy has no conditions for the SSE-C form fields and stores nothing",
    expect: "post-policy-violation",
  },
  {
    id: "post-object.policy-condition-mismatch",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["post.policy-condition-failed"],
    title: "refuses a POST whose key-MD5 field differs from the value its policy requires and stores nothing",
    expect: "post-policy-violation",
  },
  {
    id: "post-object.presigned-expired",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["post.policy-condition-failed", "headers.interfaces"],
    title: "refuses a presigned POST with SSE-C form fields once its policy has expired, and stores nothing",
    expect: "post-policy-violation",
  },
  {
    id: "post-object.etag-not-plaintext-md5",
    interface: I,
    category: "etag",
    level: "SHOULD",
    evidence: ["etag.not-plaintext-md5"],
    title: "gives a posted SSE-C object an ETag that is not the MD5 of its plaintext",
  },
  {
    id: "post-object.blocked-bucket-refused",
    interface: I,
    category: "policy",
    level: "MUST",
    evidence: ["blocked.write-refused", "post.form-fields"],
    title: "refuses an SSE-C POST into a bucket that blocks SSE-C and stores nothing",
    expect: "blocked-ssec-write",
    feature: "blocked-encryption-types",
  },
  {
    id: "post-object.at-rest-encrypted",
    interface: I,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.encrypted"],
    title:
      "stores the bytes of an object posted with SSE-C form fields encrypted, so no run of its plaintext appears in storage (bundled reference server only)",
  },
  {
    id: "post-object.at-rest-no-key",
    interface: I,
    category: "at-rest",
    level: "MUST",
    evidence: ["at-rest.no-key-stored", "errors.no-key-echo"],
    title: "keeps the customer key of an SSE-C POST out of storage in every encoding (bundled reference server only)",
  },
  ...headerCaseChecks(I),
  // OBS's two header forms (evidence obs.both-header-forms): run under an OBS-dialect profile, skipped elsewhere.
  {
    id: "post-object.obs-amz-form",
    interface: I,
    category: "round-trip",
    level: "MUST",
    evidence: ["obs.both-header-forms", "headers.obs-dialect", "headers.trio", "headers.interfaces"],
    title:
      "on an OBS target, accepts a POST Object with the x-amz- SSE-C form fields and serves the object to the x-obs- headers",
  },
];
