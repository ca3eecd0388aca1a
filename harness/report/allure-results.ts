/**
 * What the report adds to allure-vitest's raw results so the HTML agrees with results.json:
 * a result for every catalogue check that no test reported (filtered out, in another shard, not
 * run), the run's environment, and a redaction pass over everything in the directory.
 */
import { randomUUID, createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { evidenceLinks, evidenceMarkdown } from "../checks/evidence.ts";
import type { Verdict } from "../checks/types.ts";
import type { CheckResult } from "./results.ts";
import { writeJson, writeRedacted } from "./redacted-files.ts";
import { notRunLabel } from "./not-run.ts";

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
    status: allureStatus(c.status, false),
    statusDetails: { message: c.message ?? c.status },
    stage: "finished",
    description: [c.title, evidenceMarkdown(c.evidence ?? [])].filter(Boolean).join("\n\n") || undefined,
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
      ...notRunTags(c),
    ],
    links: evidenceLinks(c.evidence ?? []),
    start: now,
    stop: now,
  };
}

const NOT_RUN_TAG = "not run: ";

/** A check that did not run is tagged with why, so the HTML groups and filters them by reason (not-run.ts). */
function notRunTags(c: CheckResult): { name: string; value: string }[] {
  if (c.status !== "skip" && c.status !== "unsupported") return [];
  return [{ name: "tag", value: `${NOT_RUN_TAG}${notRunLabel(c)}` }];
}

/** Writes a synthetic result for each given check (those without a test result). */
export function writeSyntheticResults(
  resultsDir: string,
  checks: readonly CheckResult[],
  params: Record<string, string>,
): void {
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
  const esc = (s: string) =>
    s
      .replace(/\\/g, "\\\\")
      .replace(/\n/g, "\\n")
      .replace(/([=:])/g, "\\$1");
  writeRedacted(
    join(resultsDir, "environment.properties"),
    Object.entries(info)
      .map(([k, v]) => `${esc(k)}=${esc(v)}`)
      .join("\n") + "\n",
  );
}

/** Allure has passed/failed/broken/skipped; the graded verdicts map onto them so the HTML counts what results.json counts. */
export function allureStatus(v: Verdict, strict: boolean): "passed" | "failed" | "broken" | "skipped" {
  switch (v) {
    case "pass":
    case "warn":
      return "passed";
    case "xpass":
      return strict ? "failed" : "passed";
    case "fail":
      return "failed";
    case "error":
      return "broken";
    case "skip":
    case "xfail":
    case "unsupported":
    case "blocked":
      return "skipped";
  }
}

const VERDICT_NOTE: Partial<Record<Verdict, string>> = {
  warn: "WARN: a SHOULD requirement is not met (passes the gate unless --strict)",
  xfail: "XFAIL: fails as the profile declares (a declared deviation)",
  xpass: "XPASS: passes although the profile declares it failing; remove the deviation",
  unsupported:
    "UNSUPPORTED: the server lacks an optional feature this check needs (not run; fails the gate only if the profile requires it, or under --strict)",
  blocked: "BLOCKED: its control check failed (counted there, not here)",
};

type AllureResultJson = {
  status?: string;
  statusDetails?: { message?: string };
  labels?: { name: string; value: string }[];
  name?: string;
};

/**
 * Sets each test result's Allure status from the check's graded verdict (allure-vitest only knows
 * that the test threw or not: a failing check would show as "broken"), and tags it `ssec:<verdict>`.
 */
export function alignStatuses(resultsDir: string, checks: readonly CheckResult[], strict: boolean): void {
  const byId = new Map(checks.map((c) => [c.id, c]));
  for (const f of readdirSync(resultsDir)) {
    if (!f.endsWith("-result.json") || f.startsWith(SYNTHETIC_PREFIX)) continue;
    const path = join(resultsDir, f);
    let r: AllureResultJson;
    try {
      r = JSON.parse(readFileSync(path, "utf8")) as AllureResultJson;
    } catch {
      continue;
    }
    const id = r.labels?.find((l) => l.name === "story")?.value ?? r.name?.split(" — ")[0];
    const c = id ? byId.get(id) : undefined;
    if (!c) continue;
    r.status = allureStatus(c.status, strict);
    r.labels = [
      ...(r.labels ?? []).filter(
        (l) => !(l.name === "tag" && (l.value.startsWith("ssec:") || l.value.startsWith(NOT_RUN_TAG))),
      ),
      { name: "tag", value: `ssec:${c.status}` },
      ...notRunTags(c),
    ];
    const note = VERDICT_NOTE[c.status];
    if (note)
      r.statusDetails = {
        ...r.statusDetails,
        message: `${note}${r.statusDetails?.message ? `\n${r.statusDetails.message}` : c.message ? `\n${c.message}` : ""}`,
      };
    writeJson(path, r);
  }
}
