/** The CLI's terminal: every line through redact(), colour only where it belongs. */
import type { Env } from "../config/settings.ts";
import { redact } from "../secrets/redact.ts";
import { styleFor, type Style } from "../report/terminal.ts";

export type ExitCode = 0 | 1 | 2 | 3;

export interface Terminal {
  out(line: string): void;
  err(line: string): void;
  style: Style;
}

export function processTerminal(env: Env = process.env): Terminal {
  return {
    out: (l) => process.stdout.write(`${redact(l)}\n`),
    err: (l) => process.stderr.write(`${redact(l)}\n`),
    style: styleFor(process.stdout, env),
  };
}
