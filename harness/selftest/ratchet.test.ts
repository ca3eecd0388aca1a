/**
 * Profiles as a ratchet (issue 6): a declared failing check turns exit 1 into exit 0, a declared
 * check that passes is xpass (exit 1 only under --strict), and --update-profile writes the
 * failures as deviations that make the next run pass. The failure is made with an expectation
 * override (a vendor "answers differently by design"), so the reference server needs no fault.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckDef } from "../checks/types.ts";
import { parseResultsFile } from "../report/results.ts";
import { runCli, scratchDir } from "./spawn-cli.ts";

let dir: string;
let check: CheckDef;

beforeAll(async () => {
  const { CATALOGUE } = await import("../checks/catalogue.ts");
  // A MUST check of PUT Object graded against a profile expectation: an override can flip it.
  check =
    CATALOGUE.find((c) => c.interface === "PUT Object" && c.level === "MUST" && c.expect === "md5-mismatch") ??
    CATALOGUE.find((c) => c.level === "MUST" && c.expect)!;
  dir = scratchDir("ratchet");
});

function profile(name: string, deviation: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({ extends: "aws", deviations: { [check.id]: { reason: "self-test", ...deviation } } }, null, 2),
  );
  return file;
}

function statusOf(reportDir: string): string | undefined {
  const file = join(dir, reportDir, "results.json");
  return parseResultsFile(readFileSync(file, "utf8"), file).checks.find((c) => c.id === check.id)?.status;
}

const run = (args: string[]) => runCli(["--only", check.id, "--runs", "2", "--no-html", ...args], { cwd: dir });

describe("profiles as a ratchet", () => {
  it("an override the server does not meet fails the run (exit 1)", async () => {
    const r = await run(["--profile", profile("override.json", { status: 599 }), "--report-dir", "a"]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(statusOf("a")).toBe("fail");
    expect(r.stdout).toMatch(new RegExp(`× ${check.id.replace(/\./g, "\\.")} \\[MUST\\]`));
  });

  it("declaring that failure as a deviation turns exit 1 into exit 0 (xfail)", async () => {
    const r = await run(["--profile", profile("declared.json", { status: 599, expect: "fail" }), "--report-dir", "b"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(statusOf("b")).toBe("xfail");
  });

  it("a declared deviation that passes is xpass: exit 0, but 1 under --strict", async () => {
    const file = profile("stale.json", { expect: "fail" });
    const lax = await run(["--profile", file, "--report-dir", "c"]);
    expect(lax.code, lax.stdout + lax.stderr).toBe(0);
    expect(statusOf("c")).toBe("xpass");
    expect(lax.stdout).toContain(`✓ can be removed: deviations["${check.id}"]`);
    const strict = await run(["--profile", file, "--strict", "--report-dir", "d"]);
    expect(strict.code).toBe(1);
  });

  it("--update-profile writes the failures so that the next run passes", async () => {
    const first = await run([
      "--profile",
      profile("base.json", { status: 599 }),
      "--update-profile",
      "updated.json",
      "--report-dir",
      "e",
    ]);
    expect(first.code).toBe(1);
    const written = JSON.parse(readFileSync(join(dir, "updated.json"), "utf8")) as {
      extends: string;
      deviations: Record<string, { expect: string; status: number }>;
    };
    expect(written.extends).toBe("./base.json");
    expect(written.deviations[check.id]).toMatchObject({ expect: "fail", status: 599 });
    const second = await run(["--profile", "updated.json", "--report-dir", "f"]);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(statusOf("f")).toBe("xfail");
  });
});

describe("the obs profile against the bundled server", () => {
  it("passes the copy checks, the SSE-C → plain copy over HTTP included (the server speaks x-obs- as OBS)", async () => {
    const r = await runCli(
      [
        "--profile",
        "obs",
        "--only",
        "copy-object.*",
        "--only",
        "upload-part-copy.*",
        "--skip",
        "*.property-*",
        "--report-dir",
        "obs",
      ],
      {
        cwd: dir,
      },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const file = join(dir, "obs", "results.json");
    const results = parseResultsFile(readFileSync(file, "utf8"), file);
    expect(results.checks.find((c) => c.id === "copy-object.copy-source-only-plain-http-refused")?.status).toBe("pass");
    expect(results.checks.find((c) => c.id === "upload-part-copy.copy-source-only-plain-http-refused")?.status).toBe(
      "pass",
    );
  });
});
