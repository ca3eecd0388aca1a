/**
 * Issue 16 item 3: the full suite against `serve` as an endpoint (`--endpoint`, the default
 * property and stateful runs for an endpoint), through a loopback relay that holds each chunk for
 * half the round-trip time (latency-relay.ts), at 0, 20 and 100 ms RTT: wall time, and the HTTP
 * exchanges and connections the run made (its results.json `exchanges`; the relay's own count of
 * connections beside it, which also includes the run's set-up and clean-up).
 */
import { startLatencyRelay } from "./latency-relay.ts";
import { startServerProcess } from "./server-process.ts";
import { runSuite, type SuiteRunResult } from "./suite-wall-time.ts";

export const RTTS_MS = [0, 20, 100] as const;

export interface LatencyRun {
  rttMs: number;
  suite: SuiteRunResult;
  /** TCP connections the relay saw (the run's set-up, checks and clean-up). */
  relayConnections: number;
}

/** One run at `rttMs`, against a fresh server process. */
export async function runAtRtt(rttMs: number, log: (line: string) => void = () => undefined): Promise<LatencyRun> {
  const server = await startServerProcess();
  try {
    const url = new URL(server.endpoint);
    const relay = await startLatencyRelay({ host: url.hostname, port: Number(url.port) }, rttMs / 2);
    try {
      const endpoint = `${url.protocol}//${url.hostname}:${relay.port}`;
      const suite = await runSuite((l) => log(`rtt ${rttMs} ms: ${l}`), {
        files: { "ca.pem": server.caPem },
        args: [
          "--endpoint",
          endpoint,
          "--ca",
          "ca.pem",
          "--access-key",
          server.accessKey,
          "--secret-key",
          server.secretKey,
          "--region",
          server.region,
        ],
      });
      return { rttMs, suite, relayConnections: relay.connections() };
    } finally {
      await relay.close();
    }
  } finally {
    await server.stop();
  }
}

/** `npx tsx harness/bench/latency.ts [rtt…]`: the runs alone, one line each. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const rtts = process.argv.slice(2).map(Number);
  for (const rtt of rtts.length ? rtts : RTTS_MS) {
    const r = await runAtRtt(rtt, (l) => process.stderr.write(`${l}\n`));
    process.stdout.write(
      `rtt ${rtt} ms: ${r.suite.wallSeconds.toFixed(1)} s, exit ${r.suite.exitCode}, ${r.suite.checks} checks, ` +
        `${r.suite.exchanges} exchanges, ${r.suite.connections} connections (relay: ${r.relayConnections})\n`,
    );
  }
}
