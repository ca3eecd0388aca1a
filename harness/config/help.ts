/** `--help` texts, built from the flag tables in flags.ts. */
import { formatFlags, LIST_FLAGS, REPORT_FLAGS, RUN_FLAGS } from "./flags.ts";

export const EXIT_CODES_HELP = `Exit status:
  0  no check failed (under --strict: and no declared deviation passed)
  1  at least one check failed
  2  usage or configuration error (the message names the setting)
  3  the target was unreachable, or the run could not reach a verdict`;

export function mainHelp(version: string): string {
  return `ssec-conformance ${version}: SSE-C conformance suite for S3-compatible object stores

Usage:
  ssec-conformance [run] [flags]        run the checks (default: against the bundled reference server)
  ssec-conformance serve [flags]        run the bundled reference server standalone
  ssec-conformance list [--json]        print the check catalogue
  ssec-conformance report [flags]       rebuild the HTML report, or merge shard reports
  ssec-conformance --version

\`ssec-conformance <command> --help\` describes each command.

${EXIT_CODES_HELP}`;
}

export function runHelp(): string {
  return `Usage: ssec-conformance [run] [flags]

Runs every check of the catalogue against a target and writes results.json, junit.xml,
allure-results/ and html/index.html into --report-dir. Without --endpoint the bundled reference
server is started in-process and used.

Flags (a flag beats its environment variables, which beat the default):
${formatFlags(RUN_FLAGS)}

Examples:
  ssec-conformance
  ssec-conformance --endpoint https://s3.example.com --access-key AKIA... --secret-key ...
  ssec-conformance --profile ./my-vendor.json --only 'get-object.*' --report-dir out

${EXIT_CODES_HELP}`;
}

export function listHelp(): string {
  return `Usage: ssec-conformance list [flags]

Prints the check catalogue: id, interface, category, level, citation and title of every check.

Flags:
${formatFlags(LIST_FLAGS)}`;
}

export function reportHelp(): string {
  return `Usage: ssec-conformance report [--report-dir DIR] [--open]
       ssec-conformance report --merge SHARD_DIR... --report-dir DIR

Rebuilds DIR/html/index.html from DIR/allure-results and DIR/results.json (default DIR: reports).
With --merge, combines the report directories of a sharded run (--shard i/n) into one
results.json, junit.xml, allure-results/ and html/ under --report-dir, and exits with the
merged verdict.

Flags:
${formatFlags(REPORT_FLAGS)}

${EXIT_CODES_HELP}`;
}
