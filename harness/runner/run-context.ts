/**
 * From validated settings to what a run needs that touches the disk: the CA file, the resolved
 * profile, the filters checked against the catalogue. Problems are ConfigErrors (exit 2).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CATALOGUE } from "../checks/catalogue.ts";
import { loadProfile, ProfileError } from "../checks/profile.ts";
import type { CheckDef, FeatureName, Profile } from "../checks/types.ts";
import { ConfigError } from "../config/config-error.ts";
import { filteredOutReason, matchesAny } from "../config/filters.ts";
import type { CheckFilters } from "../config/filters.ts";
import type { RunSettings } from "../config/settings.ts";
import type { TargetSettings } from "./lifecycle.ts";

export interface RunContext {
  catalogue: readonly CheckDef[];
  profile: Profile;
  filters: CheckFilters;
  caPem?: string;
}

export function loadProfileSetting(
  nameOrFile: string,
  catalogue: readonly CheckDef[],
  setting = "--profile",
): Profile | ConfigError {
  try {
    return loadProfile(
      nameOrFile,
      catalogue.map((c) => c.id),
    );
  } catch (e) {
    if (e instanceof ProfileError) return new ConfigError(setting, e.message);
    const code = (e as NodeJS.ErrnoException).code;
    return new ConfigError(setting, code ? `cannot read "${nameOrFile}" (${code})` : (e as Error).message);
  }
}

export function loadRunContext(
  s: RunSettings,
  cwd = process.cwd(),
  catalogue: readonly CheckDef[] = CATALOGUE,
): RunContext | ConfigError {
  let caPem: string | undefined;
  if (s.caFile) {
    try {
      caPem = readFileSync(resolve(cwd, s.caFile), "utf8");
    } catch (e) {
      return new ConfigError(
        "--ca",
        `cannot read "${s.caFile}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    if (!caPem.includes("-----BEGIN CERTIFICATE-----"))
      return new ConfigError("--ca", `"${s.caFile}" holds no PEM certificate`);
  }
  const profile = loadProfileSetting(s.profile, catalogue);
  if (profile instanceof ConfigError) return profile;
  // A glob that matches no check is almost always a typo; running nothing and passing would hide it.
  for (const [name, globs] of [
    ["--only", s.only],
    ["--skip", s.skip],
  ] as const) {
    for (const g of globs) {
      if (!catalogue.some((c) => matchesAny([g], c.id)))
        return new ConfigError(name, `"${g}" matches no check id (see ssec-conformance list)`);
    }
  }
  return { catalogue, profile, filters: { only: s.only, skip: s.skip }, ...(caPem ? { caPem } : {}) };
}

/** The optional features the checks the filters select need (each is probed once at set-up). */
export function neededFeatures(ctx: Pick<RunContext, "catalogue" | "filters">): FeatureName[] {
  const selected = ctx.catalogue.filter((c) => c.feature && !filteredOutReason(ctx.filters, c.id));
  return [...new Set(selected.map((c) => c.feature!))];
}

export function targetSettings(s: RunSettings, ctx: RunContext): TargetSettings {
  return {
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.httpEndpoint ? { httpEndpoint: s.httpEndpoint } : {}),
    region: s.region,
    ...(s.accessKeyId !== undefined ? { accessKeyId: s.accessKeyId } : {}),
    ...(s.secretAccessKey !== undefined ? { secretAccessKey: s.secretAccessKey } : {}),
    ...(s.bucket ? { bucket: s.bucket } : {}),
    unblockBucket: s.unblockBucket,
    features: neededFeatures(ctx),
    virtualHosted: s.virtualHosted,
    ...(ctx.caPem ? { caPem: ctx.caPem } : {}),
    ...(s.caFile ? { caFile: s.caFile } : {}),
    insecure: s.insecure,
    profileName: s.profile,
    dialect: ctx.profile.dialect,
    seed: s.seed,
    runs: s.runs,
    statefulRuns: s.statefulRuns,
    statefulLength: s.statefulLength,
    scriptDir: resolve(s.reportDir, "stateful"),
    timeoutMs: s.timeoutMs,
    ...(s.retries !== undefined ? { retries: s.retries } : {}),
    strict: s.strict,
  };
}
