/**
 * `npm run bench` (issue 9): measures, in one run on this machine, the raw AES-256-GCM limit, the
 * reference server's SSE-C and plain PUT/GET over HTTPS loopback, its peak memory on a 1 GiB
 * object with --data-dir, and a full default conformance run. Prints a table, then one line of
 * JSON (the last line of stdout). A script, not a test: no figure fails anything; a transfer that
 * returns wrong bytes does (exit 1).
 *
 * The server runs as a process of its own (server-process.ts), so its CPU and memory are its
 * own; the client is the harness's raw S3 client (undici). Both share the machine's cores.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { measureAesGcmThroughput } from "./aes-gcm-ceiling.ts";
import { measurePeakRss, type PeakRssResult } from "./peak-rss.ts";
import { figureRow, formatTable, jsonLine, spreadText, type BenchFigures, type Row } from "./bench-table.ts";
import { startBareHttpsProcess, startServerProcess } from "./server-process.ts";
import { spread, type Spread } from "./stats.ts";
import { runSuite, type SuiteRunResult } from "./suite-wall-time.ts";
import { measureMatrixRender } from "./matrix-render.ts";
import { latencyFigures, latencyRows, measureLatencyRuns } from "./latency-figures.ts";
import { KINDS, measureThroughput, type Kind, type ThroughputResult } from "./throughput.ts";

const MiB = 1024 * 1024;

const HELP = `Usage: npm run bench -- [options]

Measures the reference server (issue 9) and prints a table and a final JSON line.

Options:
  --rounds N          rounds of the transfer measurements; the median is reported (default 5)
  --size MiB          single-stream object size (default 256)
  --parallel N        parallel SSE-C streams (default 8)
  --parallel-size MiB size of each parallel object (default 32)
  --rss-size MiB      object size of the --data-dir peak-RSS run (default 1024)
  --piece KiB         request body piece size the client writes (default 1024)
  --verify MODE       GET check: compare (byte for byte, default) or sha256
  --skip-rss          skip the peak-RSS run
  --skip-suite        skip the full conformance run
  --skip-matrix       skip timing the matrix page (alone: npx tsx harness/bench/matrix-render.ts)
  --skip-latency      skip the runs against serve at 0, 20, 100 ms RTT (alone: npx tsx harness/bench/latency.ts)
  --cpu-prof DIR      write V8 CPU profiles of the server processes to DIR
  --help              this text
`;

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "5" },
      size: { type: "string", default: "256" },
      parallel: { type: "string", default: "8" },
      "parallel-size": { type: "string", default: "32" },
      "rss-size": { type: "string", default: "1024" },
      piece: { type: "string", default: "1024" },
      verify: { type: "string", default: "compare" },
      "skip-rss": { type: "boolean", default: false },
      "skip-suite": { type: "boolean", default: false },
      "skip-matrix": { type: "boolean", default: false },
      "skip-latency": { type: "boolean", default: false },
      "cpu-prof": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const int = (name: keyof typeof values, min: number): number => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min)
      throw new UsageError(`--${name}: expected an integer ≥ ${min}, got ${JSON.stringify(values[name])}`);
    return v;
  };
  if (values.verify !== "compare" && values.verify !== "sha256")
    throw new UsageError(`--verify: compare or sha256, got ${JSON.stringify(values.verify)}`);
  const o = {
    help: values.help,
    rounds: int("rounds", 1),
    objectBytes: int("size", 1) * MiB,
    parallel: int("parallel", 1),
    parallelBytes: int("parallel-size", 1) * MiB,
    rssBytes: int("rss-size", 1) * MiB,
    pieceBytes: int("piece", 1) * 1024,
    verify: values.verify as "compare" | "sha256",
    skipRss: values["skip-rss"],
    skipSuite: values["skip-suite"],
    skipMatrix: values["skip-matrix"],
    skipLatency: values["skip-latency"],
    nodeArgs: values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : [],
  };
  if (o.parallel * o.parallelBytes > o.objectBytes)
    throw new UsageError("--parallel × --parallel-size must not exceed --size (the parallel objects are slices of it)");
  return o;
}

class UsageError extends Error {}

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function main(): Promise<number> {
  let o: ReturnType<typeof options>;
  try {
    o = options();
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${HELP}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const loadBefore = load();
  log(`${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${loadBefore}`);

  // The limit is what the machine can do: measured before, between and after the transfers, the
  // best of the three (a busy machine only ever lowers it; a lowered limit would flatter the ratios).
  const aesBefore = measureAesGcmThroughput();
  log(`AES-256-GCM, fresh cipher per 64 KiB chunk: ${aesBefore.toFixed(0)} MiB/s`);

  const server = await startServerProcess({ nodeArgs: o.nodeArgs });
  // Issue 16: the transport ceiling, a bare HTTPS endpoint driven by the same client in the same rounds.
  const bare = await startBareHttpsProcess({ ...o, nodeArgs: o.nodeArgs }).catch(async (e: unknown) => {
    await server.stop();
    throw e;
  });
  let tp: ThroughputResult;
  try {
    tp = await measureThroughput(server, bare, { ...o, log });
  } finally {
    await Promise.all([server.stop(), bare.stop()]);
  }

  const aesMiddle = measureAesGcmThroughput();

  let rss: PeakRssResult | undefined;
  if (!o.skipRss) {
    rss = await measurePeakRss({ objectBytes: o.rssBytes, pieceBytes: o.pieceBytes, nodeArgs: o.nodeArgs });
    log(
      `peak RSS ${rss.peakMiB.toFixed(1)} MiB (idle ${rss.idleMiB.toFixed(1)}), ${o.rssBytes / MiB} MiB with --data-dir: PUT ${rss.putMiBs.toFixed(0)} GET ${rss.getMiBs.toFixed(0)} MiB/s`,
    );
  }

  let suite: SuiteRunResult | undefined;
  let suiteProblem: string | undefined;
  if (!o.skipSuite) {
    try {
      suite = await runSuite(log);
    } catch (e) {
      suiteProblem = (e as Error).message;
      log(`suite run failed: ${suiteProblem}`);
    }
  }

  // Issue 16: the suite against `serve` through a relay that adds 0, 20, 100 ms of round trip.
  const latency = o.skipLatency ? [] : await measureLatencyRuns(log);

  // Issue 17: the matrix page of 1,000 checks × 10 runs, built in this process (no server involved).
  const matrixRender = o.skipMatrix ? undefined : measureMatrixRender();
  if (matrixRender)
    log(
      `matrix page, ${matrixRender.checks} checks × ${matrixRender.runs} runs: ${matrixRender.ms.median.toFixed(0)} ms`,
    );

  const aesAfter = measureAesGcmThroughput();
  const aes = Math.max(aesBefore, aesMiddle, aesAfter);
  log(`AES-256-GCM again: ${aesMiddle.toFixed(0)}, ${aesAfter.toFixed(0)} MiB/s; limit ${aes.toFixed(0)} MiB/s`);

  const rate = (k: Kind): Spread => spread(tp[k].map((s) => s.mibPerSecond));
  const paired = (a: Kind, b: Kind): Spread => spread(tp[a].map((s, i) => s.mibPerSecond / tp[b][i].mibPerSecond));
  const putOverhead = paired("put", "putPlain");
  const getOverhead = paired("get", "getPlain");
  const putVsTransport = paired("put", "putBare");
  const getVsTransport = paired("get", "getBare");
  const cpu = (k: Kind, side: "serverCpuPerGiB" | "clientCpuPerGiB"): number =>
    spread(tp[k].map((x) => x[side])).median;
  const f: BenchFigures = {
    aes_gcm_mib_s: aes,
    put_mib_s: rate("put").median,
    get_mib_s: rate("get").median,
    put_plain_mib_s: rate("putPlain").median,
    get_plain_mib_s: rate("getPlain").median,
    put8_mib_s: rate("put8").median,
    get8_mib_s: rate("get8").median,
    put_ratio: rate("put").median / aes,
    get_ratio: rate("get").median / aes,
    put_overhead: putOverhead.median,
    get_overhead: getOverhead.median,
    put_bare_mib_s: rate("putBare").median,
    get_bare_mib_s: rate("getBare").median,
    put_vs_transport: putVsTransport.median,
    get_vs_transport: getVsTransport.median,
    put_server_cpu_s_gib: cpu("put", "serverCpuPerGiB"),
    put_client_cpu_s_gib: cpu("put", "clientCpuPerGiB"),
    put_bare_server_cpu_s_gib: cpu("putBare", "serverCpuPerGiB"),
    put_bare_client_cpu_s_gib: cpu("putBare", "clientCpuPerGiB"),
    get_server_cpu_s_gib: cpu("get", "serverCpuPerGiB"),
    get_client_cpu_s_gib: cpu("get", "clientCpuPerGiB"),
    get_bare_server_cpu_s_gib: cpu("getBare", "serverCpuPerGiB"),
    get_bare_client_cpu_s_gib: cpu("getBare", "clientCpuPerGiB"),
    peak_rss_mib: rss ? rss.peakMiB : null,
    suite_wall_s: suite ? suite.wallSeconds : null,
    checks: suite ? suite.checks : null,
    checks_per_s: suite ? suite.checks / suite.wallSeconds : null,
    matrix_render_ms: matrixRender ? matrixRender.ms.median : null,
    ...latencyFigures(latency),
  };

  const cpuNote = (k: Kind): string =>
    `CPU s/GiB: server ${cpu(k, "serverCpuPerGiB").toFixed(2)}, client ${cpu(k, "clientCpuPerGiB").toFixed(2)}`;
  const size = `${o.objectBytes / MiB} MiB`;
  const par = `${o.parallel}×${o.parallelBytes / MiB} MiB`;
  const ratioSpread = (k: Kind): Spread => spread(tp[k].map((s) => s.mibPerSecond / aes));
  const rows: Row[] = [
    figureRow(
      f,
      "aes_gcm_mib_s",
      "AES-256-GCM limit (fresh cipher / 64 KiB)",
      "MiB/s",
      undefined,
      `node:crypto, 16 MiB working set; best of ${[aesBefore, aesMiddle, aesAfter].map((x) => x.toFixed(0)).join(", ")}`,
    ),
    figureRow(f, "put_mib_s", `SSE-C PUT ${size}`, "MiB/s", rate("put"), cpuNote("put")),
    figureRow(f, "get_mib_s", `SSE-C GET ${size}`, "MiB/s", rate("get"), cpuNote("get")),
    figureRow(f, "put_plain_mib_s", `plain PUT ${size}`, "MiB/s", rate("putPlain"), cpuNote("putPlain")),
    figureRow(f, "get_plain_mib_s", `plain GET ${size}`, "MiB/s", rate("getPlain"), cpuNote("getPlain")),
    figureRow(f, "put8_mib_s", `SSE-C PUT ${par}`, "MiB/s", rate("put8"), cpuNote("put8")),
    figureRow(f, "get8_mib_s", `SSE-C GET ${par}`, "MiB/s", rate("get8"), cpuNote("get8")),
    figureRow(f, "put_bare_mib_s", `bare HTTPS PUT ${size} (no S3)`, "MiB/s", rate("putBare"), cpuNote("putBare")),
    figureRow(f, "get_bare_mib_s", `bare HTTPS GET ${size} (no S3)`, "MiB/s", rate("getBare"), cpuNote("getBare")),
    figureRow(f, "put_ratio", "put_ratio (SSE-C PUT / AES limit)", "", ratioSpread("put")),
    figureRow(f, "get_ratio", "get_ratio (SSE-C GET / AES limit)", "", ratioSpread("get")),
    figureRow(f, "put_overhead", "put_overhead (SSE-C / plain PUT)", "", putOverhead, "per-round pairs"),
    figureRow(f, "get_overhead", "get_overhead (SSE-C / plain GET)", "", getOverhead, "per-round pairs"),
    figureRow(f, "put_vs_transport", "put_vs_transport (SSE-C / bare PUT)", "", putVsTransport, "per-round pairs"),
    figureRow(f, "get_vs_transport", "get_vs_transport (SSE-C / bare GET)", "", getVsTransport, "per-round pairs"),
    figureRow(
      f,
      "peak_rss_mib",
      `server peak RSS, ${o.rssBytes / MiB} MiB SSE-C PUT+GET, --data-dir`,
      "MiB",
      undefined,
      rss
        ? `idle ${rss.idleMiB.toFixed(0)} MiB; PUT ${rss.putMiBs.toFixed(0)} MiB/s (fsync), GET ${rss.getMiBs.toFixed(0)} MiB/s`
        : "skipped",
    ),
    figureRow(
      f,
      "suite_wall_s",
      "full default run, wall",
      "s",
      undefined,
      suite
        ? `exit ${suite.exitCode}; ${Object.entries(suite.summary)
            .filter(([, n]) => n)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")}`
        : (suiteProblem?.split("\n")[0] ?? "skipped"),
    ),
    figureRow(f, "checks", "checks run", ""),
    figureRow(f, "checks_per_s", "checks per second", "/s"),
    figureRow(
      f,
      "matrix_render_ms",
      "matrix page, 1,000 checks × 10 runs",
      "ms",
      matrixRender?.ms,
      matrixRender
        ? `page and badges, redacted, ${(matrixRender.chars / 1024 / 1024).toFixed(1)} MiB; synthetic results`
        : "skipped",
    ),
    ...latencyRows(f, latency),
  ];
  process.stdout.write(`${formatTable(rows)}\n`);
  process.stdout.write(
    `\nrounds ${o.rounds}, body pieces ${o.pieceBytes / 1024} KiB, GET check ${o.verify}; ${cpus().length} CPUs shared by client, TLS and server; ` +
      `load average before ${loadBefore}, after ${load()}\n`,
  );
  process.stdout.write(`${jsonLine(f)}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
