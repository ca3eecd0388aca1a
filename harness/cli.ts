/**
 * `ssec-conformance [run] | serve | list | report | diff | matrix`. Reads the command word, hands
 * the rest to its module in commands/, and exits with the documented status: 0 pass,
 * 1 fail, 2 usage/configuration, 3 unreachable or no verdict. Every line printed passes redact().
 */
import { parseCommandLine } from "./config/command-line.ts";
import { ConfigError } from "./config/config-error.ts";
import { mainHelp } from "./config/help.ts";
import { TOOL_VERSION } from "./config/version.ts";
import { processTerminal } from "./commands/process-terminal.ts";

async function main(argv: string[]): Promise<number> {
  const t = processTerminal();
  const parsed = parseCommandLine(argv);
  if (parsed instanceof ConfigError) {
    t.err(parsed.toString());
    return 2;
  }
  // Each command is loaded on demand: `--help` and `list` should not pay for the server or vitest.
  switch (parsed.command) {
    case "version":
      t.out(TOOL_VERSION);
      return 0;
    case "help":
      t.out(mainHelp(TOOL_VERSION));
      return 0;
    case "serve":
      return (await import("./commands/serve.ts")).serveMain(parsed.argv);
    case "list":
      return (await import("./commands/list.ts")).listCommand(parsed.values, t);
    case "report":
      return (await import("./commands/report.ts")).reportCommand(parsed.values, parsed.positionals, t);
    case "diff":
      return (await import("./commands/diff.ts")).diffCommand(parsed.values, parsed.positionals, t);
    case "matrix":
      return (await import("./commands/matrix.ts")).matrixCommand(parsed.values, parsed.positionals, t);
    case "run":
      return (await import("./commands/run.ts")).runCommand(parsed.values, t, { named: argv[0] === "run" });
  }
}

/** Exit only after stdout has drained: a piped report must not lose its last line (the verdict). */
async function exit(code: number): Promise<never> {
  await new Promise<void>((r) => process.stdout.write("", () => r()));
  await new Promise<void>((r) => process.stderr.write("", () => r()));
  process.exit(code);
}

// `ssec-conformance list | head`: a closed pipe ends the output, it is not a crash.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

try {
  await exit(await main(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(
    `ssec-conformance: internal error: ${(await import("./secrets/redact.ts")).redact(String((e as Error)?.stack ?? e))}\n`,
  );
  await exit(3);
}
