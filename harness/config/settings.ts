/**
 * Run settings: flags > environment > defaults, validated by one pure function that returns the
 * settings or a ConfigError naming the setting as the user gave it (`--runs`, `SSEC_RUNS`) and why.
 * Nothing here touches the disk or the network: reading the CA file, loading the profile and
 * probing the endpoint happen later, in the runner.
 */
import { ConfigError } from "./config-error.ts";
import type { Env, FlagValues, RunSettings } from "./types.ts";
import {
  bool,
  bucketNameProblem,
  envSource,
  endpointUrl,
  globProblem,
  integerSetting,
  parseShard,
  rawList,
  rawString,
  type Raw,
} from "./setting-values.ts";

export type { Env, FlagValues, RunSettings, Shard } from "./types.ts";
export { bucketNameProblem, parseShard } from "./setting-values.ts";

export const DEFAULTS = {
  region: "us-east-1",
  profile: "aws",
  seed: 42,
  /** Property runs: the bundled server is local and fast; a remote endpoint pays a round trip per request. */
  runsReference: 100,
  runsRemote: 20,
  /** Stateful sequences (each up to statefulLength commands of one to three requests). */
  statefulRunsReference: 60,
  statefulRunsRemote: 10,
  statefulLength: 12,
  reportDir: "reports",
  concurrency: 4,
  timeoutMs: 30_000,
} as const;

/** How the steps below read a setting: the flag, else its environment variables (flags.ts), as a Raw. */
interface Reader {
  flags: FlagValues;
  string(name: string): Raw<string> | undefined;
  list(name: string): Raw<string[]> | undefined;
  bool(name: string): boolean | ConfigError;
  /** The first environment variable of the flag that is set, if any. */
  envSource(name: string): string | undefined;
}

type Step<K extends keyof RunSettings> = Pick<RunSettings, K> | ConfigError;
/** What a list of steps settles when none of them finds a problem: all their settings together. */
type AllSettled<T extends readonly unknown[]> = T extends readonly [infer First, ...infer Rest]
  ? Exclude<First, ConfigError> & AllSettled<Rest>
  : unknown;

/** Runs the steps in order and merges their settings; the first step that finds a problem stops it. */
function inOrder<T extends readonly unknown[]>(...steps: { [K in keyof T]: () => T[K] }): AllSettled<T> | ConfigError {
  const settings = {};
  for (const step of steps as readonly (() => unknown)[]) {
    const settled = step();
    if (settled instanceof ConfigError) return settled;
    Object.assign(settings, settled);
  }
  return settings as AllSettled<T>;
}

function endpointSettings(read: Reader): Step<"endpoint" | "httpEndpoint"> {
  let endpoint: string | undefined;
  const ep = read.string("endpoint");
  if (ep) {
    const v = endpointUrl(ep, "https:", "SSE-C is refused over plain HTTP; pass the http URL as --http-endpoint");
    if (v instanceof ConfigError) return v;
    endpoint = v;
  }
  let httpEndpoint: string | undefined;
  const hep = read.string("http-endpoint");
  if (hep) {
    if (!endpoint)
      return new ConfigError(hep.source, "needs --endpoint (the bundled server brings its own http listener)");
    const v = endpointUrl(hep, "http:", "it is the plain-HTTP listener used to check that SSE-C is refused there");
    if (v instanceof ConfigError) return v;
    httpEndpoint = v;
  }
  return { ...(endpoint ? { endpoint } : {}), ...(httpEndpoint ? { httpEndpoint } : {}) };
}

function accountSettings(
  read: Reader,
  endpoint: string | undefined,
): Step<"region" | "accessKeyId" | "secretAccessKey" | "bucket" | "unblockBucket"> {
  const region = read.string("region") ?? { value: DEFAULTS.region, source: "--region" };
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(region.value))
    return new ConfigError(region.source, `"${region.value}" is not a region name`);

  const ak = read.string("access-key");
  const sk = read.string("secret-key");
  if (endpoint) {
    if (!ak)
      return new ConfigError("--access-key", "required with --endpoint (or set SSEC_ACCESS_KEY / AWS_ACCESS_KEY_ID)");
    if (!sk)
      return new ConfigError(
        "--secret-key",
        "required with --endpoint (or set SSEC_SECRET_KEY / AWS_SECRET_ACCESS_KEY)",
      );
  }
  // Against the bundled server only explicit flags count: credentials in the environment belong to
  // some real account and the local server does not need them.
  const flag = (name: string) => (typeof read.flags[name] === "string" ? (read.flags[name] as string) : undefined);
  const accessKeyId = endpoint ? ak?.value : flag("access-key");
  const secretAccessKey = endpoint ? sk?.value : flag("secret-key");
  if (accessKeyId !== undefined && !/^[\x21-\x7e]+$/.test(accessKeyId))
    return new ConfigError(ak?.source ?? "--access-key", "must be printable ASCII without spaces");
  if (secretAccessKey !== undefined && !/^[\x21-\x7e]+$/.test(secretAccessKey))
    return new ConfigError(sk?.source ?? "--secret-key", "must be printable ASCII without spaces");

  let bucket: string | undefined;
  const b = read.string("bucket");
  if (b) {
    const problem = bucketNameProblem(b.value);
    if (problem) return new ConfigError(b.source, `"${b.value}" ${problem}`);
    bucket = b.value;
  }
  const unblockBucket = read.bool("unblock-bucket");
  if (unblockBucket instanceof ConfigError) return unblockBucket;
  if (unblockBucket && !bucket)
    return new ConfigError("--unblock-bucket", "needs --bucket (a bucket the run creates is unblocked anyway)");
  return {
    unblockBucket,
    region: region.value,
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    ...(secretAccessKey !== undefined ? { secretAccessKey } : {}),
    ...(bucket ? { bucket } : {}),
  };
}

/** Addressing and TLS trust: a CA to trust, or no verification, never both. */
function connectionSettings(read: Reader): Step<"virtualHosted" | "caFile" | "insecure" | "overridden"> {
  const virtualHosted = read.bool("virtual-hosted");
  if (virtualHosted instanceof ConfigError) return virtualHosted;
  let insecure = read.bool("insecure");
  if (insecure instanceof ConfigError) return insecure;
  let ca = read.string("ca");
  const overridden: string[] = [];
  if (ca && insecure) {
    // A flag beats a variable; only two flags, or two variables, contradict each other.
    const caFlag = ca.source === "--ca";
    const insecureFlag = read.flags.insecure === true;
    const insecureSource = insecureFlag ? "--insecure" : (read.envSource("insecure") ?? "SSEC_INSECURE");
    if (caFlag === insecureFlag)
      return new ConfigError(ca.source, `contradicts ${insecureSource} (trust a CA or skip verification, not both)`);
    if (insecureFlag) {
      overridden.push(`${ca.source} (environment) is ignored: --insecure skips certificate verification`);
      ca = undefined;
    } else {
      overridden.push(`${insecureSource} (environment) is ignored: --ca is given`);
      insecure = false;
    }
  }
  return { virtualHosted, ...(ca ? { caFile: ca.value } : {}), insecure, ...(overridden.length ? { overridden } : {}) };
}

/** What is expected (profile, strictness, a baseline run) and which checks run (filters). */
function gradingSettings(read: Reader): Step<"profile" | "strict" | "baseline" | "only" | "skip"> {
  const profile = read.string("profile")?.value ?? DEFAULTS.profile;
  const strict = read.bool("strict");
  if (strict instanceof ConfigError) return strict;
  // Read (and refused when it is not a results file) by the run, before any check.
  const baseline = read.string("baseline");
  if (baseline && baseline.value.trim() === "") return new ConfigError(baseline.source, "must not be empty");
  const filters: Record<"only" | "skip", string[]> = { only: [], skip: [] };
  for (const name of ["only", "skip"] as const) {
    const l = read.list(name);
    if (!l) continue;
    for (const g of l.value) {
      const problem = globProblem(g);
      if (problem) return new ConfigError(l.source, problem);
    }
    filters[name] = l.value;
  }
  return { profile, strict, ...(baseline ? { baseline: baseline.value } : {}), only: filters.only, skip: filters.skip };
}

/** The generated cases: how many per property, from which seed, and which shard of the suites. */
function generationSettings(
  read: Reader,
  endpoint: string | undefined,
): Step<"runs" | "statefulRuns" | "statefulLength" | "seed" | "shard"> {
  /** A count flag: a positive integer up to `max`. */
  const count = (flag: string, fallback: number, max: number) =>
    integerSetting(read.string(flag), fallback, [1, max], "a positive integer");
  const runs = count("runs", endpoint ? DEFAULTS.runsRemote : DEFAULTS.runsReference, 1_000_000);
  if (runs instanceof ConfigError) return runs;
  const statefulRuns = count(
    "stateful-runs",
    endpoint ? DEFAULTS.statefulRunsRemote : DEFAULTS.statefulRunsReference,
    100_000,
  );
  if (statefulRuns instanceof ConfigError) return statefulRuns;
  const statefulLength = count("stateful-length", DEFAULTS.statefulLength, 1000);
  if (statefulLength instanceof ConfigError) return statefulLength;
  // fast-check seeds are 32-bit integers; accept both the signed and the unsigned reading.
  const seed = integerSetting(read.string("seed"), DEFAULTS.seed, [-0x80000000, 0xffffffff], "an integer");
  if (seed instanceof ConfigError) return seed;
  const sh = read.string("shard");
  const shard = sh ? parseShard(sh) : undefined;
  if (shard instanceof ConfigError) return shard;
  return { runs, statefulRuns, statefulLength, seed, ...(shard ? { shard } : {}) };
}

/** Where the reports go, how hard the run pushes the target, and how much it says. */
function executionSettings(
  read: Reader,
): Step<"reportDir" | "concurrency" | "timeoutMs" | "retries" | "verbose" | "html" | "updateProfile"> {
  const rd = read.string("report-dir");
  if (rd && rd.value.trim() === "") return new ConfigError(rd.source, "must not be empty");
  const concurrency = integerSetting(read.string("concurrency"), DEFAULTS.concurrency, [1, 256], "a positive integer");
  if (concurrency instanceof ConfigError) return concurrency;
  const timeoutMs = integerSetting(
    read.string("timeout"),
    DEFAULTS.timeoutMs,
    [100, 3_600_000],
    "a number of milliseconds",
  );
  if (timeoutMs instanceof ConfigError) return timeoutMs;
  const retries = integerSetting(read.string("retries"), undefined, [0, 10], "a number of retries");
  if (retries instanceof ConfigError) return retries;
  const verbose = read.bool("verbose");
  if (verbose instanceof ConfigError) return verbose;
  const noHtml = read.bool("no-html");
  if (noHtml instanceof ConfigError) return noHtml;
  const up = read.string("update-profile");
  if (up && up.value.trim() === "") return new ConfigError(up.source, "must not be empty");
  return {
    reportDir: rd?.value ?? DEFAULTS.reportDir,
    concurrency,
    timeoutMs,
    ...(retries !== undefined ? { retries } : {}),
    verbose,
    html: !noHtml,
    ...(up ? { updateProfile: up.value } : {}),
  };
}

/**
 * Resolves and validates the `run` settings. `flags` is node:util parseArgs' `values`; `env` is
 * usually process.env. Returns the first problem found, in flag-table order.
 */
export function resolveRunSettings(flags: FlagValues, env: Env): RunSettings | ConfigError {
  const read: Reader = {
    flags,
    string: (name) => rawString(name, flags, env),
    list: (name) => rawList(name, flags, env),
    bool: (name) => bool(name, flags, env),
    envSource: (name) => envSource(name, env),
  };
  const where = endpointSettings(read);
  if (where instanceof ConfigError) return where;
  return inOrder(
    () => where,
    () => accountSettings(read, where.endpoint),
    () => connectionSettings(read),
    () => gradingSettings(read),
    () => generationSettings(read, where.endpoint),
    () => executionSettings(read),
  );
}
