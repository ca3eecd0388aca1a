/**
 * `report` settings: the report directory (flag, else SSEC_REPORT_DIR, else the default) and,
 * with --merge, the shards' report directories given as arguments. Problems are ConfigErrors.
 */
import { ConfigError } from "./config-error.ts";
import { DEFAULTS } from "./settings.ts";
import type { Env, FlagValues } from "./types.ts";

export interface ReportSettings {
  /** As given, relative to the working directory. */
  reportDir: string;
  /** With --merge: the shards' report directories, as given (at least one). */
  shardDirs?: string[];
  strict: boolean;
  open: boolean;
}

export function resolveReportSettings(
  flags: FlagValues,
  positionals: readonly string[],
  env: Env,
): ReportSettings | ConfigError {
  const reportDir = (flags["report-dir"] as string | undefined) ?? env.SSEC_REPORT_DIR ?? DEFAULTS.reportDir;
  if (flags.merge) {
    if (!positionals.length) return new ConfigError("--merge", "give the shards' report directories as arguments");
  } else if (positionals.length) {
    return new ConfigError(`"${positionals[0]}"`, "unexpected argument (did you mean --merge?)");
  }
  return {
    reportDir,
    ...(flags.merge ? { shardDirs: [...positionals] } : {}),
    strict: flags.strict === true,
    open: flags.open === true,
  };
}
