/** emptyBucket against the bundled server: every object and open upload goes, then the bucket. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../server/index.ts";
import { emptyBucket } from "./empty-bucket.ts";
import { clientForServer } from "./server-client.ts";
import type { S3Client } from "./types.ts";

let server: RunningServer;
let client: S3Client;

beforeAll(async () => {
  server = await startServer({ httpPort: null });
  client = clientForServer(server);
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

async function fill(bucket: string, keys: string[]): Promise<void> {
  expect((await client.send({ method: "PUT", bucket })).status).toBe(200);
  for (const key of keys) expect((await client.send({ method: "PUT", bucket, key, body: "x" })).status).toBe(200);
  const init = await client.send({ method: "POST", bucket, key: keys[0], query: [["uploads", ""]] });
  expect(init.status).toBe(200);
}

describe("emptyBucket", () => {
  it("aborts the uploads, deletes the objects and then the bucket", async () => {
    await fill("eb-all", ["a", "b/c", "d"]);
    const report = await emptyBucket(client, "eb-all");
    expect(report).toEqual({ deletedObjects: 3, abortedUploads: 1, bucketDeleted: true, problems: [] });
    expect((await client.send({ method: "HEAD", bucket: "eb-all" })).status).toBe(404);
  });

  it("with a prefix and deleteBucket false, touches only the keys under the prefix", async () => {
    await fill("eb-prefix", ["run/a", "run/b", "other"]);
    const report = await emptyBucket(client, "eb-prefix", { prefix: "run/", deleteBucket: false });
    expect(report).toEqual({ deletedObjects: 2, abortedUploads: 1, bucketDeleted: false, problems: [] });
    expect((await client.send({ method: "HEAD", bucket: "eb-prefix", key: "other" })).status).toBe(200);
  });

  it("names what it could not remove instead of throwing", async () => {
    const report = await emptyBucket(client, "eb-never-created");
    expect(report.bucketDeleted).toBe(true); // 404: already gone
    expect(report.problems.join("\n")).toMatch(/listing/);
  });
});
