/**
 * Keep-alive soak (issue 18 item 1): PUT SSE-C / GET / PUT plain / GET sequences on one keep-alive
 * connection of a plain node:https client, against a freshly started `ssec-conformance serve`
 * process for every round. Prints one line per round and a JSON summary (last line of stdout);
 * exits 1 when any request failed (not 200, socket not reused, body not whole, ECONNRESET…).
 *
 *   npx tsx harness/bench/keepalive-soak.ts                        # the "Done when": 200 sequences × 64 KiB, 1 MiB, 16 MiB
 *   npx tsx harness/bench/keepalive-soak.ts --sizes 16M --sequences 20 --rounds 10 --write chunks,pipe --expect both
 *
 * Options: --sizes LIST (bytes, or with K/M suffix; default 64K,1M,16M), --sequences N per round
 * (default 200), --rounds N fresh servers per variant (default 1), --write LIST of end|chunks|pipe
 * (default end), --expect no|yes|both (Expect: 100-continue; default no), --chain LIST of
 * in-end|next-tick (default in-end), --disk (serve --data-dir on a fresh temporary directory; default
 * in-memory storage).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  runSequences,
  type ChainMode,
  type StepFailure,
  type WriteMode,
} from "../server-testing/keepalive-sequence.ts";
import { serveProcess } from "../server-testing/reliability/serve-process.ts";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "64K,1M,16M" },
    sequences: { type: "string", default: "200" },
    rounds: { type: "string", default: "1" },
    write: { type: "string", default: "end" },
    expect: { type: "string", default: "no" },
    chain: { type: "string", default: "in-end" },
    disk: { type: "boolean", default: false },
  },
});

function bytes(s: string): number {
  const m = /^(\d+)([KMG]?)$/i.exec(s.trim());
  if (!m) throw new Error(`not a size: ${s}`);
  return Number(m[1]) * { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase() as "" | "K" | "M" | "G"];
}

const sizes = values.sizes.split(",").map(bytes);
const sequences = Number(values.sequences);
const rounds = Number(values.rounds);
const writes = values.write.split(",") as WriteMode[];
const chains = values.chain.split(",") as ChainMode[];
const expects = values.expect === "both" ? [false, true] : [values.expect === "yes"];

interface Row {
  size: number;
  write: WriteMode;
  expectContinue: boolean;
  chain: ChainMode;
  rounds: number;
  requests: number;
  failedRounds: number;
  failures: StepFailure[];
  serverLog: string[];
  ms: number;
}

const rows: Row[] = [];
for (const size of sizes)
  for (const write of writes)
    for (const expectContinue of expects)
      for (const chain of chains) {
        const row: Row = {
          size,
          write,
          expectContinue,
          chain,
          rounds,
          requests: 0,
          failedRounds: 0,
          failures: [],
          serverLog: [],
          ms: 0,
        };
        for (let r = 0; r < rounds; r++) {
          const dir = values.disk ? mkdtempSync(join(tmpdir(), "keepalive-soak-")) : undefined;
          const server = await serveProcess(dir ? ["--data-dir", dir] : []);
          try {
            const target = { ...server, caPem: readFileSync(server.caFile, "utf8") };
            const res = await runSequences(target, { size, sequences, write, expectContinue, chain });
            row.requests += res.requests;
            row.ms += res.ms;
            if (res.failures.length) row.failedRounds++;
            row.failures.push(...res.failures);
            // The server's request log: anything that did not answer 200.
            const odd = server
              .stderr()
              .split("\n")
              .filter((l) => l && !/ 200 /.test(l));
            row.serverLog.push(...odd.slice(0, 20));
            const first = res.failures[0];
            console.log(
              `size=${size} write=${write} expect=${expectContinue} chain=${chain} round=${r + 1}/${rounds}: ` +
                `${res.requests} requests, ${res.failures.length} failed, ${res.ms} ms` +
                (first
                  ? ` (first: seq ${first.sequence} ${first.step} ${first.status} ${first.code} ${first.ms} ms)`
                  : ""),
            );
          } finally {
            await server.stop();
            if (dir) rmSync(dir, { recursive: true, force: true });
          }
        }
        rows.push(row);
      }

const failed = rows.reduce((n, r) => n + r.failures.length, 0);
console.log(
  JSON.stringify({
    sequences,
    failed,
    rows: rows.map((r) => ({ ...r, failures: r.failures.slice(0, 10), serverLog: r.serverLog.slice(0, 10) })),
  }),
);
process.exitCode = failed ? 1 : 0;
