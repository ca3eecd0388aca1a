/**
 * The check: the unit of everything. A check is data first; the suites run it,
 * the reports, `list`, profiles and the matrix all key on its id.
 */

/** OBS Table 2 (evidence headers.interfaces), with the interface names as written there. */
export const INTERFACES = [
  "PUT Object",
  "POST Object",
  "PUT Object - Copy",
  "HEAD Object",
  "GET Object",
  "Initiate Multipart Upload",
  "Upload Part",
  "Upload Part - Copy",
] as const;
export type InterfaceName = (typeof INTERFACES)[number];

/** File/id slug per interface: `suites/interfaces/<slug>.test.ts`, check ids `<slug>.<case>`. */
export const INTERFACE_SLUGS: Record<InterfaceName, string> = {
  "PUT Object": "put-object",
  "POST Object": "post-object",
  "PUT Object - Copy": "copy-object",
  "HEAD Object": "head-object",
  "GET Object": "get-object",
  "Initiate Multipart Upload": "initiate-multipart-upload",
  "Upload Part": "upload-part",
  "Upload Part - Copy": "upload-part-copy",
};

export const CATEGORIES = [
  "round-trip",
  "echo",
  "missing-headers",
  "bad-md5",
  "bad-key",
  "wrong-key",
  "algorithm",
  "copy-source",
  "multipart",
  "range",
  "transport",
  "etag",
  "policy",
  "property",
  /** Model-based sequences of requests (harness/checks/stateful/): state that leaks between operations. */
  "stateful",
  /** Storage inspected at rest (bundled reference server only; harness/kit/at-rest.ts). */
  "at-rest",
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Level = "MUST" | "SHOULD";

/** An expected answer: HTTP status and S3 error Code. `code: null` = no body expected (HEAD). */
export interface Expectation {
  status: number;
  code?: string | null;
  /**
   * The level the exact status and code are held at (issue 13): `MUST` only where a recorded or
   * documented evidence entry states them, `SHOULD` otherwise (the refusal itself stays at the
   * check's level). Set by `expectationFor`; absent = the check's level.
   */
  exact?: Level;
}

export interface CheckDef {
  /** `<interface-slug>.<case>`, stable forever. */
  id: string;
  interface: InterfaceName;
  category: Category;
  level: Level;
  /**
   * Ids of the evidence entries the expected answer rests on (fixtures/evidence/evidence.json:
   * one graded behaviour each, with public links). At least one; every id must resolve.
   */
  evidence: readonly string[];
  /** A plain sentence of what the server must do. No "should", no "test that". */
  title: string;
  /** Key into the profile's `expectations` where servers differ (e.g. `wrong-key-read`). */
  expect?: string;
  /** An optional server feature the check needs (checks/features.ts): without it the check is `unsupported`. */
  feature?: FeatureName;
  /**
   * The control check of the capability this check builds on (`copy-object.ssec-to-ssec-same-key`:
   * copying from an SSE-C source at all). When the control fails, this check reports `blocked`
   * by it instead of failing again for the same root cause. The control is registered before
   * its dependents (harness/kit/controls.ts).
   */
  control?: string;
}

/**
 * Graded outcome of one check (README.md explains each). `blocked`: the check did not pass and its
 * control (CheckDef.control) failed: one root cause, counted once, at the control. `unsupported`:
 * the server lacks an optional feature the check needs (CheckDef.feature): not run, not failed.
 */
export type Verdict = "pass" | "fail" | "warn" | "skip" | "xfail" | "xpass" | "error" | "blocked" | "unsupported";

/** Optional server features the suite probes (checks/features.ts FEATURES). */
export type FeatureName =
  "blocked-encryption-types" | "sse-s3" | "sse-kms-default" | "versioning" | "object-attributes" | "bucket-policy";

/**
 * What a check leaves in vitest's task meta (`task.meta.ssec`, declared in harness/kit/provided.ts),
 * read by the CLI/report from the reporter API (`testCase.meta().ssec`). Already redacted: it
 * crosses the worker boundary.
 */
export interface CheckOutcome {
  id: string;
  status: Verdict;
  durationMs: number;
  /** Human summary: `expected: 403 AccessDenied` / `actual: 400 InvalidArgument`, skip reason, etc. */
  message?: string;
  expected?: string;
  actual?: string;
  /** For properties: fast-check seed, path and the (redacted) counterexample. */
  seed?: number;
  path?: string;
  counterexample?: string;
  /** Redacted transcript of the exchanges of a failing check. */
  transcript?: string;
  /** Exchanges the client retried (ExchangeRecord.retryReason); absent when none. */
  retries?: number;
  /** Exchanges its requests made (any client of the check, retried attempts included), and the connections they opened. */
  exchanges?: number;
  connections?: number;
  /** Why the check did not run (skip, unsupported): one line, grouped by the reports. */
  reason?: string;
  /** For `blocked`: the id of the failed control check. */
  blockedBy?: string;
  /** The profile's declared deviation that graded the check, when one did. */
  deviation?: DeviationRecord;
}

/** A declared deviation as the reports keep it: which key of the profile, why, until when, where tracked. */
export interface DeviationRecord {
  /** The key in the profile's `deviations`: the check id or the glob that matched it. */
  key: string;
  reason: string;
  expect?: "fail" | "skip";
  until?: string;
  link?: string;
  /** Its `until` day is past: it excuses nothing and the check fails the gate. */
  expired?: true;
}

/** A profile (fixtures/profiles/*.json), after `extends` is resolved. */
export interface Profile {
  name: string;
  description?: string;
  dialect: "amz" | "obs";
  /** Named expectations where servers differ; checks refer to them by `CheckDef.expect`. */
  expectations: Record<string, Expectation>;
  /** The evidence ids (fixtures/evidence/evidence.json) each named expectation cites. */
  evidence?: Record<string, readonly string[]>;
  /** Declared deviations keyed by check id or glob. */
  deviations: Record<string, Deviation>;
  /** Optional features (checks/features.ts) the vendor declares: a check needing one fails instead of `unsupported`. */
  requires?: FeatureName[];
  /** The day (UTC, `YYYY-MM-DD`) the deviations' `until` is judged on: the day the profile was loaded. */
  asOf?: string;
}

export interface Deviation {
  /** `fail`: the check is known to fail (xfail/xpass); `skip`: do not run it; absent: override only. */
  expect?: "fail" | "skip";
  reason: string;
  /** Where the vendor tracks it: an https URL. */
  link?: string;
  /** The last day (`YYYY-MM-DD`, UTC) it holds; after it the deviation has expired and fails the gate. */
  until?: string;
  /** Vendor answers differently by design: override the expected status/code for this check. */
  status?: number;
  code?: string | null;
}
