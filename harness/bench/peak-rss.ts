/**
 * Issue 9's memory figure: the server process's peak resident set during a 1 GiB SSE-C PUT and
 * GET with --data-dir (bytes streamed through, never held). The object is generated as it is sent
 * and hashed on the way out; the GET is hashed on the way in and compared.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { patternSource } from "./bench-payload.ts";
import { startServerProcess } from "./server-process.ts";
import { benchClient, createBucket } from "./throughput.ts";
import { mibPerSecond, timedGet, timedPut } from "./transfer.ts";
import { sha256Of } from "./verify.ts";

const MiB = 1024 * 1024;

export interface PeakRssResult {
  /** Peak RSS of the server process over its whole life, MiB. */
  peakMiB: number;
  /** RSS of the idle server before the transfer, MiB. */
  idleMiB: number;
  putMiBs: number;
  getMiBs: number;
}

export async function measurePeakRss(opts: {
  objectBytes: number;
  pieceBytes: number;
  nodeArgs?: string[];
}): Promise<PeakRssResult> {
  const dataDir = await mkdtemp(join(tmpdir(), "ssec-bench-data-"));
  const server = await startServerProcess({ dataDir, nodeArgs: opts.nodeArgs, sampleMs: 20 });
  const client = benchClient(server);
  try {
    const idle = server.peakRss();
    await createBucket(client, "ssec-bench-rss");
    const key = randomBytes(32);
    const sent = createHash("sha256");
    const put = await timedPut(
      client,
      "ssec-bench-rss",
      "large",
      patternSource("large", opts.objectBytes, opts.pieceBytes, (b) => sent.update(b)),
      opts.objectBytes,
      key,
    );
    const get = await timedGet(client, "ssec-bench-rss", "large", sha256Of(sent.digest("hex"), opts.objectBytes), key);
    return {
      peakMiB: server.peakRss() / MiB,
      idleMiB: idle / MiB,
      putMiBs: mibPerSecond(put),
      getMiBs: mibPerSecond(get),
    };
  } finally {
    await client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
