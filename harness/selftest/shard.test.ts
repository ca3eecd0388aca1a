/**
 * `--shard i/n` splits a run by suite file; `report --merge` joins the shards' report directories
 * into one results.json, junit.xml and HTML in which every check appears once, from the shard
 * that ran it.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OTHER_SHARD_PREFIX, exitCodeFor, parseResultsFile } from "../report/results.ts";
import { runCli, scratchDir } from "./spawn-cli.ts";

describe("sharded runs", () => {
  it("merge into one report with every selected check run exactly once", async () => {
    const dir = scratchDir("shard");
    const only = ["--only", "put-object.round-trip*", "--only", "get-object.wrong-key*", "--only", "head-object.*md5*"];
    const shards = await Promise.all(
      [1, 2].map((i) =>
        runCli([...only, "--runs", "2", "--shard", `${i}/2`, "--no-html", "--report-dir", `s${i}`], { cwd: dir }),
      ),
    );
    for (const s of shards) expect(s.code, s.stdout + s.stderr).not.toBe(2);
    const parts = [1, 2].map((i) => parseResultsFile(readFileSync(join(dir, `s${i}/results.json`), "utf8"), `s${i}`));
    expect(parts.map((p) => p.shard)).toEqual(["1/2", "2/2"]);

    const merged = await runCli(["report", "--merge", "s1", "s2", "--report-dir", "all"], { cwd: dir });
    const file = join(dir, "all/results.json");
    const r = parseResultsFile(readFileSync(file, "utf8"), file);
    expect(merged.code).toBe(exitCodeFor(r.summary, false, r.errors?.length ?? 0));
    expect(r.shard).toBeUndefined();
    expect(r.checks.filter((c) => (c.message ?? "").startsWith(OTHER_SHARD_PREFIX))).toEqual([]);
    const selected = r.checks.filter((c) => !(c.status === "skip" && /filtered out/.test(c.message ?? "")));
    expect(selected.length).toBeGreaterThan(2);
    // Each selected check was run by exactly one shard: the other one skipped it as not its own.
    for (const c of selected) {
      const ran = parts.filter((p) =>
        p.checks.find((x) => x.id === c.id && !(x.message ?? "").startsWith(OTHER_SHARD_PREFIX)),
      );
      expect(ran.length, c.id).toBe(1);
    }
    expect(existsSync(join(dir, "all/html/index.html"))).toBe(true);
    const xml = readFileSync(join(dir, "all/junit.xml"), "utf8");
    expect(xml).toMatch(
      new RegExp(
        `<testsuites [^>]*tests="${r.checks.length}" failures="${r.summary.fail}" errors="${r.summary.error}" skipped="${r.summary.skip}"`,
      ),
    );
    expect(merged.stdout.trimEnd().split("\n").at(-1)).toMatch(/\d+ passed, \d+ failed, \d+ skipped$/);
  });
});
