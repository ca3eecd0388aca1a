/**
 * One whole run of the real CLI against the bundled reference server, then everything a vendor
 * and a reviewer get from it: results.json, junit.xml and the HTML agree; the terminal ends with
 * the verdict line; no key or secret reaches any output; the HTML renders in a real browser.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PACKAGE_ROOT } from "../config/version.ts";
import { INTERFACES } from "../checks/types.ts";
import { exitCodeFor, parseResultsFile, type ResultsFile } from "../report/results.ts";
import { runCli, scratchDir, type CliResult } from "./spawn-cli.ts";
import { decodePng, inkRatio } from "./png.ts";

const ACCESS_KEY = "AKIDSELFTEST0000001";
const SECRET_KEY = "selftest/SecretKey+0123456789abcdefGHIJ";

let dir: string;
let run: CliResult;
let results: ResultsFile;

beforeAll(async () => {
  dir = scratchDir("report");
  run = await runCli(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--runs", "5", "--report-dir", "out"], { cwd: dir });
  const file = join(dir, "out/results.json");
  if (!existsSync(file)) throw new Error(`no results.json; exit ${run.code}\n${run.stdout}\n${run.stderr}`);
  results = parseResultsFile(readFileSync(file, "utf8"), file);
});

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("a run against the bundled server", () => {
  it("exits with the status its results call for", () => {
    expect(run.code).toBe(exitCodeFor(results.summary, false, results.errors?.length ?? 0));
  });

  it("says in the banner that it uses the bundled server", () => {
    expect(run.stdout).toMatch(/target\s+the bundled reference server, in-process/);
    expect(run.stdout).toMatch(/seed\s+42\s+runs 5/);
  });

  it("writes results.json with every catalogue check exactly once", async () => {
    const { CATALOGUE } = await import("../checks/catalogue.ts");
    expect(results.checks.map((c) => c.id).sort()).toEqual(CATALOGUE.map((c) => c.id).sort());
    const sum = Object.values(results.summary).reduce((a, b) => a + b, 0);
    expect(sum).toBe(results.checks.length);
  });

  it("writes junit.xml whose counts are results.json's", () => {
    const xml = readFileSync(join(dir, "out/junit.xml"), "utf8");
    const head = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml);
    expect(head).not.toBeNull();
    expect(head!.slice(1, 5).map(Number)).toEqual([results.checks.length, results.summary.fail, results.summary.error, results.summary.skip]);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(results.checks.length);
  });

  it("ends the terminal output with the verdict line and its counts", () => {
    const last = run.stdout.trimEnd().split("\n").at(-1)!;
    const m = /^(PASS|FAIL|NO VERDICT): (\d+) checks.* — (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(last);
    expect(m, last).not.toBeNull();
    expect(Number(m![2])).toBe(results.checks.length);
    expect([Number(m![3]), Number(m![4]), Number(m![5])]).toEqual([results.summary.pass, results.summary.fail, results.summary.skip]);
    for (const i of INTERFACES) expect(run.stdout).toContain(i);
  });

  it("writes a single-file HTML report without the analytics tag", () => {
    const html = readFileSync(join(dir, "out/html/index.html"), "utf8");
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).not.toContain("googletagmanager.com/gtag/js");
    expect(readdirSync(join(dir, "out/allure-results")).some((f) => f.endsWith("-result.json"))).toBe(true);
  });

  it("leaks no secret key, customer key or signature into any output", () => {
    const known = [SECRET_KEY];
    const vectors = resolve(PACKAGE_ROOT, "fixtures/keys.json");
    if (existsSync(vectors)) {
      for (const v of (JSON.parse(readFileSync(vectors, "utf8")) as { vectors: { keyBase64: string }[] }).vectors) {
        known.push(v.keyBase64, Buffer.from(v.keyBase64, "base64").toString("hex"));
      }
    }
    // A customer-key header, form field or JSON member whose value is not a redaction marker.
    const unredacted = /x-(?:amz|obs)-(?:copy-source-)?server-side-encryption-customer-key(?![-\w])"?\s*[:=]\s*"?(?!\[REDACTED)([A-Za-z0-9+/=]{8,})/gi;
    const signature = /Signature=[0-9a-f]{64}/gi;
    const outputs: [string, string][] = [["stdout", run.stdout], ["stderr", run.stderr], ...walk(join(dir, "out")).map((f): [string, string] => [f, readFileSync(f).toString("latin1")])];
    const hits: string[] = [];
    for (const [name, text] of outputs) {
      for (const k of known) if (text.includes(k)) hits.push(`${name}: contains a known key`);
      for (const m of text.matchAll(unredacted)) hits.push(`${name}: unredacted ${m[0].slice(0, 60)}…`);
      if (signature.test(text)) hits.push(`${name}: a SigV4 signature`);
      signature.lastIndex = 0;
    }
    expect(hits).toEqual([]);
  });
});

// TOOLCHAIN.md §5: Debian chromium, headless, from file:// with no server.
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=10000", "--window-size=1400,1000"];

describe("the HTML report in a real browser", () => {
  it("renders every interface of the catalogue and a non-blank page from file://", async (ctx) => {
    if (!CHROMIUM) {
      if (process.env.CI === "true") throw new Error("chromium is not installed, and CI=true requires the browser test (apt-get install -y chromium)");
      ctx.skip("chromium is not installed (apt-get install -y chromium); the browser check is skipped");
      return;
    }
    const url = pathToFileURL(join(dir, "out/html/index.html")).href;
    const profile = mkdtempSync(join(tmpdir(), "ssec-chromium-"));
    try {
      const dom = spawnSync(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, "--dump-dom", url], { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
      expect(dom.status, dom.stderr).toBe(0);
      const text = dom.stdout.replace(/<script[\s\S]*?<\/script>/gi, "").replace(/<style[\s\S]*?<\/style>/gi, "");
      // Every Table 2 interface the catalogue has checks for (all eight once every suite is in).
      const { CATALOGUE } = await import("../checks/catalogue.ts");
      const interfaces = INTERFACES.filter((i) => CATALOGUE.some((c) => c.interface === i));
      expect(interfaces.length).toBeGreaterThan(0);
      for (const i of interfaces) expect(text, `the rendered page names ${i}`).toContain(`>${i}<`);
      const shot = join(profile, "report.png");
      const png = spawnSync(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--screenshot=${shot}`, url], { encoding: "utf8", timeout: 120_000 });
      expect(png.status, png.stderr).toBe(0);
      expect(inkRatio(decodePng(readFileSync(shot)))).toBeGreaterThan(0.01);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
