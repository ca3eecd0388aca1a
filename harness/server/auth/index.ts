/**
 * The reference server's authentication layer (contract: prompts/api-auth.md): the folder's
 * entry, re-exports only.
 *
 * Everything is computed here with node:crypto; nothing is shared with the client side
 * (harness/client) or @smithy/*, so a signing bug on either side cannot hide itself.
 * Module map: types.ts (shared types), authenticate.ts (picks the mechanism), canonical.ts
 * (canonical request), signing-key.ts (HMAC chain, comparisons), credential.ts (scope, dates,
 * skew), header-auth.ts, presigned.ts, signed-request.ts (shared verification), body-plan.ts (what the
 * headers say about the body), aws-chunked.ts (framing and chunk signatures), checksum-algorithms.ts
 * (CRC32/CRC32C/CRC64NVME/SHA/MD5), verified-body.ts (verifiedBody), post-policy.ts (browser POST uploads).
 */
export { authenticate } from "./authenticate.ts";
export { verifiedBody, verifiedChecksum, type VerifiedBodyOptions, type VerifiedChecksum } from "./verified-body.ts";
export { verifyPostPolicy, type PostPolicyOutcome } from "./post-policy.ts";
export type { AuthConfig, AuthInput, AuthOutcome, BodyPlan } from "./types.ts";
