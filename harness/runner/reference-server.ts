/**
 * The bundled reference server, started in-process when no --endpoint is given (ARCHITECTURE.md: the
 * product works offline). The only place the runner touches harness/server/.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../server/index.ts";
import type { RunningServer } from "../server/types.ts";

export interface ReferenceOptions {
  accessKey?: string;
  secretKey?: string;
  region?: string;
  faults?: string[];
}

export interface ReferenceServer extends RunningServer {
  /** The server's --data-dir: a private temporary directory, removed by close(). The at-rest
   * checks (evidence at-rest.encrypted, at-rest.no-key-stored) read it to prove stored bytes hold neither plaintext
   * nor key. */
  dataDir: string;
}

export async function startReferenceServer(o: ReferenceOptions): Promise<ReferenceServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "ssec-conformance-reference-"));
  try {
    const server = await startServer({
      dataDir,
      ...(o.accessKey !== undefined ? { accessKey: o.accessKey } : {}),
      ...(o.secretKey !== undefined ? { secretKey: o.secretKey } : {}),
      ...(o.region !== undefined ? { region: o.region } : {}),
      ...(o.faults?.length ? { faults: o.faults } : {}),
    });
    return {
      ...server,
      dataDir,
      close: async () => {
        try {
          await server.close();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
}
