/**
 * Writes a run's report directory from its graded results: results.json, junit.xml, the extra
 * Allure results (checks with no test of their own), a redaction pass over allure-results/, and
 * html/index.html. Every byte goes through redact() (redacted-files.ts); the HTML is generated last, from
 * results already redacted.
 */
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { ConfigError } from "../config/config-error.ts";
import { join } from "node:path";
import type { CheckResult, ResultsFile } from "./results.ts";
import { junitXml } from "./junit.ts";
import { writeJson, writeRedacted, redactTree } from "./redacted-files.ts";
import { alignStatuses, writeEnvironment, writeSyntheticResults } from "./allure-results.ts";
import { generateHtml } from "./html.ts";

export const REPORT_FILES = {
  results: "results.json",
  junit: "junit.xml",
  allure: "allure-results",
  html: "html",
} as const;

export function reportPaths(reportDir: string) {
  return {
    results: join(reportDir, REPORT_FILES.results),
    junit: join(reportDir, REPORT_FILES.junit),
    allure: join(reportDir, REPORT_FILES.allure),
    html: join(reportDir, REPORT_FILES.html),
    index: join(reportDir, REPORT_FILES.html, "index.html"),
  };
}

/**
 * A report directory the run can write: absent (it is made) or a directory. Checked before the
 * run starts, so a file given as --report-dir is a usage error, not a failure after the checks.
 */
export function reportDirProblem(reportDir: string, given: string): ConfigError | undefined {
  if (!existsSync(reportDir) || statSync(reportDir).isDirectory()) return undefined;
  return new ConfigError("--report-dir", `"${given}" is a file, not a directory`);
}

/**
 * Removes the previous run's outputs, and only those: the report dir may be `.` or shared.
 * Stale allure results would otherwise show up in the new HTML.
 */
export function clearReportDir(reportDir: string): void {
  const p = reportPaths(reportDir);
  for (const f of [p.results, p.junit, p.allure, p.html]) rmSync(f, { recursive: true, force: true });
  mkdirSync(p.allure, { recursive: true });
}

export function reportName(r: Pick<ResultsFile, "target" | "profile">): string {
  return `SSE-C conformance — ${r.target.split(" ")[0]} (profile ${r.profile})`;
}

/**
 * The redaction pass alone, for a run that is forced to stop (second SIGINT) before writeReports:
 * allure-vitest writes allure-results/ from the workers as the checks end, so it is already on disk.
 * Returns the number of files that changed.
 */
export function redactPartialReports(reportDir: string): number {
  return redactTree(reportPaths(reportDir).allure);
}

export interface FinalizeOptions {
  /** Checks that have no Allure result of their own (no test reported them). */
  withoutTest: readonly CheckResult[];
  environment: Record<string, string>;
  html: boolean;
}

export interface FinalizeResult {
  paths: ReturnType<typeof reportPaths>;
  htmlError?: string;
}

export async function writeReports(reportDir: string, r: ResultsFile, o: FinalizeOptions): Promise<FinalizeResult> {
  const paths = reportPaths(reportDir);
  mkdirSync(paths.allure, { recursive: true });
  writeJson(paths.results, r);
  writeRedacted(paths.junit, junitXml(r));
  alignStatuses(paths.allure, r.checks, r.strict === true);
  writeSyntheticResults(paths.allure, o.withoutTest, { profile: r.profile, target: r.target, seed: String(r.seed) });
  if (!existsSync(join(paths.allure, "environment.properties"))) writeEnvironment(paths.allure, o.environment);
  // allure-vitest wrote these itself; the check runner redacts what it attaches, this is the backstop.
  redactTree(paths.allure);
  if (!o.html) return { paths };
  try {
    await generateHtml({ resultsDir: paths.allure, outDir: paths.html, reportName: reportName(r) });
    return { paths };
  } catch (e) {
    return { paths, htmlError: (e as Error).message };
  }
}
