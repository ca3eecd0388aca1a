import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { DEFAULTS, resolveRunSettings, type FlagValues, type RunSettings } from "./settings.ts";
import { parseCommandLine } from "./command-line.ts";

const CREDS = { "access-key": "AKIDEXAMPLE", "secret-key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

function ok(flags: Record<string, unknown>, env: Record<string, string> = {}): RunSettings {
  const r = resolveRunSettings(flags as never, env);
  if (r instanceof ConfigError) throw new Error(`unexpected ${r.toString()}`);
  return r;
}

function bad(flags: Record<string, unknown>, env: Record<string, string> = {}): ConfigError {
  const r = resolveRunSettings(flags as never, env);
  if (!(r instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${JSON.stringify(r)}`);
  return r;
}

describe("resolveRunSettings: defaults", () => {
  it("targets the bundled server with the fixed seed and the local run budget", () => {
    const s = ok({});
    expect(s.endpoint).toBeUndefined();
    expect(s).toMatchObject({
      region: "us-east-1",
      profile: "aws",
      seed: 42,
      runs: DEFAULTS.runsReference,
      reportDir: "reports",
      html: true,
      strict: false,
      only: [],
      skip: [],
    });
  });

  it("uses the smaller run budget against a remote endpoint", () => {
    expect(ok({ endpoint: "https://s3.example.com", ...CREDS }).runs).toBe(DEFAULTS.runsRemote);
  });

  it("ignores credentials from the environment when no endpoint is given", () => {
    const s = ok({}, { AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "secret" });
    expect(s.accessKeyId).toBeUndefined();
    expect(s.secretAccessKey).toBeUndefined();
  });
});

describe("resolveRunSettings: precedence", () => {
  it("flags beat SSEC_* which beat AWS_*", () => {
    const env = {
      AWS_ENDPOINT_URL: "https://aws.example",
      AWS_ENDPOINT_URL_S3: "https://s3.aws.example",
      SSEC_ENDPOINT: "https://ssec.example",
      AWS_ACCESS_KEY_ID: "A",
      AWS_SECRET_ACCESS_KEY: "S",
    };
    expect(ok({}, env).endpoint).toBe("https://ssec.example");
    expect(ok({ endpoint: "https://flag.example" }, env).endpoint).toBe("https://flag.example");
    const { SSEC_ENDPOINT: _, ...noSsec } = env;
    expect(ok({}, noSsec).endpoint).toBe("https://s3.aws.example");
  });

  it("reads every SSEC_* twin", () => {
    const s = ok(
      {},
      {
        SSEC_ENDPOINT: "https://e.example:9000/",
        SSEC_HTTP_ENDPOINT: "http://e.example:9080",
        SSEC_REGION: "eu-west-1",
        SSEC_ACCESS_KEY: "A",
        SSEC_SECRET_KEY: "S",
        SSEC_BUCKET: "my-bucket",
        SSEC_UNBLOCK_BUCKET: "1",
        SSEC_VIRTUAL_HOSTED: "true",
        SSEC_PROFILE: "ceph",
        SSEC_STRICT: "1",
        SSEC_BASELINE: "last/results.json",
        SSEC_ONLY: "get-object.*, head-object.*",
        SSEC_SKIP: "post-object.*",
        SSEC_RUNS: "7",
        SSEC_STATEFUL_RUNS: "3",
        SSEC_STATEFUL_LENGTH: "4",
        SSEC_SEED: "-3",
        SSEC_SHARD: "2/3",
        SSEC_REPORT_DIR: "out",
        SSEC_CONCURRENCY: "2",
        SSEC_TIMEOUT: "5000",
        SSEC_VERBOSE: "yes",
        SSEC_NO_HTML: "1",
      },
    );
    expect(s).toEqual({
      endpoint: "https://e.example:9000",
      httpEndpoint: "http://e.example:9080",
      region: "eu-west-1",
      accessKeyId: "A",
      secretAccessKey: "S",
      bucket: "my-bucket",
      unblockBucket: true,
      virtualHosted: true,
      insecure: false,
      profile: "ceph",
      strict: true,
      baseline: "last/results.json",
      only: ["get-object.*", "head-object.*"],
      skip: ["post-object.*"],
      runs: 7,
      statefulRuns: 3,
      statefulLength: 4,
      seed: -3,
      shard: { index: 2, count: 3 },
      reportDir: "out",
      concurrency: 2,
      timeoutMs: 5000,
      verbose: true,
      html: false,
    });
  });
});

describe("resolveRunSettings: each bad value is named", () => {
  const cases: [string, Record<string, unknown>, Record<string, string>, string, RegExp][] = [
    ["endpoint not a URL", { endpoint: "not-a-url" }, {}, "--endpoint", /"not-a-url" is not an http\(s\) URL/],
    ["endpoint ftp", { endpoint: "ftp://x" }, {}, "--endpoint", /not an http\(s\) URL/],
    ["endpoint plain http", { endpoint: "http://x", ...CREDS }, {}, "--endpoint", /must be an https URL/],
    ["endpoint with path", { endpoint: "https://x/bucket", ...CREDS }, {}, "--endpoint", /has a path/],
    ["endpoint from env", {}, { AWS_ENDPOINT_URL: "nope" }, "AWS_ENDPOINT_URL", /not an http\(s\) URL/],
    ["endpoint without access key", { endpoint: "https://x" }, {}, "--access-key", /required with --endpoint/],
    [
      "endpoint without secret key",
      { endpoint: "https://x", "access-key": "A" },
      {},
      "--secret-key",
      /required with --endpoint/,
    ],
    ["http endpoint without endpoint", { "http-endpoint": "http://x" }, {}, "--http-endpoint", /needs --endpoint/],
    [
      "http endpoint https",
      { endpoint: "https://x", "http-endpoint": "https://x", ...CREDS },
      {},
      "--http-endpoint",
      /must be an http URL/,
    ],
    ["region", { region: "eu west" }, {}, "--region", /not a region/],
    ["bucket", { bucket: "My_Bucket" }, {}, "--bucket", /lower-case/],
    ["bucket short", { bucket: "ab" }, {}, "--bucket", /3 to 63/],
    ["ca with insecure", { ca: "ca.pem", insecure: true }, {}, "--ca", /contradicts --insecure/],
    ["bool env", {}, { SSEC_STRICT: "maybe" }, "SSEC_STRICT", /not a boolean/],
    ["only glob", { only: ["get object"] }, {}, "--only", /not a check-id glob/],
    ["skip env glob", {}, { SSEC_SKIP: "a,b c" }, "SSEC_SKIP", /not a check-id glob/],
    ["runs zero", { runs: "0" }, {}, "--runs", /out of range/],
    ["runs text", { runs: "many" }, {}, "--runs", /not a positive integer/],
    ["seed", { seed: "1.5" }, {}, "--seed", /not an integer/],
    ["seed too big", { seed: "99999999999" }, {}, "--seed", /out of range/],
    ["shard form", { shard: "1-2" }, {}, "--shard", /not I\/N/],
    ["shard index", { shard: "3/2" }, {}, "--shard", /index 3 is out of range/],
    ["shard zero", { shard: "0/2" }, {}, "--shard", /out of range/],
    ["report dir", { "report-dir": "" }, {}, "--report-dir", /empty/],
    ["baseline", { baseline: " " }, {}, "--baseline", /empty/],
    ["concurrency", { concurrency: "0" }, {}, "--concurrency", /out of range/],
    ["timeout", { timeout: "fast" }, {}, "--timeout", /milliseconds/],
    ["timeout env", {}, { SSEC_TIMEOUT: "10" }, "SSEC_TIMEOUT", /out of range/],
  ];
  for (const [name, flags, env, setting, reason] of cases) {
    it(name, () => {
      const e = bad(flags, env);
      expect(e.setting).toBe(setting);
      expect(e.reason).toMatch(reason);
      expect(e.toString()).toMatch(new RegExp(`^ssec-conformance: ${setting.replace(/[-/]/g, "\\$&")}: `));
      expect(e.toString()).not.toContain("\n");
    });
  }

  it("never echoes credentials embedded in an endpoint URL", () => {
    const e = bad({ endpoint: "https://user:hunter2@x", ...CREDS });
    expect(e.toString()).not.toContain("hunter2");
  });
});

describe("parseCommandLine", () => {
  it("defaults to run and passes serve's argv through", () => {
    expect(parseCommandLine(["--seed", "7"])).toMatchObject({ command: "run", values: { seed: "7" } });
    expect(parseCommandLine(["run", "--strict"])).toMatchObject({ command: "run", values: { strict: true } });
    expect(parseCommandLine(["serve", "--port", "0", "--fault", "x"])).toEqual({
      command: "serve",
      argv: ["--port", "0", "--fault", "x"],
    });
    expect(parseCommandLine(["--version"])).toEqual({ command: "version" });
    expect(parseCommandLine(["list", "--json"])).toMatchObject({ command: "list", values: { json: true } });
    expect(parseCommandLine(["report", "--merge", "a", "b"])).toMatchObject({
      command: "report",
      positionals: ["a", "b"],
    });
  });

  it("collects repeatable flags", () => {
    expect(parseCommandLine(["--only", "a.*", "--only", "b.*"])).toMatchObject({ values: { only: ["a.*", "b.*"] } });
  });

  it("binds a negative number to the flag before it, so the range check names the problem", () => {
    expect(parseCommandLine(["--timeout", "-5", "--strict"])).toMatchObject({
      command: "run",
      values: { timeout: "-5", strict: true },
    });
    expect(parseCommandLine(["--seed", "-1"])).toMatchObject({ values: { seed: "-1" } });
    // Only after a value-taking flag, and only numbers: `--strict -5` and `--endpoint -x` stay errors.
    expect(parseCommandLine(["--strict", "-5"])).toBeInstanceOf(ConfigError);
    expect(parseCommandLine(["--endpoint", "-x"])).toBeInstanceOf(ConfigError);
    const t = resolveRunSettings((parseCommandLine(["--timeout", "-5"]) as { values: FlagValues }).values, {});
    expect(String(t)).toMatch(/--timeout: -5 is out of range/);
    const r = resolveRunSettings((parseCommandLine(["--runs", "-1"]) as { values: FlagValues }).values, {});
    expect(String(r)).toMatch(/--runs: -1 is out of range/);
  });

  const bads: [string[], string, RegExp][] = [
    [["--frobnicate"], "--frobnicate", /unknown option/],
    [["--endpoint"], "--endpoint", /needs a value/],
    [["--strict=yes"], "--strict", /takes no value/],
    [["list", "--seed", "1"], "--seed", /unknown option for `list`/],
    [["run", "extra"], '"extra"', /unexpected argument/],
    [["frobnicate"], '"frobnicate"', /unknown command/],
  ];
  for (const [argv, setting, reason] of bads) {
    it(`rejects ${argv.join(" ")}`, () => {
      const r = parseCommandLine(argv);
      expect(r).toBeInstanceOf(ConfigError);
      const e = r as ConfigError;
      expect(e.setting).toBe(setting);
      expect(e.reason).toMatch(reason);
      expect(e.toString()).not.toContain("\n");
    });
  }
});

describe("--retries", () => {
  it("is absent by default (the lifecycle picks 2 remote, 0 bundled) and takes 0..10", () => {
    expect(ok({}).retries).toBeUndefined();
    expect(ok({ retries: "0" }).retries).toBe(0);
    expect(ok({}, { SSEC_RETRIES: "5" }).retries).toBe(5);
    expect(String(resolveRunSettings({ retries: "11" } as never, {}))).toMatch(
      /--retries: 11 is out of range \(0\.\.10\)/,
    );
    expect(
      String(resolveRunSettings((parseCommandLine(["--retries", "-1"]) as { values: FlagValues }).values, {})),
    ).toMatch(/--retries: -1 is out of range/);
  });
});
