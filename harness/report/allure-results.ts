/**
 * What the report adds to allure-vitest's raw results so the HTML agrees with results.json:
 * a result for every catalogue check that no test reported (filtered out, in another shard, not
 * run), the run's environment, and a redaction pass over everything in the directory.
 */
import { randomUUID, createHash } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CheckResult } from "./results.ts";
import { writeJson, writeRedacted } from "./write.ts";

/** Files we write start with this, so a merge can drop them and write the merged set instead. */
export const SYNTHETIC_PREFIX = "ssec-synthetic-";

const SEVERITY = { MUST: "critical", SHOULD: "normal" } as const;

function md5(s: string): string {
  return createHash("md5").update(s).digest("hex");
}

/** An Allure TestResult (allure-js-commons model) for a check that has no test result of its own. */
export function syntheticResult(c: CheckResult, params: Record<string, string>, now: number): Record<string, unknown> {
  const name = c.title ? `${c.id} — ${c.title}` : c.id;
  return {
    uuid: randomUUID(),
    // Stable per check id, so Allure links this entry across runs.
    historyId: md5(`ssec-conformance:${c.id}`),
    testCaseId: md5(`ssec-conformance:${c.id}`),
    name,
    fullName: `ssec-conformance:${c.id}`,
    status: c.status === "error" ? "broken" : "skipped",
    statusDetails: { message: c.message ?? c.status },
    stage: "finished",
    description: c.citation ? `Citation: ${c.citation}` : undefined,
    steps: [],
    attachments: [],
    parameters: Object.entries(params).map(([n, value]) => ({ name: n, value })),
    labels: [
      { name: "epic", value: c.interface },
      { name: "feature", value: c.category },
      { name: "story", value: c.id },
      { name: "severity", value: SEVERITY[c.level] },
      { name: "parentSuite", value: c.interface },
      { name: "tag", value: c.level },
      { name: "tag", value: `ssec:${c.status}` },
    ],
    links: [],
    start: now,
    stop: now,
  };
}

/** Writes a synthetic result for each given check (those without a test result). */
export function writeSyntheticResults(resultsDir: string, checks: readonly CheckResult[], params: Record<string, string>): void {
  const now = Date.now();
  for (const c of checks) {
    const r = syntheticResult(c, params, now);
    writeJson(join(resultsDir, `${SYNTHETIC_PREFIX}${r.uuid as string}-result.json`), r);
  }
}

export function removeSyntheticResults(resultsDir: string): void {
  for (const f of readdirSync(resultsDir)) if (f.startsWith(SYNTHETIC_PREFIX)) rmSync(join(resultsDir, f));
}

/** environment.properties: shown as the report's "Environment" (no secrets: describeTarget only). */
export function writeEnvironment(resultsDir: string, info: Record<string, string>): void {
  const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/([=:])/g, "\\$1");
  writeRedacted(join(resultsDir, "environment.properties"), Object.entries(info).map(([k, v]) => `${esc(k)}=${esc(v)}`).join("\n") + "\n");
}
