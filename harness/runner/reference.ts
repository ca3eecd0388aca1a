/**
 * The bundled reference server, started in-process when no --endpoint is given (DESIGN.md: the
 * product works offline). The only place the runner touches harness/server/.
 */
import { startServer } from "../server/index.ts";
import type { RunningServer } from "../server/types.ts";

export interface ReferenceOptions {
  accessKey?: string;
  secretKey?: string;
  region?: string;
  faults?: string[];
}

export async function startReferenceServer(o: ReferenceOptions): Promise<RunningServer> {
  return startServer({
    ...(o.accessKey !== undefined ? { accessKey: o.accessKey } : {}),
    ...(o.secretKey !== undefined ? { secretKey: o.secretKey } : {}),
    ...(o.region !== undefined ? { region: o.region } : {}),
    ...(o.faults?.length ? { faults: o.faults } : {}),
  });
}
