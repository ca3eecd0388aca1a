import { describe, expect, it } from "vitest";
import { badgeSvg } from "./badge.ts";
import { matrixHtml, matrixRows, type MatrixRun } from "./matrix-page.ts";
import { emptySummary, type CheckResult, type ResultsFile } from "./results.ts";

const check = (id: string, iface: string, category: string, status: string, message?: string): CheckResult =>
  ({
    id,
    interface: iface,
    category,
    level: "MUST",
    status,
    durationMs: 1,
    title: `title of ${id}`,
    message,
  }) as CheckResult;

function run(name: string, checks: CheckResult[], code: 0 | 1 | 3 = 0): MatrixRun {
  const results = { tool: "ssec-conformance", checks, summary: emptySummary() } as unknown as ResultsFile;
  return { name, results, code };
}

const evidenceOf = (id: string) => [{ id: `ev.${id}`, url: `https://docs.example.com/${id}` }];

describe("matrix page", () => {
  const a = run("clean", [
    check("put-object.echo", "PUT Object", "echo", "pass"),
    check("get-object.wrong-key", "GET Object", "wrong-key", "pass"),
    check("get-object.echo", "GET Object", "echo", "pass"),
  ]);
  const b = run(
    "faulty <b>",
    [
      check("get-object.wrong-key", "GET Object", "wrong-key", "fail", 'expected 403 "AccessDenied"'),
      check("get-object.echo", "GET Object", "echo", "pass"),
      check("put-object.echo", "PUT Object", "echo", "pass"),
    ],
    1,
  );

  it("orders rows by interface then category and marks the rows that differ", () => {
    const rows = matrixRows([a, b]);
    expect(rows.map((r) => r.id)).toEqual(["put-object.echo", "get-object.echo", "get-object.wrong-key"]);
    expect(rows.map((r) => r.differs)).toEqual([false, false, true]);
    expect(rows[2].cells.map((c) => c?.status)).toEqual(["pass", "fail"]);
  });

  it("escapes names and messages, links the evidence, and puts the message in the tooltip", () => {
    const html = matrixHtml([a, b], { evidenceOf });
    expect(html).toContain("faulty &lt;b&gt;");
    expect(html).not.toContain("faulty <b>");
    expect(html).toContain(
      'title="fail [MUST]\nexpected 403 &quot;AccessDenied&quot;\nevidence ev.get-object.wrong-key: https://docs.example.com/get-object.wrong-key"',
    );
    expect(html).toContain(
      '<a href="https://docs.example.com/get-object.wrong-key" rel="noreferrer">ev.get-object.wrong-key</a>',
    );
    expect(html).toContain("3 checks, 1 differ between runs");
    expect(html.match(/<tr class="check-row/g)).toHaveLength(3);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
  });

  it("marks the checks no run ran, and their groups, for the filter that hides them", () => {
    const skipped = (id: string, iface: string) => check(id, iface, "echo", "skip", "filtered out by --only");
    const c = run("only get", [
      skipped("put-object.echo", "PUT Object"),
      check("get-object.echo", "GET Object", "echo", "pass"),
    ]);
    const d = run("short", [check("get-object.echo", "GET Object", "echo", "fail")]);
    expect(matrixRows([c, d]).map((r) => [r.id, r.idle])).toEqual([
      ["put-object.echo", true],
      ["get-object.echo", false],
    ]);
    const html = matrixHtml([c, d], { evidenceOf });
    expect(html).toContain('<tr class="group differs" data-idle><th colspan="3">PUT Object · echo</th></tr>');
    expect(html).toContain('<tr class="group differs"><th colspan="3">GET Object · echo</th></tr>');
    expect(html).toContain('<tr class="check-row differs" data-idle data-id="put-object.echo">');
    expect(html).toContain('<input type="checkbox" id="filter-ran">');
  });

  it("shows a missing check as absent", () => {
    const html = matrixHtml([a, run("short", [check("put-object.echo", "PUT Object", "echo", "pass")])], {
      evidenceOf,
    });
    expect(html).toContain('<td class="s-absent" title="not in this run">—</td>');
  });
});

describe("badge", () => {
  it("is SVG coloured by the gate, with the value escaped", () => {
    const svg = badgeSvg("SSE-C", "3/4 <x>", "FAIL");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("#c62828");
    expect(svg).toContain("3/4 &lt;x&gt;");
  });
});
