/**
 * The command line, as data: every flag of every subcommand with its environment fallbacks and
 * help text. parseArgs options, `--help` and the README's flag tables all come from here, so
 * they cannot drift apart.
 */

export interface FlagSpec {
  /** Long name without dashes: `endpoint`. */
  name: string;
  short?: string;
  type: "string" | "boolean";
  /** May be given more than once (`--only a --only b`); the env twin is comma-separated. */
  multiple?: boolean;
  /** Placeholder in help: `URL`, `N`, `FILE`. */
  value?: string;
  /** Environment fallbacks, highest precedence first. Flags always win over these. */
  env?: readonly string[];
  /** Shown in help as `(default: …)`. */
  defaultText?: string;
  help: string;
}

export const RUN_FLAGS: readonly FlagSpec[] = [
  {
    name: "endpoint",
    type: "string",
    value: "URL",
    env: ["SSEC_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"],
    defaultText: "the bundled reference server, started in-process",
    help: "https URL of the S3 endpoint under test",
  },
  {
    name: "http-endpoint",
    type: "string",
    value: "URL",
    env: ["SSEC_HTTP_ENDPOINT"],
    help: "plain-http URL of the same server, to check that SSE-C over HTTP is refused (checks skip without it)",
  },
  {
    name: "region",
    type: "string",
    value: "NAME",
    env: ["SSEC_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"],
    defaultText: "us-east-1",
    help: "signing region",
  },
  {
    name: "access-key",
    type: "string",
    value: "ID",
    env: ["SSEC_ACCESS_KEY", "AWS_ACCESS_KEY_ID"],
    help: "access key id (required with --endpoint)",
  },
  {
    name: "secret-key",
    type: "string",
    value: "KEY",
    env: ["SSEC_SECRET_KEY", "AWS_SECRET_ACCESS_KEY"],
    help: "secret access key (required with --endpoint; never printed or written)",
  },
  {
    name: "bucket",
    type: "string",
    value: "NAME",
    env: ["SSEC_BUCKET"],
    defaultText: "a fresh bucket, created and deleted by the run",
    help: "existing bucket to work in; only objects under the run's key prefix are written and removed",
  },
  {
    name: "unblock-bucket",
    type: "boolean",
    env: ["SSEC_UNBLOCK_BUCKET"],
    help: "with --bucket: if the bucket blocks SSE-C (BlockedEncryptionTypes), unblock it for the run and restore the block at the end (without it such a bucket stops the run, exit 3)",
  },
  {
    name: "virtual-hosted",
    type: "boolean",
    env: ["SSEC_VIRTUAL_HOSTED"],
    defaultText: "path-style",
    help: "virtual-hosted addressing (bucket.host)",
  },
  {
    name: "ca",
    type: "string",
    value: "FILE",
    env: ["SSEC_CA", "AWS_CA_BUNDLE"],
    help: "PEM file of a CA to trust for the endpoint",
  },
  {
    name: "insecure",
    type: "boolean",
    env: ["SSEC_INSECURE"],
    help: "skip TLS certificate verification",
  },
  {
    name: "profile",
    type: "string",
    value: "NAME|FILE",
    env: ["SSEC_PROFILE"],
    defaultText: "aws",
    help: "expected behaviour and declared deviations: aws, ceph, minio, obs, or a JSON file extending one",
  },
  {
    name: "strict",
    type: "boolean",
    env: ["SSEC_STRICT"],
    help: "SHOULD failures fail the gate, and so does a declared deviation that passes (xpass)",
  },
  {
    name: "baseline",
    type: "string",
    value: "FILE|DIR",
    env: ["SSEC_BASELINE"],
    help: "an earlier run's results.json (or its report directory): the summary lists the checks that regressed since, and a regression fails the gate (exit 1)",
  },
  {
    name: "only",
    type: "string",
    multiple: true,
    value: "GLOB",
    env: ["SSEC_ONLY"],
    help: "run only checks whose id matches (repeatable; * matches anything)",
  },
  {
    name: "skip",
    type: "string",
    multiple: true,
    value: "GLOB",
    env: ["SSEC_SKIP"],
    help: "skip checks whose id matches (repeatable)",
  },
  {
    name: "runs",
    type: "string",
    value: "N",
    env: ["SSEC_RUNS"],
    defaultText: "100 against the bundled server, 20 against an endpoint",
    help: "generated cases per property check",
  },
  {
    name: "stateful-runs",
    type: "string",
    value: "N",
    env: ["SSEC_STATEFUL_RUNS"],
    defaultText: "60 against the bundled server, 10 against an endpoint",
    help: "request sequences per stateful check",
  },
  {
    name: "stateful-length",
    type: "string",
    value: "N",
    env: ["SSEC_STATEFUL_LENGTH"],
    defaultText: "12",
    help: "most commands in one stateful sequence",
  },
  {
    name: "seed",
    type: "string",
    value: "N",
    env: ["SSEC_SEED"],
    defaultText: "42",
    help: "seed of every generated value; replay a failure with the seed it prints",
  },
  {
    name: "shard",
    type: "string",
    value: "I/N",
    env: ["SSEC_SHARD"],
    help: "run the I-th of N parts (by suite file); merge the parts with `report --merge`",
  },
  {
    name: "report-dir",
    type: "string",
    value: "DIR",
    env: ["SSEC_REPORT_DIR"],
    defaultText: "reports",
    help: "where results.json, junit.xml, allure-results/ and html/ go",
  },
  {
    name: "concurrency",
    type: "string",
    value: "N",
    env: ["SSEC_CONCURRENCY"],
    defaultText: "4",
    help: "suite files run in parallel",
  },
  {
    name: "timeout",
    type: "string",
    value: "MS",
    env: ["SSEC_TIMEOUT"],
    defaultText: "30000",
    help: "per-request timeout in milliseconds",
  },
  {
    name: "retries",
    type: "string",
    value: "N",
    env: ["SSEC_RETRIES"],
    defaultText: "2 against an endpoint, 0 against the bundled server",
    help: "retries of a throttled (503), failed (500) or reset exchange; counted in results.json",
  },
  {
    name: "verbose",
    type: "boolean",
    env: ["SSEC_VERBOSE"],
    help: "one line per check while running",
  },
  {
    name: "no-html",
    type: "boolean",
    env: ["SSEC_NO_HTML"],
    help: "skip html/index.html (the slowest report to write); `report` builds it later from allure-results/",
  },
  {
    name: "update-profile",
    type: "string",
    value: "FILE",
    help: "write the run's failures as declared deviations into FILE (a profile to review and commit)",
  },
  { name: "help", short: "h", type: "boolean", help: "show this help" },
];

export const LIST_FLAGS: readonly FlagSpec[] = [
  { name: "json", type: "boolean", help: "print the catalogue as JSON" },
  {
    name: "only",
    type: "string",
    multiple: true,
    value: "GLOB",
    help: "list only checks whose id matches (repeatable)",
  },
  {
    name: "skip",
    type: "string",
    multiple: true,
    value: "GLOB",
    help: "leave out checks whose id matches (repeatable)",
  },
  { name: "help", short: "h", type: "boolean", help: "show this help" },
];

export const REPORT_FLAGS: readonly FlagSpec[] = [
  {
    name: "report-dir",
    type: "string",
    value: "DIR",
    env: ["SSEC_REPORT_DIR"],
    defaultText: "reports",
    help: "the report directory to regenerate (or, with --merge, to write)",
  },
  {
    name: "merge",
    type: "boolean",
    help: "merge the report directories given as arguments (one per shard) into --report-dir",
  },
  { name: "strict", type: "boolean", env: ["SSEC_STRICT"], help: "with --merge: grade the merged verdict strictly" },
  { name: "open", type: "boolean", help: "open html/index.html in the default browser" },
  { name: "help", short: "h", type: "boolean", help: "show this help" },
];

export const DIFF_FLAGS: readonly FlagSpec[] = [
  { name: "json", type: "boolean", help: "print the comparison as JSON" },
  { name: "help", short: "h", type: "boolean", help: "show this help" },
];

export const MATRIX_FLAGS: readonly FlagSpec[] = [
  {
    name: "out",
    type: "string",
    value: "DIR",
    defaultText: "matrix",
    help: "where to write index.html and one badge per run (badges/<n>-<name>.svg)",
  },
  {
    name: "name",
    type: "string",
    multiple: true,
    value: "NAME",
    help: "column name of each run, in the order of the files (repeatable; default: profile, target and version)",
  },
  { name: "title", type: "string", value: "TEXT", help: "the page's title" },
  { name: "strict", type: "boolean", help: "colour each badge by the strict gate" },
  { name: "help", short: "h", type: "boolean", help: "show this help" },
];

/** node:util parseArgs `options` for a flag table. */
export function parseArgsOptions(
  flags: readonly FlagSpec[],
): Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> {
  const out: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const f of flags) {
    out[f.name] = { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) };
  }
  return out;
}

/** The help lines of a flag table, aligned. */
export function formatFlags(flags: readonly FlagSpec[]): string {
  const heads = flags.map((f) => `${f.short ? `-${f.short}, ` : "    "}--${f.name}${f.value ? ` ${f.value}` : ""}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return flags
    .map((f, i) => {
      const extra: string[] = [];
      if (f.defaultText) extra.push(`default: ${f.defaultText}`);
      if (f.env?.length) extra.push(`env: ${f.env.join(", ")}`);
      const lines = [`  ${heads[i].padEnd(width)}${f.help}`];
      if (extra.length) lines.push(`  ${"".padEnd(width)}(${extra.join("; ")})`);
      return lines.join("\n");
    })
    .join("\n");
}
