/**
 * One whole run of the real CLI against the bundled reference server, then everything a vendor
 * and a reviewer get from it: results.json, junit.xml and the HTML agree; the terminal ends with
 * the verdict line; no key or secret reaches any output; the HTML renders in a real browser.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../config/version.ts";
import { INTERFACES } from "../checks/types.ts";
import { getCheck } from "../checks/catalogue.ts";
import { evidenceRefs } from "../checks/evidence.ts";
import { exitCodeFor, parseResultsFile, type ResultsFile } from "../report/results.ts";
import { runCli, scratchDir, type CliResult } from "./spawn-cli.ts";
import { decodePng, inkRatio } from "./png.ts";
import { chromiumOrSkip, renderPage } from "./chromium.ts";
import { startEchoProxy, type EchoProxy } from "./echo-proxy.ts";
import { startServer } from "../server/index.ts";

const ACCESS_KEY = "AKIDSELFTEST0000001";
const SECRET_KEY = "selftest/SecretKey+0123456789abcdefGHIJ";

let dir: string;
let run: CliResult;
let results: ResultsFile;

beforeAll(async () => {
  dir = scratchDir("report");
  run = await runCli(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--runs", "5", "--report-dir", "out"], {
    cwd: dir,
  });
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

  it("names the endpoint URL as results.json's target, with region, bucket and addressing beside it", () => {
    expect(results.target).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(results).toMatchObject({ region: "us-east-1", addressing: "path-style" });
    expect(results.bucket).toMatch(/^ssec-conformance-/);
    // Never retries against the bundled server: a reference-server 500 must show.
    expect(results.retries).toEqual({ total: 0, perExchange: 0 });
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
    expect(head!.slice(1, 5).map(Number)).toEqual([
      results.checks.length,
      results.summary.fail,
      results.summary.error,
      results.summary.skip,
    ]);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(results.checks.length);
  });

  it("gives every check its evidence ids in results.json and junit.xml", async () => {
    const { getCheck } = await import("../checks/catalogue.ts");
    for (const c of results.checks) expect(c.evidence, c.id).toEqual(getCheck(c.id).evidence);
    const xml = readFileSync(join(dir, "out/junit.xml"), "utf8");
    expect((xml.match(/<property name="ssec.evidence" value="[a-z0-9. -]+"\/>/g) ?? []).length).toBe(
      results.checks.length,
    );
  });

  it("ends the terminal output with the verdict line and its counts", () => {
    const last = run.stdout.trimEnd().split("\n").at(-1)!;
    const m = /^(PASS|FAIL|NO VERDICT): (\d+) checks.* — (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(last);
    expect(m, last).not.toBeNull();
    expect(Number(m![2])).toBe(results.checks.length);
    expect([Number(m![3]), Number(m![4]), Number(m![5])]).toEqual([
      results.summary.pass,
      results.summary.fail,
      results.summary.skip,
    ]);
    for (const i of INTERFACES) expect(run.stdout).toContain(i);
  });

  it("writes a single-file HTML report without the analytics tag", () => {
    const html = readFileSync(join(dir, "out/html/index.html"), "utf8");
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).not.toContain("googletagmanager.com/gtag/js");
    expect(readdirSync(join(dir, "out/allure-results")).some((f) => f.endsWith("-result.json"))).toBe(true);
  });

  it("leaks no secret key, customer key or signature into any output", () => {
    expect(leaks(run, join(dir, "out"), [SECRET_KEY])).toEqual([]);
  });
});

/** The fixture vectors (fixtures/keys.json): base64 and hex of each. */
function vectorKeys(): string[] {
  const out: string[] = [];
  const vectors = resolve(PACKAGE_ROOT, "fixtures/keys.json");
  if (existsSync(vectors)) {
    for (const v of (JSON.parse(readFileSync(vectors, "utf8")) as { vectors: { keyBase64: string }[] }).vectors) {
      out.push(v.keyBase64, Buffer.from(v.keyBase64, "base64").toString("hex"));
    }
  }
  return out;
}

/** Every form a key value could take in a report: as sent, and for a decodable key its hex and base64url. */
function keyForms(value: string): string[] {
  const out = [value];
  const raw = Buffer.from(value, "base64");
  if (raw.length >= 16 && raw.toString("base64") === value) out.push(raw.toString("hex"), raw.toString("base64url"));
  return out.filter((f) => f.length >= 12);
}

// A customer-key header, form field or JSON member whose value is not a redaction marker.
const UNREDACTED =
  /x-(?:amz|obs)-(?:copy-source-)?server-side-encryption-customer-key(?![-\w])"?\s*[:=]\s*"?(?!\[REDACTED)([A-Za-z0-9+/=]{8,})/gi;
const SIGNATURE = /Signature=[0-9a-f]{64}/gi;
// A 32-byte key in base64 (43 characters and one `=`) anywhere on a line that names a customer key.
const KEY_B64 = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=(?![A-Za-z0-9+/=])/g;

/** Where any of `known`, an unredacted key field, a key-shaped value next to a key name, or a signature appears. */
function leaks(r: CliResult, reportDir: string, known: readonly string[]): string[] {
  const needles = [...new Set([...known, ...vectorKeys()].flatMap(keyForms))];
  const outputs: [string, string][] = [
    ["stdout", r.stdout],
    ["stderr", r.stderr],
    ...walk(reportDir).map((f): [string, string] => [f, readFileSync(f).toString("latin1")]),
  ];
  const hits: string[] = [];
  for (const [name, text] of outputs) {
    for (const k of needles)
      if (text.includes(k)) hits.push(`${name}: contains a key sent in the run (${k.slice(0, 6)}…)`);
    for (const m of text.matchAll(UNREDACTED)) hits.push(`${name}: unredacted ${m[0].slice(0, 60)}…`);
    for (const line of text.split(/\r?\n|\\n/)) {
      if (!/customer[- _]key/i.test(line)) continue;
      for (const m of line.matchAll(KEY_B64))
        if (Buffer.from(m[0], "base64").length === 32)
          hits.push(`${name}: a 32-byte base64 value next to a customer-key name`);
    }
    if (SIGNATURE.test(text)) hits.push(`${name}: a SigV4 signature`);
    SIGNATURE.lastIndex = 0;
  }
  return hits;
}

/**
 * A run that FAILS, against a server that echoes keys: the reference server with `echo-key` (the
 * key in a response header) and `validation-500` (SSE-C validation errors become 500, so the
 * refusal checks fail with the server's message in their text), behind a front that writes the
 * key each request sent into the error Message (echo-proxy.ts). Failures carry transcripts,
 * messages and expected/actual text, the paths a leak would take.
 */
describe("a failing run against a server that echoes the customer key", () => {
  let fdir: string;
  let frun: CliResult;
  let fresults: ResultsFile;
  let proxy: EchoProxy;

  beforeAll(async () => {
    fdir = scratchDir("report-leak");
    const server = await startServer({
      faults: ["echo-key", "validation-500"],
      httpPort: null,
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
    });
    proxy = await startEchoProxy(server);
    writeFileSync(join(fdir, "ca.pem"), server.caPem);
    try {
      frun = await runCli(
        [
          "--endpoint",
          proxy.endpoint,
          "--ca",
          "ca.pem",
          "--access-key",
          ACCESS_KEY,
          "--secret-key",
          SECRET_KEY,
          "--runs",
          "5",
          "--report-dir",
          "out",
          "--only",
          "put-object.*",
          "--skip",
          "put-object.round-trip-*",
        ],
        { cwd: fdir },
      );
    } finally {
      await proxy.close();
      await server.close();
    }
    const file = join(fdir, "out/results.json");
    if (!existsSync(file)) throw new Error(`no results.json; exit ${frun.code}\n${frun.stdout}\n${frun.stderr}`);
    fresults = parseResultsFile(readFileSync(file, "utf8"), file);
  });

  it("fails checks whose text carries the server's message, and the server did echo keys", () => {
    expect(frun.code).toBe(1);
    expect(fresults.summary.fail).toBeGreaterThan(10);
    expect(
      fresults.checks.some(
        (c) => c.status === "fail" && c.message?.includes("server message:") && c.message.includes("the key you sent"),
      ),
    ).toBe(true);
    expect(proxy.echoed()).toBeGreaterThan(10);
    expect(proxy.keys.size).toBeGreaterThan(20);
  });

  it("retries the 500s of a remote endpoint (default budget) and counts every retried exchange", () => {
    expect(fresults.retries?.perExchange).toBe(2);
    const perCheck = fresults.checks.reduce((n, c) => n + (c.retries ?? 0), 0);
    expect(perCheck).toBeGreaterThan(0);
    expect(fresults.retries?.total).toBe(perCheck);
    const retried = fresults.checks.find((c) => (c.retries ?? 0) > 0 && c.status === "fail");
    expect(retried?.actual).toMatch(/^500 InternalError/);
  });

  it("leaks none of the keys that crossed the wire, nor the secret key, into any output", () => {
    expect(leaks(frun, join(fdir, "out"), [SECRET_KEY, ...proxy.keys])).toEqual([]);
  });
});

describe("the HTML report in a real browser", () => {
  it("renders every interface of the catalogue and a non-blank page from file://", async (ctx) => {
    const chromium = chromiumOrSkip((note) => ctx.skip(note));
    if (!chromium) return;
    const file = join(dir, "out/html/index.html");
    const page = renderPage(chromium, file);
    // Every Table 2 interface the catalogue has checks for (all eight once every suite is in).
    const { CATALOGUE } = await import("../checks/catalogue.ts");
    const interfaces = INTERFACES.filter((i) => CATALOGUE.some((c) => c.interface === i));
    expect(interfaces.length).toBeGreaterThan(0);
    for (const i of interfaces) expect(page.text, `the rendered page names ${i}`).toContain(`>${i}<`);
    expect(inkRatio(decodePng(page.png))).toBeGreaterThan(0.01);

    // A check's page shows its evidence: the entry in the description, each source as a link.
    const byId = (
      JSON.parse(readFileSync(join(dir, "out/html/test-results.json"), "utf8")) as {
        byId: Record<string, { id: string; name: string }>;
      }
    ).byId;
    const result = Object.values(byId).find((r) => r.name.startsWith("get-object.wrong-key —"));
    expect(result, "get-object.wrong-key in the HTML report").toBeDefined();
    const one = renderPage(chromium, file, { fragment: `/${result!.id}`, screenshot: false });
    const [entry] = evidenceRefs(getCheck("get-object.wrong-key").evidence);
    expect(one.dom).toContain(entry.id);
    for (const link of entry.links) expect(one.dom).toContain(`href="${link}"`);
  });
});
