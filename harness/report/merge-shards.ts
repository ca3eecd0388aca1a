/**
 * Merges the report directories of a sharded run (`--shard i/n` on n machines) into one:
 * results.json with one entry per check (a shard's "not in this shard" skip yields to the shard
 * that ran the check), junit.xml and the HTML rebuilt from it, and allure-results/ as the union of
 * the shards' raw results (they are uniquely named) plus fresh entries for checks no shard ran.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  describeResultsTarget,
  OTHER_SHARD_PREFIX,
  parseResultsFile,
  summarize,
  type CheckResult,
  type ResultsFile,
} from "./results.ts";
import { clearReportDir, reportPaths, writeReports, type FinalizeResult } from "./report-dir.ts";
import { SYNTHETIC_PREFIX } from "./allure-results.ts";
import { notRunGroups } from "./not-run.ts";

export class MergeError extends Error {
  override name = "MergeError";
}

const isShardSkip = (c: CheckResult) => c.status === "skip" && (c.message ?? "").startsWith(OTHER_SHARD_PREFIX);

/** Pure: combines shard results. Throws MergeError when the shards are not parts of one run. */
export function mergeResults(parts: readonly { source: string; results: ResultsFile }[]): ResultsFile {
  if (parts.length === 0) throw new MergeError("nothing to merge: give the shards' report directories");
  const first = parts[0].results;
  for (const { source, results } of parts.slice(1)) {
    for (const k of ["profile", "seed", "version"] as const) {
      if (results[k] !== first[k])
        throw new MergeError(
          `${source}: ${k} ${JSON.stringify(results[k])} differs from ${parts[0].source} (${JSON.stringify(first[k])}); shards must be parts of one run`,
        );
    }
  }
  const byId = new Map<string, CheckResult>();
  for (const { results } of parts) {
    for (const c of results.checks) {
      const had = byId.get(c.id);
      if (!had || (isShardSkip(had) && !isShardSkip(c))) byId.set(c.id, c);
    }
  }
  const checks = [...byId.values()];
  const starts = parts.map((p) => Date.parse(p.results.startedAt));
  const ends = parts.map((p, i) => starts[i] + p.results.durationMs);
  const start = Math.min(...starts);
  const errors = parts.flatMap((p) => (p.results.errors ?? []).map((e) => `${p.results.shard ?? p.source}: ${e}`));
  const merged: ResultsFile = {
    ...first,
    startedAt: new Date(start).toISOString(),
    durationMs: Math.max(...ends) - start,
    summary: summarize(checks),
    checks,
    ...(errors.length ? { errors } : {}),
  };
  delete merged.shard;
  if (!errors.length) delete merged.errors;
  // The first shard's groups counted the other shards' checks as "in another shard": regroup.
  const notRun = notRunGroups(checks);
  if (notRun.length) merged.notRun = notRun;
  else delete merged.notRun;
  return merged;
}

/** Check ids that have an Allure result of their own (label story = check id, set by the check runner). */
function idsWithAllureResult(allureDir: string): Set<string> {
  const ids = new Set<string>();
  for (const f of readdirSync(allureDir)) {
    if (!f.endsWith("-result.json") || f.startsWith(SYNTHETIC_PREFIX)) continue;
    try {
      const r = JSON.parse(readFileSync(join(allureDir, f), "utf8")) as {
        labels?: { name: string; value: string }[];
        name?: string;
      };
      const story = r.labels?.find((l) => l.name === "story")?.value ?? r.name?.split(" — ")[0];
      if (story) ids.add(story);
    } catch {
      // not ours to judge: the file is copied as is and Allure will report it
    }
  }
  return ids;
}

export async function mergeReportDirs(
  shardDirs: readonly string[],
  outDir: string,
  o: { html: boolean },
): Promise<{ results: ResultsFile } & FinalizeResult> {
  const parts = shardDirs.map((dir) => {
    const file = reportPaths(dir).results;
    if (!existsSync(file))
      throw new MergeError(`${dir}: no results.json (is it a report directory of ssec-conformance --shard?)`);
    return { source: dir, results: parseResultsFile(readFileSync(file, "utf8"), file) };
  });
  const results = mergeResults(parts);
  clearReportDir(outDir);
  const out = reportPaths(outDir).allure;
  for (const dir of shardDirs) {
    const src = reportPaths(dir).allure;
    if (!existsSync(src)) continue;
    for (const f of readdirSync(src)) {
      if (f.startsWith(SYNTHETIC_PREFIX)) continue;
      if (existsSync(join(out, f))) continue; // environment.properties etc.: the first shard's
      copyFileSync(join(src, f), join(out, f));
    }
  }
  const have = idsWithAllureResult(out);
  const fin = await writeReports(outDir, results, {
    withoutTest: results.checks.filter((c) => !have.has(c.id)),
    environment: {
      tool: `${results.tool} ${results.version}`,
      target: describeResultsTarget(results),
      profile: results.profile,
      seed: String(results.seed),
      shards: String(shardDirs.length),
    },
    html: o.html,
  });
  return { results, ...fin };
}
