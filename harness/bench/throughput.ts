/**
 * The transfer measurements of issue 9 against one server process: single-stream SSE-C and plain
 * PUT/GET of one large object, and N parallel SSE-C streams. Each round runs every measurement
 * once, interleaved (SSE-C, plain, parallel), so drift on a shared machine hits all of them alike;
 * the figures are the median over rounds, the spread is kept.
 */
import { createHash, randomBytes } from "node:crypto";
import type { S3Client } from "../client/index.ts";
import { clientForServer } from "../client/server-client.ts";
import { bufferSource, patternBytes } from "./bench-payload.ts";
import type { ServerProcess } from "./server-process.ts";
import { readProcCpu } from "./proc-status.ts";
import { mibPerSecond, timedGet, timedPut, type Timed } from "./transfer.ts";
import { compareWith, sha256Of, type Verifier } from "./verify.ts";

const MiB = 1024 * 1024;

export interface ThroughputOptions {
  /** Single-stream object size, bytes (issue 9: 256 MiB). */
  objectBytes: number;
  /** Parallel streams and the size of each object (issue 9: 8 × 32 MiB). */
  parallel: number;
  parallelBytes: number;
  rounds: number;
  /** Bytes per piece of the request body stream. */
  pieceBytes: number;
  /** How GET bodies are checked: byte-for-byte against what was sent, or by SHA-256. */
  verify: "compare" | "sha256";
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

/** One measurement: throughput, and the CPU each side spent on it (robust to a busy machine,
 * where wall-clock rates are not). */
export interface Sample {
  mibPerSecond: number;
  /** Server process CPU (user + system), seconds per GiB moved. */
  serverCpuPerGiB: number;
  /** Bench client CPU (user + system), seconds per GiB moved. */
  clientCpuPerGiB: number;
}

export type Kind = "put" | "get" | "putPlain" | "getPlain" | "put8" | "get8" | "putBare" | "getBare";
export const KINDS: Kind[] = ["put", "get", "putPlain", "getPlain", "put8", "get8", "putBare", "getBare"];
export type ThroughputResult = Record<Kind, Sample[]>;

export function benchClient(server: ServerProcess): S3Client {
  return clientForServer(server, { timeoutMs: 600_000 });
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  const res = await client.send({ method: "PUT", bucket });
  if (res.status !== 200) throw new Error(`CreateBucket ${bucket}: HTTP ${res.status} ${res.error?.code ?? ""}`);
}

export async function deleteObject(client: S3Client, bucket: string, key: string): Promise<void> {
  const res = await client.send({ method: "DELETE", bucket, key });
  if (res.status !== 204) throw new Error(`DeleteObject ${key}: HTTP ${res.status}`);
}

/**
 * `bare` is the bare HTTPS endpoint (bare-https.ts, serving `objectBytes` of the "single"
 * pattern): the same client moves the same object to and from it in every round, right after
 * the SSE-C transfers, so each SSE-C figure has a transport ceiling measured beside it (issue 16).
 */
export async function measureThroughput(
  server: ServerProcess,
  bare: ServerProcess,
  opts: ThroughputOptions,
): Promise<ThroughputResult> {
  const log = opts.log ?? (() => undefined);
  const client = benchClient(server);
  const bareClient = benchClient(bare);
  const bucket = "ssec-bench";
  const customerKey = randomBytes(32);
  try {
    await createBucket(client, bucket);
    const single = patternBytes("single", opts.objectBytes);
    const parts = Array.from({ length: opts.parallel }, (_, i) =>
      single.subarray(i * opts.parallelBytes, (i + 1) * opts.parallelBytes),
    );
    if (opts.parallel * opts.parallelBytes > single.length)
      throw new Error("parallel objects must fit in the single object's pattern");
    const digest = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    const singleHash = opts.verify === "sha256" ? digest(single) : "";
    const partHashes = opts.verify === "sha256" ? parts.map(digest) : [];
    const verifier = (expected: Buffer, hash: string | undefined): Verifier =>
      opts.verify === "sha256" ? sha256Of(hash!, expected.length) : compareWith(expected);

    const put = (key: string, data: Buffer, ssec: boolean): Promise<Timed> =>
      timedPut(client, bucket, key, bufferSource(data, opts.pieceBytes), data.length, ssec ? customerKey : undefined);
    const get = (key: string, data: Buffer, hash: string | undefined, ssec: boolean): Promise<Timed> =>
      timedGet(client, bucket, key, verifier(data, hash), ssec ? customerKey : undefined);
    // The bare endpoint ignores headers; the SSE-C ones are sent anyway, so the request is the same.
    const putBare = (): Promise<Timed> =>
      timedPut(bareClient, bucket, "bare", bufferSource(single, opts.pieceBytes), single.length, customerKey);
    const getBare = (): Promise<Timed> =>
      timedGet(bareClient, bucket, "bare", verifier(single, singleHash), customerKey);

    // Warm-up: TLS session, JIT, the server's first allocations; not counted.
    const warm = single.subarray(0, Math.min(single.length, 16 * MiB));
    await put("warm-up", warm, true);
    await get("warm-up", warm, opts.verify === "sha256" ? digest(warm) : undefined, true);
    await deleteObject(client, bucket, "warm-up");
    await putBare();
    await getBare();

    const out: ThroughputResult = {
      put: [],
      get: [],
      putPlain: [],
      getPlain: [],
      put8: [],
      get8: [],
      putBare: [],
      getBare: [],
    };
    const measure = async (kind: Kind, run: () => Promise<Timed | Timed[]>, pid = server.pid): Promise<void> => {
      const s0 = readProcCpu(pid);
      const c0 = process.cpuUsage();
      const timed = await run();
      const s1 = readProcCpu(pid);
      const c1 = process.cpuUsage(c0);
      const gib = (Array.isArray(timed) ? timed : [timed]).reduce((n, t) => n + t.bytes, 0) / 1024 ** 3;
      out[kind].push({
        mibPerSecond: mibPerSecond(timed),
        serverCpuPerGiB: s0 && s1 ? (s1.user + s1.system - s0.user - s0.system) / gib : NaN,
        clientCpuPerGiB: (c1.user + c1.system) / 1e6 / gib,
      });
    };
    const keys = parts.map((_, i) => `parallel-${i}`);
    for (let round = 1; round <= opts.rounds; round++) {
      await measure("put", () => put("single-ssec", single, true));
      await measure("get", () => get("single-ssec", single, singleHash, true));
      await deleteObject(client, bucket, "single-ssec");
      await measure("putBare", putBare, bare.pid);
      await measure("getBare", getBare, bare.pid);
      await measure("putPlain", () => put("single-plain", single, false));
      await measure("getPlain", () => get("single-plain", single, singleHash, false));
      await deleteObject(client, bucket, "single-plain");
      await measure("put8", () => Promise.all(parts.map((p, i) => put(keys[i], p, true))));
      await measure("get8", () => Promise.all(parts.map((p, i) => get(keys[i], p, partHashes[i], true))));
      for (const k of keys) await deleteObject(client, bucket, k);
      log(
        `round ${round}/${opts.rounds}: ${KINDS.map((k) => `${k} ${out[k][round - 1].mibPerSecond.toFixed(0)}`).join(", ")} MiB/s`,
      );
    }
    return out;
  } finally {
    await Promise.all([client.close(), bareClient.close()]);
  }
}
