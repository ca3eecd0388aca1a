/**
 * The types the auth layer's files share: what a request looks like to it, what it needs to know
 * (region, secrets, clock), and what it answers (an outcome with the plan to verify the body).
 */
import type { S3Fault } from "../errors.ts";

export interface AuthInput {
  method: string;
  /** Path exactly as on the wire (percent-encoded), without the query string. */
  rawPath: string;
  /** Query string exactly as on the wire, without the leading '?'. "" when absent. */
  rawQuery: string;
  /** node's req.rawHeaders as pairs, original case and order, duplicates kept. */
  headers: [string, string][];
}

export interface AuthConfig {
  region: string;
  /** Secret for an access key id, undefined when unknown (→ InvalidAccessKeyId). */
  secretFor: (accessKeyId: string) => string | undefined;
  /** Clock (tests inject one). Default () => new Date(). */
  now?: () => Date;
}

/** How the request body must be decoded and verified. Opaque to callers except these fields. */
export interface BodyPlan {
  /** Length of the decoded payload when known up front (content-length, or x-amz-decoded-content-length for aws-chunked). */
  decodedLength?: number;
  /** Internals (payload hash mode, chunk-signing state, expected checksums, Content-MD5 …). */
  readonly [internal: string]: unknown;
}

export type AuthOutcome = { ok: true; accessKeyId: string; body: BodyPlan } | { ok: false; fault: S3Fault };
