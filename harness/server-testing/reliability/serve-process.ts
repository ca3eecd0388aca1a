/**
 * The reference server as users run it: `node bin/ssec-conformance.js serve --data-dir DIR
 * --port 0` in its own process, its first stdout line (JSON) read for the endpoint. Crash tests
 * kill it with SIGKILL and start it again on the same directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/ssec-conformance.js", import.meta.url));

export interface ServedProcess {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  caFile: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (its request log). */
  stderr(): string;
  /** SIGKILL, and wait for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), and wait for the exit code. */
  stop(): Promise<number | null>;
}

export function serveProcess(args: string[], startTimeoutMs = 30_000): Promise<ServedProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--no-http", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`serve did not print its endpoint within ${startTimeoutMs} ms; stderr: ${err.slice(0, 2000)}`));
    }, startTimeoutMs);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing its endpoint; stderr: ${err.slice(0, 2000)}`));
    };
    child.once("exit", early);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      child.off("exit", early);
      const info = JSON.parse(out.slice(0, nl)) as Omit<ServedProcess, "child" | "stderr" | "kill" | "stop">;
      resolve({
        ...info,
        child,
        stderr: () => err,
        kill: async () => {
          child.kill("SIGKILL");
          await exited;
        },
        stop: async () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}
