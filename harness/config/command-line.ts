/**
 * Splits argv into a subcommand and its flags (node:util parseArgs, strict), turning parseArgs'
 * multi-line exceptions into a one-line ConfigError that names the flag.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "./config-error.ts";
import {
  DIFF_FLAGS,
  LIST_FLAGS,
  MATRIX_FLAGS,
  parseArgsOptions,
  REPORT_FLAGS,
  RUN_FLAGS,
  type FlagSpec,
} from "./flags.ts";

export const COMMANDS = ["run", "serve", "list", "report", "diff", "matrix"] as const;
export type Command = (typeof COMMANDS)[number];

export type ParsedCommandLine =
  | { command: "version" }
  | { command: "help" }
  /** `serve` parses its own flags (harness/commands/serve.ts). */
  | { command: "serve"; argv: string[] }
  | {
      command: Exclude<Command, "serve">;
      values: Record<string, string | boolean | (string | boolean)[] | undefined>;
      positionals: string[];
    };

const TABLES: Record<Exclude<Command, "serve">, readonly FlagSpec[]> = {
  run: RUN_FLAGS,
  list: LIST_FLAGS,
  report: REPORT_FLAGS,
  diff: DIFF_FLAGS,
  matrix: MATRIX_FLAGS,
};

/** Commands that take file or directory arguments. */
const TAKES_ARGUMENTS: ReadonlySet<Command> = new Set(["report", "diff", "matrix"]);

/** Translates a parseArgs error (codes ERR_PARSE_ARGS_*) into one line naming the flag. */
export function parseArgsError(err: unknown, command: string): ConfigError {
  const e = err as { code?: string; message?: string };
  const msg = String(e.message ?? err);
  const flag = /'(-{1,2}[^' <]+)/.exec(msg)?.[1];
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new ConfigError(
        flag ?? "option",
        `unknown option for \`${command}\` (see ssec-conformance ${command} --help)`,
      );
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/does not take an argument/.test(msg))
        return new ConfigError(flag ?? "option", "is a switch and takes no value");
      return new ConfigError(flag ?? "option", "needs a value");
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
      const arg = /argument '([^']*)'/.exec(msg)?.[1] ?? "?";
      return new ConfigError(`"${arg}"`, `unexpected argument for \`${command}\``);
    }
    default:
      return new ConfigError("command line", msg.split("\n")[0]);
  }
}

/**
 * `--timeout -5` → `--timeout=-5`: parseArgs reads a value that starts with `-` as the next flag
 * and would report "needs a value"; a negative number can never be a flag, so it is bound to the
 * value-taking flag before it, and the range check then names the real problem.
 */
export function bindNegativeNumbers(args: readonly string[], flags: readonly FlagSpec[]): string[] {
  const takesValue = new Set(
    flags.filter((f) => f.type === "string").flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]),
  );
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (takesValue.has(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine | ConfigError {
  const first = argv[0];
  if (first === "--version" || first === "-V") return { command: "version" };
  if (first === "help") return { command: "help" };
  let command: Command = "run";
  let rest = [...argv];
  if (first !== undefined && (COMMANDS as readonly string[]).includes(first)) {
    command = first as Command;
    rest = rest.slice(1);
  } else if (first !== undefined && !first.startsWith("-")) {
    return new ConfigError(`"${first}"`, `unknown command (one of: ${COMMANDS.join(", ")})`);
  }
  if (command === "serve") return { command, argv: rest };
  if (command === "run" && (rest.includes("--version") || rest.includes("-V"))) return { command: "version" };
  try {
    const { values, positionals } = parseArgs({
      args: bindNegativeNumbers(rest, TABLES[command]),
      options: parseArgsOptions(TABLES[command]),
      strict: true,
      allowPositionals: TAKES_ARGUMENTS.has(command),
    });
    return {
      command,
      values: values as Record<string, string | boolean | (string | boolean)[] | undefined>,
      positionals,
    };
  } catch (err) {
    return parseArgsError(err, command);
  }
}
