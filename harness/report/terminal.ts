/**
 * What the terminal shows after a run, as pure functions of the results: the matrix (Table 2's
 * eight interfaces × categories), each failure h2spec style, and one verdict line ending with
 * `N passed, N failed, N skipped`. The caller passes every line through redact().
 */
import { CATEGORIES, INTERFACES, type Category, type Verdict } from "../checks/types.ts";
import { detailText } from "./junit.ts";
import { gateName, summarize, type CheckResult, type ResultsFile, type Summary } from "./results.ts";
import { notRunGroups, notRunSummary } from "./not-run.ts";

export interface Style {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
export const COLOR: Style = {
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};
export const PLAIN: Style = { red: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

/** The style of a stream: colour where config/environment.ts colourWanted() says so. */
export function styleFor(colour: boolean): Style {
  return colour ? COLOR : PLAIN;
}

/** One progress glyph per check, pytest style. */
export const GLYPH: Record<Verdict, string> = {
  pass: ".",
  fail: "F",
  warn: "W",
  skip: "s",
  xfail: "x",
  xpass: "X",
  error: "E",
  unsupported: "u",
  blocked: "b",
};

export function glyph(v: Verdict, st: Style): string {
  const g = GLYPH[v];
  if (v === "fail" || v === "error") return st.red(g);
  if (v === "warn" || v === "xpass") return st.yellow(g);
  if (v === "pass") return st.green(g);
  return st.dim(g);
}

/** Short column heads for the categories, so the matrix fits 120 columns. */
const CATEGORY_HEAD: Record<Category, string> = {
  "round-trip": "trip",
  echo: "echo",
  "missing-headers": "miss",
  "bad-md5": "md5",
  "bad-key": "key",
  "wrong-key": "wkey",
  algorithm: "alg",
  "copy-source": "copy",
  multipart: "mpu",
  range: "range",
  transport: "http",
  etag: "etag",
  policy: "pol",
  property: "prop",
  stateful: "seq",
  "at-rest": "rest",
};

/**
 * A cell: `6` when all six ran checks passed, `5 ✗1` with a failure, `5 !1` with a warning, E and a count
 * with an error, `s3` when all were skipped, `·` when the interface has no check in the category.
 */
export function cell(cs: readonly CheckResult[], st: Style): { text: string; width: number } {
  if (!cs.length) return { text: st.dim("·"), width: 1 };
  const s = summarize(cs);
  const ok = s.pass + s.xfail;
  const parts: [string, (x: string) => string][] = [];
  if (ok || (!s.fail && !s.error && !s.warn && !s.xpass && !s.skip && !s.unsupported))
    parts.push([String(ok), s.fail || s.error ? (x) => x : st.green]);
  if (s.fail) parts.push([`✗${s.fail}`, st.red]);
  if (s.error) parts.push([`E${s.error}`, st.red]);
  if (s.warn) parts.push([`!${s.warn}`, st.yellow]);
  if (s.xpass) parts.push([`X${s.xpass}`, st.yellow]);
  if (s.unsupported) parts.push([`u${s.unsupported}`, st.dim]);
  if (s.blocked) parts.push([`b${s.blocked}`, st.dim]);
  if (s.skip && parts.length === 0) parts.push([`s${s.skip}`, st.dim]);
  const plain = parts.map(([t]) => t).join(" ");
  return { text: parts.map(([t, f]) => f(t)).join(" "), width: [...plain].length };
}

function pad(text: string, width: number, to: number, left = false): string {
  const fill = " ".repeat(Math.max(0, to - width));
  return left ? text + fill : fill + text;
}

export function matrix(checks: readonly CheckResult[], st: Style): string[] {
  const cats = CATEGORIES.filter((c) => checks.some((x) => x.category === c));
  const nameW = Math.max(...INTERFACES.map((i) => i.length)) + 2;
  const totals = ["pass", "fail", "warn", "skip"] as const;
  const extra = (["xfail", "xpass", "error", "unsupported", "blocked"] as const).filter((v) =>
    checks.some((c) => c.status === v),
  );
  const tail = [...totals, ...extra];
  const rows: [string, readonly CheckResult[]][] = [
    ...INTERFACES.map((i): [string, CheckResult[]] => [i, checks.filter((c) => c.interface === i)]),
    ["all", checks],
  ];
  const cells = rows.map(([, cs]) =>
    cats.map((c) =>
      cell(
        cs.filter((k) => k.category === c),
        st,
      ),
    ),
  );
  // Each column as wide as its widest cell or head, plus a space.
  const colW = cats.map((c, j) => Math.max(CATEGORY_HEAD[c].length, ...cells.map((r) => r[j].width)) + 1);
  const numW = tail.map((t) => Math.max(t.length, ...rows.map(([, cs]) => String(summarize(cs)[t]).length)) + 1);
  const head =
    pad("", 0, nameW, true) +
    cats.map((c, j) => pad(CATEGORY_HEAD[c], CATEGORY_HEAD[c].length, colW[j])).join("") +
    "  " +
    tail.map((t, j) => pad(t, t.length, numW[j])).join("");
  const lines = [st.bold(head)];
  rows.forEach(([name, cs], i) => {
    const s: Summary = summarize(cs);
    const nums = tail.map((t, j) => {
      const n = String(s[t]);
      const colored =
        s[t] === 0
          ? st.dim(n)
          : t === "fail" || t === "error"
            ? st.red(n)
            : t === "warn" || t === "xpass"
              ? st.yellow(n)
              : n;
      return pad(colored, n.length, numW[j]);
    });
    const line =
      pad(name, name.length, nameW, true) +
      cells[i].map((x, j) => pad(x.text, x.width, colW[j])).join("") +
      "  " +
      nums.join("");
    lines.push(name === "all" ? st.bold(line) : line);
  });
  lines.push(
    st.dim(
      `cells: checks passed (or failing as declared); ✗ failed, ! SHOULD warning, X passed against a declared deviation, E harness error, u unsupported (optional feature), b blocked by a failed control, s all skipped, · none. ` +
        `columns: ${cats.map((c) => `${CATEGORY_HEAD[c]}=${c}`).join(" ")}`,
    ),
  );
  return lines;
}

/** h2spec style: `× <id> [MUST] <title>`, then expected/actual, the evidence and replay data, indented. */
export function failureBlock(c: CheckResult, st: Style): string[] {
  const mark = c.status === "error" ? "E" : c.status === "warn" ? "!" : c.status === "xpass" ? "X" : "×";
  const color = c.status === "warn" || c.status === "xpass" ? st.yellow : st.red;
  const lines = [color(`${mark} ${c.id} [${c.level}] ${c.title ?? ""}`.trimEnd())];
  for (const l of detailText(c).split("\n")) if (l) lines.push(`    ${l}`);
  return lines;
}

/** The checks a reader must look at, worst first: failures, errors, then xpass and warnings. */
export function noteworthy(checks: readonly CheckResult[]): CheckResult[] {
  const order: Verdict[] = ["fail", "error", "xpass", "warn"];
  return order.flatMap((v) => checks.filter((c) => c.status === v));
}

/**
 * The last line: `FAIL: 152 checks (2 warned, 1 xfail; not run: 6 no --http-endpoint) — 140 passed, 3 failed, 6 skipped`.
 * It ends with the plain `N passed, N failed, N skipped` a CI log parser looks for; what did not
 * run (skipped, unsupported) is named by group (not-run.ts), so nothing is skipped silently.
 */
export function verdictLine(r: Pick<ResultsFile, "summary" | "checks">, code: 0 | 1 | 3, st: Style): string {
  const s = r.summary;
  const others = (
    [
      ["warn", "warned"],
      ["xfail", "xfail"],
      ["xpass", "xpass"],
      ["error", "errors"],
      ["blocked", "blocked"],
    ] as const
  )
    .filter(([k]) => s[k] > 0)
    .map(([k, w]) => `${s[k]} ${w}`);
  const gate = gateName(code);
  const g = code === 0 ? st.green(gate) : st.red(gate);
  const notRun = notRunSummary(notRunGroups(r.checks));
  const paren = [others.join(", "), notRun ? `not run: ${notRun}` : ""].filter(Boolean).join("; ");
  return `${st.bold(g)}: ${r.checks.length} checks${paren ? ` (${paren})` : ""} — ${s.pass} passed, ${s.fail} failed, ${s.skip} skipped`;
}

/**
 * Failures, xpass and warnings in full; errors (often many of one kind) only the first few.
 * Printed after a run and after `report --merge`, to anything with a line sink and a style.
 */
export function printNoteworthy(
  t: { out(line: string): void; style: Style },
  checks: readonly CheckResult[],
  maxErrors = 10,
): void {
  const notes = noteworthy(checks);
  if (!notes.length) return;
  t.out("");
  let errors = 0;
  for (const c of notes) {
    if (c.status === "error" && ++errors > maxErrors) continue;
    for (const l of failureBlock(c, t.style)) t.out(l);
  }
  if (errors > maxErrors)
    t.out(t.style.dim(`… and ${errors - maxErrors} more errors (all in results.json and the HTML report)`));
  for (const l of blockedLines(checks, t.style)) t.out(l);
}

/**
 * The blocked checks apart, one line per failed control: `↳ 34 blocked by copy-object.… (failed): ids`.
 * Their own failures are the control's: the control is printed in full above.
 */
export function blockedLines(checks: readonly CheckResult[], st: Style): string[] {
  const by = new Map<string, string[]>();
  for (const c of checks) {
    if (c.status !== "blocked") continue;
    const control = c.blockedBy ?? "?";
    by.set(control, [...(by.get(control) ?? []), c.id]);
  }
  if (!by.size) return [];
  const lines = [""];
  for (const [control, ids] of by) {
    lines.push(st.dim(`↳ ${ids.length} blocked by ${control} (failed, above): ${ids.join(", ")}`));
  }
  return lines;
}
