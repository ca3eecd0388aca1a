/**
 * The reference server in a process of its own, so that what the bench measures (CPU, memory) is
 * the server's and not the client's: `ssec-conformance serve --port 0 --no-http` exactly as a user
 * starts it (bin/ssec-conformance.js); its first stdout line is the JSON endpoint description
 * (serve.ts). Memory is sampled from /proc/<pid>/status while it runs; VmHWM, the kernel's own
 * peak, is read last, just before stop. A bench that exits for any reason kills the server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { readProcStatus } from "./proc-status.ts";

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = resolve(PACKAGE_ROOT, "bin/ssec-conformance.js");
const BARE = resolve(PACKAGE_ROOT, "harness/bench/bare-https.ts");

/** Servers still running, killed if the bench exits without stopping them. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface ServerProcessOptions {
  /** --data-dir; absent: in-memory storage. */
  dataDir?: string;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** How often to sample VmRSS (ms). */
  sampleMs?: number;
}

export interface ServerProcess {
  pid: number;
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  caPem: string;
  /** Peak resident set size so far, bytes: max of the kernel's VmHWM and of every sample taken. */
  peakRss(): number;
  /** Stops the server (SIGTERM) and waits for it to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
}

interface ServeLine {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  caFile: string;
}

export async function startServerProcess(opts: ServerProcessOptions = {}): Promise<ServerProcess> {
  const args = [...(opts.nodeArgs ?? []), BIN, "serve", "--port", "0", "--no-http"];
  if (opts.dataDir) args.push("--data-dir", opts.dataDir);
  return spawnServing(args, opts);
}

/**
 * The bare HTTPS endpoint of bare-https.ts (the transport ceiling, issue 16), a process of its own
 * like the reference server, answering GET with `objectBytes` of the bench pattern.
 */
export async function startBareHttpsProcess(
  opts: { objectBytes: number; pieceBytes: number } & Pick<ServerProcessOptions, "nodeArgs">,
): Promise<ServerProcess> {
  const args = [...(opts.nodeArgs ?? []), "--import", "tsx", BARE];
  args.push("--size", String(opts.objectBytes), "--piece", String(opts.pieceBytes));
  return spawnServing(args, opts);
}

/** Spawns node with `args`, reads the endpoint line, samples memory until stop(). */
async function spawnServing(args: string[], opts: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const stderr: string[] = [];
  child.stderr!.setEncoding("utf8").on("data", (s: string) => {
    stderr.push(s);
    if (stderr.length > 200) stderr.shift();
  });
  const exited = new Promise<number | null>((res) =>
    child.once("exit", (code) => {
      running.delete(child);
      res(code);
    }),
  );
  const line = await firstLine(child, exited, stderr);
  const info = JSON.parse(line) as ServeLine;
  const pid = child.pid!;
  let peak = 0;
  const sample = (): void => {
    const s = readProcStatus(pid);
    if (s) peak = Math.max(peak, s.rss, s.hwm);
  };
  const timer = setInterval(sample, opts.sampleMs ?? 50);
  timer.unref();
  let stopping: Promise<number | null> | undefined;
  return {
    pid,
    endpoint: info.endpoint,
    accessKey: info.accessKey,
    secretKey: info.secretKey,
    region: info.region,
    caPem: readFileSync(info.caFile, "utf8"),
    peakRss() {
      sample();
      return peak;
    },
    stop() {
      stopping ??= (async () => {
        sample();
        clearInterval(timer);
        child.kill("SIGTERM");
        const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
        const code = await exited;
        clearTimeout(kill);
        return code;
      })();
      return stopping;
    },
  };
}

function firstLine(child: ChildProcess, exited: Promise<number | null>, stderr: string[]): Promise<string> {
  return new Promise((res, rej) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (l) => {
      rl.close();
      child.stdout!.resume(); // anything printed later is drained, never left to block the server
      res(l);
    });
    void exited.then((code) =>
      rej(new Error(`the server exited (code ${code}) before printing its endpoint:\n${stderr.join("")}`)),
    );
  });
}
