import { describe, expect, it } from "vitest";
import type { CheckDef, CheckOutcome } from "../checks/types.ts";
import { evidenceRefs } from "../checks/evidence.ts";
import { INTERFACES } from "../checks/types.ts";
import { junitXml, xmlText } from "./junit.ts";
import {
  describeResultsTarget,
  emptySummary,
  exitCodeFor,
  gradeChecks,
  parseResultsFile,
  summarize,
  type CheckResult,
  type ResultsFile,
} from "./results.ts";
import { failureBlock, matrix, PLAIN, verdictLine } from "./terminal.ts";
import { filteredOutReason } from "../config/filters.ts";

/** A small made-up catalogue: the report code must work for any catalogue. */
const CATALOGUE: CheckDef[] = [
  {
    id: "put-object.round-trip",
    interface: "PUT Object",
    category: "round-trip",
    level: "MUST",
    evidence: ["put.round-trip"],
    title: 'stores and returns the object <intact> & "unchanged"',
  },
  {
    id: "put-object.md5-mismatch",
    interface: "PUT Object",
    category: "bad-md5",
    level: "MUST",
    evidence: ["md5.mismatch-put"],
    title: "refuses a key whose MD5 does not match",
  },
  {
    id: "get-object.wrong-key",
    interface: "GET Object",
    category: "wrong-key",
    level: "MUST",
    evidence: ["get.wrong-key-refused"],
    title: "refuses GET with another key",
  },
  {
    id: "get-object.etag",
    interface: "GET Object",
    category: "etag",
    level: "SHOULD",
    evidence: ["etag.not-plaintext-md5"],
    title: "returns an ETag that is not the plaintext MD5",
  },
  {
    id: "head-object.no-key",
    interface: "HEAD Object",
    category: "missing-headers",
    level: "MUST",
    evidence: ["head.no-key-refused"],
    title: "refuses HEAD without the key",
  },
  {
    id: "upload-part.key-differs-from-initiate",
    interface: "Upload Part",
    category: "multipart",
    level: "MUST",
    evidence: ["upload-part.different-key-refused"],
    title: "refuses a part under another key",
  },
  {
    id: "post-object.form-key",
    interface: "POST Object",
    category: "policy",
    level: "MUST",
    evidence: ["post.form-fields"],
    title: "accepts the key as form fields",
  },
];

const MD5_LINK = evidenceRefs(["md5.mismatch-put"])[0].links[0];

const outcomes = new Map<string, CheckOutcome>([
  ["put-object.round-trip", { id: "put-object.round-trip", status: "pass", durationMs: 12.4 }],
  [
    "put-object.md5-mismatch",
    {
      id: "put-object.md5-mismatch",
      status: "fail",
      durationMs: 3,
      expected: "400 InvalidArgument",
      actual: "200 OK",
      message: "expected: 400 InvalidArgument\nactual: 200 OK",
    },
  ],
  [
    "get-object.wrong-key",
    { id: "get-object.wrong-key", status: "xfail", durationMs: 2, message: "declared deviation: vendor returns 400" },
  ],
  [
    "get-object.etag",
    {
      id: "get-object.etag",
      status: "warn",
      durationMs: 1,
      expected: "ETag ≠ MD5(plaintext)",
      actual: "ETag = MD5(plaintext)",
    },
  ],
]);

function build(
  filters = { only: [] as string[], skip: ["post-object.*"] },
  collected = ["put-object.round-trip", "put-object.md5-mismatch", "get-object.wrong-key", "get-object.etag"],
  shard?: string,
): ResultsFile {
  const checks = gradeChecks(CATALOGUE, outcomes, {
    collected: new Set(collected),
    filteredOut: (id) => filteredOutReason(filters, id),
    ...(shard ? { shard } : {}),
  });
  return {
    tool: "ssec-conformance",
    version: "0.0.0-test",
    target: "https://127.0.0.1:1 (region us-east-1, bucket b, path-style)",
    profile: "aws",
    seed: 42,
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 1234,
    summary: summarize(checks),
    checks,
    runs: 100,
    strict: false,
  };
}

describe("gradeChecks", () => {
  it("gives every catalogue check exactly one result, in catalogue order", () => {
    const r = build();
    expect(r.checks.map((c) => c.id)).toEqual(CATALOGUE.map((c) => c.id));
    expect(r.checks.map((c) => c.status)).toEqual(["pass", "fail", "xfail", "warn", "error", "error", "skip"]);
    expect(r.checks[6].message).toBe("filtered out by --skip");
    expect(r.summary).toEqual({
      pass: 1,
      fail: 1,
      warn: 1,
      skip: 1,
      xfail: 1,
      xpass: 0,
      error: 2,
      unsupported: 0,
      blocked: 0,
    });
    expect(r.checks[0].durationMs).toBe(12);
  });

  it("marks checks of other shards as skipped, not as errors", () => {
    const r = build(
      { only: [], skip: [] },
      ["put-object.round-trip", "put-object.md5-mismatch", "get-object.wrong-key", "get-object.etag"],
      "1/2",
    );
    expect(r.checks.find((c) => c.id === "head-object.no-key")).toMatchObject({
      status: "skip",
      message: expect.stringContaining("not in this shard (1/2)"),
    });
  });

  it("keeps a check's exchanges and connections, and leaves them out when it had none recorded", () => {
    const counted = new Map(outcomes);
    counted.set("put-object.round-trip", { ...outcomes.get("put-object.round-trip")!, exchanges: 3, connections: 1 });
    const checks = gradeChecks(CATALOGUE, counted, { collected: new Set(), filteredOut: () => undefined });
    expect(checks[0]).toMatchObject({ exchanges: 3, connections: 1 });
    expect(checks[1]).not.toHaveProperty("exchanges");
  });

  it("calls a collected check without a verdict an error", () => {
    const r = build({ only: [], skip: [] }, [...CATALOGUE.map((c) => c.id)]);
    expect(r.checks.find((c) => c.id === "head-object.no-key")).toMatchObject({
      status: "error",
      message: expect.stringContaining("recorded no verdict"),
    });
  });
});

describe("exitCodeFor", () => {
  const s = (o: Partial<Record<string, number>>) => ({ ...emptySummary(), ...o });
  it("follows the results.json contract", () => {
    expect(exitCodeFor(s({ pass: 3, warn: 1, xfail: 1, skip: 2 }), false)).toBe(0);
    expect(exitCodeFor(s({ pass: 3, fail: 1 }), false)).toBe(1);
    expect(exitCodeFor(s({ pass: 3, xpass: 1 }), false)).toBe(0);
    expect(exitCodeFor(s({ pass: 3, xpass: 1 }), true)).toBe(1);
    expect(exitCodeFor(s({ pass: 3, error: 1 }), false)).toBe(3);
    expect(exitCodeFor(s({ fail: 1, error: 1 }), false)).toBe(1);
    expect(exitCodeFor(s({ pass: 3 }), false, 1)).toBe(3);
    // An optional feature the server lacks fails the gate only under --strict.
    expect(exitCodeFor(s({ pass: 3, unsupported: 2 }), false)).toBe(0);
    expect(exitCodeFor(s({ pass: 3, unsupported: 2 }), true)).toBe(1);
  });
});

describe("junitXml", () => {
  const xml = junitXml(build());
  it("counts exactly what results.json counts", () => {
    expect(xml).toMatch(/<testsuites name="ssec-conformance" tests="7" failures="1" errors="2" skipped="1"/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(7);
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
    expect((xml.match(/<error /g) ?? []).length).toBe(2);
    expect((xml.match(/<skipped /g) ?? []).length).toBe(1);
  });

  it("has one testsuite per interface and notes warn/xfail in system-out", () => {
    expect(xml).toContain('<testsuite name="PUT Object" tests="2" failures="1" errors="0" skipped="0"');
    expect(xml).toContain('<testsuite name="GET Object" tests="2" failures="0"');
    expect(xml).toMatch(/<system-out>WARN: a SHOULD requirement/);
    expect(xml).toMatch(/<system-out>XFAIL: fails as the profile declares/);
    expect(xml).toContain(
      '<failure message="expected 400 InvalidArgument, got 200 OK" type="MUST">expected: 400 InvalidArgument\nactual: 200 OK\n' +
        `evidence: md5.mismatch-put (recorded)\nsee: ${xmlText(MD5_LINK)}</failure>`,
    );
  });

  it("escapes XML and drops control characters", () => {
    expect(xml).toContain("stores and returns the object &lt;intact&gt; &amp; &quot;unchanged&quot;");
    const r = build();
    r.checks[1].message = "bad\u0000byte \x1b[31mred\x1b[39m";
    r.checks[1].expected = undefined;
    expect(junitXml(r)).toContain("bad\ufffdbyte red");
  });
});

describe("terminal", () => {
  const r = build();
  it("shows all eight interfaces and a total row in the matrix", () => {
    const lines = matrix(r.checks, PLAIN);
    for (const i of INTERFACES) expect(lines.some((l) => l.startsWith(i + " "))).toBe(true);
    const put = lines.find((l) => l.startsWith("PUT Object "))!;
    expect(put).toMatch(/ ✗1 /);
    const all = lines.find((l) => l.startsWith("all "))!;
    expect(all.trim().split(/\s+/).slice(-6)).toEqual(["1", "1", "1", "1", "1", "2"]);
    expect(lines[0]).toMatch(/pass\s+fail\s+warn\s+skip\s+xfail\s+error/);
  });

  it("prints a failure h2spec style", () => {
    expect(failureBlock(r.checks[1], PLAIN)).toEqual([
      "× put-object.md5-mismatch [MUST] refuses a key whose MD5 does not match",
      "    expected: 400 InvalidArgument",
      "    actual: 200 OK",
      "    evidence: md5.mismatch-put (recorded)",
      `    see: ${MD5_LINK}`,
    ]);
  });

  it("ends the verdict line with N passed, N failed, N skipped, and says what did not run and why", () => {
    expect(verdictLine(r, 1, PLAIN)).toBe(
      "FAIL: 7 checks (1 warned, 1 xfail, 2 errors; not run: 1 filtered out by --skip) — 1 passed, 1 failed, 1 skipped",
    );
  });
});

describe("parseResultsFile", () => {
  it("round-trips a results file and rejects others", () => {
    const r = build();
    expect(parseResultsFile(JSON.stringify(r), "x").checks).toHaveLength(7);
    expect(() => parseResultsFile("{}", "a/results.json")).toThrow(
      /a\/results.json: not an ssec-conformance results.json/,
    );
    expect(() => parseResultsFile(JSON.stringify({ ...r, checks: [{ id: "x", status: "great" }] }), "f")).toThrow(
      /checks\[0\]/,
    );
  });
});

describe("detailText with the check runner's h2spec message", () => {
  it("drops the head line and keeps the rest once", async () => {
    const { detailText } = await import("./junit.ts");
    const c: CheckResult = {
      id: "a.b",
      interface: "PUT Object",
      category: "echo",
      level: "MUST",
      status: "fail",
      durationMs: 1,
      evidence: ["put.echo"],
      expected: "400 X",
      actual: "200 OK",
      message: "× a.b [MUST] echoes the MD5\n  expected: 400 X\n  actual: 200 OK\n  evidence: put.echo (recorded)",
    };
    expect(detailText(c)).toBe("expected: 400 X\nactual: 200 OK\nevidence: put.echo (recorded)");
  });
});

describe("gradeChecks after an interrupt", () => {
  it("says the run was interrupted", () => {
    const checks = gradeChecks(CATALOGUE, new Map(), {
      collected: new Set(),
      filteredOut: () => undefined,
      interrupted: true,
    });
    expect(checks.every((c) => c.status === "error" && c.message === "not run: the run was interrupted")).toBe(true);
  });
});

describe("describeResultsTarget", () => {
  it("keeps target the URL and describes region, bucket and addressing beside it", () => {
    expect(
      describeResultsTarget({
        target: "https://s3.example:9000",
        region: "eu-west-1",
        bucket: "b",
        addressing: "virtual-hosted",
      }),
    ).toBe("https://s3.example:9000 (region eu-west-1, bucket b, virtual-hosted)");
    // A results.json from before these fields existed.
    expect(describeResultsTarget({ target: "https://s3.example" })).toBe("https://s3.example");
  });
});
