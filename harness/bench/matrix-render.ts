/**
 * `matrix_render_ms` (issue 17: a matrix of 1,000 checks × 10 runs renders in under a second):
 * the time `ssec-conformance matrix` spends building its page and badges from results already in
 * memory, i.e. `matrixHtml`, one badge per run and the redaction pass every written byte takes,
 * over synthetic results (every status, messages with expected/actual, evidence links, ~10% of
 * the rows differing between runs). Reading the files and writing the page are left out.
 *
 * Part of `npm run bench`; alone: `npx tsx harness/bench/matrix-render.ts [--checks N] [--runs N]`.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { shippedEvidence } from "../checks/evidence.ts";
import { CATEGORIES, INTERFACES, type Verdict } from "../checks/types.ts";
import { matrixHtml, runBadge, type MatrixRun } from "../report/matrix-page.ts";
import { summarize, VERDICTS, type CheckResult, type ResultsFile } from "../report/results.ts";
import { redact } from "../secrets/redact.ts";
import { spread, type Spread } from "./stats.ts";

/** `runs` results of `checks` checks each; most pass, a few of every other status, some rows differ. */
export function syntheticRuns(checks: number, runs: number): MatrixRun[] {
  const statusOf = (i: number, run: number): Verdict => {
    if (i % 10 === 3) return VERDICTS[(i + run) % VERDICTS.length]; // a row that differs between runs
    return i % 17 === 0 ? "fail" : i % 23 === 0 ? "skip" : "pass";
  };
  return Array.from({ length: runs }, (_, run) => {
    const list: CheckResult[] = Array.from({ length: checks }, (_, i) => {
      const status = statusOf(i, run);
      return {
        id: `${INTERFACES[i % INTERFACES.length].toLowerCase().replace(/[^a-z]+/g, "-")}.case-${i}`,
        interface: INTERFACES[i % INTERFACES.length],
        category: CATEGORIES[(i >> 3) % CATEGORIES.length],
        level: i % 5 ? "MUST" : "SHOULD",
        status,
        durationMs: i % 97,
        title: `refuses request ${i} of an SSE-C object <with> "quotes" & an ampersand`,
        evidence: ["get.wrong-key-refused", "headers.trio"],
        ...(status === "pass"
          ? {}
          : {
              expected: "403 AccessDenied",
              actual: "200 (no error code)",
              message: `× case-${i} [MUST] refuses …\n  expected: 403 AccessDenied\n  actual: 200 (no error code)`,
            }),
      };
    });
    const results: ResultsFile = {
      tool: "ssec-conformance",
      version: "0.0.0-bench",
      target: `https://s3-${run}.example`,
      profile: "aws",
      seed: 42,
      startedAt: "2026-01-01T00:00:00.000Z",
      durationMs: 0,
      summary: summarize(list),
      checks: list,
    };
    return { name: `run ${run + 1}`, results, code: results.summary.fail ? 1 : 0 };
  });
}

/** Two links per check, as the command looks them up: the shipped entries' first sources. */
function evidenceLinks(): { id: string; url: string }[] {
  const entries = shippedEvidence();
  return ["get.wrong-key-refused", "headers.trio"].map((id) => ({ id, url: entries.get(id)?.sources[0]?.url ?? "" }));
}

/** One render as the `matrix` command does it (without the disk): the page, the badges, redaction. */
function renderOnce(runs: readonly MatrixRun[], links: readonly { id: string; url: string }[]): number {
  const html = redact(matrixHtml(runs, { evidenceOf: () => links }));
  let bytes = html.length;
  for (const r of runs) bytes += redact(runBadge(r)).length;
  return bytes;
}

export interface MatrixRenderResult {
  ms: Spread;
  checks: number;
  runs: number;
  /** Characters written (page and badges). */
  chars: number;
}

/** The median of `rounds` timed renders, after one untimed warm-up. */
export function measureMatrixRender(o: { checks?: number; runs?: number; rounds?: number } = {}): MatrixRenderResult {
  const checks = o.checks ?? 1000;
  const runCount = o.runs ?? 10;
  const runs = syntheticRuns(checks, runCount);
  const links = evidenceLinks();
  const chars = renderOnce(runs, links);
  const times = Array.from({ length: o.rounds ?? 5 }, () => {
    const t0 = performance.now();
    renderOnce(runs, links);
    return performance.now() - t0;
  });
  return { ms: spread(times), checks, runs: runCount, chars };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { checks: { type: "string", default: "1000" }, runs: { type: "string", default: "10" } },
  });
  const r = measureMatrixRender({ checks: Number(values.checks), runs: Number(values.runs) });
  process.stdout.write(
    `matrix of ${r.checks} checks × ${r.runs} runs: ${r.ms.median.toFixed(1)} ms (median of ${r.ms.n}, ${r.ms.min.toFixed(1)}–${r.ms.max.toFixed(1)}), ${(r.chars / 1024 / 1024).toFixed(1)} MiB\n`,
  );
  process.stdout.write(`${JSON.stringify({ matrix_render_ms: Math.round(r.ms.median * 10) / 10 })}\n`);
}
