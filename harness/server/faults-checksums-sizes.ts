/**
 * The faults of issue 14 items 3, 4 and 10 (checksums of SSE-C objects, Complete Multipart Upload
 * with and without the key, sizes and part reads), kept apart so faults.ts stays readable; FAULTS
 * spreads them in. Same shape: what the server does wrong, and what it is modelled on.
 */
export const CHECKSUM_SIZE_FAULTS = {
  "checksum-over-ciphertext": {
    description:
      "The checksum stored with an SSE-C object is computed over the bytes at rest (the ciphertext), so GET/HEAD with x-amz-checksum-mode: ENABLED return a checksum that is not the plaintext's.",
    modelledOn:
      "evidence checksum.ssec-plaintext (AWS returns the plaintext's CRC64NVME for an SSE-C object); a checksum tapped after the encrypting stage",
  },
  "ssec-checksum-dropped": {
    description:
      "GET/HEAD with x-amz-checksum-mode: ENABLED return no checksum for SSE-C objects (the sealed checksum is never opened).",
    modelledOn: "issue 14 'checksums of SSE-C objects unreadable'; evidence checksum.ssec-plaintext",
  },
  "checksum-mode-skips-key-check": {
    description:
      "A HEAD or GET with x-amz-checksum-mode: ENABLED is answered from the object's metadata without the key check: 200 without the SSE-C headers (a GET then streams the stored bytes).",
    modelledOn:
      "pgsty/silo#84 (object attributes, checksums among them, served without authenticating the SSE-C key); evidence checksum.read-requires-key",
  },
  "ssec-checksum-not-verified": {
    description:
      "An SSE-C PUT or Upload Part whose x-amz-checksum-* does not match its body is accepted and keeps the checksum as sent.",
    modelledOn:
      "evidence checksum.mismatch-refused (400 BadDigest); a write path that can only checksum what it stores",
  },
  "complete-checksum-key-optional": {
    description:
      "Complete Multipart Upload of an SSE-C upload created with a checksum algorithm succeeds without the SSE-C headers.",
    modelledOn:
      "evidence complete.checksum-requires-key (AWS CompleteMultipartUpload: the SSE-C headers are required then)",
  },
  "complete-key-not-compared": {
    description:
      "Complete Multipart Upload validates the SSE-C headers it is sent but never compares the key with the upload's: another valid key is accepted.",
    modelledOn:
      "evidence complete.wrong-key-refused; ceph/s3-tests test_copy_part_enc (Complete with another key must fail)",
  },
  "complete-with-key-refused": {
    description:
      "Complete Multipart Upload of an SSE-C upload refuses the upload's own SSE-C headers (validated as if Complete were a write to an unencrypted upload).",
    modelledOn:
      "evidence complete.with-key; ceph/s3-tests test_copy_part_enc completes with the upload's key and expects 200",
  },
  "part-number-missing-key-served": {
    description:
      "A GET with ?partNumber= of an SSE-C object without the SSE-C headers is served: 200 with the part's stored bytes (ciphertext).",
    modelledOn: "issue 14 'GET ?partNumber returning ciphertext'; pgsty/silo#84; evidence read.wrong-key-every-path",
  },
  "part-number-ciphertext": {
    description:
      "A GET with ?partNumber= of an SSE-C object, with its key, returns the part's bytes as stored (ciphertext) instead of decrypting them.",
    modelledOn: "issue 14 'GET ?partNumber returning ciphertext'; evidence part-number.read",
  },
  "large-range-wrong-chunk": {
    description:
      "A ranged GET of an SSE-C object past its first 64 MiB reads from an offset taken modulo 64 MiB (a 1024-entry chunk index that wraps), serving bytes from the object's start.",
    modelledOn:
      "evidence roundtrip.boundary-sizes, range.ssec; seaweedfs/seaweedfs#8216 (encrypted ranges served from the wrong offset)",
  },
  "min-part-size-exclusive": {
    description:
      "Complete Multipart Upload refuses a non-last part of exactly 5 MiB as EntityTooSmall (the minimum compared with <= instead of <).",
    modelledOn: "evidence multipart.part-limits (each part but the last at least 5 MiB)",
  },
  "part-number-max-9999": {
    description: "Upload Part refuses part number 10,000 (the upper bound compared with < instead of <=).",
    modelledOn: "evidence multipart.part-limits (part numbers 1 to 10,000 inclusive)",
  },
  "parts-in-upload-order": {
    description:
      "Complete Multipart Upload assembles the parts in the order they were uploaded instead of by part number.",
    modelledOn:
      "evidence multipart.part-limits (parts may be uploaded in any order; the object is assembled by part number)",
  },
} as const satisfies Record<string, { description: string; modelledOn: string }>;
