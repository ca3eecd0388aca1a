/**
 * No shipped file points a reader at a document that does not ship. The package ships what
 * package.json `files` lists (and package.json itself); a vendor who reads a comment, a help text,
 * a fault's `modelledOn` or a profile must be able to follow every reference. Behaviour is cited
 * by evidence id (fixtures/evidence/evidence.json), bugs by their public issue, peer suites by
 * repository and test name. The patterns are `UNSHIPPED_MENTIONS` in harness/checks/evidence.ts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UNSHIPPED_MENTIONS, mentionsIn } from "./checks/evidence.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The lint's own sources: they must spell what they look for. */
const LINT_SOURCES = new Set([
  "harness/checks/evidence.ts",
  "harness/checks/evidence.test.ts",
  "harness/shipped-files.test.ts",
]);

const BINARY = /\.(pem|key|crt|der|p12|png|jpe?g|gif|ico|gz|zip|bin)$/i;

function walk(path: string, out: string[]): void {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) if (name !== "node_modules") walk(join(path, name), out);
  } else if (!BINARY.test(path)) out.push(path);
}

/** Every shipped text file, relative to the package root, with "/". */
export function shippedFiles(root = ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
  const out: string[] = [join(root, "package.json")];
  for (const entry of pkg.files) walk(join(root, entry), out);
  return out.map((f) => relative(root, f).split("\\").join("/")).sort();
}

/** `file:line: pattern` for each line of `text` that mentions an unshipped document. */
export function mentionProblems(file: string, text: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const re of mentionsIn(line)) out.push(`${file}:${i + 1}: ${re} in "${line.trim().slice(0, 100)}"`);
  });
  return out;
}

describe("shipped files", () => {
  const files = shippedFiles();
  const problems = (list: readonly string[]) =>
    list.flatMap((f) => mentionProblems(f, readFileSync(join(ROOT, f), "utf8")));

  it("ship the package's sources, suites, fixtures and documents", () => {
    for (const f of [
      "package.json",
      "README.md",
      "ARCHITECTURE.md",
      "CONTRIBUTING.md",
      "fixtures/evidence/evidence.json",
    ])
      expect(files).toContain(f);
    expect(files.some((f) => f.startsWith("suites/"))).toBe(true);
  });

  it("mention no document that does not ship", () => {
    const checked = files.filter((f) => !LINT_SOURCES.has(f));
    expect(problems(checked)).toEqual([]);
  });
});

describe("mentionProblems", () => {
  it("finds each kind of mention, with file and line", () => {
    const bad = [
      "see BEHAVIOUR E7",
      "E12: 403 on reads",
      "(B16, B22)",
      "the seed's Table 2",
      "seed Table 1 row 3",
      'DESIGN.md "Statuses"',
      "TOOLCHAIN §6",
      "/work/shared/notes.txt",
    ];
    for (const line of bad) expect(mentionProblems("x.ts", `ok\n${line}`).length, line).toBeGreaterThan(0);
    expect(mentionProblems("x.ts", "ok\nseed Table 1")[0]).toMatch(/^x\.ts:2: /);
  });

  it("leaves the random seed, ids, hex, percent-escapes and RFC sections alone", () => {
    const fine = [
      "the run's seed: --seed 42",
      "put-object.seed-example-pair",
      "fast-check seed and path",
      "chains the chunk signatures from the seed",
      "%E1%88%B4",
      "0xE1, sha E12abc",
      "RFC 9110 §15.4.5",
      "evidence md5.mismatch-put",
      "Amazon S3",
    ];
    for (const line of fine) expect(mentionProblems("x.ts", line), line).toEqual([]);
    expect(UNSHIPPED_MENTIONS.length).toBeGreaterThan(5);
  });
});
