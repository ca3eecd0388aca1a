/**
 * Issue 16 item 3 in the bench's table and JSON line: the three runs of latency.ts, their walls
 * (`suite_wall_s_rtt0`, `_rtt20`, `_rtt100`), and the exchanges and connections of the 0 ms run.
 */
import { figureRow, type BenchFigures, type Row } from "./bench-table.ts";
import { RTTS_MS, runAtRtt, type LatencyRun } from "./latency.ts";

type LatencyKey = "suite_wall_s_rtt0" | "suite_wall_s_rtt20" | "suite_wall_s_rtt100";
const KEYS: Record<(typeof RTTS_MS)[number], LatencyKey> = {
  0: "suite_wall_s_rtt0",
  20: "suite_wall_s_rtt20",
  100: "suite_wall_s_rtt100",
};

/** The runs at each RTT in turn; a run that fails is logged and left out. */
export async function measureLatencyRuns(log: (line: string) => void): Promise<LatencyRun[]> {
  const runs: LatencyRun[] = [];
  for (const rtt of RTTS_MS) {
    try {
      const r = await runAtRtt(rtt, log);
      log(
        `rtt ${rtt} ms: ${r.suite.wallSeconds.toFixed(1)} s, ${r.suite.exchanges} exchanges, ` +
          `${r.suite.connections} connections (relay ${r.relayConnections})`,
      );
      runs.push(r);
    } catch (e) {
      log(`rtt ${rtt} ms run failed: ${(e as Error).message}`);
    }
  }
  return runs;
}

export function latencyFigures(
  runs: readonly LatencyRun[],
): Pick<BenchFigures, LatencyKey | "exchanges" | "connections"> {
  const wall = (rtt: number): number | null => runs.find((r) => r.rttMs === rtt)?.suite.wallSeconds ?? null;
  const base = runs.find((r) => r.rttMs === 0)?.suite;
  return {
    suite_wall_s_rtt0: wall(0),
    suite_wall_s_rtt20: wall(20),
    suite_wall_s_rtt100: wall(100),
    exchanges: base?.exchanges ?? null,
    connections: base?.connections ?? null,
  };
}

export function latencyRows(f: BenchFigures, runs: readonly LatencyRun[]): Row[] {
  const note = (rtt: number): string => {
    const r = runs.find((x) => x.rttMs === rtt);
    if (!r) return "skipped or failed";
    const s = r.suite;
    return `exit ${s.exitCode}, ${s.checks} checks; ${s.exchanges} exchanges, ${s.connections} connections (relay ${r.relayConnections})`;
  };
  return [
    ...RTTS_MS.map((rtt) =>
      figureRow(f, KEYS[rtt], `suite against serve, ${rtt} ms RTT, wall`, "s", undefined, note(rtt)),
    ),
    figureRow(f, "exchanges", "HTTP exchanges of the checks (0 ms run)", "", undefined, "results.json exchanges.total"),
    figureRow(
      f,
      "connections",
      "connections of the checks (0 ms run)",
      "",
      undefined,
      "results.json exchanges.connections",
    ),
  ];
}
