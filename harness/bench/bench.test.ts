import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseProcStat, parseProcStatus } from "./proc-status.ts";
import { bufferSource, patternBytes, patternSource } from "./bench-payload.ts";
import { figureRow, formatTable, jsonLine, meets, type BenchFigures } from "./bench-table.ts";
import { spread } from "./stats.ts";
import { compareWith, sha256Of } from "./verify.ts";

async function collect(s: AsyncIterable<unknown>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c as Buffer);
  return out;
}

const figures: BenchFigures = {
  aes_gcm_mib_s: 3421.26,
  put_mib_s: 600,
  get_mib_s: 1000,
  put_plain_mib_s: 700,
  get_plain_mib_s: 1100,
  put8_mib_s: 650,
  get8_mib_s: 1050,
  put_ratio: 600 / 3421.26,
  get_ratio: 1000 / 3421.26,
  put_overhead: 0.857,
  get_overhead: 0.909,
  put_bare_mib_s: 800,
  get_bare_mib_s: 1200,
  put_vs_transport: 0.75,
  get_vs_transport: 0.8333,
  put_server_cpu_s_gib: 2.104,
  put_client_cpu_s_gib: 1.2,
  put_bare_server_cpu_s_gib: 1.1,
  put_bare_client_cpu_s_gib: 1.1,
  get_server_cpu_s_gib: 1.5,
  get_client_cpu_s_gib: 1,
  get_bare_server_cpu_s_gib: 0.7,
  get_bare_client_cpu_s_gib: 1,
  peak_rss_mib: 150.04,
  suite_wall_s: null,
  checks: null,
  checks_per_s: null,
  matrix_render_ms: 312.46,
  suite_wall_s_rtt0: 20.04,
  suite_wall_s_rtt20: null,
  suite_wall_s_rtt100: 44.96,
  exchanges: 2481,
  connections: 350,
};

describe("bench report", () => {
  it("prints one JSON line with every issue 9 key, rounded, null for what was not measured", () => {
    const line = jsonLine(figures);
    expect(line).not.toContain("\n");
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      "aes_gcm_mib_s",
      "put_mib_s",
      "get_mib_s",
      "put_plain_mib_s",
      "get_plain_mib_s",
      "put8_mib_s",
      "get8_mib_s",
      "put_ratio",
      "get_ratio",
      "put_overhead",
      "get_overhead",
      "put_bare_mib_s",
      "get_bare_mib_s",
      "put_vs_transport",
      "get_vs_transport",
      "put_server_cpu_s_gib",
      "put_client_cpu_s_gib",
      "put_bare_server_cpu_s_gib",
      "put_bare_client_cpu_s_gib",
      "get_server_cpu_s_gib",
      "get_client_cpu_s_gib",
      "get_bare_server_cpu_s_gib",
      "get_bare_client_cpu_s_gib",
      "peak_rss_mib",
      "suite_wall_s",
      "checks",
      "checks_per_s",
      "matrix_render_ms",
      "suite_wall_s_rtt0",
      "suite_wall_s_rtt20",
      "suite_wall_s_rtt100",
      "exchanges",
      "connections",
    ]);
    expect(parsed.aes_gcm_mib_s).toBe(3421.3);
    expect(parsed.put_ratio).toBe(0.175);
    expect(parsed.suite_wall_s).toBeNull();
    expect(parsed.suite_wall_s_rtt100).toBe(45);
    expect(parsed.exchanges).toBe(2481);
    expect(parsed.get_vs_transport).toBe(0.833);
    expect(parsed.put_server_cpu_s_gib).toBe(2.1);
  });

  it("grades each target with its own comparison", () => {
    expect(meets(0.15, ">=", 0.15)).toBe(true);
    expect(meets(200, "<", 200)).toBe(false);
    expect(meets(60, "<=", 60)).toBe(true);
    expect(figureRow(figures, "get_ratio", "get_ratio", "").verdict).toBe("NOT MET");
    expect(figureRow(figures, "put_ratio", "put_ratio", "").verdict).toBe("met");
    expect(figureRow(figures, "put_vs_transport", "put_vs_transport", "").verdict).toBe("NOT MET");
    expect(figureRow(figures, "get_vs_transport", "get_vs_transport", "").verdict).toBe("met");
    expect(figureRow(figures, "suite_wall_s", "suite", "s").verdict).toBe("not measured");
    expect(figureRow(figures, "suite_wall_s_rtt100", "rtt 100", "s").verdict).toBe("met");
    expect(figureRow(figures, "put_mib_s", "put", "MiB/s").target).toBeUndefined();
  });

  it("lays the table out in aligned columns", () => {
    const table = formatTable([figureRow(figures, "put_ratio", "put_ratio", "", spread([0.1, 0.2, 0.3]))]).split("\n");
    expect(table).toHaveLength(3);
    expect(table[2]).toMatch(/^put_ratio\s+0\.175\s+0\.100–0\.300 \(n=3\)\s+>= 0\.15\s+met$/);
    expect(table[0].indexOf("value")).toBe(table[2].indexOf("0.175"));
  });
});

describe("spread", () => {
  it("reports the median and the range", () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(spread([4, 1, 2, 3]).median).toBe(2.5);
    expect(() => spread([])).toThrow(RangeError);
  });
});

describe("/proc parsing", () => {
  it("reads VmRSS and VmHWM in bytes", () => {
    const text = "Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  102400 kB\n";
    expect(parseProcStatus(text)).toEqual({ rss: 100 * 1024 * 1024, hwm: 150 * 1024 * 1024 });
    expect(parseProcStatus("Name:\tzombie\nState:\tZ (zombie)\n")).toBeUndefined();
  });

  it("reads utime and stime even when the command name has spaces and parentheses", () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[14 - 3] = "250";
    fields[15 - 3] = "75";
    expect(parseProcStat(`1234 (node (x) y) ${fields.join(" ")}`)).toEqual({ user: 2.5, system: 0.75 });
    expect(parseProcStat("garbage")).toBeUndefined();
  });
});

describe("payloads", () => {
  it("are deterministic, label-dependent and the same whether held or generated", async () => {
    const a = patternBytes("x", 3 * 1024 * 1024 + 5);
    // Buffer.equals, not toEqual: vitest compares large buffers element by element.
    expect(patternBytes("x", 1000).equals(a.subarray(0, 1000))).toBe(true);
    expect(patternBytes("y", 1000).equals(a.subarray(0, 1000))).toBe(false);
    const seen: Buffer[] = [];
    const streamed = Buffer.concat(await collect(patternSource("x", a.length, 65536, (b) => seen.push(b))));
    expect(streamed.equals(a)).toBe(true);
    expect(Buffer.concat(seen).equals(a)).toBe(true);
  });

  it("are sent as views of the given size", async () => {
    const data = patternBytes("v", 10_000);
    const pieces = await collect(bufferSource(data, 4096));
    expect(pieces.map((p) => p.length)).toEqual([4096, 4096, 1808]);
    expect(pieces[1].buffer).toBe(data.buffer);
  });
});

describe("GET verification", () => {
  const data = patternBytes("verify", 100_000);
  const feed = (v: ReturnType<typeof compareWith>, body: Buffer) => {
    for (let at = 0; at < body.length; at += 7_000) v.update(body.subarray(at, at + 7_000));
    return v.problem();
  };
  const hash = createHash("sha256").update(data).digest("hex");

  it("accepts exactly the bytes that were sent", () => {
    expect(feed(compareWith(data), data)).toBeUndefined();
    expect(feed(sha256Of(hash, data.length), data)).toBeUndefined();
  });

  it("refuses a changed byte, a short body and a long body", () => {
    const flipped = Buffer.from(data);
    flipped[54_321] ^= 1;
    expect(feed(compareWith(data), flipped)).toMatch(/differs.*49000/);
    expect(feed(sha256Of(hash, data.length), flipped)).toMatch(/SHA-256/);
    expect(feed(compareWith(data), data.subarray(1))).toMatch(/differs|99999 bytes/);
    expect(feed(compareWith(data), data.subarray(0, 99_999))).toMatch(/99999 bytes/);
    expect(feed(compareWith(data), Buffer.concat([data, Buffer.from("x")]))).toMatch(/differs|100001/);
    expect(feed(sha256Of(hash, data.length), data.subarray(0, 99_999))).toMatch(/99999 bytes/);
  });
});

describe("matrix_render_ms", () => {
  it("is graded against issue 17's one second", () => {
    expect(figureRow(figures, "matrix_render_ms", "matrix", "ms")).toMatchObject({ target: "< 1000", verdict: "met" });
  });

  it("times a page with every synthetic run and check in it", async () => {
    const { measureMatrixRender, syntheticRuns } = await import("./matrix-render.ts");
    const { matrixHtml } = await import("../report/matrix-page.ts");
    const runs = syntheticRuns(40, 3);
    const html = matrixHtml(runs, { evidenceOf: () => [] });
    expect(html.match(/<tr class="check-row/g)).toHaveLength(40);
    expect(html.match(/<tr class="check-row differs"/g)?.length).toBeGreaterThan(0);
    const r = measureMatrixRender({ checks: 40, runs: 3, rounds: 1 });
    expect(r).toMatchObject({ checks: 40, runs: 3 });
    expect(r.ms.median).toBeGreaterThan(0);
  });
});
