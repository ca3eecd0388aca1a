/** The bucket-policy and presigned-request faults (faults.ts FAULTS): policies bucket-policy.ts enforces, presigned reads. */
import type { FaultSpec } from "./fault-spec.ts";

export const POLICY_FAULTS = {
  "policy-ignored": {
    description:
      "PutBucketPolicy stores the policy and GetBucketPolicy returns it, but no write consults it: a Deny on the SSE-C algorithm never refuses anything.",
    modelledOn:
      "evidence policy.deny-refused; ceph/s3-tests test_encryption_sse_c_enforced_with_bucket_policy (fails_on_dbstore: back ends that keep policies without enforcing them)",
  },
  "policy-null-inverted": {
    description:
      "The Null condition operator is read backwards: Null true on the SSE-C algorithm key matches when the header is present, Null false when it is absent.",
    modelledOn: "evidence policy.null-condition (IAM Null: true means the key is absent from the request)",
  },
  "policy-not-equals-needs-key": {
    description:
      "StringNotEquals on the SSE-C algorithm key is false when the header is absent, so a policy that demands AES256 lets a plain PUT through.",
    modelledOn:
      "evidence policy.not-equals-absent-key (IAM: a negated operator on a missing key is true); policy engines that compare only present keys",
  },
  "policy-key-reads-sse-header": {
    description:
      "The condition key s3:x-amz-server-side-encryption-customer-algorithm is looked up as the x-amz-server-side-encryption header (a prefix match), so an SSE-C PUT looks unencrypted to the policy.",
    modelledOn:
      "evidence policy.ssec-condition-key (the SSE-C key is its own condition key, not s3:x-amz-server-side-encryption)",
  },
  "policy-delete-ignored": {
    description:
      "DeleteBucketPolicy answers 204 and keeps the policy: GetBucketPolicy still returns it and it is still enforced.",
    modelledOn:
      "evidence policy.subresource (DeleteBucketPolicy removes the policy; GetBucketPolicy then answers 404 NoSuchBucketPolicy)",
  },
  "bucket-policy-unsupported": {
    description:
      "PutBucketPolicy answers 501 NotImplemented: the server has no bucket policies (an optional feature, graded unsupported).",
    modelledOn:
      "S3 clones without bucket policies (ceph/s3-tests marks its policy tests fails_on_dbstore); evidence policy.ssec-condition-key",
  },
  "presigned-key-not-checked": {
    description:
      "A presigned GET or HEAD of an SSE-C object never verifies the key its signed headers carry: another key gets 200 (and the stored bytes undecrypted).",
    modelledOn:
      "evidence presigned.ssec, get.wrong-key-refused (a presigned read must still send, and so present, the object's key); presigned auth as a separate code path in S3 clones",
  },
  "post-policy-expiry-ignored": {
    description:
      "POST Object accepts a form whose policy has expired: the SSE-C upload a presigned POST allowed once is stored forever after.",
    modelledOn:
      "evidence post.policy-condition-failed (LocalStack AWS-validated test_post_request_expires: 403 AccessDenied for an expired policy)",
  },
} as const satisfies Record<string, FaultSpec>;
