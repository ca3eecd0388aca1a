/**
 * A vitest reporter that collects each check's graded outcome (`testCase.meta().ssec`, set by the
 * check runner) and shows progress: one line of glyphs per suite file as it finishes, or one line
 * per check with --verbose. Vitest's own reporters are not used by the CLI: everything printed
 * goes through the `write` function given here, which redacts.
 */
import { relative } from "node:path";
import type { Reporter, TestCase, TestModule } from "vitest/node";
import type { CheckOutcome } from "../checks/types.ts";
import { GLYPH, glyph, type Style } from "../report/terminal.ts";

/** `put-object.md5-mismatch — refuses …` → `put-object.md5-mismatch` (the check runner's test name). */
export function checkIdOf(testName: string): string {
  const i = testName.indexOf(" — ");
  return i >= 0 ? testName.slice(0, i) : testName;
}

interface SerializedErrorLike {
  message?: string;
  name?: string;
  stack?: string;
}

function errorText(e: SerializedErrorLike): string {
  return `${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.message ?? String(e)}`;
}

export interface CollectorOptions {
  /** Writes one line to the terminal (the caller redacts). */
  line: (text: string) => void;
  verbose: boolean;
  style: Style;
  root: string;
}

export class OutcomeCollector implements Reporter {
  readonly outcomes = new Map<string, CheckOutcome>();
  /** Ids of checks that some collected test registers. */
  readonly collected = new Set<string>();
  /** Failures that belong to no check verdict: load errors, tests that died without a verdict, unhandled errors. */
  readonly errors: string[] = [];
  interrupted = false;
  private readonly o: CollectorOptions;

  constructor(o: CollectorOptions) {
    this.o = o;
  }

  onTestModuleCollected(m: TestModule): void {
    for (const t of m.children.allTests()) this.collected.add(checkIdOf(t.name));
  }

  onTestCaseResult(t: TestCase): void {
    const id = checkIdOf(t.name);
    this.collected.add(id);
    const outcome = t.meta().ssec;
    const result = t.result();
    if (outcome) {
      this.outcomes.set(outcome.id, outcome);
    } else if (result.state === "failed") {
      this.errors.push(`${id}: ${(result.errors ?? []).map(errorText).join("; ") || "failed without a verdict"}`);
    }
    if (this.o.verbose) {
      const st = this.o.style;
      const v = outcome?.status;
      const mark = v ? glyph(v, st) : result.state === "failed" ? st.red("E") : st.dim("?");
      const ms = outcome ? ` ${st.dim(`(${Math.round(outcome.durationMs)} ms)`)}` : "";
      const why =
        v && v !== "pass" && outcome?.message ? ` ${st.dim(`— ${firstUsefulLine(outcome.message, id)}`)}` : "";
      this.o.line(`  ${mark} ${v ?? result.state} ${id}${ms}${why}`);
    }
  }

  onTestModuleEnd(m: TestModule): void {
    for (const e of m.errors()) this.errors.push(`${relative(this.o.root, m.moduleId)}: ${errorText(e)}`);
    if (this.o.verbose) return;
    const glyphs = [...m.children.allTests()].map((t) => {
      const v = t.meta().ssec?.status;
      return v ? glyph(v, this.o.style) : t.result().state === "failed" ? this.o.style.red("E") : this.o.style.dim("?");
    });
    const name = relative(this.o.root, m.moduleId)
      .replace(/^suites\//, "")
      .replace(/\.test\.ts$/, "");
    const width = 60;
    if (glyphs.length === 0) {
      this.o.line(`  ${name.padEnd(36)} ${this.o.style.red("no checks ran")}`);
      return;
    }
    for (let i = 0; i < glyphs.length; i += width) {
      const head = i === 0 ? name.padEnd(36) : "".padEnd(36);
      this.o.line(
        `  ${head} ${glyphs.slice(i, i + width).join("")}${i + width >= glyphs.length ? ` ${this.o.style.dim(`(${glyphs.length})`)}` : ""}`,
      );
    }
  }

  onTestRunEnd(_m: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedErrorLike>, reason: string): void {
    for (const e of unhandled) this.errors.push(`unhandled error: ${errorText(e)}`);
    if (reason === "interrupted") this.interrupted = true;
  }
}

function firstUsefulLine(message: string, id: string): string {
  return (
    message
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l && !l.includes(`${id} [`)) ?? ""
  );
}

/** The legend printed under the progress lines. */
export function progressLegend(st: Style): string {
  return st.dim(
    `  ${GLYPH.pass} pass  ${GLYPH.fail} fail  ${GLYPH.warn} warn  ${GLYPH.skip} skip  ${GLYPH.xfail} xfail  ${GLYPH.xpass} xpass  ${GLYPH.error} error  ${GLYPH.blocked} blocked`,
  );
}
