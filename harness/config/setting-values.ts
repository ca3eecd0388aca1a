/**
 * Reading one setting: the flag if given, else the first of its environment variables (flags.ts),
 * as a Raw that remembers where the value came from (`--seed` or `SSEC_SEED`) for the error; and
 * the checks of a single value (integer in range, endpoint URL, bucket name, glob, shard).
 */
import { ConfigError } from "./config-error.ts";
import { RUN_FLAGS, type FlagSpec } from "./flags.ts";
import type { Env, FlagValues, Shard } from "./types.ts";

/** A raw value and where it came from (`--seed` or `SSEC_SEED`), for error messages. */
export interface Raw<T> {
  value: T;
  source: string;
}

function flagSpec(name: string): FlagSpec {
  const f = RUN_FLAGS.find((x) => x.name === name);
  if (!f) throw new Error(`no flag --${name}`);
  return f;
}

/** The first of a flag's environment variables that is set, if any. */
export function envSource(name: string, env: Env): string | undefined {
  return flagSpec(name).env?.find((e) => env[e] !== undefined);
}

export function rawString(name: string, flags: FlagValues, env: Env): Raw<string> | undefined {
  const v = flags[name];
  if (typeof v === "string") return { value: v, source: `--${name}` };
  for (const e of flagSpec(name).env ?? []) {
    const ev = env[e];
    if (ev !== undefined && ev !== "") return { value: ev, source: e };
  }
  return undefined;
}

export function rawList(name: string, flags: FlagValues, env: Env): Raw<string[]> | undefined {
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

export function bool(name: string, flags: FlagValues, env: Env): boolean | ConfigError {
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

/** An integer setting within min..max; `fallback` when the setting is not given. */
export function integerSetting<D extends number | undefined>(
  raw: Raw<string> | undefined,
  fallback: D,
  [min, max]: readonly [number, number],
  what: string,
): number | D | ConfigError {
  return raw ? integer(raw, min, max, what) : fallback;
}

/** An S3 endpoint URL: scheme as required, no credentials, no path, query or fragment. */
export function endpointUrl(raw: Raw<string>, scheme: "https:" | "http:", hint: string): string | ConfigError {
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
export function globProblem(glob: string): string | undefined {
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
