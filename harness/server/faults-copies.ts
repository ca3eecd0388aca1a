/**
 * Faults of issue 14 (FAULTS in faults.ts spreads them in): conditional requests on SSE-C objects,
 * copies across encryption types, and the SSE-C block on copies and parts. Kept apart from
 * faults.ts for its length only; each is a branch in the real code path like any other fault.
 */
export const COPY_AND_CONDITION_FAULTS = {
  "conditional-read-key-unverified": {
    description:
      "A GET or HEAD carrying If-Match or If-None-Match is answered from a revalidation path that trusts the ETag and never verifies the SSE-C key.",
    modelledOn:
      "evidence read.wrong-key-every-path (every read path authenticates the key); per-object verification shortcuts such as pgsty/silo#82",
  },
  "preconditions-before-key": {
    description:
      "GET and HEAD evaluate If-Match / If-None-Match / If-Modified-Since / If-Unmodified-Since before the SSE-C key, answering 304 or 412 to a request without the key or with a wrong one.",
    modelledOn:
      "evidence conditional.key-before-preconditions (RFC 7232 section 5: preconditions are ignored when the answer without them is neither 2xx nor 412)",
  },
  "conditional-write-ssec-unchecked": {
    description:
      "A PUT with SSE-C never evaluates If-None-Match: * (the SSE-C write path skips the conditional-write check) and overwrites an existing object.",
    modelledOn:
      "evidence conditional.write-if-none-match; conditional writes wired into one write path only (developmentseed/multistore#120)",
  },
  "conditional-write-drops-encryption": {
    description:
      "A conditional PUT (If-None-Match) is stored without its SSE-C encryption, in plain, though the answer echoes the key-MD5.",
    modelledOn:
      "evidence conditional.write-if-none-match, put.echo; seaweedfs/seaweedfs#2313 (SSE-C headers validated, then the object stored in plain)",
  },
  "copy-source-conditions-ignored-for-ssec": {
    description:
      "Copy and Upload Part - Copy from an SSE-C source never evaluate the x-amz-copy-source-if-* conditions: the copy is made whatever they say.",
    modelledOn:
      "evidence copy.source-conditions; an encrypted-source copy path apart from the plain one (seaweedfs/seaweedfs#9281)",
  },
  "blocked-bucket-copy-unchecked": {
    description:
      "A bucket with SSE-C blocked refuses SSE-C PUTs, POSTs and Initiates but still accepts a CopyObject to an SSE-C target.",
    modelledOn:
      "evidence blocked.write-refused (CopyObject is named among the blocked writes); a block check wired into the upload handlers only",
  },
  "blocked-bucket-parts-unchecked": {
    description:
      "A bucket with SSE-C blocked refuses an SSE-C Initiate but accepts SSE-C Upload Part and Upload Part - Copy into an upload initiated before the block.",
    modelledOn:
      "evidence blocked.write-refused (the AWS UploadPart reference: SSE-C headers on a blocking bucket give 403); a block checked once, at Initiate",
  },
  "blocked-bucket-part-copy-unchecked": {
    description:
      "A bucket with SSE-C blocked refuses SSE-C Upload Part but accepts an SSE-C Upload Part - Copy (its own code path).",
    modelledOn:
      "evidence blocked.write-refused; part copies on a path of their own (minio/minio#6698, seaweedfs/seaweedfs#9281) that misses the block",
  },
  "default-encryption-overrides-ssec": {
    description:
      "In a bucket with a default encryption, an SSE-C PUT, copy or Initiate is stored with the bucket default (SSE-S3 or SSE-KMS) instead of the customer key, readable without it.",
    modelledOn:
      "evidence put.ssec-over-default, copy.request-encryption-wins (the request's encryption takes precedence over the default)",
  },
  "copy-ignores-default-encryption": {
    description:
      "A copy without target encryption headers ignores the destination bucket's default encryption: the target is stored unencrypted and answered without x-amz-server-side-encryption.",
    modelledOn: "evidence copy.default-encryption-target (AWS: the target takes the destination bucket's default)",
  },
  "copy-to-sse-s3-ciphertext": {
    description:
      "A copy of an SSE-C source to an SSE-S3 target (asked for, or the bucket default) stores the source's sealed bytes instead of its plaintext, and serves them with a 200.",
    modelledOn:
      "issue 14 (copies between encryption types serving ciphertext as plaintext with a 200); seaweedfs/seaweedfs#9281 (cross-SSE copies)",
  },
  "sse-s3-source-copy-keeps-sse-s3": {
    description:
      "A copy of an SSE-S3 source to an SSE-C target keeps the source's SSE-S3 and drops the target key: the target reads without a key.",
    modelledOn: "seaweedfs/seaweedfs#9281 (SSE-S3 to SSE-C copies); evidence copy.sse-s3-to-ssec",
  },
  "part-copy-plain-upload-ciphertext": {
    description:
      "An Upload Part - Copy from an SSE-C source into an upload without SSE-C stores the source's sealed bytes as the part.",
    modelledOn:
      "seaweedfs/seaweedfs#9281 (UploadPartCopy corrupting encrypted uploads); evidence upload-part-copy.ssec-source-to-plain-upload",
  },
  "copy-source-conditions-before-key": {
    description:
      "Copy and Upload Part - Copy evaluate the x-amz-copy-source-if-* conditions before the copy-source key, answering 412 to a copy whose source key is wrong.",
    modelledOn:
      "evidence copy.source-key-before-conditions (RFC 7232 section 5: preconditions are ignored when the answer without them is neither 2xx nor 412)",
  },
} as const satisfies Record<string, { description: string; modelledOn: string }>;
