/**
 * What `npm run bench` prints: a table (metric, value, spread over rounds, target, verdict) and,
 * last, one line of JSON with issue 9's keys (and issue 16's transport ceiling), for tools to parse.
 */
import { round, type Spread } from "./stats.ts";

export interface BenchFigures {
  aes_gcm_mib_s: number;
  put_mib_s: number;
  get_mib_s: number;
  put_plain_mib_s: number;
  get_plain_mib_s: number;
  put8_mib_s: number;
  get8_mib_s: number;
  put_ratio: number;
  get_ratio: number;
  put_overhead: number;
  get_overhead: number;
  /** Issue 16: the bare HTTPS endpoint (bare-https.ts), same client, same rounds. */
  put_bare_mib_s: number;
  get_bare_mib_s: number;
  /** SSE-C rate / bare rate, paired per round, median. */
  put_vs_transport: number;
  get_vs_transport: number;
  /** CPU seconds per GiB moved (user + system), median over rounds: each process, each side. */
  put_server_cpu_s_gib: number;
  put_client_cpu_s_gib: number;
  put_bare_server_cpu_s_gib: number;
  put_bare_client_cpu_s_gib: number;
  get_server_cpu_s_gib: number;
  get_client_cpu_s_gib: number;
  get_bare_server_cpu_s_gib: number;
  get_bare_client_cpu_s_gib: number;
  peak_rss_mib: number | null;
  suite_wall_s: number | null;
  checks: number | null;
  checks_per_s: number | null;
  /** Issue 17: the `matrix` page of 1,000 checks × 10 runs (matrix-render.ts). */
  matrix_render_ms: number | null;
  /** Issue 16: the full suite against `serve` as an endpoint, behind a relay adding this round-trip time (latency.ts). */
  suite_wall_s_rtt0: number | null;
  suite_wall_s_rtt20: number | null;
  suite_wall_s_rtt100: number | null;
  /** HTTP exchanges and connections of the checks of the 0 ms run (its results.json `exchanges`). */
  exchanges: number | null;
  connections: number | null;
}

/** Issue 9's targets: [key, comparison, bound]. */
export const TARGETS: [keyof BenchFigures, ">=" | "<" | "<=", number][] = [
  ["put_ratio", ">=", 0.15],
  ["get_ratio", ">=", 0.35],
  // Issue 16 raised put_overhead's bound from 0.8 to 0.9 (SSE-C ≥ 0.9 of plain on both).
  ["put_overhead", ">=", 0.9],
  ["get_overhead", ">=", 0.9],
  ["put_vs_transport", ">=", 0.85],
  ["get_vs_transport", ">=", 0.8],
  ["peak_rss_mib", "<", 200],
  ["suite_wall_s", "<=", 60],
  ["matrix_render_ms", "<", 1000],
  ["suite_wall_s_rtt100", "<=", 45],
];

export function meets(value: number, op: ">=" | "<" | "<=", bound: number): boolean {
  return op === ">=" ? value >= bound : op === "<" ? value < bound : value <= bound;
}

export interface Row {
  metric: string;
  value: string;
  spread?: string;
  target?: string;
  verdict?: string;
  note?: string;
}

const DIGITS: Partial<Record<keyof BenchFigures, number>> = {
  put_ratio: 3,
  get_ratio: 3,
  put_overhead: 3,
  get_overhead: 3,
  put_vs_transport: 3,
  get_vs_transport: 3,
  put_server_cpu_s_gib: 2,
  put_client_cpu_s_gib: 2,
  put_bare_server_cpu_s_gib: 2,
  put_bare_client_cpu_s_gib: 2,
  get_server_cpu_s_gib: 2,
  get_client_cpu_s_gib: 2,
  get_bare_server_cpu_s_gib: 2,
  get_bare_client_cpu_s_gib: 2,
  checks: 0,
  exchanges: 0,
  connections: 0,
};

/** The JSON line: every key of BenchFigures, rounded; null where a part was skipped or failed. */
export function jsonLine(f: BenchFigures): string {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(f) as [keyof BenchFigures, number | null][]) {
    out[k] = v === null || !Number.isFinite(v) ? null : round(v, DIGITS[k] ?? 1);
  }
  return JSON.stringify(out);
}

export function spreadText(s: Spread, digits = 0): string {
  return s.n > 1 ? `${s.min.toFixed(digits)}–${s.max.toFixed(digits)} (n=${s.n})` : "";
}

/** A row for a figure with a target (verdict filled in) or without one. */
export function figureRow(
  f: BenchFigures,
  key: keyof BenchFigures,
  label: string,
  unit: string,
  s?: Spread,
  note?: string,
): Row {
  const v = f[key];
  const digits = DIGITS[key] ?? (unit === "" ? 3 : 1);
  const target = TARGETS.find(([k]) => k === key);
  const row: Row = {
    metric: label,
    value: v === null ? "n/a" : `${v.toFixed(digits)}${unit ? ` ${unit}` : ""}`,
    spread: s ? spreadText(s, digits) : undefined,
    note,
  };
  if (target) {
    row.target = `${target[1]} ${target[2]}`;
    row.verdict = v === null ? "not measured" : meets(v, target[1], target[2]) ? "met" : "NOT MET";
  }
  return row;
}

export function formatTable(rows: Row[]): string {
  const head: Row = {
    metric: "metric",
    value: "value",
    spread: "spread (min–max)",
    target: "target",
    verdict: "verdict",
    note: "note",
  };
  const cols: (keyof Row)[] = ["metric", "value", "spread", "target", "verdict", "note"];
  const all = [head, ...rows];
  const width = cols.map((c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: Row) =>
    cols
      .map((c, i) => (r[c] ?? "").padEnd(width[i]))
      .join("  ")
      .trimEnd();
  return [
    line(head),
    width
      .map((w) => "-".repeat(w))
      .join("  ")
      .trimEnd(),
    ...rows.map(line),
  ].join("\n");
}
