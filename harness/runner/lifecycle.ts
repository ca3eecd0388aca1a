/**
 * The target's lifecycle around a run (issue 2 §5): start the bundled server or probe the given
 * endpoint; create a unique bucket (unless --bucket) and unblock SSE-C on it where the server
 * supports BlockedEncryptionTypes; hand out a key prefix every object key of the run starts with;
 * and at the end delete exactly what the run created — the objects under the prefix, the
 * multipart uploads under it, the bucket if the run created it — then stop the server.
 * Nothing the run did not create is touched: in a bucket given with --bucket only the prefix is.
 */
import { randomBytes } from "node:crypto";
import {
  createClient,
  createBucketConfigurationXml,
  DEFAULT_REMOTE_RETRIES,
  emptyBucket,
  listKeys,
  statusAndCode,
  unblockSseCXml,
  type EmptyBucketReport,
} from "../client/index.ts";
import type { S3Client, S3Response } from "../client/types.ts";
import type { RunSettings } from "../config/settings.ts";
import type { Target } from "../config/target.ts";
import { secondBucketsPrefix } from "../config/target.ts";
import type { RunningServer } from "../server/types.ts";
import { ConfigError } from "../config/config-error.ts";
import { probeEndpoint, TargetUnreachable } from "./probe.ts";
import { SetupError } from "./setup-error.ts";
import { allowSsecOnGivenBucket } from "./given-bucket.ts";
import { putBucketEncryption } from "../kit/encryption-block.ts";
import { featureNotes, probeFeatures } from "./feature-probes.ts";
import { guardSubresourceDeletes } from "../client/subresource-guard.ts";
import type { FeatureMap } from "../checks/features.ts";
import type { FeatureName } from "../checks/types.ts";
import { startReferenceServer } from "./reference-server.ts";
import type { ReferenceServer } from "./reference-server.ts";

/** What the lifecycle needs from the run settings (the CLI's RunSettings fit, so does global setup's). */
export type TargetSettings = Pick<
  RunSettings,
  | "endpoint"
  | "httpEndpoint"
  | "region"
  | "accessKeyId"
  | "secretAccessKey"
  | "bucket"
  | "virtualHosted"
  | "caFile"
  | "insecure"
  | "seed"
  | "runs"
  | "timeoutMs"
  | "retries"
  | "strict"
> &
  Partial<Pick<RunSettings, "statefulRuns" | "statefulLength">> & {
    /** Where failing stateful checks write their reproduction scripts (the report dir's `stateful/`). */
    scriptDir?: string;
    /** PEM text of --ca (read by the run context). */
    caPem?: string;
    /** The --profile name, and the header dialect the profile speaks. */
    profileName: string;
    dialect: Target["dialect"];
    /** Optional features the selected checks need: probed once at set-up (feature-probes.ts). */
    features?: readonly FeatureName[];
    /** With --bucket: the run may unblock SSE-C on it (given-bucket.ts). */
    unblockBucket?: boolean;
  };

/** What the run's cleanup removed, and what it could not (the run's own leftovers, one line each). */
export type CleanupReport = EmptyBucketReport;

export interface PreparedTarget {
  target: Target;
  server?: RunningServer;
  /** Notes for the banner: "SSE-C unblocked on bucket …", "server does not support …". */
  notes: string[];
  /** What the set-up's probes found of each optional feature the selected checks need. */
  features: FeatureMap;
  /** Idempotent: the second call returns the first call's promise. */
  cleanup(): Promise<CleanupReport>;
}

export { SetupError };

export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/** 403s that mean "your credentials are wrong", which is a configuration error (exit 2). */
function credentialError(res: S3Response): ConfigError | undefined {
  const code = res.error?.code;
  if (code === "InvalidAccessKeyId")
    return new ConfigError("--access-key", "the server does not know this access key (403 InvalidAccessKeyId)");
  if (code === "SignatureDoesNotMatch")
    return new ConfigError(
      "--secret-key",
      "the server rejects the request signature (403 SignatureDoesNotMatch): wrong secret key, or --region does not match the server",
    );
  if (code === "AuthorizationHeaderMalformed")
    return new ConfigError(
      "--region",
      `the server rejects the signing region (${statusAndCode(res)}${res.error?.message ? `: ${res.error.message}` : ""})`,
    );
  return undefined;
}

/** Where the run's requests go, once the bundled server is up or the given endpoint answered. */
interface Reached {
  server?: ReferenceServer;
  endpoint: string;
  httpEndpoint?: string;
  caPem?: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Starts the bundled server (no --endpoint), or probes the endpoint and the http endpoint. */
async function reachTarget(s: TargetSettings): Promise<Reached> {
  if (!s.endpoint) {
    const server = await startReferenceServer({
      accessKey: s.accessKeyId,
      secretKey: s.secretAccessKey,
      region: s.region,
    });
    return {
      server,
      endpoint: server.endpoint,
      httpEndpoint: server.httpEndpoint,
      caPem: server.caPem,
      accessKeyId: server.accessKey,
      secretAccessKey: server.secretKey,
      region: server.region,
    };
  }
  const { endpoint, httpEndpoint, caPem } = s;
  await probeEndpoint(endpoint, { caPem, insecure: s.insecure, timeoutMs: Math.min(s.timeoutMs, 15_000) });
  if (httpEndpoint) {
    try {
      await probeEndpoint(httpEndpoint, { timeoutMs: Math.min(s.timeoutMs, 15_000) });
    } catch (e) {
      if (e instanceof TargetUnreachable) throw new TargetUnreachable(e.kind, `--http-endpoint: ${e.message}`);
      throw e;
    }
  }
  return {
    endpoint,
    httpEndpoint,
    caPem,
    accessKeyId: s.accessKeyId ?? "",
    secretAccessKey: s.secretAccessKey ?? "",
    region: s.region,
  };
}

/** The Target handed to the suites: where, who, the run's bucket and key prefix, and the budgets. */
function runTarget(s: TargetSettings, r: Reached): Target {
  const runId = newRunId();
  const { server, httpEndpoint, caPem } = r;
  return {
    endpoint: r.endpoint,
    ...(httpEndpoint ? { httpEndpoint } : {}),
    region: r.region,
    accessKeyId: r.accessKeyId,
    secretAccessKey: r.secretAccessKey,
    bucket: s.bucket ?? `ssec-conformance-${runId}`,
    bucketOwned: !s.bucket,
    keyPrefix: `ssec-conformance/${runId}/`,
    virtualHosted: s.virtualHosted,
    ...(caPem ? { caPem } : {}),
    ...(s.caFile ? { caFile: s.caFile } : {}),
    insecure: s.insecure,
    dialect: s.dialect,
    profileName: s.profileName,
    reference: server !== undefined,
    ...(server ? { referenceDataDir: server.dataDir } : {}),
    seed: s.seed,
    runs: s.runs,
    ...(s.statefulRuns !== undefined ? { statefulRuns: s.statefulRuns } : {}),
    ...(s.statefulLength !== undefined ? { statefulLength: s.statefulLength } : {}),
    ...(s.scriptDir ? { scriptDir: s.scriptDir } : {}),
    timeoutMs: s.timeoutMs,
    // Never against the bundled server: a reference-server 500 is a bug to see, not to retry away.
    retries: server !== undefined ? 0 : (s.retries ?? DEFAULT_REMOTE_RETRIES),
    strict: s.strict,
  };
}

/** Creates the run's own bucket; a refusal is a ConfigError (credentials) or a SetupError. */
async function createRunBucket(client: S3Client, bucket: string, region: string): Promise<void> {
  const body = createBucketConfigurationXml(region);
  const res = await client.send({ method: "PUT", bucket, ...(body ? { body } : {}) });
  if (res.status === 200) return;
  throw (
    credentialError(res) ??
    new SetupError(
      `cannot create the run's bucket ${bucket}: ${statusAndCode(res)}${res.error?.message ? ` (${res.error.message})` : ""}`,
    )
  );
}

/** A --bucket must exist and be usable with the run's credentials (ConfigError otherwise). */
async function checkGivenBucket(client: S3Client, bucket: string): Promise<void> {
  const res = await client.send({ method: "HEAD", bucket });
  if (res.status === 404) throw new ConfigError("--bucket", `bucket "${bucket}" does not exist (404)`);
  if (res.status === 200) return;
  // HEAD has no body: try a GET for the error code, to tell bad credentials from a foreign bucket.
  const get = await client.send({
    method: "GET",
    bucket,
    query: [
      ["list-type", "2"],
      ["max-keys", "0"],
    ],
  });
  throw (
    credentialError(get) ??
    new ConfigError("--bucket", `bucket "${bucket}" is not usable with these credentials (${statusAndCode(get)})`)
  );
}

/**
 * Starts or probes the target and creates the run's bucket. Throws ConfigError (exit 2),
 * TargetUnreachable (exit 3) or SetupError (exit 3). On a throw, whatever was already created
 * (the server) is released before it propagates.
 */
export async function prepareTarget(
  s: TargetSettings,
  log: (line: string) => void = () => {},
): Promise<PreparedTarget> {
  const reached = await reachTarget(s);
  const { server } = reached;
  const target = runTarget(s, reached);
  // No bucket-subresource DELETE unless the server has shown it knows the subresource (subresource-guard.ts).
  const client = guardSubresourceDeletes(
    createClient({
      endpoint: target.endpoint,
      ...(target.httpEndpoint ? { httpEndpoint: target.httpEndpoint } : {}),
      region: target.region,
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
      virtualHosted: s.virtualHosted,
      ...(target.caPem ? { caPem: target.caPem } : {}),
      insecure: s.insecure,
      timeoutMs: s.timeoutMs,
    }),
  );
  const release = async () => {
    await client.close().catch(() => {});
    await server?.close().catch(() => {});
  };

  const notes: string[] = [];
  let created = false;
  let restore: (() => Promise<string | undefined>) | undefined;
  let features: FeatureMap = {};
  try {
    if (target.bucketOwned) {
      await createRunBucket(client, target.bucket, target.region);
      created = true;
      notes.push(...(await unblockSseC(client, target.bucket)));
    } else {
      await checkGivenBucket(client, target.bucket);
      const given = await allowSsecOnGivenBucket(client, target.bucket, s.unblockBucket ?? false);
      notes.push(...given.notes);
      restore = given.restore;
    }
    features = await probeFeatures(client, target, s.features ?? []);
    notes.push(...featureNotes(features));
  } catch (e) {
    if (created) await deleteEverything(client, target, true, log).catch(() => {});
    else if (restore) await restore().catch(() => {});
    await release();
    throw e;
  }

  let done: Promise<CleanupReport> | undefined;
  return {
    target,
    server,
    notes,
    features,
    cleanup: () =>
      (done ??= (async () => {
        try {
          const report = await deleteEverything(client, target, target.bucketOwned, log);
          const problem = await restore?.();
          if (problem) report.problems.push(problem);
          return report;
        } finally {
          await release();
        }
      })()),
  };
}

/**
 * PutBucketEncryption with BlockedEncryptionTypes NONE (AWS blocks SSE-C on new buckets since
 * April 2026; evidence blocked.write-refused). A server that does not know the setting answers an error
 * (NotImplemented, MalformedXML, …): SSE-C is then not blocked there and nothing needs doing.
 */
async function unblockSseC(client: S3Client, bucket: string): Promise<string[]> {
  const res = await putBucketEncryption(client, bucket, unblockSseCXml());
  if (res.status === 200) return [`SSE-C unblocked on the run's bucket (BlockedEncryptionTypes NONE)`];
  return [`the server does not take BlockedEncryptionTypes (${statusAndCode(res)}); SSE-C left as the server has it`];
}

/**
 * The extra buckets the run's checks created and recorded (secondBucketsPrefix): normally each
 * check has deleted its own, but a check stopped mid-way (Ctrl-C, a killed worker) has not.
 */
async function removeSecondBuckets(client: S3Client, target: Target, report: CleanupReport): Promise<void> {
  const recordPrefix = secondBucketsPrefix(target);
  try {
    const records = await listKeys(client, target.bucket, recordPrefix, recordPrefix);
    for (const record of records) {
      const bucket = record.slice(recordPrefix.length);
      if (!bucket || bucket.includes("/")) continue;
      const head = await client.send({ method: "HEAD", bucket });
      if (head.status === 404) continue; // deleted by its check, or never created
      const sub = await emptyBucket(client, bucket);
      addUp(report, sub);
      if (!sub.bucketDeleted) report.problems.push(`second bucket ${bucket}: not deleted`);
    }
  } catch (e) {
    report.problems.push(`second buckets recorded under ${target.bucket}/${recordPrefix}: ${(e as Error).message}`);
  }
}

/** Adds what one emptyBucket() did to the run's report. */
function addUp(report: CleanupReport, sub: EmptyBucketReport): void {
  report.deletedObjects += sub.deletedObjects;
  report.abortedUploads += sub.abortedUploads;
  report.problems.push(...sub.problems);
}

async function deleteEverything(
  client: S3Client,
  target: Target,
  bucketOwned: boolean,
  log: (line: string) => void,
): Promise<CleanupReport> {
  const report: CleanupReport = { deletedObjects: 0, abortedUploads: 0, bucketDeleted: false, problems: [] };
  await removeSecondBuckets(client, target, report);
  // In a bucket the run created everything is the run's; in a given bucket only the prefix is.
  const own = await emptyBucket(
    client,
    target.bucket,
    bucketOwned ? { deleteBucket: true } : { prefix: target.keyPrefix, deleteBucket: false },
  );
  addUp(report, own);
  report.bucketDeleted = own.bucketDeleted;
  log(
    `cleanup: ${report.deletedObjects} objects deleted, ${report.abortedUploads} uploads aborted${bucketOwned ? `, bucket ${report.bucketDeleted ? "deleted" : "NOT deleted"}` : ""}`,
  );
  return report;
}
