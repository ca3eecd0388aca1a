/**
 * `ssec-conformance serve`: runs the reference server standalone. Prints ONE line of JSON on
 * stdout first (endpoint, httpEndpoint, accessKey, secretKey, region, caFile), then logs to
 * stderr; stops cleanly on SIGINT/SIGTERM. Usage errors name the flag and return 2.
 */
import { resolve } from "node:path";
import { serveHelp } from "../config/help.ts";
import { DEFAULT_ACCESS_KEY, DEFAULT_REGION, FAULTS, startServer, type ServerOptions } from "../server/index.ts";

export interface ServeIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Resolves when the process is asked to stop (default: SIGINT/SIGTERM). */
  stopSignal?: Promise<void>;
}

const defaultIo = (): ServeIo => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});

function parsePort(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`${flag}: not a port number: ${JSON.stringify(v)}`);
  return Number(v);
}

class UsageError extends Error {}

export function parseServeArgs(argv: string[]): { opts: ServerOptions; help: boolean; listFaults: boolean } {
  const opts: ServerOptions = {};
  const faults: string[] = [];
  let help = false;
  let listFaults = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag}: missing value`);
      return v;
    };
    switch (flag) {
      case "--help":
      case "-h":
        help = true;
        break;
      case "--host":
        opts.host = value();
        break;
      case "--port":
        opts.port = parsePort(flag, value());
        break;
      case "--http-port":
        opts.httpPort = parsePort(flag, value());
        break;
      case "--no-http":
        opts.httpPort = null;
        break;
      case "--data-dir":
        opts.dataDir = resolve(value());
        break;
      case "--access-key":
        opts.accessKey = value();
        break;
      case "--secret-key":
        opts.secretKey = value();
        break;
      case "--region": {
        const r = value();
        if (!/^[a-z0-9-]+$/.test(r)) throw new UsageError(`--region: not a region name: ${JSON.stringify(r)}`);
        opts.region = r;
        break;
      }
      case "--fault": {
        const name = value();
        if (name === "list") listFaults = true;
        else if (!Object.hasOwn(FAULTS, name))
          throw new UsageError(`--fault: unknown fault ${JSON.stringify(name)} (--fault list shows them)`);
        else faults.push(name);
        break;
      }
      default:
        throw new UsageError(`${flag}: unknown option`);
    }
  }
  if ((opts.accessKey === undefined) !== (opts.secretKey === undefined)) {
    throw new UsageError(
      `${opts.accessKey === undefined ? "--access-key" : "--secret-key"}: --access-key and --secret-key go together`,
    );
  }
  if (faults.length) opts.faults = faults;
  return { opts, help, listFaults };
}

function signals(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export async function serveMain(argv: string[], io: ServeIo = defaultIo()): Promise<number> {
  let parsed: ReturnType<typeof parseServeArgs>;
  try {
    parsed = parseServeArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`ssec-conformance serve: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    io.stdout(serveHelp({ accessKey: DEFAULT_ACCESS_KEY, region: DEFAULT_REGION }));
    return 0;
  }
  if (parsed.listFaults) {
    for (const [name, spec] of Object.entries(FAULTS)) io.stdout(`${name}\t${spec.description} (${spec.modelledOn})\n`);
    return 0;
  }
  const stop = io.stopSignal ?? signals();
  let server;
  try {
    server = await startServer({ ...parsed.opts, log: (line) => io.stderr(`${line}\n`) });
  } catch (e) {
    // A port in use or an unusable --data-dir is a configuration error (exit 2).
    io.stderr(`ssec-conformance serve: cannot start: ${(e as Error).message}\n`);
    return 2;
  }
  io.stdout(
    `${JSON.stringify({
      endpoint: server.endpoint,
      httpEndpoint: server.httpEndpoint ?? null,
      accessKey: server.accessKey,
      secretKey: server.secretKey,
      region: server.region,
      caFile: server.caFile,
    })}\n`,
  );
  if (server.faults.length) io.stderr(`faults injected: ${server.faults.join(", ")}\n`);
  await stop;
  io.stderr("stopping\n");
  await server.close();
  return 0;
}
