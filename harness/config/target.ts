/**
 * The target of a run, as handed to the suites (vitest `provide('target', …)` / `inject('target')`).
 * Serializable plain data: it crosses into vitest workers. It carries credentials, so it is never
 * written to disk or printed; reports print `describeTarget()` of it instead.
 */
export interface Target {
  /** https URL of the S3 endpoint, no trailing slash, e.g. `https://127.0.0.1:9000`. */
  endpoint: string;
  /** Optional plain-http URL of the same server, used only to check that SSE-C over HTTP is refused. */
  httpEndpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket the run works in; created by the run unless `bucketOwned` is false. */
  bucket: string;
  /** true when the run created the bucket and must delete it at the end. */
  bucketOwned: boolean;
  /** Every object key the run creates starts with this prefix (cleanup deletes exactly these). */
  keyPrefix: string;
  /** Virtual-hosted addressing (`bucket.host`) instead of path-style (`host/bucket`). */
  virtualHosted: boolean;
  /** PEM text of a CA to trust (e.g. the bundled server's fixtures/tls/ca.pem). */
  caPem?: string;
  /** The --ca path the PEM came from (for the replay command; the PEM is what is used). */
  caFile?: string;
  /** Skip TLS verification. */
  insecure: boolean;
  /** Header dialect of the target: `amz` → x-amz-…, `obs` → x-obs-…. From the profile. */
  dialect: "amz" | "obs";
  /** Name of the active profile (built-in name or file path) — the resolved profile travels separately. */
  profileName: string;
  /** true when the target is the bundled reference server (lets a few server-internal checks run). */
  reference: boolean;
  /**
   * Storage directory (`--data-dir`) of the bundled reference server, readable by the suites.
   * Set only when `reference` is true and the server stores on disk: lets the at-rest checks
   * (evidence at-rest.encrypted, at-rest.no-key-stored: stored bytes are not the plaintext, no key in storage) look
   * inside.
   */
  referenceDataDir?: string;
  /** Property-based settings: fixed seed for reproducibility, runs per property. */
  seed: number;
  runs: number;
  /** Stateful checks: sequences per check and the most commands in one (absent: the bundled-server defaults). */
  statefulRuns?: number;
  statefulLength?: number;
  /** Where a failing stateful check writes its standalone reproduction script (the report dir's `stateful/`). */
  scriptDir?: string;
  /** Retries of a throttled/failed/reset exchange (client/retry.ts); 0 or absent = none. */
  retries?: number;
  /** Per-request timeout in ms. */
  timeoutMs: number;
  /** SHOULD failures become `fail` instead of `warn`. */
  strict: boolean;
}

/** One line, no secrets: what the banner and reports show of a target. */
export function describeTarget(t: Pick<Target, "endpoint" | "region" | "bucket" | "virtualHosted">): string {
  return `${t.endpoint} (region ${t.region}, bucket ${t.bucket}, ${t.virtualHosted ? "virtual-hosted" : "path-style"})`;
}

/**
 * Where a run records the extra buckets its checks create (the blocked-SSE-C checks' second
 * bucket): one empty object per bucket, `<keyPrefix>.second-buckets/<bucket>`, written to the
 * run's bucket BEFORE the bucket is created. A check deletes its bucket itself; the run's cleanup
 * deletes every bucket recorded here too, so a worker stopped mid-check (Ctrl-C reaches the whole
 * process group; vitest terminates its workers on cancel) leaves nothing behind.
 */
export function secondBucketsPrefix(t: Pick<Target, "keyPrefix">): string {
  return `${t.keyPrefix}.second-buckets/`;
}
