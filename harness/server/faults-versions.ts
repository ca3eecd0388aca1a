/**
 * The faults of versioning with SSE-C and of GetObjectAttributes (issue 14 items 1 and 2), part of
 * FAULTS (faults.ts, whose FaultSpec each entry is): each version keeps its own key, and a
 * metadata read needs the key as HEAD does.
 */
export const VERSION_FAULTS = {
  "version-key-checked-against-current": {
    description:
      "A read of a noncurrent version (?versionId) checks the customer key against the key's current version, then serves the addressed version's bytes.",
    modelledOn:
      "evidence version.noncurrent-current-key-refused (each version has its own key); key checks on a per-name metadata path (minio/minio#6600)",
  },
  "version-id-ignored-on-read": {
    description: "GET and HEAD ignore ?versionId and answer with the key's current version.",
    modelledOn: "evidence version.own-key-read; ?versionId dropped by a read path that never looks it up",
  },
  "copy-source-version-ignored": {
    description:
      "Copy and Upload Part - Copy ignore ?versionId= in x-amz-copy-source and copy the source key's current version.",
    modelledOn: "evidence version.copy-source-version; a copy-source parser that keeps only bucket and key",
  },
  "delete-version-ignored": {
    description:
      "DELETE with ?versionId is served as a plain DELETE: a delete marker is stacked and the version named stays.",
    modelledOn: "evidence version.delete-by-id-removes",
  },
  "list-versions-sealed-size": {
    description: "ListObjectVersions reports the stored (sealed) size of SSE-C versions instead of the plaintext size.",
    modelledOn: "pgsty/silo#119 (ciphertext sizes reported for SSE-C objects); evidence version.list-plaintext-size",
  },
  "delete-marker-read-through": {
    description:
      "A GET or HEAD of a key whose current version is a delete marker serves the newest object version below it.",
    modelledOn: "evidence version.delete-marker-hides",
  },
  "attributes-without-key-accepted": {
    description:
      "GetObjectAttributes of an SSE-C object answers without the SSE-C headers: plaintext size, ETag and part layout to anyone who can read.",
    modelledOn: "pgsty/silo#84 (GetObjectAttributes on a metadata path of its own); evidence attributes.key-required",
  },
  "attributes-wrong-key-accepted": {
    description:
      "GetObjectAttributes checks that SSE-C headers are present and well-formed but never unseals the key: another valid key gets 200.",
    modelledOn: "pgsty/silo#84; evidence attributes.key-required",
  },
  "attributes-sealed-size": {
    description: "GetObjectAttributes reports ObjectSize as the stored (sealed) length of an SSE-C object.",
    modelledOn: "pgsty/silo#119 (ciphertext sizes reported for SSE-C objects); evidence attributes.plaintext-size",
  },
  "attributes-checksum-missing": {
    description:
      "GetObjectAttributes leaves Checksum out for SSE-C objects: its metadata path cannot open the sealed checksum.",
    modelledOn: "pgsty/silo#84 (ETag and checksum on a metadata path that never unseals); evidence attributes.checksum",
  },
  "versioning-not-implemented": {
    description:
      "The server has no versioning: PutBucketVersioning, GetBucketVersioning, ListObjectVersions and any versionId answer 501 NotImplemented.",
    modelledOn:
      "issue 14: `aws s3api list-object-versions` answered NotImplemented by this server before; an optional feature, graded unsupported",
  },
  "attributes-not-implemented": {
    description: "GetObjectAttributes (?attributes) answers 501 NotImplemented.",
    modelledOn:
      "S3 clones without GetObjectAttributes (ovh/public-cloud-roadmap#698); an optional feature, graded unsupported",
  },
} as const satisfies Record<string, { description: string; modelledOn: string }>;
