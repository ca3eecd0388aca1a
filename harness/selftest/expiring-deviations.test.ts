/**
 * Deviations that expire (issue 17), end to end: a declared failing check whose `until` day is
 * past fails the gate again, and says which deviation, until when and where it is tracked; a
 * date that is no calendar day stops the run before any check (exit 2, one line). As in the
 * ratchet test, the failure is an expectation override, so the reference server needs no fault.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckDef } from "../checks/types.ts";
import { parseResultsFile } from "../report/results.ts";
import { runCli, scratchDir } from "./spawn-cli.ts";

let dir: string;
let check: CheckDef;
const LINK = "https://tracker.example/BUG-7";

beforeAll(async () => {
  const { CATALOGUE } = await import("../checks/catalogue.ts");
  check = CATALOGUE.find((c) => c.interface === "PUT Object" && c.level === "MUST" && c.expect === "md5-mismatch")!;
  dir = scratchDir("expiring");
});

function profile(name: string, until: string): string {
  const deviation = { expect: "fail", status: 599, reason: "BUG-7: answers 599", until, link: LINK };
  writeFileSync(join(dir, name), JSON.stringify({ extends: "aws", deviations: { [check.id]: deviation } }));
  return name;
}

describe("a deviation that expires", () => {
  it("fails the gate once its until day is past, naming the deviation, the day and the link (exit 1)", async () => {
    const r = await runCli(
      ["--only", check.id, "--runs", "2", "--profile", profile("expired.json", "2020-01-31"), "--report-dir", "a"],
      { cwd: dir },
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`declared deviation deviations["${check.id}"] expired on 2020-01-31 (${LINK})`);
    expect(r.stdout).toMatch(/× expired: deviations\[".*"\] \(until 2020-01-31, https:\/\/tracker\.example\/BUG-7\)/);
    const file = join(dir, "a", "results.json");
    const c = parseResultsFile(readFileSync(file, "utf8"), file).checks.find((x) => x.id === check.id);
    expect(c?.status).toBe("fail");
    expect(c?.deviation).toMatchObject({ key: check.id, until: "2020-01-31", link: LINK, expired: true });
  });

  it("refuses a day that does not exist before any check, with one line naming the profile, deviation and field (exit 2)", async () => {
    const r = await runCli(["--only", check.id, "--runs", "2", "--profile", profile("bad.json", "2026-02-30")], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      `ssec-conformance: --profile: bad.json: deviations["${check.id}"].until: "2026-02-30" is not a calendar date (YYYY-MM-DD)`,
    ]);
  });
});
