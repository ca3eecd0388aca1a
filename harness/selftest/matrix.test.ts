/**
 * Results vendors can track (issue 17): three real runs of the CLI against the reference server
 * (clean, one fault, two faults), then `diff` and `matrix` on them as a vendor would use them,
 * and the matrix page in a real browser.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { parseResultsFile, type ResultsFile } from "../report/results.ts";
import type { RunDiff } from "../report/run-diff.ts";
import { startServer } from "../server/index.ts";
import { chromiumOrSkip, renderPage } from "./chromium.ts";
import { decodePng, inkRatio } from "./png.ts";
import { MATRIX_ONLY, MATRIX_RUNS } from "./matrix-runs.ts";
import { endpointArgs, runCli, scratchDir, type CliResult } from "./spawn-cli.ts";

const ONLY = MATRIX_ONLY;
const RUNS = MATRIX_RUNS;

let dir: string;
const results: ResultsFile[] = [];
const outputs: CliResult[] = [];

/** One run of the CLI against a reference server with the run's faults (the HTML report is not read here). */
async function cliRun(i: number): Promise<[CliResult, ResultsFile]> {
  const r = RUNS[i];
  const server = await startServer({ faults: [...r.faults] });
  try {
    const cli = await runCli(
      [
        ...endpointArgs(server),
        ...ONLY.flatMap((o) => ["--only", o]),
        ...["--no-html", "--report-dir", `run-${i + 1}`, ...(i ? ["--baseline", "run-1"] : [])],
      ],
      { cwd: dir },
    );
    const file = join(dir, `run-${i + 1}`, "results.json");
    if (!existsSync(file))
      throw new Error(`${r.name}: no results.json; exit ${cli.code}\n${cli.stdout}\n${cli.stderr}`);
    return [cli, parseResultsFile(readFileSync(file, "utf8"), file)];
  } finally {
    await server.close();
  }
}

beforeAll(async () => {
  dir = scratchDir("matrix");
  // The clean run first (the baseline of the others), then the two faulty runs side by side.
  const clean = await cliRun(0);
  const faulty = await Promise.all([cliRun(1), cliRun(2)]);
  for (const [cli, res] of [clean, ...faulty]) {
    outputs.push(cli);
    results.push(res);
  }
});

const failing = (r: ResultsFile) =>
  r.checks
    .filter((c) => c.status === "fail")
    .map((c) => c.id)
    .sort();

describe("three runs of the reference server", () => {
  it("differ as their faults do: none, then one, then two failing groups", () => {
    expect(failing(results[0])).toEqual([]);
    expect(failing(results[1]).length).toBeGreaterThan(0);
    expect(failing(results[1]).every((id) => id.startsWith("get-object."))).toBe(true);
    expect(failing(results[2])).toEqual(expect.arrayContaining(failing(results[1])));
    expect(failing(results[2]).some((id) => id.startsWith("head-object."))).toBe(true);
  });
});

describe("diff", () => {
  it("lists what regressed from the clean run and exits 1", async () => {
    const cli = await runCli(["diff", "run-1", "run-2"], { cwd: dir });
    expect(cli.code, cli.stderr).toBe(1);
    expect(cli.stdout).toContain(`regressed (${failing(results[1]).length}):`);
    for (const id of failing(results[1])) expect(cli.stdout).toMatch(new RegExp(`^  ${id}  pass → fail`, "m"));
    expect(cli.stdout.trimEnd().split("\n").at(-1)).toMatch(/^REGRESSED: \d+ regressed, 0 fixed/);
  });

  it("lists the same checks as fixed the other way round and exits 0", async () => {
    const cli = await runCli(["diff", "run-2/results.json", "run-1/results.json", "--json"], { cwd: dir });
    expect(cli.code, cli.stderr).toBe(0);
    const d = JSON.parse(cli.stdout) as RunDiff;
    expect(d.regressed).toEqual([]);
    expect(d.fixed.map((c) => c.id).sort()).toEqual(failing(results[1]));
    expect(d.unchanged).toBe(results[0].checks.length - failing(results[1]).length);
  });

  it("finds nothing between a run and itself", async () => {
    const cli = await runCli(["diff", "run-3", "run-3"], { cwd: dir });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("NO REGRESSION: 0 regressed, 0 fixed, 0 changed, 0 appeared, 0 disappeared");
  });

  it("refuses a wrong argument with one line that names it (exit 2)", async () => {
    for (const args of [
      ["diff", "run-1"],
      ["diff", "run-1", "nowhere"],
      ["diff", "run-1", "run-1/junit.xml"],
    ]) {
      const cli = await runCli(args, { cwd: dir });
      expect(cli.code, args.join(" ")).toBe(2);
      expect(cli.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("--baseline", () => {
  it("fails the faulty runs against the clean one, listing each regression in the summary", () => {
    for (const i of [1, 2]) {
      expect(outputs[i].code, outputs[i].stderr).toBe(1);
      expect(outputs[i].stdout).toMatch(
        new RegExp(`^baseline run-1 \\(.*\\): REGRESSED: ${failing(results[i]).length} regressed, 0 fixed`, "m"),
      );
      for (const id of failing(results[i])) expect(outputs[i].stdout).toMatch(new RegExp(`^  ${id}  pass → fail`, "m"));
    }
  });
});

describe("matrix", () => {
  let out: string;
  let html: string;

  beforeAll(async () => {
    const cli = await runCli(
      ["matrix", "run-1", "run-2", "run-3", "--out", "matrix", ...RUNS.flatMap((r) => ["--name", r.name])],
      { cwd: dir },
    );
    expect(cli.code, cli.stderr).toBe(0);
    out = join(dir, "matrix");
    html = readFileSync(join(out, "index.html"), "utf8");
  });

  it("has a column per run and a row per check, with the differing rows marked", () => {
    for (const r of RUNS) expect(html).toContain(`<div class="name">${r.name}</div>`);
    const ids = new Set(results.flatMap((r) => r.checks.map((c) => c.id)));
    expect(html.match(/<tr class="check-row/g)).toHaveLength(ids.size);
    expect(html.match(/<tr class="check-row differs"/g)).toHaveLength(failing(results[2]).length);
  });

  it("writes one valid SVG badge per run, red for a failing gate", () => {
    const badges = readdirSync(join(out, "badges")).sort();
    expect(badges).toEqual(["1-clean.svg", "2-one-fault.svg", "3-two-faults.svg"]);
    for (const b of badges) expect(XMLValidator.validate(readFileSync(join(out, "badges", b), "utf8")), b).toBe(true);
    const passed = results[0].checks.filter((c) => c.status === "pass").length;
    expect(readFileSync(join(out, "badges", badges[0]), "utf8")).toContain(`>${passed}/${results[0].checks.length}<`);
    expect(readFileSync(join(out, "badges", badges[1]), "utf8")).toContain("#c62828");
  });

  it("renders every run and every check in a real browser, from file://", (ctx) => {
    const chromium = chromiumOrSkip((note) => ctx.skip(note));
    if (!chromium) return;
    const page = renderPage(chromium, join(out, "index.html"));
    for (const r of RUNS) expect(page.text).toContain(r.name);
    for (const c of results[0].checks) expect(page.text, c.id).toContain(`<code>${c.id}</code>`);
    expect(inkRatio(decodePng(page.png))).toBeGreaterThan(0.01);
  });
});
