/**
 * The run's cleanup against the bundled server used as an endpoint the run does not own: it
 * deletes the second buckets the checks recorded (secondBucketsPrefix) even when the check that
 * created one never got to delete it — a worker stopped by Ctrl-C or by vitest's cancel.
 */
import { clientForServer } from "../client/server-client.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { S3Client } from "../client/types.ts";
import { secondBucketsPrefix } from "../config/target.ts";
import { prepareTarget, type TargetSettings } from "./lifecycle.ts";
import { startReferenceServer, type ReferenceServer } from "./reference-server.ts";

let server: ReferenceServer;
let client: S3Client;

beforeAll(async () => {
  server = await startReferenceServer({});
  client = clientForServer(server);
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

function settings(over: Partial<TargetSettings> = {}): TargetSettings {
  return {
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.accessKey,
    secretAccessKey: server.secretKey,
    caPem: server.caPem,
    virtualHosted: false,
    insecure: false,
    profileName: "aws",
    dialect: "amz",
    seed: 1,
    runs: 1,
    timeoutMs: 10_000,
    retries: 0,
    strict: false,
    ...over,
  };
}

/** What a check does before it is stopped: record the bucket, create it, fill it, open an upload. */
async function abandonSecondBucket(runBucket: string, keyPrefix: string, bucket: string): Promise<void> {
  expect(
    (
      await client.send({
        method: "PUT",
        bucket: runBucket,
        key: `${secondBucketsPrefix({ keyPrefix })}${bucket}`,
        body: "",
      })
    ).status,
  ).toBe(200);
  expect((await client.send({ method: "PUT", bucket })).status).toBe(200);
  expect((await client.send({ method: "PUT", bucket, key: "left/behind", body: "x" })).status).toBe(200);
  expect((await client.send({ method: "POST", bucket, key: "open-upload", query: [["uploads", ""]] })).status).toBe(
    200,
  );
}

async function bucketExists(bucket: string): Promise<boolean> {
  const r = await client.send({ method: "HEAD", bucket });
  expect([200, 404]).toContain(r.status);
  return r.status === 200;
}

describe("run cleanup", () => {
  it("deletes the run's bucket and every recorded second bucket, with its objects and uploads", async () => {
    const prepared = await prepareTarget(settings());
    const { bucket, keyPrefix } = prepared.target;
    const second = `${bucket}-blk-abandoned`;
    await abandonSecondBucket(bucket, keyPrefix, second);
    // Recorded, then stopped before the bucket was created: nothing to delete, no problem either.
    expect(
      (
        await client.send({
          method: "PUT",
          bucket,
          key: `${secondBucketsPrefix(prepared.target)}${bucket}-blk-never`,
          body: "",
        })
      ).status,
    ).toBe(200);

    const report = await prepared.cleanup();
    expect(report.problems).toEqual([]);
    expect(report.bucketDeleted).toBe(true);
    expect(await bucketExists(second)).toBe(false);
    expect(await bucketExists(bucket)).toBe(false);
  });

  it("in a bucket the run was given, deletes the recorded second buckets and only the run's keys", async () => {
    const given = "vendor-given-bucket";
    expect((await client.send({ method: "PUT", bucket: given })).status).toBe(200);
    expect((await client.send({ method: "PUT", bucket: given, key: "precious", body: "keep" })).status).toBe(200);
    const prepared = await prepareTarget(settings({ bucket: given }));
    const second = `${given}-blk-abandoned`;
    await abandonSecondBucket(given, prepared.target.keyPrefix, second);

    const report = await prepared.cleanup();
    expect(report.problems).toEqual([]);
    expect(await bucketExists(second)).toBe(false);
    expect(await bucketExists(given)).toBe(true);
    expect((await client.send({ method: "GET", bucket: given, key: "precious" })).status).toBe(200);
    expect(
      (await client.send({ method: "HEAD", bucket: given, key: `${secondBucketsPrefix(prepared.target)}${second}` }))
        .status,
    ).toBe(404);
  });
});
