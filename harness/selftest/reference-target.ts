/**
 * What the self-test's nested vitest runs hand to the suites: a fresh bucket on the reference
 * server they started, and the Target and profile for it, set as the CLI would set them.
 */
import { clientForServer } from "../client/server-client.ts";
import type { RunningServer } from "../server/index.ts";
import { loadProfile } from "../checks/profile.ts";
import { checkIds } from "../checks/catalogue.ts";
import type { Profile } from "../checks/types.ts";
import type { Target } from "../config/target.ts";

export interface ReferenceTargetOptions {
  /** The bucket to create (unique per run). */
  bucket: string;
  /** Built-in profile name or file; default `aws`. */
  profile?: string;
  seed: number;
  runs: number;
  strict?: boolean;
  /** The server's --data-dir, for the at-rest checks. */
  dataDir?: string;
}

export async function referenceTarget(
  server: RunningServer,
  o: ReferenceTargetOptions,
): Promise<{ target: Target; profile: Profile }> {
  const client = clientForServer(server);
  const made = await client.send({ method: "PUT", bucket: o.bucket });
  await client.close();
  if (made.status !== 200) throw new Error(`cannot create the bucket: ${made.status}`);
  const profile = loadProfile(o.profile ?? "aws", checkIds());
  const target: Target = {
    endpoint: server.endpoint,
    ...(server.httpEndpoint ? { httpEndpoint: server.httpEndpoint } : {}),
    region: server.region,
    accessKeyId: server.accessKey,
    secretAccessKey: server.secretKey,
    bucket: o.bucket,
    bucketOwned: true,
    keyPrefix: "selftest/",
    virtualHosted: false,
    caPem: server.caPem,
    insecure: false,
    dialect: profile.dialect,
    profileName: profile.name,
    reference: true,
    ...(o.dataDir ? { referenceDataDir: o.dataDir } : {}),
    seed: o.seed,
    runs: o.runs,
    timeoutMs: 30_000,
    strict: o.strict ?? false,
  };
  return { target, profile };
}
