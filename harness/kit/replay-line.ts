/**
 * A property failure's `replay: ssec-conformance --seed S --runs R --only ID` line (written by
 * property.ts), completed with the target's flags: endpoint, CA, bucket, addressing, profile…
 * (harness/config/replay.ts; never credentials).
 */
import type { Target } from "../config/target.ts";
import { replayCommand } from "../config/replay.ts";
import { DEFAULTS } from "../config/settings.ts";

export function completeReplayLine(
  detail: string | undefined,
  target: Target,
  id: string,
  seed: number,
): string | undefined {
  if (!detail) return detail;
  const line = replayCommand({
    ...(target.reference ? {} : { endpoint: target.endpoint }),
    ...(target.httpEndpoint && !target.reference ? { httpEndpoint: target.httpEndpoint } : {}),
    ...(target.caFile ? { caFile: target.caFile } : {}),
    insecure: target.insecure,
    ...(target.bucketOwned ? {} : { bucket: target.bucket }),
    virtualHosted: target.virtualHosted,
    region: target.region,
    profile: target.profileName,
    only: [id],
    seed,
    runs: target.runs,
    ...(/\.stateful-/.test(id)
      ? {
          statefulRuns: target.statefulRuns ?? DEFAULTS.statefulRunsReference,
          statefulLength: target.statefulLength ?? DEFAULTS.statefulLength,
        }
      : {}),
    strict: target.strict,
  });
  return detail.replace(/^replay: ssec-conformance .*$/m, () => `replay: ${line}`);
}
