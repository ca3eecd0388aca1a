/**
 * The graded results of a run: one entry per catalogue check, whatever happened to it. This is
 * results.json (the machine-readable contract; keep its shape stable: add
 * optional fields, never rename or remove) and the single source junit.xml, the terminal matrix
 * and the exit status are derived from, so they always agree.
 */
import type {
  CheckDef,
  CheckOutcome,
  Category,
  DeviationRecord,
  InterfaceName,
  Level,
  Verdict,
} from "../checks/types.ts";

export const VERDICTS: readonly Verdict[] = [
  "pass",
  "fail",
  "warn",
  "skip",
  "xfail",
  "xpass",
  "error",
  "unsupported",
  "blocked",
];

export type Summary = Record<Verdict, number>;

export interface CheckResult {
  id: string;
  interface: InterfaceName;
  category: Category;
  level: Level;
  status: Verdict;
  durationMs: number;
  message?: string;
  /** Additions to the first schema (optional, stable): */
  title?: string;
  /** Where the expected answer comes from: the evidence ids, comma-separated (kept for readers of older files). */
  citation?: string;
  /** Ids of the evidence entries the check cites (fixtures/evidence/evidence.json). */
  evidence?: string[];
  expected?: string;
  actual?: string;
  seed?: number;
  path?: string;
  counterexample?: string;
  /** Exchanges of this check the client retried (throttled, failed, reset); absent when none. */
  retries?: number;
  /**
   * HTTP exchanges the check's requests made (retried attempts included; a fixture shared by
   * several checks counts for the one that made it), and the new connections they opened.
   */
  exchanges?: number;
  connections?: number;
  /** Why it did not run (skip, unsupported), one line; the reports group checks by it (not-run.ts). */
  reason?: string;
  /** The optional feature the check needs (checks/features.ts), when it needs one. */
  feature?: string;
  /** For `blocked`: the failed control check this one depends on (CheckDef.control). */
  blockedBy?: string;
  /** The profile's declared deviation that graded the check: its key, reason, `until`, `link`, `expired`. */
  deviation?: DeviationRecord;
}

export interface ResultsFile {
  tool: string;
  version: string;
  /** The endpoint URL (`"target": "https://…"`); no credentials. */
  target: string;
  profile: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  summary: Summary;
  checks: CheckResult[];
  /** Additions to the first schema (optional, stable): */
  runs?: number;
  strict?: boolean;
  /** `i/n` when this file is one shard of a run; absent for a whole or merged run. */
  shard?: string;
  /** Failures that belong to no check (a suite file that failed to load, an unhandled error). */
  errors?: string[];
  /** Retried exchanges over all checks (the sum of checks[].retries) and the retry budget per exchange. */
  retries?: { total: number; perExchange: number };
  /**
   * HTTP exchanges and connections of the checks (the sums of checks[].exchanges, .connections;
   * the run's own set-up and clean-up requests are not counted).
   */
  exchanges?: { total: number; connections: number };
  /** Signing region, bucket the run worked in, and addressing style of `target`. */
  region?: string;
  bucket?: string;
  addressing?: "path-style" | "virtual-hosted";
  /** The checks that did not run (skip, unsupported), grouped by why (report/not-run.ts). */
  notRun?: NotRunGroup[];
  /** What the run's probes found of each optional feature (checks/features.ts). */
  features?: Record<string, { state: string; reason?: string }>;
}

/** Checks that did not run for one reason. */
export interface NotRunGroup {
  status: "skip" | "unsupported";
  /** Short label of the reason (`no --http-endpoint`, `filtered out by --only`). */
  group: string;
  count: number;
  ids: string[];
}

/** `https://… (region …, bucket …, path-style)` for people (banner, Allure environment, HTML title). */
export function describeResultsTarget(r: Pick<ResultsFile, "target" | "region" | "bucket" | "addressing">): string {
  const parts = [
    r.region ? `region ${r.region}` : undefined,
    r.bucket ? `bucket ${r.bucket}` : undefined,
    r.addressing,
  ].filter(Boolean);
  return parts.length ? `${r.target} (${parts.join(", ")})` : r.target;
}

export function emptySummary(): Summary {
  return { pass: 0, fail: 0, warn: 0, skip: 0, xfail: 0, xpass: 0, error: 0, unsupported: 0, blocked: 0 };
}

export function summarize(checks: readonly Pick<CheckResult, "status">[]): Summary {
  const s = emptySummary();
  for (const c of checks) s[c.status] = (s[c.status] ?? 0) + 1;
  return s;
}

/** Skip message of a check that ran in another shard; merge prefers any other entry over it. */
export function otherShardMessage(shard: string): string {
  return `not in this shard (${shard}); merge the shards with \`ssec-conformance report --merge\``;
}
export const OTHER_SHARD_PREFIX = "not in this shard (";

export interface GradeContext {
  /** Ids of checks some collected test registers in this run (vitest test name `<id> — <title>`). */
  collected: ReadonlySet<string>;
  /** Why a check was left out by --only/--skip, or undefined. */
  filteredOut: (id: string) => string | undefined;
  /** `i/n` when sharded. */
  shard?: string;
  /** The run was cancelled (SIGINT/SIGTERM): checks without a verdict were not run for that reason. */
  interrupted?: boolean;
}

/**
 * One result per catalogue check, in catalogue order. A check without an outcome is a skip when
 * the filters or the shard left it out, otherwise an error: the catalogue promised a check that
 * no test delivered (a suite failed to load, or the check is not implemented).
 */
export function gradeChecks(
  catalogue: readonly CheckDef[],
  outcomes: ReadonlyMap<string, CheckOutcome>,
  ctx: GradeContext,
): CheckResult[] {
  return catalogue.map((def) => {
    const base = {
      id: def.id,
      interface: def.interface,
      category: def.category,
      level: def.level,
      title: def.title,
      citation: def.evidence.join(", "),
      evidence: [...def.evidence],
      ...(def.feature ? { feature: def.feature } : {}),
    };
    const o = outcomes.get(def.id);
    if (o) {
      return {
        ...base,
        status: o.status,
        durationMs: Math.max(0, Math.round(o.durationMs)),
        ...(o.message !== undefined ? { message: o.message } : {}),
        ...(o.expected !== undefined ? { expected: o.expected } : {}),
        ...(o.actual !== undefined ? { actual: o.actual } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.path !== undefined ? { path: o.path } : {}),
        ...(o.counterexample !== undefined ? { counterexample: o.counterexample } : {}),
        ...(o.retries ? { retries: o.retries } : {}),
        ...(o.exchanges !== undefined ? { exchanges: o.exchanges } : {}),
        ...(o.connections !== undefined ? { connections: o.connections } : {}),
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
        ...(o.blockedBy ? { blockedBy: o.blockedBy } : {}),
        ...(o.deviation ? { deviation: o.deviation } : {}),
      };
    }
    const filtered = ctx.filteredOut(def.id);
    if (filtered) return { ...base, status: "skip" as const, durationMs: 0, message: filtered, reason: filtered };
    if (ctx.shard && !ctx.collected.has(def.id)) {
      const message = otherShardMessage(ctx.shard);
      return { ...base, status: "skip" as const, durationMs: 0, message, reason: message };
    }
    const message = ctx.interrupted
      ? "not run: the run was interrupted"
      : ctx.collected.has(def.id)
        ? "not run: its test recorded no verdict (see the errors above)"
        : "not run: no test registers this check, or its suite file failed to load";
    return { ...base, status: "error" as const, durationMs: 0, message };
  });
}

/**
 * Exit status: 0 pass, 1 fail (or xpass or unsupported under --strict), 3 no verdict. A `blocked`
 * check counts as the failure of its control only: the control's own verdict decides.
 */
export function exitCodeFor(summary: Summary, strict: boolean, harnessErrors = 0): 0 | 1 | 3 {
  if (summary.fail > 0 || (strict && summary.xpass > 0)) return 1;
  if (strict && (summary.unsupported ?? 0) > 0) return 1;
  if (summary.error > 0 || harnessErrors > 0) return 3;
  return 0;
}

export type Gate = "PASS" | "FAIL" | "NO VERDICT";
export function gateName(code: 0 | 1 | 3): Gate {
  return code === 0 ? "PASS" : code === 1 ? "FAIL" : "NO VERDICT";
}

const STATUSES = new Set<string>(VERDICTS);

/** Parses and checks a results.json (for `report` and `report --merge`). Throws with the field named. */
export function parseResultsFile(text: string, source: string): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message})`);
  }
  const r = data as Partial<ResultsFile>;
  if (!r || typeof r !== "object" || r.tool !== "ssec-conformance")
    throw new Error(`${source}: not an ssec-conformance results.json`);
  if (!Array.isArray(r.checks)) throw new Error(`${source}: "checks" is not a list`);
  for (const [i, c] of r.checks.entries()) {
    if (!c || typeof c.id !== "string" || !STATUSES.has(c.status))
      throw new Error(`${source}: checks[${i}] has no id or an unknown status`);
  }
  return r as ResultsFile;
}
