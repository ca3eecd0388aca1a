/** `--help` texts, built from the flag tables in flags.ts. */
import { DIFF_FLAGS, formatFlags, LIST_FLAGS, MATRIX_FLAGS, REPORT_FLAGS, RUN_FLAGS } from "./flags.ts";

export const EXIT_CODES_HELP = `Exit status:
  0  no check failed (under --strict: and no declared deviation passed, no check unsupported)
  1  at least one check failed (a declared deviation past its "until" day fails its checks), or
     with --baseline a check regressed since the baseline
  2  usage or configuration error (the message names the setting)
  3  the target was unreachable, --bucket blocks SSE-C (and --unblock-bucket was not given or
     failed), or the run could not reach a verdict`;

export function mainHelp(version: string): string {
  return `ssec-conformance ${version}: SSE-C conformance suite for S3-compatible object stores

Usage:
  ssec-conformance [run] [flags]        run the checks (default: against the bundled reference server)
  ssec-conformance serve [flags]        run the bundled reference server standalone
  ssec-conformance list [--json]        print the check catalogue
  ssec-conformance report [flags]       rebuild the HTML report, or merge shard reports
  ssec-conformance diff OLD NEW         compare two runs: regressions, fixes, other changes
  ssec-conformance matrix RESULTS...    lay several runs side by side in one static page
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

Prints the check catalogue: id, interface, category, level, title and evidence of every check.
The evidence ids name entries of fixtures/evidence/evidence.json, the behaviour each expected
answer rests on; --json adds each entry's grade (recorded, documented, consensus, inferred),
statement and public links, and the profile expectation key the check is graded by.

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

/** `serve --help`; its flags are parsed by commands/serve.ts, the defaults are the server's own. */
export function serveHelp(defaults: { accessKey: string; region: string }): string {
  return `Usage: ssec-conformance serve [options]

Runs the bundled SSE-C reference S3 server (HTTPS, SigV4, encryption at rest).

Options:
  --host HOST          interface to listen on (default 127.0.0.1)
  --port N             HTTPS port (default 0: a free port)
  --http-port N        plain-HTTP port, on which every SSE-C request is refused (default 0: a free port)
  --no-http            no plain-HTTP listener
  --data-dir DIR       store objects in DIR (default: in memory); survives restarts
  --access-key K       access key id (default ${defaults.accessKey})
  --secret-key S       secret access key (default: a fixed public test secret)
  --region R           region (default ${defaults.region})
  --fault NAME         inject a named fault (repeatable); --fault list prints them
  --help               this text

The first line on stdout is JSON: {"endpoint","httpEndpoint","accessKey","secretKey","region","caFile"}.
Logs go to stderr. SIGINT/SIGTERM stop the server.
`;
}

export function diffHelp(): string {
  return `Usage: ssec-conformance diff OLD NEW [--json]

Compares two runs check by check. OLD and NEW are results.json files or the report directories
that hold them. Lists the checks that regressed (were not failing, now fail, error or are
blocked), were fixed (failed, now pass), changed status otherwise, appeared or disappeared.

Flags:
${formatFlags(DIFF_FLAGS)}

Exit status:
  0  nothing regressed
  1  at least one check regressed
  2  usage error, or a file that is not an ssec-conformance results.json`;
}

export function matrixHelp(): string {
  return `Usage: ssec-conformance matrix RESULTS... [--out DIR] [--name NAME]...

Writes DIR/index.html, a static page (it opens from file://, no network) with the runs side by
side: one column per run, one row per check grouped by interface and category, each cell the
check's status with its message and evidence in the tooltip, per-run totals, a filter for the
checks that differ between runs and one that hides the checks no run ran (index.html#differs,
#ran or #ran,differs opens it with them on). Also one SVG badge per run under DIR/badges/.
RESULTS are results.json files or the report directories that hold them.

Flags:
${formatFlags(MATRIX_FLAGS)}

Exit status:
  0  the page was written
  2  usage error, or a file that is not an ssec-conformance results.json`;
}
