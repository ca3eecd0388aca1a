/**
 * The command line that replays a run or one property check: every flag that decides what runs
 * and where (endpoint, http endpoint, CA, TLS, bucket, addressing, region, profile, filters,
 * shard, seed, runs, stateful budgets, strict). Credentials are never in it: they are referenced as environment
 * variables, so the line can be pasted into an issue.
 */
import { DEFAULTS } from "./settings.ts";

export interface ReplayInput {
  /** undefined = the bundled reference server. */
  endpoint?: string;
  httpEndpoint?: string;
  caFile?: string;
  insecure?: boolean;
  /** A bucket the user gave (not one the run created). */
  bucket?: string;
  virtualHosted?: boolean;
  region?: string;
  profile?: string;
  only?: readonly string[];
  skip?: readonly string[];
  shard?: { index: number; count: number };
  seed: number;
  runs: number;
  /** The stateful budgets, when the run or check replayed has stateful checks. */
  statefulRuns?: number;
  statefulLength?: number;
  strict?: boolean;
}

/** POSIX shell quoting, only where needed (`*` in a glob, spaces in a path). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9._\/:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The flags, in a stable order: seed, runs and filters first (what a reader looks for). */
export function replayArgs(r: ReplayInput): string[] {
  const a: string[] = ["--seed", String(r.seed), "--runs", String(r.runs)];
  if (r.statefulRuns !== undefined) a.push("--stateful-runs", String(r.statefulRuns));
  if (r.statefulLength !== undefined) a.push("--stateful-length", String(r.statefulLength));
  for (const g of r.only ?? []) a.push("--only", g);
  for (const g of r.skip ?? []) a.push("--skip", g);
  if (r.shard) a.push("--shard", `${r.shard.index}/${r.shard.count}`);
  if (r.endpoint) {
    a.push("--endpoint", r.endpoint);
    if (r.httpEndpoint) a.push("--http-endpoint", r.httpEndpoint);
    if (r.caFile) a.push("--ca", r.caFile);
    if (r.insecure) a.push("--insecure");
    // Values never: the replay reads the same variables the CLI falls back to.
    a.push("--access-key", "$SSEC_ACCESS_KEY", "--secret-key", "$SSEC_SECRET_KEY");
  }
  if (r.region && r.region !== DEFAULTS.region) a.push("--region", r.region);
  if (r.bucket) a.push("--bucket", r.bucket);
  if (r.virtualHosted) a.push("--virtual-hosted");
  if (r.profile && r.profile !== DEFAULTS.profile) a.push("--profile", r.profile);
  if (r.strict) a.push("--strict");
  return a;
}

/** `ssec-conformance --seed 42 …`, shell-quoted; `$SSEC_…` references are left for the shell to expand. */
export function replayCommand(r: ReplayInput, program = "ssec-conformance"): string {
  return [program, ...replayArgs(r).map((x) => (/^\$SSEC_[A-Z_]+$/.test(x) ? `"${x}"` : shellQuote(x)))].join(" ");
}
