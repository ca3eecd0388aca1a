import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { updateProfileFile } from "./update-profile.ts";
import type { ResultsFile } from "./results.ts";
import { sampleCheck, sampleResults } from "./sample-results.ts";

const results = (statuses: Record<string, "pass" | "fail" | "xpass">): ResultsFile =>
  sampleResults(
    Object.entries(statuses).map(([id, status]) =>
      sampleCheck(id, status, { expected: "403 AccessDenied", actual: "400 InvalidArgument" }),
    ),
  );

describe("updateProfileFile", () => {
  it("creates a profile extending the run's profile with each failure declared", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssec-up-"));
    const u = updateProfileFile(
      "vendor.json",
      "aws",
      results({ "get-object.a": "fail", "get-object.b": "pass", "get-object.c": "xpass" }),
      () => ({ reason: "x", status: 400 }),
      dir,
    );
    expect(u).toEqual({ added: ["get-object.a"], nowPassing: ["get-object.c"] });
    const p = JSON.parse(readFileSync(join(dir, "vendor.json"), "utf8"));
    expect(p.extends).toBe("aws");
    expect(p.deviations["get-object.a"]).toMatchObject({
      expect: "fail",
      status: 400,
      reason: expect.stringContaining("expected 403 AccessDenied, got 400 InvalidArgument"),
    });
    expect(Object.keys(p.deviations)).toEqual(["get-object.a"]);
  });

  it("keeps an existing file's content and adds only new failures; a profile path is made relative", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssec-up-"));
    writeFileSync(
      join(dir, "v.json"),
      JSON.stringify({
        extends: "ceph",
        description: "mine",
        deviations: { "get-object.a": { expect: "fail", reason: "known" } },
      }),
    );
    const u = updateProfileFile(
      "v.json",
      "aws",
      results({ "get-object.a": "fail", "get-object.d": "fail" }),
      undefined,
      dir,
    );
    expect(u.added).toEqual(["get-object.d"]);
    const p = JSON.parse(readFileSync(join(dir, "v.json"), "utf8"));
    expect(p).toMatchObject({
      extends: "ceph",
      description: "mine",
      deviations: { "get-object.a": { reason: "known" }, "get-object.d": { expect: "fail" } },
    });
    updateProfileFile("sub/new.json", "profiles/base.json", results({}), undefined, dir);
    expect(JSON.parse(readFileSync(join(dir, "sub/new.json"), "utf8")).extends).toBe("../profiles/base.json");
  });
});
