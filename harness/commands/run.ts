/**
 * `ssec-conformance [run]`: `--help`, then the settings. Usage errors answer at once (exit 2),
 * before vitest and the server are loaded; the run itself is run-session.ts.
 */
import { processEnv } from "../config/environment.ts";
import { ConfigError } from "../config/config-error.ts";
import { mainHelp, runHelp } from "../config/help.ts";
import { resolveRunSettings } from "../config/settings.ts";
import type { Env, FlagValues } from "../config/types.ts";
import { TOOL_VERSION } from "../config/version.ts";
import type { ExitCode, Terminal } from "./process-terminal.ts";

/** `named`: the command word `run` was given (its help then leaves out the overview). */
export async function runCommand(
  flags: FlagValues,
  t: Terminal,
  { named = false, env = processEnv() }: { named?: boolean; env?: Env } = {},
): Promise<ExitCode> {
  if (flags.help) {
    t.out(named ? runHelp() : `${mainHelp(TOOL_VERSION)}\n\n${runHelp()}`);
    return 0;
  }
  const settings = resolveRunSettings(flags, env);
  if (settings instanceof ConfigError) return (t.err(settings.toString()), 2);
  return (await import("./run-session.ts")).runSession(settings, t);
}
