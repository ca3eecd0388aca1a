/**
 * JUnit XML from the graded results (not vitest's own junit reporter), so its counts are exactly
 * results.json's: fail → <failure>, error → <error>, skip and unsupported → <skipped> (with the
 * reason), blocked → <skipped> naming its failed control (counted there); warn, xfail and xpass are
 * passing testcases whose verdict is noted in a property and in <system-out>. One <testsuite> per
 * interface (Table 2), in the catalogue's order.
 */
import { evidenceLines } from "../checks/evidence.ts";
import type { CheckResult, ResultsFile } from "./results.ts";
import { notRunGroups, notRunSummary, reasonOf } from "./not-run.ts";

/** XML 1.0 forbids most control characters even escaped; ANSI colour codes are noise in CI views. */
export function xmlText(s: string): string {
  return s
    .replace(/\x1b\[[0-9;]*m/g, "")
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

/**
 * The h2spec-style body of a result (without the `× id [LEVEL] title` head): expected/actual,
 * detail, evidence (ids, grades, first link), replay data. The check runner's message may already be the whole h2spec
 * block; then its head is dropped and its lines are used as they are.
 */
export function detailText(c: CheckResult): string {
  const lines: string[] = [];
  const msg = c.message?.split("\n") ?? [];
  const formatted = msg.length > 0 && msg[0].includes(`${c.id} [`);
  if (formatted) {
    lines.push(...msg.slice(1).map((l) => l.replace(/^ {2}/, "")));
  } else {
    if (c.expected !== undefined) lines.push(`expected: ${c.expected}`);
    if (c.actual !== undefined) lines.push(`actual: ${c.actual}`);
    if (c.message && !(c.expected !== undefined && c.message.includes(c.expected))) lines.push(...msg);
    lines.push(...evidenceLines(c.evidence ?? []));
  }
  const text = lines.join("\n");
  if (c.seed !== undefined && !/\bseed\b/.test(text))
    lines.push(`seed: ${c.seed}${c.path !== undefined ? `, path: ${c.path}` : ""}`);
  if (c.counterexample !== undefined && !text.includes(c.counterexample))
    lines.push(`counterexample: ${c.counterexample}`);
  return lines.filter((l) => l.trim() !== "").join("\n");
}

/** One line for attributes and summaries. */
export function firstLine(c: CheckResult): string {
  if (c.expected !== undefined && c.actual !== undefined) return `expected ${c.expected}, got ${c.actual}`;
  return detailText(c).split("\n")[0] || c.status;
}

/** An optional feature the server lacks: skipped in a CI's view, with the probe's reason. */
function unsupportedElement(c: CheckResult): string {
  return `      <skipped message="${xmlText(`unsupported: ${reasonOf(c)}`)}"/>`;
}

function testcase(c: CheckResult): string {
  const name = c.title ? `${c.id} — ${c.title}` : c.id;
  const props = [
    ["ssec.status", c.status],
    ["ssec.level", c.level],
    ["ssec.category", c.category],
    ...(c.evidence?.length ? [["ssec.evidence", c.evidence.join(" ")]] : []),
    ...(c.deviation ? [["ssec.deviation", c.deviation.key]] : []),
    ...(c.deviation?.until ? [["ssec.deviation.until", c.deviation.until]] : []),
  ]
    .map(([k, v]) => `        <property name="${xmlText(k)}" value="${xmlText(v)}"/>`)
    .join("\n");
  const body: string[] = [`      <properties>\n${props}\n      </properties>`];
  const detail = detailText(c);
  switch (c.status) {
    case "fail":
      body.push(`      <failure message="${xmlText(firstLine(c))}" type="${c.level}">${xmlText(detail)}</failure>`);
      break;
    case "error":
      body.push(`      <error message="${xmlText(firstLine(c))}" type="harness">${xmlText(detail)}</error>`);
      break;
    case "skip":
      body.push(`      <skipped message="${xmlText(firstLine(c))}"/>`);
      break;
    case "unsupported":
      body.push(unsupportedElement(c));
      break;
    case "warn":
      body.push(
        `      <system-out>${xmlText(`WARN: a SHOULD requirement is not met (passes the gate unless --strict)\n${detail}`)}</system-out>`,
      );
      break;
    case "xfail":
      body.push(
        `      <system-out>${xmlText(`XFAIL: fails as the profile declares (a declared deviation)\n${detail}`)}</system-out>`,
      );
      break;
    case "xpass":
      body.push(
        `      <system-out>${xmlText(`XPASS: passes although the profile declares it failing: remove the deviation (fails the gate under --strict)\n${detail}`)}</system-out>`,
      );
      break;
    case "blocked":
      // Counted at the control (a <failure>); shown apart here, not as another failure.
      body.push(`      <skipped message="${xmlText(`BLOCKED by ${c.blockedBy ?? "its control"}: ${firstLine(c)}`)}"/>`);
      body.push(`      <system-out>${xmlText(`BLOCKED: its control check failed\n${detail}`)}</system-out>`);
      break;
    case "pass":
      break;
  }
  return `    <testcase classname="${xmlText(c.interface)}" name="${xmlText(name)}" time="${secs(c.durationMs)}">\n${body.join("\n")}\n    </testcase>`;
}

/** `ssec.not-run`: what did not run, by group (not-run.ts), so a CI view shows why. */
function notRunProperty(r: ResultsFile): [string, string][] {
  const groups = notRunGroups(r.checks);
  return groups.length ? [["ssec.not-run", notRunSummary(groups)]] : [];
}

export function junitXml(r: ResultsFile): string {
  const groups = new Map<string, CheckResult[]>();
  for (const c of r.checks) {
    const g = groups.get(c.interface) ?? [];
    g.push(c);
    groups.set(c.interface, g);
  }
  const count = (cs: readonly CheckResult[], s: CheckResult["status"]) => cs.filter((c) => c.status === s).length;
  // <skipped> elements are skips, unsupported and blocked checks alike: the attribute counts all three.
  const skipped = (cs: readonly CheckResult[]) => count(cs, "skip") + count(cs, "unsupported") + count(cs, "blocked");
  const time = (cs: readonly CheckResult[]) => secs(cs.reduce((t, c) => t + c.durationMs, 0));
  const runProps = [
    ["tool", `${r.tool} ${r.version}`],
    ["target", r.target],
    ["profile", r.profile],
    ["seed", String(r.seed)],
    ...(r.runs !== undefined ? [["runs", String(r.runs)]] : []),
    ...(r.strict !== undefined ? [["strict", String(r.strict)]] : []),
    ...(r.shard ? [["shard", r.shard]] : []),
    ...(["warn", "xfail", "xpass", "unsupported", "blocked"] as const).map((s) => [
      `ssec.${s}`,
      String(r.summary[s] ?? 0),
    ]),
    ...notRunProperty(r),
  ];
  const propsXml = runProps.map(([k, v]) => `      <property name="${xmlText(k)}" value="${xmlText(v)}"/>`).join("\n");
  const suites = [...groups].map(([iface, cs]) =>
    [
      `  <testsuite name="${xmlText(iface)}" tests="${cs.length}" failures="${count(cs, "fail")}" errors="${count(cs, "error")}" skipped="${skipped(cs)}" time="${time(cs)}" timestamp="${xmlText(r.startedAt)}">`,
      `    <properties>\n${propsXml}\n    </properties>`,
      ...cs.map(testcase),
      `  </testsuite>`,
    ].join("\n"),
  );
  // Errors that belong to no check are shown, not counted: the counts stay exactly results.json's
  // (the checks such an error kept from running are themselves `error` entries).
  const harness = (r.errors ?? []).length
    ? [
        `  <testsuite name="harness errors" tests="0" failures="0" errors="0" skipped="0" time="0.000">`,
        `    <system-err>${xmlText(r.errors!.join("\n\n"))}</system-err>`,
        `  </testsuite>`,
      ]
    : [];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="ssec-conformance" tests="${r.checks.length}" failures="${r.summary.fail}" errors="${r.summary.error}" skipped="${skipped(r.checks)}" time="${secs(r.durationMs)}">`,
    ...suites,
    ...harness,
    `</testsuites>`,
    "",
  ].join("\n");
}
