import { describe, expect, it } from "vitest";
import type { CheckResult } from "./results.ts";
import { notRunGroups, notRunLines, notRunSummary } from "./not-run.ts";
import { junitXml } from "./junit.ts";
import { summarize, type ResultsFile } from "./results.ts";
import { PLAIN, verdictLine } from "./terminal.ts";

const result = (id: string, status: CheckResult["status"], reason?: string): CheckResult => ({
  id,
  interface: "PUT Object",
  category: "transport",
  level: "MUST",
  status,
  durationMs: 0,
  ...(reason ? { reason, message: `- ${id} [MUST] title\n  ${reason}` } : {}),
});

const http = "the target has no plain-HTTP endpoint (--http-endpoint), so refusal over HTTP cannot be checked";
const bet =
  "BlockedEncryptionTypes not supported: PutBucketEncryption with BlockedEncryptionTypes SSE-C answers 501 NotImplemented";
const checks = [
  result("put-object.a", "pass"),
  result("put-object.http-1", "skip", http),
  result("put-object.http-2", "skip", http),
  result("put-object.blocked-1", "unsupported", bet),
  result("put-object.f", "skip", "filtered out by --only"),
  result("put-object.p", "skip", "skipped by profile acme: POST is not implemented"),
  result("put-object.s", "skip", "not in this shard (1/2); merge the shards with `ssec-conformance report --merge`"),
  result("put-object.r", "skip", "inspects storage at rest: runs only against the bundled reference server"),
];

describe("not run: nothing skipped silently", () => {
  it("groups the checks that did not run by why, largest group first", () => {
    const groups = notRunGroups(checks);
    expect(groups.map((g) => [g.status, g.group, g.count])).toEqual([
      ["skip", "no --http-endpoint", 2],
      ["unsupported", "unsupported: BlockedEncryptionTypes", 1],
      ["skip", "filtered out by --only", 1],
      ["skip", "skipped by profile acme", 1],
      ["skip", "in another shard", 1],
      ["skip", "storage at rest: bundled server only", 1],
    ]);
    expect(notRunSummary(groups)).toMatch(/^2 no --http-endpoint, 1 unsupported: BlockedEncryptionTypes, /);
  });

  it("names them on the verdict line, in the terminal block, and in JUnit", () => {
    const r = { summary: summarize(checks), checks } as ResultsFile;
    const line = verdictLine(r, 0, PLAIN);
    expect(line).toMatch(
      /^PASS: 8 checks \(not run: 2 no --http-endpoint, 1 unsupported: BlockedEncryptionTypes, .*\) — 1 passed, 0 failed, 6 skipped$/,
    );
    const block = notRunLines(checks);
    expect(block[0]).toBe("not run (7 of 8):");
    expect(block[1]).toContain(`skip        no --http-endpoint — ${http}`);
    expect(block[2]).toContain(
      "unsupported unsupported: BlockedEncryptionTypes — PutBucketEncryption with BlockedEncryptionTypes SSE-C answers 501",
    );
    const xml = junitXml({
      ...r,
      tool: "ssec-conformance",
      version: "0",
      target: "t",
      profile: "aws",
      seed: 1,
      startedAt: "",
      durationMs: 0,
    });
    expect(xml).toMatch(/<testsuites [^>]*skipped="7"/);
    expect(xml).toContain(`<skipped message="unsupported: ${bet}"/>`);
    expect(xml).toContain(
      '<property name="ssec.not-run" value="2 no --http-endpoint, 1 unsupported: BlockedEncryptionTypes',
    );
  });
});
