/**
 * The compatibility matrix (`ssec-conformance matrix`): several runs side by side, one column per
 * run, one row per check, grouped by interface and category; each cell the check's status with
 * its message and evidence in the tooltip; per-run totals and badges; a filter for the rows that
 * differ between runs, and one that hides the checks no run ran (skipped or absent everywhere: an
 * `--only` run's other checks); `#differs`, `#ran` or `#ran,differs` in the address sets them.
 * One static HTML file: no network, no external script, opens from file://.
 * Built as a string (10,000 cells render in well under a second, without any script running).
 */
import { CATEGORIES, INTERFACES } from "../checks/types.ts";
import { badgeSvg } from "./badge.ts";
import { gateName, type CheckResult, type ResultsFile } from "./results.ts";

export interface MatrixRun {
  name: string;
  results: ResultsFile;
  /** The run's gate as `exitCodeFor` decides it. */
  code: 0 | 1 | 3;
}

export interface EvidenceLink {
  id: string;
  url: string;
}

export interface MatrixOptions {
  /** The shipped evidence of a check (ids with their first public link). */
  evidenceOf(checkId: string): readonly EvidenceLink[];
  title?: string;
}

/** The statuses in the order of the totals row; any other status a file carries is counted too. */
const STATUS_ORDER = ["pass", "fail", "warn", "error", "blocked", "unsupported", "skip", "xfail", "xpass"];
const SHORT: Record<string, string> = {
  pass: "pass",
  fail: "FAIL",
  warn: "warn",
  error: "ERR",
  blocked: "blocked",
  unsupported: "n/s",
  skip: "skip",
  xfail: "xfail",
  xpass: "XPASS",
};

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

interface Row {
  id: string;
  title: string;
  interface: string;
  category: string;
  cells: (CheckResult | undefined)[];
  differs: boolean;
  /** Skipped or absent in every run. */
  idle: boolean;
}

const orderOf = (list: readonly string[], v: string) => {
  const i = list.indexOf(v);
  return i < 0 ? list.length : i;
};

/** Every check of every run, in catalogue grouping (interface, then category), first-seen order within. */
export function matrixRows(runs: readonly MatrixRun[]): Row[] {
  const byId = new Map<string, Row>();
  runs.forEach((run, col) => {
    for (const c of run.results.checks) {
      let row = byId.get(c.id);
      if (!row) {
        row = {
          id: c.id,
          title: c.title ?? "",
          interface: c.interface,
          category: c.category,
          cells: runs.map(() => undefined),
          differs: false,
          idle: false,
        };
        byId.set(c.id, row);
      }
      row.cells[col] = c;
    }
  });
  const rows = [...byId.values()];
  for (const r of rows) {
    r.differs = new Set(r.cells.map((c) => c?.status ?? "absent")).size > 1;
    r.idle = r.cells.every((c) => !c || c.status === "skip");
  }
  const seen = new Map(rows.map((r, i) => [r.id, i]));
  return rows.sort(
    (a, b) =>
      orderOf(INTERFACES, a.interface) - orderOf(INTERFACES, b.interface) ||
      orderOf(CATEGORIES, a.category) - orderOf(CATEGORIES, b.category) ||
      (seen.get(a.id) ?? 0) - (seen.get(b.id) ?? 0),
  );
}

function totals(r: ResultsFile): [string, number][] {
  const counts = new Map<string, number>();
  for (const c of r.checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const keys = [...STATUS_ORDER, ...[...counts.keys()].filter((k) => !STATUS_ORDER.includes(k))];
  return keys.filter((k) => counts.get(k)).map((k) => [k, counts.get(k) ?? 0]);
}

/** The badge of one run: `SSE-C | passed/total`, coloured by its gate. */
export function runBadge(run: MatrixRun): string {
  const passed = run.results.checks.filter((c) => c.status === "pass").length;
  return badgeSvg("SSE-C", `${passed}/${run.results.checks.length}`, gateName(run.code));
}

function cellHtml(c: CheckResult | undefined, links: readonly EvidenceLink[]): string {
  if (!c) return `<td class="s-absent" title="not in this run">—</td>`;
  const tip = [
    `${c.status}${c.level ? ` [${c.level}]` : ""}`,
    c.expected !== undefined ? `expected: ${c.expected}` : "",
    c.actual !== undefined ? `actual: ${c.actual}` : "",
    c.message ?? "",
    ...links.map((l) => `evidence ${l.id}: ${l.url}`),
  ]
    .filter(Boolean)
    .join("\n");
  return `<td class="s-${escapeHtml(c.status)}" title="${escapeHtml(tip)}">${escapeHtml(SHORT[c.status] ?? c.status)}</td>`;
}

function headHtml(runs: readonly MatrixRun[]): string {
  const names = runs.map(
    (r) =>
      `<th class="run"><div class="name">${escapeHtml(r.name)}</div><div class="badge">${runBadge(r)}</div>` +
      `<div class="totals">${totals(r.results)
        .map(([k, n]) => `<span class="s-${escapeHtml(k)}">${n} ${escapeHtml(k)}</span>`)
        .join(" ")}</div></th>`,
  );
  return `<thead><tr><th class="check">check</th>${names.join("")}</tr></thead>`;
}

function rowHtml(row: Row, links: readonly EvidenceLink[]): string {
  const evidence = links
    .map((l) => `<a href="${escapeHtml(l.url)}" rel="noreferrer">${escapeHtml(l.id)}</a>`)
    .join(" ");
  const head =
    `<th class="check" scope="row"><code>${escapeHtml(row.id)}</code>` +
    `<div class="title">${escapeHtml(row.title)}</div>${evidence ? `<div class="evidence">${evidence}</div>` : ""}</th>`;
  return `<tr class="check-row${row.differs ? " differs" : ""}"${row.idle ? " data-idle" : ""} data-id="${escapeHtml(row.id)}">${head}${row.cells
    .map((c) => cellHtml(c, links))
    .join("")}</tr>`;
}

const STYLE = `
body{font:13px/1.35 system-ui,sans-serif;margin:1em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:2px 6px;vertical-align:top}
thead th{position:sticky;top:0;background:#fafafa}th.check{text-align:left;max-width:42em}
.title{color:#555;font-weight:normal}.evidence a{font-weight:normal;font-size:11px;margin-right:.5em}
tr.group th{background:#eef;text-align:left}td{text-align:center;white-space:nowrap}
.s-pass{background:#e8f5e9}.s-fail,.s-error,.s-blocked{background:#ffcdd2}.s-warn,.s-xpass{background:#fff3cd}
.s-skip,.s-unsupported,.s-xfail,.s-absent{background:#f1f1f1;color:#666}
.totals span{display:inline-block;margin-right:.4em;padding:0 .2em;font-weight:normal}
body.only-differs tr.check-row:not(.differs),body.only-differs tr.group:not(.differs){display:none}
body.only-ran tr[data-idle]{display:none}
`;

const SCRIPT = `var want=location.hash.slice(1).split(",");
[["differs","only-differs"],["ran","only-ran"]].forEach(function(f){var box=document.getElementById("filter-"+f[0]);
box.addEventListener("change",function(e){document.body.classList.toggle(f[1],e.target.checked)});
if(want.indexOf(f[0])>=0){box.checked=true;document.body.classList.add(f[1])}});`;

/** The whole page. */
export function matrixHtml(runs: readonly MatrixRun[], o: MatrixOptions): string {
  const rows = matrixRows(runs);
  const body: string[] = [];
  let group = "";
  rows.forEach((row, i) => {
    const g = `${row.interface} · ${row.category}`;
    if (g !== group) {
      group = g;
      let differs = false;
      let idle = true;
      for (let j = i; j < rows.length && `${rows[j].interface} · ${rows[j].category}` === g; j++) {
        differs ||= rows[j].differs;
        idle &&= rows[j].idle;
      }
      body.push(
        `<tr class="group${differs ? " differs" : ""}"${idle ? " data-idle" : ""}><th colspan="${runs.length + 1}">${escapeHtml(g)}</th></tr>`,
      );
    }
    body.push(rowHtml(row, o.evidenceOf(row.id)));
  });
  const differing = rows.filter((r) => r.differs).length;
  const title = o.title ?? "SSE-C conformance matrix";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>${runs.length} runs, ${rows.length} checks, ${differing} differ between runs.
<label><input type="checkbox" id="filter-differs"> show only the checks that differ</label>
<label><input type="checkbox" id="filter-ran"> hide the checks no run ran</label></p>
<table id="matrix">${headHtml(runs)}<tbody>
${body.join("\n")}
</tbody></table>
<script>${SCRIPT}</script>
</body></html>
`;
}
