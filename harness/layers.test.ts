/**
 * The house rules of ARCHITECTURE.md, checked on the code's own imports: which folder may import
 * which, that the reference server stands alone, that nothing imports test gear, that the
 * catalogue stays free of vitest and the client, that only the config layer reads the
 * environment, and that there is no import circle. Each rule names the offending file and import.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Ranks from the ground up: a production file imports its own folder or a lower rank only. */
export const RANKS: Record<string, number> = {
  secrets: 0,
  config: 1,
  client: 2,
  ssec: 3,
  checks: 4,
  report: 5,
  kit: 6,
  runner: 7,
  commands: 8,
  cli: 9,
};
/** Test gear: imported only by tests and other gear; may itself import anything. */
const GEAR = new Set(["selftest", "bench", "server-testing"]);
/** Who may import the reference server (besides tests and gear). */
const SERVER_IMPORTERS = new Set(["commands", "runner"]);
/** What a suite file may import. */
const SUITE_IMPORTS = new Set(["kit", "ssec", "checks", "secrets"]);
/** Source files that are data tables, not logic: exempt from the length rule. */
const DATA_TABLES = [/^harness\/checks\/catalogue\//, /^harness\/selftest\/fault-map\.ts$/];
/** Packages the catalogue must not use: it is data and pure functions. */
const CATALOGUE_FORBIDDEN = [/^vitest/, /^@vitest\//, /^allure/, /^undici$/, /^@fast-check\/vitest$/];

interface SourceFile {
  path: string; // relative to ROOT, with "/"
  room: string; // "server", "kit", ..., "cli", "suites", "root"
  test: boolean;
  imports: { spec: string; target?: string; line: number }[];
  text: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|js|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

function roomOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "suites") return "suites";
  if (parts[0] !== "harness") return "root";
  if (parts.length === 2) return parts[1].replace(/\.ts$/, "");
  return parts[1];
}

/** Comments out, strings kept (import specifiers are strings). */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");
}

const IMPORT_PATTERNS = [
  /(?:^|\n)\s*(?:import|export)\s[^;'"`]*?\sfrom\s*["']([^"']+)["']/g,
  /(?:^|\n)\s*import\s*["']([^"']+)["']/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
];

function readSource(full: string): SourceFile {
  const path = relative(ROOT, full).split(sep).join("/");
  const text = readFileSync(full, "utf8");
  const code = stripComments(text);
  const imports: SourceFile["imports"] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of code.matchAll(pattern)) {
      const spec = m[1];
      const line = code.slice(0, m.index).split("\n").length + (m[0].startsWith("\n") ? 1 : 0);
      const target = spec.startsWith(".")
        ? relative(ROOT, resolve(dirname(full), spec))
            .split(sep)
            .join("/")
        : undefined;
      imports.push({ spec, target, line });
    }
  }
  return { path, room: roomOf(path), test: /\.test\.ts$/.test(path), imports, text };
}

const FILES = [...walk(join(ROOT, "harness")), ...walk(join(ROOT, "suites"))].map(readSource);
const BY_PATH = new Map(FILES.map((f) => [f.path, f]));

function isGear(f: SourceFile): boolean {
  return f.test || GEAR.has(f.room);
}

/** One line per offence, so a failure lists every one of them in full. */
function expectNone(offences: string[], rule?: string): void {
  expect(offences.join("\n"), rule).toBe("");
}

function where(f: SourceFile, i: { spec: string; line: number }): string {
  return `${f.path}:${i.line} imports ${i.spec}`;
}

describe(`import directions (${FILES.length} files)`, () => {
  it("every import of a file names a file that exists", () => {
    const missing = FILES.flatMap((f) =>
      f.imports
        .filter((i) => i.target && !BY_PATH.has(i.target) && !i.target.endsWith(".json"))
        .map((i) => where(f, i)),
    );
    expectNone(missing);
  });

  it("every production folder of harness/ has a rank or is test gear", () => {
    const rooms = new Set(FILES.filter((f) => !f.test && f.room !== "suites").map((f) => f.room));
    const unknown = [...rooms].filter((r) => !(r in RANKS) && !GEAR.has(r) && r !== "server");
    expectNone(unknown);
  });

  it("no production file imports a folder above its own", () => {
    const upward = FILES.filter((f) => !isGear(f) && f.room in RANKS).flatMap((f) =>
      f.imports
        .filter((i) => i.target)
        .filter((i) => {
          const to = BY_PATH.get(i.target!);
          if (!to || to.room === f.room) return false;
          if (to.room === "server") return !SERVER_IMPORTERS.has(f.room);
          if (!(to.room in RANKS)) return true; // gear, suites
          return RANKS[to.room] > RANKS[f.room];
        })
        .map((i) => where(f, i)),
    );
    expectNone(upward);
  });

  it("the reference server imports nothing from the rest of the harness", () => {
    const outside = FILES.filter((f) => f.room === "server" && !f.test).flatMap((f) =>
      f.imports.filter((i) => i.target && BY_PATH.get(i.target)?.room !== "server").map((i) => where(f, i)),
    );
    expectNone(outside);
  });

  it("nothing but tests and test gear imports test gear", () => {
    const intoGear = FILES.filter((f) => !isGear(f)).flatMap((f) =>
      f.imports
        .filter((i) => {
          const to = i.target ? BY_PATH.get(i.target) : undefined;
          return to !== undefined && isGear(to);
        })
        .map((i) => where(f, i)),
    );
    expectNone(intoGear);
  });

  it("suites import only the kit, the SSE-C vocabulary, the catalogue and redaction", () => {
    const wrong = FILES.filter((f) => f.room === "suites").flatMap((f) =>
      f.imports
        .filter((i) => {
          if (!i.target) return false;
          const to = BY_PATH.get(i.target);
          return to !== undefined && to.room !== "suites" && !SUITE_IMPORTS.has(to.room);
        })
        .map((i) => where(f, i)),
    );
    expectNone(wrong);
    const nonTests = FILES.filter((f) => f.room === "suites" && !f.test).map((f) => f.path);
    expectNone(nonTests, "suites/ holds only test files; shared code belongs in harness/kit");
  });

  it("the catalogue (harness/checks) uses no test runner, no report runtime and no client", () => {
    const wrong = FILES.filter((f) => f.room === "checks" && !f.test).flatMap((f) =>
      f.imports
        .filter((i) => {
          if (!i.target) return CATALOGUE_FORBIDDEN.some((re) => re.test(i.spec));
          return BY_PATH.get(i.target)?.room === "client";
        })
        .map((i) => where(f, i)),
    );
    expectNone(wrong);
  });

  it("only the config layer reads the environment", () => {
    const readers = FILES.filter((f) => !isGear(f) && f.room !== "config" && f.room !== "suites")
      .filter((f) => /\bprocess\.env\b/.test(stripComments(f.text)))
      .map((f) => f.path);
    expectNone(readers);
  });

  it("no import circle, inside a folder or across folders", () => {
    const production = FILES.filter((f) => !f.test);
    const edges = new Map(
      production.map((f) => [f.path, f.imports.map((i) => i.target).filter((t): t is string => !!t && BY_PATH.has(t))]),
    );
    const circles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (node: string): void => {
      state.set(node, "open");
      stack.push(node);
      for (const next of edges.get(node) ?? []) {
        if (!edges.has(next)) continue;
        if (state.get(next) === "open") circles.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, "done");
    };
    for (const node of edges.keys()) if (!state.has(node)) visit(node);
    expectNone(circles);
  });

  it("no production source file is longer than 400 lines", () => {
    const long = FILES.filter((f) => !f.test)
      .filter((f) => !DATA_TABLES.some((re) => re.test(f.path)))
      .map((f) => ({ path: f.path, lines: f.text.split("\n").length }))
      .filter((f) => f.lines > 400)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expectNone(long);
  });
});
