/**
 * Run settings: flags > environment > defaults, validated by one pure function that returns the
 * settings or a ConfigError naming the setting as the user gave it (`--runs`, `SSEC_RUNS`) and why.
 * Nothing here touches the disk or the network: reading the CA file, loading the profile and
 * probing the endpoint happen later, in the runner.
 */
import { ConfigError } from "./errors.ts";
import { RUN_FLAGS, type FlagSpec } from "./flags.ts";

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
  virtualHosted: boolean;
  caFile?: string;
  insecure: boolean;
  profile: string;
  strict: boolean;
  only: string[];
  skip: string[];
  runs: number;
  seed: number;
  shard?: Shard;
  reportDir: string;
  concurrency: number;
  timeoutMs: number;
  /** Retries of a throttled/failed/reset exchange; undefined = DEFAULT_REMOTE_RETRIES remote, 0 bundled. */
  retries?: number;
  verbose: boolean;
  updateProfile?: string;
  /** Settings that lost to a flag, for the banner ("AWS_CA_BUNDLE (environment) is ignored: …"). */
  overridden?: string[];
}

export const DEFAULTS = {
  region: "us-east-1",
  profile: "aws",
  seed: 42,
  /** Property runs: the bundled server is local and fast; a remote endpoint pays a round trip per request. */
  runsReference: 100,
  runsRemote: 20,
  reportDir: "reports",
  concurrency: 4,
  timeoutMs: 30_000,
} as const;

/** A raw value and where it came from (`--seed` or `SSEC_SEED`), for error messages. */
interface Raw<T> {
  value: T;
  source: string;
}

function flagSpec(name: string): FlagSpec {
  const f = RUN_FLAGS.find((x) => x.name === name);
  if (!f) throw new Error(`no flag --${name}`);
  return f;
}

function rawString(name: string, flags: FlagValues, env: Env): Raw<string> | undefined {
  const v = flags[name];
  if (typeof v === "string") return { value: v, source: `--${name}` };
  for (const e of flagSpec(name).env ?? []) {
    const ev = env[e];
    if (ev !== undefined && ev !== "") return { value: ev, source: e };
  }
  return undefined;
}

function rawList(name: string, flags: FlagValues, env: Env): Raw<string[]> | undefined {
  const v = flags[name];
  if (Array.isArray(v) && v.length) return { value: v.map(String), source: `--${name}` };
  for (const e of flagSpec(name).env ?? []) {
    const ev = env[e];
    if (ev !== undefined && ev.trim() !== "")
      return {
        value: ev
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        source: e,
      };
  }
  return undefined;
}

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off", ""]);

function bool(name: string, flags: FlagValues, env: Env): boolean | ConfigError {
  if (flags[name] === true) return true;
  for (const e of flagSpec(name).env ?? []) {
    const ev = env[e];
    if (ev === undefined) continue;
    const low = ev.trim().toLowerCase();
    if (TRUE.has(low)) return true;
    if (FALSE.has(low)) return false;
    return new ConfigError(e, `"${ev}" is not a boolean (use 1/0, true/false, yes/no)`);
  }
  return false;
}

function integer(raw: Raw<string>, min: number, max: number, what: string): number | ConfigError {
  const s = raw.value.trim();
  if (!/^-?\d+$/.test(s)) return new ConfigError(raw.source, `"${raw.value}" is not ${what}`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    return new ConfigError(raw.source, `${s} is out of range (${min}..${max})`);
  return n;
}

/** An S3 endpoint URL: scheme as required, no credentials, no path, query or fragment. */
function endpointUrl(raw: Raw<string>, scheme: "https:" | "http:", hint: string): string | ConfigError {
  let u: URL;
  try {
    u = new URL(raw.value);
  } catch {
    return new ConfigError(raw.source, `"${raw.value}" is not an http(s) URL`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:")
    return new ConfigError(raw.source, `"${raw.value}" is not an http(s) URL`);
  if (u.protocol !== scheme)
    return new ConfigError(raw.source, `"${raw.value}" must be an ${scheme.slice(0, -1)} URL: ${hint}`);
  // Never echo credentials back, even in an error.
  if (u.username || u.password)
    return new ConfigError(raw.source, "must not carry credentials; use --access-key and --secret-key");
  if ((u.pathname !== "/" && u.pathname !== "") || u.search || u.hash) {
    return new ConfigError(
      raw.source,
      `"${raw.value}" has a path or query; give the server's base URL (scheme://host[:port])`,
    );
  }
  return `${u.protocol}//${u.host}`;
}

/** S3 bucket naming rules (AWS "General purpose bucket naming rules"), the subset every S3 server enforces. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return "must be lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit";
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not look like an IP address";
  return undefined;
}

/** Check-id globs: the characters of check ids plus `*` (any run) and `?` (one character). */
function globProblem(glob: string): string | undefined {
  if (!/^[A-Za-z0-9.*?_-]+$/.test(glob)) return `"${glob}" is not a check-id glob (letters, digits, . - _ * ?)`;
  return undefined;
}

export function parseShard(raw: Raw<string>): Shard | ConfigError {
  const m = /^(\d+)\/(\d+)$/.exec(raw.value.trim());
  if (!m) return new ConfigError(raw.source, `"${raw.value}" is not I/N (e.g. 1/4)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 1000) return new ConfigError(raw.source, `shard count ${count} is out of range (1..1000)`);
  if (index < 1 || index > count)
    return new ConfigError(raw.source, `shard index ${index} is out of range (1..${count})`);
  return { index, count };
}

/**
 * Resolves and validates the `run` settings. `flags` is node:util parseArgs' `values`; `env` is
 * usually process.env. Returns the first problem found, in flag-table order.
 */
export function resolveRunSettings(flags: FlagValues, env: Env): RunSettings | ConfigError {
  const s = (name: string) => rawString(name, flags, env);

  let endpoint: string | undefined;
  const ep = s("endpoint");
  if (ep) {
    const v = endpointUrl(ep, "https:", "SSE-C is refused over plain HTTP; pass the http URL as --http-endpoint");
    if (v instanceof ConfigError) return v;
    endpoint = v;
  }

  let httpEndpoint: string | undefined;
  const hep = s("http-endpoint");
  if (hep) {
    if (!endpoint)
      return new ConfigError(hep.source, "needs --endpoint (the bundled server brings its own http listener)");
    const v = endpointUrl(hep, "http:", "it is the plain-HTTP listener used to check that SSE-C is refused there");
    if (v instanceof ConfigError) return v;
    httpEndpoint = v;
  }

  const region = s("region") ?? { value: DEFAULTS.region, source: "--region" };
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(region.value))
    return new ConfigError(region.source, `"${region.value}" is not a region name`);

  const ak = s("access-key");
  const sk = s("secret-key");
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
  const accessKeyId = endpoint
    ? ak?.value
    : typeof flags["access-key"] === "string"
      ? (flags["access-key"] as string)
      : undefined;
  const secretAccessKey = endpoint
    ? sk?.value
    : typeof flags["secret-key"] === "string"
      ? (flags["secret-key"] as string)
      : undefined;
  if (accessKeyId !== undefined && !/^[\x21-\x7e]+$/.test(accessKeyId))
    return new ConfigError(ak?.source ?? "--access-key", "must be printable ASCII without spaces");
  if (secretAccessKey !== undefined && !/^[\x21-\x7e]+$/.test(secretAccessKey))
    return new ConfigError(sk?.source ?? "--secret-key", "must be printable ASCII without spaces");

  let bucket: string | undefined;
  const b = s("bucket");
  if (b) {
    const problem = bucketNameProblem(b.value);
    if (problem) return new ConfigError(b.source, `"${b.value}" ${problem}`);
    bucket = b.value;
  }

  const virtualHosted = bool("virtual-hosted", flags, env);
  if (virtualHosted instanceof ConfigError) return virtualHosted;
  let insecure = bool("insecure", flags, env);
  if (insecure instanceof ConfigError) return insecure;
  let ca = s("ca");
  const overridden: string[] = [];
  if (ca && insecure) {
    // A flag beats a variable; only two flags, or two variables, contradict each other.
    const caFlag = ca.source === "--ca";
    const insecureFlag = flags.insecure === true;
    const insecureSource = insecureFlag
      ? "--insecure"
      : (flagSpec("insecure").env?.find((e) => env[e] !== undefined) ?? "SSEC_INSECURE");
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

  const profile = s("profile")?.value ?? DEFAULTS.profile;
  const strict = bool("strict", flags, env);
  if (strict instanceof ConfigError) return strict;

  const filters: Record<"only" | "skip", string[]> = { only: [], skip: [] };
  for (const name of ["only", "skip"] as const) {
    const l = rawList(name, flags, env);
    if (!l) continue;
    for (const g of l.value) {
      const problem = globProblem(g);
      if (problem) return new ConfigError(l.source, problem);
    }
    filters[name] = l.value;
  }

  let runs: number = endpoint ? DEFAULTS.runsRemote : DEFAULTS.runsReference;
  const r = s("runs");
  if (r) {
    const v = integer(r, 1, 1_000_000, "a positive integer");
    if (v instanceof ConfigError) return v;
    runs = v;
  }

  let seed: number = DEFAULTS.seed;
  const sd = s("seed");
  if (sd) {
    // fast-check seeds are 32-bit integers; accept both the signed and the unsigned reading.
    const v = integer(sd, -0x80000000, 0xffffffff, "an integer");
    if (v instanceof ConfigError) return v;
    seed = v;
  }

  let shard: Shard | undefined;
  const sh = s("shard");
  if (sh) {
    const v = parseShard(sh);
    if (v instanceof ConfigError) return v;
    shard = v;
  }

  const rd = s("report-dir");
  if (rd && rd.value.trim() === "") return new ConfigError(rd.source, "must not be empty");
  const reportDir = rd?.value ?? DEFAULTS.reportDir;

  let concurrency: number = DEFAULTS.concurrency;
  const c = s("concurrency");
  if (c) {
    const v = integer(c, 1, 256, "a positive integer");
    if (v instanceof ConfigError) return v;
    concurrency = v;
  }

  let timeoutMs: number = DEFAULTS.timeoutMs;
  const t = s("timeout");
  if (t) {
    const v = integer(t, 100, 3_600_000, "a number of milliseconds");
    if (v instanceof ConfigError) return v;
    timeoutMs = v;
  }

  let retries: number | undefined;
  const rt = s("retries");
  if (rt) {
    const v = integer(rt, 0, 10, "a number of retries");
    if (v instanceof ConfigError) return v;
    retries = v;
  }

  const verbose = bool("verbose", flags, env);
  if (verbose instanceof ConfigError) return verbose;

  const up = s("update-profile");
  if (up && up.value.trim() === "") return new ConfigError(up.source, "must not be empty");

  return {
    ...(endpoint ? { endpoint } : {}),
    ...(httpEndpoint ? { httpEndpoint } : {}),
    region: region.value,
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    ...(secretAccessKey !== undefined ? { secretAccessKey } : {}),
    ...(bucket ? { bucket } : {}),
    virtualHosted,
    ...(ca ? { caFile: ca.value } : {}),
    insecure,
    profile,
    strict,
    only: filters.only,
    skip: filters.skip,
    runs,
    seed,
    ...(shard ? { shard } : {}),
    reportDir,
    concurrency,
    timeoutMs,
    ...(retries !== undefined ? { retries } : {}),
    verbose,
    ...(up ? { updateProfile: up.value } : {}),
    ...(overridden.length ? { overridden } : {}),
  };
}
