import { describe, expect, it } from "vitest";
import { describeExpectation, formatOutcome, grade } from "./grade.ts";
import { evidenceRefs } from "./evidence.ts";
import type { RawOutcome } from "./grade.ts";

const passed: RawOutcome = { kind: "passed" };
const failed: RawOutcome = { kind: "failed", expected: "403 AccessDenied", actual: "400 InvalidArgument" };
const declared = { expect: "fail" as const, reason: "known" };

describe("grade", () => {
  it("pass: a MUST or SHOULD that held", () => {
    expect(grade(passed, "MUST", false)).toBe("pass");
    expect(grade(passed, "SHOULD", true)).toBe("pass");
  });
  it("fail: a violated MUST, strict or not", () => {
    expect(grade(failed, "MUST", false)).toBe("fail");
    expect(grade(failed, "MUST", true)).toBe("fail");
  });
  it("warn: a violated SHOULD; fail under --strict", () => {
    expect(grade(failed, "SHOULD", false)).toBe("warn");
    expect(grade(failed, "SHOULD", true)).toBe("fail");
  });
  it("warn: a MUST whose refusal held and only its exact answer (a SHOULD by evidence) was missed", () => {
    const exactOnly: RawOutcome = { ...failed, exactOnly: true } as RawOutcome;
    expect(grade(exactOnly, "MUST", false)).toBe("warn");
    expect(grade(exactOnly, "MUST", true)).toBe("fail");
    expect(grade(exactOnly, "MUST", false, declared)).toBe("xfail");
  });
  it("xfail / xpass against a declared failing deviation", () => {
    expect(grade(failed, "MUST", false, declared)).toBe("xfail");
    expect(grade(failed, "SHOULD", true, declared)).toBe("xfail");
    expect(grade(passed, "MUST", false, declared)).toBe("xpass");
  });
  it("an override-only deviation grades normally", () => {
    expect(grade(failed, "MUST", false, { reason: "code differs", status: 400 })).toBe("fail");
    expect(grade(passed, "MUST", false, { reason: "code differs", status: 400 })).toBe("pass");
  });
  it("skip and error whatever the level or deviation", () => {
    expect(grade({ kind: "skipped", reason: "no http endpoint" }, "MUST", true, declared)).toBe("skip");
    expect(grade({ kind: "errored", message: "ECONNREFUSED" }, "MUST", false, declared)).toBe("error");
    expect(grade({ kind: "errored", message: "x" }, "SHOULD", false)).toBe("error");
  });
});

describe("formatOutcome", () => {
  it("prints the h2spec-style failure", () => {
    const text = formatOutcome(
      {
        id: "get-object.wrong-key",
        level: "MUST",
        title: "refuses GET with another key",
        evidence: ["get.wrong-key-refused", "headers.trio"],
      },
      "fail",
      {
        expected: "403 AccessDenied",
        actual: "400 InvalidArgument",
      },
    );
    expect(text).toBe(
      "× get-object.wrong-key [MUST] refuses GET with another key\n  expected: 403 AccessDenied\n  actual: 400 InvalidArgument\n" +
        "  evidence: get.wrong-key-refused (recorded), headers.trio (documented)\n" +
        `  see: ${evidenceRefs(["get.wrong-key-refused"])[0].links[0]}`,
    );
  });
  it("describes expectations without code and without body", () => {
    expect(describeExpectation({ status: 400, code: null })).toBe("400 (no error body)");
    expect(describeExpectation({ status: 400 })).toBe("400 (any error code)");
  });
});

describe("grade: an expired deviation", () => {
  const expiring = { ...declared, until: "2026-01-31" };
  it("fails whatever the check did, but an error stays an error", () => {
    expect(grade(failed, "MUST", false, expiring, false, true)).toBe("fail");
    expect(grade(passed, "MUST", false, expiring, false, true)).toBe("fail");
    expect(grade(failed, "SHOULD", false, expiring, false, true)).toBe("fail");
    expect(grade({ kind: "skipped", reason: "declared skip" }, "MUST", false, expiring, false, true)).toBe("fail");
    expect(grade({ kind: "errored", message: "ECONNRESET" }, "MUST", false, expiring, false, true)).toBe("error");
  });
  it("still excuses on its last day (not expired)", () => {
    expect(grade(failed, "MUST", false, expiring, false, false)).toBe("xfail");
  });
});
