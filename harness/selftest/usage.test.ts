/** The command line as a user meets it: help, version, and one-line usage errors with exit 2. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { PACKAGE_ROOT } from "../config/version.ts";
import { runCli, scratchDir } from "./spawn-cli.ts";

const version = (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string })
  .version;

// Each test is its own CLI process with nothing shared: they run side by side (vitest maxConcurrency, 5).
describe.concurrent("ssec-conformance usage", () => {
  it("--version prints the package version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("--help describes every command and exit status", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const s of ["serve", "list", "report", "diff", "matrix", "--endpoint", "--profile", "--shard", "Exit status"])
      expect(r.stdout).toContain(s);
  });

  it.each([["run"], ["list"], ["report"], ["diff"], ["matrix"]])("%s --help", async (cmd) => {
    const r = await runCli([cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: ssec-conformance ${cmd === "run" ? "\\[run\\]" : cmd}`));
  });

  it("--endpoint not-a-url exits 2 with one line naming --endpoint", async () => {
    const r = await runCli(["--endpoint", "not-a-url"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ssec-conformance: --endpoint: "not-a-url" is not an http(s) URL\n');
    expect(r.stdout).toBe("");
  });

  it.each([
    [["--frobnicate"], /^ssec-conformance: --frobnicate: unknown option/],
    [["--runs", "zero"], /^ssec-conformance: --runs: "zero" is not a positive integer/],
    [["--endpoint", "https://127.0.0.1:1"], /^ssec-conformance: --access-key: required with --endpoint/],
    [["--only", "no-such-interface.*"], /^ssec-conformance: --only: "no-such-interface\.\*" matches no check id/],
    [["--profile", "no-such-profile"], /^ssec-conformance: --profile: /],
    [["--ca", "/nonexistent/ca.pem"], /^ssec-conformance: --ca: cannot read/],
    [
      ["--baseline", "/nonexistent/results.json"],
      /^ssec-conformance: --baseline: "\/nonexistent\/results.json": no such file/,
    ],
    [["--report-dir", process.execPath], /^ssec-conformance: --report-dir: ".*" is a file, not a directory/],
    [["list", "--seed", "1"], /^ssec-conformance: --seed: unknown option for `list`/],
  ])("%j exits 2 with one line naming the setting", async (args, line) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(line);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names the environment variable when the bad value came from there", async () => {
    const r = await runCli([], { env: { SSEC_SEED: "soon" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ssec-conformance: SSEC_SEED: "soon" is not an integer/);
  });

  it("a profile declaring an unknown check id exits 2", async () => {
    const dir = scratchDir("badprofile");
    const file = resolve(dir, "vendor.json");
    (await import("node:fs")).writeFileSync(
      file,
      JSON.stringify({ extends: "aws", deviations: { "put-object.no-such-check": { expect: "fail", reason: "x" } } }),
    );
    const r = await runCli(["--profile", file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ssec-conformance: --profile: .*put-object\.no-such-check/);
  });

  it("an unreachable endpoint exits 3 saying the connection was refused", async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const dir = scratchDir("unreachable");
    const r = await runCli(
      ["--endpoint", `https://127.0.0.1:${port}`, "--access-key", "AKID", "--secret-key", "not-a-real-secret-0001"],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/target unreachable \(refused\)/);
    expect(r.stdout + r.stderr).not.toContain("not-a-real-secret-0001");
  });

  it("list prints the catalogue, and --json parses", async () => {
    const r = await runCli(["list", "--json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as {
      id: string;
      interface: string;
      level: string;
      title: string;
      expect: string | null;
      evidence: { id: string; grade: string; statement: string; links: string[] }[];
      feature?: string;
    }[];
    expect(list.length).toBeGreaterThan(0);
    for (const c of list) {
      // `feature` only where the check needs an optional one (checks/features.ts).
      const keys = ["category", "evidence", "expect", "id", "interface", "level", "title"];
      expect(Object.keys(c).sort()).toEqual(c.feature === undefined ? keys : [...keys, "feature"].sort());
      expect(c.evidence.length, c.id).toBeGreaterThan(0);
      for (const e of c.evidence) {
        expect(Object.keys(e).sort()).toEqual(["grade", "id", "links", "statement"]);
        expect(e.links.length, `${c.id} → ${e.id}`).toBeGreaterThan(0);
      }
    }
    expect(list.find((c) => c.id === "get-object.wrong-key")?.expect).toBe("wrong-key-read");
    expect(list.some((c) => c.feature === "blocked-encryption-types")).toBe(true);
    const text = await runCli(["list"]);
    expect(text.stdout).toContain(list[0].id);
    expect(text.stdout).toContain(list[0].evidence[0].id);
  });
});
