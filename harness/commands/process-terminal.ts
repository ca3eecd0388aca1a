/** The CLI's terminal: every line through redact(), colour only where it belongs. */
import { colourWanted, processEnv } from "../config/environment.ts";
import type { Env } from "../config/types.ts";
import { redact } from "../secrets/redact.ts";
import { styleFor, type Style } from "../report/terminal.ts";

export type ExitCode = 0 | 1 | 2 | 3;

export interface Terminal {
  out(line: string): void;
  err(line: string): void;
  style: Style;
}

export function processTerminal(env: Env = processEnv()): Terminal {
  return {
    out: (l) => process.stdout.write(`${redact(l)}\n`),
    err: (l) => process.stderr.write(`${redact(l)}\n`),
    style: styleFor(colourWanted(process.stdout, env)),
  };
}
