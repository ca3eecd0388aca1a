/**
 * Profiles: what a family of servers answers where public behaviours differ, plus a vendor's
 * declared deviations (WPT-style metadata kept out of test code).
 *
 * Built-in profiles live in fixtures/profiles/<name>.json; a vendor's file `"extends"` one of them
 * (or another file, relative to itself). Loading validates everything and names the offending
 * field or check id, because a typo in a deviation would otherwise silently fail a gate.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { globToRegExp } from "../config/filters.ts";
import type { CheckDef, Deviation, Expectation, FeatureName, Level, Profile } from "./types.ts";
import { FEATURE_NAMES, isFeatureName } from "./features.ts";
import type { EvidenceEntry } from "./evidence.ts";
import { shippedEvidence } from "./evidence.ts";
import { calendarDayProblem, httpsLinkProblem, isExpired, todayUtc, type DeclaredDeviation } from "./deviations.ts";

export const BUILTIN_PROFILES = ["aws", "ceph", "minio", "obs"] as const;

const PROFILE_DIR = fileURLToPath(new URL("../../fixtures/profiles/", import.meta.url));

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileError";
  }
}

/**
 * The deviation the profile declares for a check: an exact id wins over globs; among globs the
 * most specific (most literal characters) wins, so `put-object.*` can be refined per id. Keys are
 * matched with the `--only` glob rule (harness/config/filters.ts): a key without wildcards
 * matches only itself.
 */
export function deviationFor(profile: Profile, id: string): Deviation | undefined {
  return declaredDeviation(profile, id)?.deviation;
}

/** The deviation for a check with its key, expired when the profile's day (`asOf`) is past its `until`. */
export function declaredDeviation(profile: Profile, id: string): DeclaredDeviation | undefined {
  let best: { literal: number; key: string } | undefined;
  if (profile.deviations[id]) best = { literal: Infinity, key: id };
  else
    for (const glob of Object.keys(profile.deviations)) {
      if (!globToRegExp(glob).test(id)) continue;
      const literal = glob.replace(/[*?]/g, "").length;
      if (!best || literal > best.literal) best = { literal, key: glob };
    }
  if (!best) return undefined;
  const deviation = profile.deviations[best.key];
  return { key: best.key, deviation, expired: isExpired(deviation, profile.asOf ?? todayUtc()) };
}

/**
 * What the server is expected to answer for a check: the profile's named expectation (or the
 * check's own `fallback` when it has none), overridden by a deviation's status/code. HEAD
 * responses carry no body (a HEAD error has no `<Error>` document; evidence algorithm.invalid-head,
 * key.wrong-length-read, head.no-key-refused), so for HEAD Object only the status is graded.
 * `exact` says at which level the exact answer is held (`exactLevel`).
 */
export function expectationFor(profile: Profile, check: CheckDef, fallback?: Expectation): Expectation {
  let base: Expectation | undefined = fallback;
  if (check.expect) {
    base = profile.expectations[check.expect];
    if (!base) {
      throw new ProfileError(`profile "${profile.name}": no expectation "${check.expect}" (needed by ${check.id})`);
    }
  }
  if (!base) throw new ProfileError(`${check.id}: no profile expectation and no fallback expectation`);
  return withExactLevel(profile, check, check.expect, base);
}

/** A named expectation (a secondary step of a check) as `check` grades it: deviation-free, with `exact`. */
export function namedExpectationFor(profile: Profile, check: CheckDef, name: string): Expectation {
  const base = profile.expectations[name];
  if (!base) throw new ProfileError(`profile "${profile.name}" has no expectation "${name}" (used by ${check.id})`);
  const out: Expectation = { ...base };
  if (check.interface === "HEAD Object") out.code = null;
  out.exact = exactLevel(profile, check, name, out);
  return out;
}

function withExactLevel(profile: Profile, check: CheckDef, name: string | undefined, base: Expectation): Expectation {
  const out: Expectation = { ...base };
  const dev = deviationFor(profile, check.id);
  if (dev?.status !== undefined) out.status = dev.status;
  if (dev && "code" in dev && dev.code !== undefined) out.code = dev.code;
  if (check.interface === "HEAD Object" && !(dev && dev.code !== undefined)) out.code = null;
  // A vendor's own declared answer is graded as declared.
  const declared = dev !== undefined && (dev.status !== undefined || dev.code !== undefined);
  out.exact = declared ? check.level : name ? exactLevel(profile, check, name, out) : "SHOULD";
  return out;
}

/** Evidence grades that may state an exact status and code. */
const EXACT_GRADES: ReadonlySet<string> = new Set(["recorded", "documented"]);

/** The evidence ids a check cites. */
export function checkEvidence(check: CheckDef): readonly string[] {
  return check.evidence;
}

/**
 * Levels follow evidence (issue 13): the exact status and code of `name` are a MUST for `check`
 * only where an entry cited by both the check and the profile's expectation is `recorded` or
 * `documented` and states that very status (and code). Otherwise only the refusal is the
 * check's level and the exact answer is a SHOULD.
 */
export function exactLevel(profile: Profile, check: CheckDef, name: string, e: Expectation): Level {
  const cited = new Set(profile.evidence?.[name] ?? []);
  const index = shippedEvidence();
  const firm = checkEvidence(check).some((id) => {
    const entry = index.get(id);
    if (!cited.has(id) || !entry || !EXACT_GRADES.has(entry.grade) || entry.status !== e.status) return false;
    return e.code === undefined || e.code === null || entry.code === e.code;
  });
  return firm ? check.level : "SHOULD";
}

/** The evidence entries behind an exact answer, for a failure message: `md5.mismatch-put (recorded)`. */
export function describeEvidence(profile: Profile, name: string | undefined): string {
  const ids = (name && profile.evidence?.[name]) || [];
  const index = shippedEvidence();
  return ids.length ? ids.map((id) => `${id} (${index.get(id)?.grade ?? "?"})`).join(", ") : "no evidence cited";
}

/** Profile file contents before `extends` is resolved. */
interface RawProfile {
  name?: string;
  description?: string;
  extends?: string;
  dialect?: "amz" | "obs";
  expectations: Record<string, Expectation>;
  evidence: Record<string, string[]>;
  deviations: Record<string, Deviation>;
  requires?: FeatureName[];
}

const TOP_FIELDS = new Set(["name", "description", "extends", "dialect", "expectations", "deviations", "requires"]);
const EXPECTATION_FIELDS = new Set(["status", "code", "evidence", "source"]);
const DEVIATION_FIELDS = new Set(["expect", "reason", "link", "until", "status", "code"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkStatus(where: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 100 || v > 599) {
    throw new ProfileError(`${where}.status: must be an HTTP status (integer 100-599), got ${JSON.stringify(v)}`);
  }
  return v;
}

function checkCode(where: string, v: unknown): string | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v !== "string" || !/^[A-Za-z][A-Za-z0-9.]*$/.test(v)) {
    throw new ProfileError(
      `${where}.code: must be an S3 error Code (e.g. "AccessDenied") or null, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function unknownFields(where: string, obj: Record<string, unknown>, allowed: Set<string>): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) throw new ProfileError(`${where}: unknown field "${k}" (allowed: ${[...allowed].join(", ")})`);
  }
}

/**
 * `evidence`: ids of the shipped evidence entries the answer rests on (checked in loadProfile);
 * `source`: a vendor's own link, for files outside the package (it makes no exact answer a MUST).
 */
function parseExpectation(where: string, v: unknown): { expectation: Expectation; evidence: string[] } {
  if (!isRecord(v)) throw new ProfileError(`${where}: must be an object {status, code?, evidence?}`);
  unknownFields(where, v, EXPECTATION_FIELDS);
  if (v.source !== undefined && typeof v.source !== "string")
    throw new ProfileError(`${where}.source: must be a string`);
  const ids = v.evidence ?? [];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string" && id !== "")) {
    throw new ProfileError(`${where}.evidence: must be a list of evidence ids (fixtures/evidence/evidence.json)`);
  }
  const out: Expectation = { status: checkStatus(where, v.status) };
  const code = checkCode(where, v.code);
  if (code !== undefined) out.code = code;
  return { expectation: out, evidence: ids as string[] };
}

function parseDeviation(where: string, v: unknown): Deviation {
  if (!isRecord(v))
    throw new ProfileError(`${where}: must be an object {reason, expect?, link?, until?, status?, code?}`);
  unknownFields(where, v, DEVIATION_FIELDS);
  if (typeof v.reason !== "string" || v.reason.trim() === "") {
    throw new ProfileError(`${where}.reason: a declared deviation needs a reason (non-empty string)`);
  }
  const out: Deviation = { reason: v.reason };
  if (v.expect !== undefined) {
    if (v.expect !== "fail" && v.expect !== "skip") {
      throw new ProfileError(`${where}.expect: must be "fail" or "skip", got ${JSON.stringify(v.expect)}`);
    }
    out.expect = v.expect;
  }
  // An expiring deviation (issue 17): the last day it holds, and where it is tracked.
  for (const [field, problem] of [
    ["link", httpsLinkProblem],
    ["until", calendarDayProblem],
  ] as const) {
    if (v[field] === undefined) continue;
    const p = problem(v[field]);
    if (p) throw new ProfileError(`${where}.${field}: ${p}`);
    out[field] = v[field] as string;
  }
  if (v.status !== undefined) out.status = checkStatus(where, v.status);
  const code = checkCode(where, v.code);
  if (code !== undefined) out.code = code;
  if (out.expect === undefined && out.status === undefined && out.code === undefined) {
    throw new ProfileError(`${where}: says nothing (give "expect": "fail"|"skip", or override "status"/"code")`);
  }
  return out;
}

function parseRaw(source: string, text: string): RawProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(json)) throw new ProfileError(`${source}: must be a JSON object`);
  unknownFields(source, json, TOP_FIELDS);
  const raw: RawProfile = { expectations: {}, evidence: {}, deviations: {} };
  for (const f of ["name", "description", "extends"] as const) {
    if (json[f] !== undefined) {
      if (typeof json[f] !== "string" || json[f] === "")
        throw new ProfileError(`${source}: "${f}" must be a non-empty string`);
      raw[f] = json[f] as string;
    }
  }
  if (json.dialect !== undefined) {
    if (json.dialect !== "amz" && json.dialect !== "obs") {
      throw new ProfileError(`${source}: "dialect" must be "amz" or "obs", got ${JSON.stringify(json.dialect)}`);
    }
    raw.dialect = json.dialect;
  }
  for (const f of ["expectations", "deviations"] as const) {
    if (json[f] !== undefined && !isRecord(json[f])) throw new ProfileError(`${source}: "${f}" must be an object`);
  }
  for (const [name, v] of Object.entries((json.expectations as Record<string, unknown>) ?? {})) {
    const parsed = parseExpectation(`${source}: expectations["${name}"]`, v);
    raw.expectations[name] = parsed.expectation;
    raw.evidence[name] = parsed.evidence;
  }
  for (const [id, v] of Object.entries((json.deviations as Record<string, unknown>) ?? {})) {
    raw.deviations[id] = parseDeviation(`${source}: deviations["${id}"]`, v);
  }
  if (json.requires !== undefined) raw.requires = parseRequires(source, json.requires);
  return raw;
}

/** `"requires": ["blocked-encryption-types"]`: optional features (checks/features.ts) the server must have. */
function parseRequires(source: string, v: unknown): FeatureName[] {
  if (!Array.isArray(v)) throw new ProfileError(`${source}: "requires" must be a list of feature names`);
  return v.map((f) => {
    if (typeof f !== "string" || !isFeatureName(f))
      throw new ProfileError(
        `${source}: "requires": unknown feature ${JSON.stringify(f)} (known: ${FEATURE_NAMES.join(", ")})`,
      );
    return f;
  });
}

function isBuiltin(name: string): boolean {
  return (BUILTIN_PROFILES as readonly string[]).includes(name);
}

/** Where a profile reference points: a built-in name, or a file (relative to `baseDir`). */
function locate(ref: string, baseDir: string): { file: string; label: string } {
  if (isBuiltin(ref)) return { file: resolve(PROFILE_DIR, `${ref}.json`), label: ref };
  const file = resolve(baseDir, ref);
  if (!existsSync(file)) {
    throw new ProfileError(
      `profile "${ref}": neither a built-in profile (${BUILTIN_PROFILES.join(", ")}) nor an existing file (${file})`,
    );
  }
  return { file, label: ref };
}

function readChain(ref: string, baseDir: string, seen: string[]): { raw: RawProfile; label: string }[] {
  const { file, label } = locate(ref, baseDir);
  if (seen.includes(file))
    throw new ProfileError(`profile "${label}": "extends" forms a cycle (${[...seen, file].join(" -> ")})`);
  const raw = parseRaw(label, readFileSync(file, "utf8"));
  const parent = raw.extends ? readChain(raw.extends, dirname(file), [...seen, file]) : [];
  return [...parent, { raw, label }];
}

let awsNames: Set<string> | undefined;
/** The expectation names the built-in `aws` profile defines: the vocabulary every profile uses. */
function knownExpectationNames(): Set<string> {
  awsNames ??= new Set(
    Object.keys(parseRaw("aws", readFileSync(resolve(PROFILE_DIR, "aws.json"), "utf8")).expectations),
  );
  return awsNames;
}

/** Closest known string, for "did you mean" hints. */
function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: { d: number; s: string } | undefined;
  for (const s of candidates) {
    const d = editDistance(word, s);
    if (!best || d < best.d) best = { d, s };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 4)) ? best.s : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Load a built-in profile by name or a profile file by path, resolve `extends`, and validate it
 * against the catalogue's ids. Throws `ProfileError` naming the field or check id and why.
 * `today` (default: the UTC day now) is the day its deviations' `until` is judged on.
 */
export function loadProfile(
  nameOrFile: string,
  knownIds: readonly string[],
  { today = todayUtc() }: { today?: string } = {},
): Profile {
  const chain = readChain(nameOrFile, process.cwd(), []);
  const names = knownExpectationNames();
  const profile: Profile = { name: "", dialect: "amz", expectations: {}, evidence: {}, deviations: {}, asOf: today };
  const index = shippedEvidence();
  for (const { raw, label } of chain) {
    for (const name of Object.keys(raw.expectations)) {
      if (!names.has(name)) {
        const hint = closest(name, names);
        throw new ProfileError(
          `${label}: expectations["${name}"]: unknown expectation name${hint ? ` (did you mean "${hint}"?)` : ""}`,
        );
      }
      for (const id of raw.evidence[name]) {
        if (index.has(id)) continue;
        const hint = closest(id, index.keys());
        throw new ProfileError(
          `${label}: expectations["${name}"].evidence: no evidence entry "${id}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
        );
      }
    }
    profile.name = raw.name ?? (isBuiltin(label) ? label : basename(label, ".json"));
    if (raw.description !== undefined) profile.description = raw.description;
    if (raw.dialect) profile.dialect = raw.dialect;
    Object.assign(profile.expectations, raw.expectations);
    Object.assign(profile.evidence!, raw.evidence);
    Object.assign(profile.deviations, raw.deviations);
    if (raw.requires) profile.requires = [...new Set([...(profile.requires ?? []), ...raw.requires])];
  }
  const root = chain[0];
  for (const name of names) {
    if (!profile.expectations[name]) {
      throw new ProfileError(
        `${root.label}: expectations["${name}"] missing (extend a built-in profile such as "aws")`,
      );
    }
  }
  for (const key of Object.keys(profile.deviations)) {
    const re = globToRegExp(key);
    if (!knownIds.some((id) => re.test(id))) {
      const hint = closest(key, knownIds);
      throw new ProfileError(
        `profile "${profile.name}": deviations["${key}"]: no check has this id${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
  }
  return profile;
}
