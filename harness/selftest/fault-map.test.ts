/**
 * Lint of the fault map (issue 7): every injectable fault declares the checks it breaks, every
 * glob selects real checks, and the map stays the self-test's own data. Also the pure parts of
 * the plan: selection, grading of an outcome, the kill matrix's closing line.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FAULTS } from "../server/faults.ts";
import { CATALOGUE, checkIds, getCheck } from "../checks/catalogue.ts";
import { FAULT_MAP, FULL_SUITE_FAULT } from "./fault-map.ts";
import { killMatrix, matchIds, outcomeOf, planFor, reasonProblems } from "./fault-plan.ts";

const SERVER = fileURLToPath(new URL("../server/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith(".ts") ? [p] : [];
  });
}

describe("fault map", () => {
  const ids = checkIds();

  it("has an entry for every fault in FAULTS and none for unknown faults", () => {
    expect(Object.keys(FAULT_MAP).sort()).toEqual(Object.keys(FAULTS).sort());
    expect(Object.keys(FAULTS).length).toBeGreaterThanOrEqual(20);
  });

  it("declares at least one check each fault breaks, and every glob selects a catalogue check", () => {
    for (const [fault, exp] of Object.entries(FAULT_MAP)) {
      expect(exp.breaks.length + (exp.unsupported?.length ?? 0), fault).toBeGreaterThan(0);
      for (const glob of [...exp.breaks, ...(exp.unsupported ?? []), ...(exp.neighbours ?? []), ...(exp.holds ?? [])]) {
        expect(matchIds([glob], ids), `${fault}: glob "${glob}" selects no check`).not.toEqual([]);
      }
    }
  });

  it("grades SHOULD-only faults with --strict, and only those", () => {
    for (const [fault, exp] of Object.entries(FAULT_MAP)) {
      if (exp.breaks.length === 0) continue; // removes an optional feature: graded unsupported, not strict
      const levels = new Set(matchIds(exp.breaks, ids).map((id) => getCheck(id).level));
      expect(exp.strict ?? false, `${fault}: breaks ${[...levels].join("+")} checks`).toBe(!levels.has("MUST"));
    }
  });

  it("selects the OBS-dialect checks (which skip under other profiles) only for faults run under the obs profile", () => {
    const ids = checkIds();
    for (const [fault, exp] of Object.entries(FAULT_MAP)) {
      if (exp.profile === "obs") continue;
      const globs = [...exp.breaks, ...(exp.neighbours ?? []), ...(exp.holds ?? []), ...(exp.unsupported ?? [])];
      expect(
        matchIds(globs, ids).filter((id) => /\.obs-/.test(id)),
        `${fault} (profile ${exp.profile ?? "aws"})`,
      ).toEqual([]);
    }
  });

  it("runs the faults visible only at rest with a data dir, and declares at-rest checks for them", () => {
    for (const [fault, exp] of Object.entries(FAULT_MAP)) {
      const atRestChecks = matchIds(exp.breaks, ids).filter((id) => getCheck(id).category === "at-rest");
      expect(atRestChecks.length > 0, fault).toBe(exp.atRest ?? false);
    }
  });

  it("declares `unsupported` only for checks that need an optional feature", () => {
    for (const [fault, exp] of Object.entries(FAULT_MAP)) {
      for (const id of matchIds(exp.unsupported ?? [], ids))
        expect(getCheck(id).feature, `${fault}: ${id}`).toBeDefined();
    }
  });

  it("names a full-suite fault that exists", () => {
    expect(Object.keys(FAULTS)).toContain(FULL_SUITE_FAULT);
  });

  it("is not imported by the server (the server stands alone, ARCHITECTURE.md)", () => {
    const offenders = sources(SERVER).filter((f) => /from "[^"]*(selftest|checks)\//.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("fault plan", () => {
  const fileOf = new Map(CATALOGUE.map((c) => [c.id, `suites/interfaces/${c.id.split(".")[0]}.test.ts`]));

  it("selects breaks + neighbours and the files that register them", () => {
    const p = planFor("x", { breaks: ["put-object.md5-hex"], neighbours: ["get-object.md5-h*"] }, fileOf);
    expect(p.ids).toEqual(["put-object.md5-hex", "get-object.md5-hex"]);
    expect(p.declared).toEqual(["put-object.md5-hex"]);
    expect(p.files).toEqual(["suites/interfaces/get-object.test.ts", "suites/interfaces/put-object.test.ts"]);
    expect(planFor("x", { breaks: ["put-object.md5-hex"] }, fileOf, true).ids.length).toBe(CATALOGUE.length);
  });

  it("catches a fault only when the run fails and every declared check fails (warn counts for SHOULD)", () => {
    const p = planFor("f", { breaks: ["put-object.md5-hex", "put-object.etag-not-plaintext-md5"] }, fileOf);
    const run = (a: "fail" | "pass", b: "warn" | "pass", exitCode: 0 | 1) =>
      outcomeOf(p, {
        exitCode,
        durationMs: 1,
        checks: [
          { id: "put-object.md5-hex", status: a, durationMs: 1 },
          { id: "put-object.etag-not-plaintext-md5", status: b, durationMs: 1 },
        ],
      });
    expect(run("fail", "warn", 1).caught).toBe(true);
    expect(run("fail", "pass", 1)).toMatchObject({ caught: false, missed: ["put-object.etag-not-plaintext-md5"] });
    expect(run("pass", "warn", 0).caught).toBe(false);
  });

  it("catches a fault that removes an optional feature when its checks are unsupported and the rest passes", () => {
    const p = planFor("f", { breaks: [], unsupported: ["put-object.blocked-bucket-*"] }, fileOf);
    const checks = p.unsupported.map((id) => ({ id, status: "unsupported" as const, durationMs: 1 }));
    expect(outcomeOf(p, { exitCode: 0, durationMs: 1, checks }).caught).toBe(true);
    expect(outcomeOf(p, { exitCode: 1, durationMs: 1, checks }).caught).toBe(false);
    const failing = checks.map((c) => ({ ...c, status: "fail" as const }));
    expect(outcomeOf(p, { exitCode: 1, durationMs: 1, checks: failing }).missed).toEqual(p.unsupported);
  });

  it("finds failures for another reason than declared: failsFor, holds, oneCause", () => {
    const v = (id: string, status: "pass" | "fail" | "blocked", message?: string) => ({
      id,
      status,
      durationMs: 1,
      ...(message ? { message } : {}),
    });
    const why = planFor(
      "w",
      { breaks: ["upload-part-copy.source-key-*"], failsFor: /copy-source/, holds: ["upload-part-copy.md5-hex"] },
      fileOf,
    );
    const run = (checks: ReturnType<typeof v>[]) => reasonProblems(why, { exitCode: 1, durationMs: 1, checks });
    expect(
      run([v("upload-part-copy.source-key-missing", "fail", "refusal expected for the copy-source headers")]),
    ).toEqual([]);
    expect(run([v("upload-part-copy.source-key-missing", "fail", "expected 200")])).toHaveLength(1);
    expect(run([v("upload-part-copy.md5-hex", "fail")])).toEqual([
      "upload-part-copy.md5-hex must pass with the fault on, is fail",
    ]);

    const one = planFor("o", { breaks: ["copy-object.ssec-to-ssec-same-key"], oneCause: true }, fileOf);
    const control = v("copy-object.ssec-to-ssec-same-key", "fail");
    const r = (checks: ReturnType<typeof v>[]) => reasonProblems(one, { exitCode: 1, durationMs: 1, checks });
    expect(r([control, v("copy-object.echo-target", "blocked"), v("copy-object.plain-to-ssec", "pass")])).toEqual([]);
    expect(r([control, v("copy-object.echo-target", "fail")])).toEqual([
      "copy-object.echo-target fails beside the controls",
      "copy-object.echo-target depends on copy-object.ssec-to-ssec-same-key but is fail, not blocked",
      "no check came out blocked",
    ]);
  });

  it("prints the kill matrix with a closing count of caught and missed faults", () => {
    const base = { exitCode: 1, errors: [], durationMs: 1500, strict: false, full: false };
    const text = killMatrix(
      [
        { ...base, fault: "a", caught: true, failing: ["put-object.md5-hex", "get-object.md5-hex"], missed: [] },
        { ...base, fault: "b", caught: false, exitCode: 0, failing: [], missed: ["put-object.echo"] },
      ],
      new Map([
        ["a", ["put-object.md5-hex"]],
        ["b", ["put-object.echo"]],
      ]),
    );
    expect(text).toContain("caught  exit 1  1.5 s  2 failing: *put-object.md5-hex, get-object.md5-hex");
    expect(text).toContain("declared, did not fail: put-object.echo");
    expect(text.split("\n").at(-1)).toBe("faults: 1 caught, 1 missed");
  });
});
