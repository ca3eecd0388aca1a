/** The config layer's shared shapes: what comes in (flags, environment) and what a run is set to. */

export type Env = Readonly<Record<string, string | undefined>>;
export type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface RunSettings {
  /** https URL without trailing slash; undefined = start the bundled reference server. */
  endpoint?: string;
  httpEndpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  bucket?: string;
  /** With --bucket: the run may unblock SSE-C on it (restored at the end). */
  unblockBucket: boolean;
  virtualHosted: boolean;
  caFile?: string;
  insecure: boolean;
  profile: string;
  strict: boolean;
  /** An earlier run's results.json or report directory (`--baseline`): a regression since it fails the gate. */
  baseline?: string;
  only: string[];
  skip: string[];
  runs: number;
  /** Sequences per stateful check, and the most commands in one. */
  statefulRuns: number;
  statefulLength: number;
  seed: number;
  shard?: Shard;
  reportDir: string;
  concurrency: number;
  timeoutMs: number;
  /** Retries of a throttled/failed/reset exchange; undefined = DEFAULT_REMOTE_RETRIES remote, 0 bundled. */
  retries?: number;
  verbose: boolean;
  /** Write html/index.html (false with --no-html: `report` can build it later). */
  html: boolean;
  updateProfile?: string;
  /** Settings that lost to a flag, for the banner ("AWS_CA_BUNDLE (environment) is ignored: …"). */
  overridden?: string[];
}
