/**
 * The evidence base: what a conformant server does, each behaviour with public sources and a
 * grade that says how firmly it is established (issue 13). Lives in fixtures/evidence/ and
 * ships with the package, so a vendor whose server fails a check can follow the links.
 *
 * Grades, strongest first: `recorded` (an answer recorded from real AWS), `documented` (AWS or
 * OBS documentation states it), `consensus` (AWS unknown, real servers agree), `inferred` (none
 * of those). An entry carries `status`/`code` only where they are recorded or documented; where
 * only a refusal is established it says `statusClass: "4xx"`.
 *
 * Pure: reading the JSON and checking it, no vitest, no client. The problems are returned as
 * sentences that name the entry, so the lint test can print them all at once.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const EVIDENCE_GRADES = ["recorded", "documented", "consensus", "inferred"] as const;
export type EvidenceGrade = (typeof EVIDENCE_GRADES)[number];

export const SOURCE_KINDS = [
  "aws-doc",
  "aws-recorded",
  "obs-doc",
  "vendor-code",
  "vendor-issue",
  "peer-suite",
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface EvidenceSource {
  /** Public https link a reader can open. */
  url: string;
  kind: SourceKind;
  /** Which section or test; for `aws-recorded` the test name and the recorded date. */
  note: string;
  /** 40-hex commit the link is pinned to (GitHub links); the url contains it. */
  commit?: string;
}

export interface EvidenceEntry {
  /** Dotted kebab-case, stable forever: `get.no-key-refused`. */
  id: string;
  /** One sentence of what a conformant server does. */
  statement: string;
  grade: EvidenceGrade;
  /** HTTP status, only where recorded or documented. */
  status?: number;
  /** S3 error Code, only with a recorded or documented status. */
  code?: string;
  /** Only a refusal is established (no exact status). */
  statusClass?: "4xx";
  sources: EvidenceSource[];
  /** What is not established, and why. */
  note?: string;
}

/** What `list --json`, the reports and a failure show of one entry a check cites. */
export interface EvidenceRef {
  id: string;
  grade: EvidenceGrade;
  statement: string;
  links: string[];
}

const EVIDENCE_DIR = fileURLToPath(new URL("../../fixtures/evidence/", import.meta.url));
export const EVIDENCE_FILE = `${EVIDENCE_DIR}evidence.json`;

const ID = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/;
const COMMIT = /^[0-9a-f]{40}$/;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const ENTRY_KEYS = new Set(["id", "statement", "grade", "status", "code", "statusClass", "sources", "note"]);
const SOURCE_KEYS = new Set(["url", "kind", "note", "commit"]);
/** Grades that may carry an exact status and code. */
const EXACT_GRADES: readonly EvidenceGrade[] = ["recorded", "documented"];

/**
 * Mentions of documents that do not ship: research notes and their entry numbers, design and
 * tooling notes, the brief's source file, paths on the machine that built the suite. No shipped
 * file may point a reader at them (harness/shipped-files.test.ts); evidence entries are held to
 * `UNSHIPPED_IN_EVIDENCE`, which also refuses the bare word "seed".
 */
export const UNSHIPPED_MENTIONS: readonly RegExp[] = [
  /\bBEHAVIOUR\b/,
  /behaviour\.md/i,
  /\/work\//,
  /\b(DESIGN|STYLE|TOOLCHAIN)\.md\b/,
  /\bTOOLCHAIN\b/,
  /\bseed(?:'s)? (?:Tables?|§|rows?|document|file|example)\b/i,
  /\bthe seed's (?:Tables?|example|key|MD5)\b|\bTable \d of the seed\b/i,
  // Entry numbers of the research notes (E1–E33, B1–B24), not part of a longer token.
  /(?<![\w.\-/#%])[EB]\d{1,2}(?![\w.])/,
];

const UNSHIPPED_IN_EVIDENCE: readonly RegExp[] = [...UNSHIPPED_MENTIONS, /\bseed\b/i];

/** Each pattern of `patterns` that `text` matches. */
export function mentionsIn(text: string, patterns: readonly RegExp[] = UNSHIPPED_MENTIONS): RegExp[] {
  return patterns.filter((re) => re.test(text));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim().length > 0;

function isPublicHttps(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && u.hostname.includes(".") && u.hostname !== "localhost";
  } catch {
    return false;
  }
}

function sourceProblems(where: string, s: unknown): string[] {
  if (!isObject(s)) return [`${where}: not an object`];
  const out: string[] = [];
  for (const k of Object.keys(s)) if (!SOURCE_KEYS.has(k)) out.push(`${where}: unknown field "${k}"`);
  if (typeof s.url !== "string" || !isPublicHttps(s.url)) out.push(`${where}: url is not a public https link`);
  if (!SOURCE_KINDS.includes(s.kind as SourceKind)) out.push(`${where}: unknown kind "${String(s.kind)}"`);
  if (!nonEmpty(s.note)) out.push(`${where}: no note`);
  else if (s.kind === "aws-recorded" && !DATE.test(s.note)) out.push(`${where}: aws-recorded note names no date`);
  if (s.commit !== undefined) {
    if (typeof s.commit !== "string" || !COMMIT.test(s.commit)) out.push(`${where}: commit is not 40 hex digits`);
    else if (typeof s.url === "string" && !s.url.includes(s.commit)) out.push(`${where}: url is not pinned to commit`);
  }
  return out;
}

function entryProblems(i: number, e: unknown): string[] {
  if (!isObject(e)) return [`entry #${i}: not an object`];
  const where = typeof e.id === "string" ? e.id : `entry #${i}`;
  const out: string[] = [];
  for (const k of Object.keys(e)) if (!ENTRY_KEYS.has(k)) out.push(`${where}: unknown field "${k}"`);
  if (typeof e.id !== "string" || !ID.test(e.id)) out.push(`${where}: id is not dotted kebab-case`);
  if (!nonEmpty(e.statement) || !e.statement.trim().endsWith(".")) out.push(`${where}: statement is not a sentence`);
  const grade = e.grade as EvidenceGrade;
  if (!EVIDENCE_GRADES.includes(grade)) out.push(`${where}: unknown grade "${String(e.grade)}"`);
  if (e.status !== undefined) {
    if (typeof e.status !== "number" || !Number.isInteger(e.status) || e.status < 100 || e.status > 599) {
      out.push(`${where}: status is not an HTTP status`);
    }
    if (!EXACT_GRADES.includes(grade)) out.push(`${where}: a ${String(e.grade)} entry carries an exact status`);
    if (e.statusClass !== undefined) out.push(`${where}: both status and statusClass`);
  }
  if (e.code !== undefined) {
    if (!nonEmpty(e.code)) out.push(`${where}: code is empty`);
    if (e.status === undefined) out.push(`${where}: code without status`);
  }
  if (e.statusClass !== undefined && e.statusClass !== "4xx") out.push(`${where}: statusClass is not "4xx"`);
  if (e.note !== undefined && !nonEmpty(e.note)) out.push(`${where}: empty note`);
  if (!Array.isArray(e.sources) || e.sources.length === 0) {
    out.push(`${where}: no sources`);
    return out;
  }
  e.sources.forEach((s, j) => out.push(...sourceProblems(`${where} source #${j + 1}`, s)));
  const kinds = new Set(e.sources.map((s) => (isObject(s) ? s.kind : undefined)));
  if (grade === "recorded" && !kinds.has("aws-recorded")) out.push(`${where}: recorded without an aws-recorded source`);
  if (grade === "documented" && !kinds.has("aws-doc") && !kinds.has("obs-doc")) {
    out.push(`${where}: documented without an aws-doc or obs-doc source`);
  }
  return out;
}

/** Every problem of an evidence file's contents; empty when it is valid. */
export function evidenceProblems(raw: unknown): string[] {
  if (!isObject(raw) || !Array.isArray(raw.entries)) return ['evidence: no "entries" array'];
  const out = raw.entries.flatMap((e, i) => entryProblems(i, e));
  const seen = new Set<string>();
  for (const e of raw.entries) {
    if (!isObject(e) || typeof e.id !== "string") continue;
    if (seen.has(e.id)) out.push(`${e.id}: duplicate id`);
    seen.add(e.id);
  }
  raw.entries.forEach((e, i) => {
    const where = isObject(e) && typeof e.id === "string" ? e.id : `entry #${i}`;
    out.push(...unshippedMentions(where, e));
    if (carriesKey(JSON.stringify(e)))
      out.push(`${where}: carries a 256-bit key (reports print entries: name it, do not spell it)`);
  });
  return out;
}

/** A 256-bit key in base64: customer keys are secrets, even a documented example's. */
function carriesKey(text: string): boolean {
  return [...text.matchAll(/[A-Za-z0-9+/]{43}=/g)].some((m) => Buffer.from(m[0], "base64").length === 32);
}

/** Every string in `value` that names a document that does not ship. */
export function unshippedMentions(where: string, value: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown, path: string): void => {
    if (typeof v === "string") {
      for (const re of mentionsIn(v, UNSHIPPED_IN_EVIDENCE))
        out.push(`${path}: mentions an unshipped document (${re})`);
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`);
  };
  visit(value, where);
  return out;
}

/**
 * Problems of the catalogue's citations: every check cites at least one entry, once each, and
 * every id it cites exists.
 */
export function citationProblems(
  entryIds: ReadonlySet<string>,
  catalogue: readonly { id: string; evidence: readonly string[] }[],
): string[] {
  const out: string[] = [];
  for (const check of catalogue) {
    if (check.evidence.length === 0) out.push(`${check.id}: cites no evidence`);
    if (new Set(check.evidence).size !== check.evidence.length) out.push(`${check.id}: cites an entry twice`);
    for (const id of check.evidence) if (!entryIds.has(id)) out.push(`${check.id}: cites unknown evidence "${id}"`);
  }
  return out;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8")) as unknown;
}

/** The shipped evidence, validated; throws with every problem listed. */
export function loadEvidence(file: string = EVIDENCE_FILE): EvidenceEntry[] {
  const raw = readJson(file);
  const problems = evidenceProblems(raw);
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join("\n  ")}`);
  return (raw as { entries: EvidenceEntry[] }).entries;
}

/** Entries by id. */
export function evidenceById(entries: readonly EvidenceEntry[]): ReadonlyMap<string, EvidenceEntry> {
  return new Map(entries.map((e) => [e.id, e]));
}

let shipped: ReadonlyMap<string, EvidenceEntry> | undefined;

/** The shipped entries by id, read once. */
export function shippedEvidence(): ReadonlyMap<string, EvidenceEntry> {
  shipped ??= evidenceById(loadEvidence());
  return shipped;
}

/** The entries behind `ids`, for display, in the order cited; throws on an id that does not resolve. */
export function evidenceRefs(ids: readonly string[]): EvidenceRef[] {
  const byId = shippedEvidence();
  return ids.map((id) => {
    const e = byId.get(id);
    if (!e) throw new Error(`unknown evidence id "${id}": add it to fixtures/evidence/evidence.json`);
    return { id, grade: e.grade, statement: e.statement, links: [...new Set(e.sources.map((s) => s.url))] };
  });
}

/**
 * The two lines a failure prints of its evidence: the ids with their grades, then the first link
 * of the first entry. Tolerant (for results files written by another version): an id that does
 * not resolve is printed as it is.
 */
export function evidenceLines(ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const byId = shippedEvidence();
  const named = ids.map((id) => {
    const e = byId.get(id);
    return e ? `${id} (${e.grade})` : id;
  });
  const link = byId.get(ids[0])?.sources[0]?.url;
  return [`evidence: ${named.join(", ")}`, ...(link ? [`see: ${link}`] : [])];
}

/** The evidence as a Markdown list, for the HTML report's description of a check. */
export function evidenceMarkdown(ids: readonly string[]): string {
  const byId = shippedEvidence();
  const items = ids.map((id) => {
    const e = byId.get(id);
    if (!e) return `- \`${id}\``;
    const links = e.sources.map((s) => `  - [${s.note}](${s.url})`);
    return [`- \`${id}\` (${e.grade}): ${e.statement}`, ...links].join("\n");
  });
  return items.length ? `Evidence:\n\n${items.join("\n")}` : "";
}

/** One link per source of each entry, named `<id> (<grade>): <note>`, for the HTML report's links. */
export function evidenceLinks(ids: readonly string[]): { url: string; name: string }[] {
  const byId = shippedEvidence();
  return ids.flatMap((id) => {
    const e = byId.get(id);
    return e ? e.sources.map((s) => ({ url: s.url, name: `${id} (${e.grade}): ${s.note}` })) : [];
  });
}
