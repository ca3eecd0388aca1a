import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientForServer } from "../client/server-client.ts";
import { md5Base64 } from "../client/index.ts";
import type { S3Client } from "../client/types.ts";
import { startServer } from "../server/index.ts";
import type { RunningServer } from "../server/types.ts";
import { encryptionBlockXml, readBlockedTypes } from "../kit/encryption-block.ts";
import { allowSsecOnGivenBucket } from "./given-bucket.ts";
import { SetupError } from "./setup-error.ts";

/** A bucket policy that forbids s3:PutEncryptionConfiguration, as the client sees it: 403 to PUT ?encryption. */
function denyingPutEncryption(client: S3Client): S3Client {
  return {
    async send(req) {
      if (req.method === "PUT" && req.query?.[0]?.[0] === "encryption")
        return {
          status: 403,
          headers: {},
          body: Buffer.alloc(0),
          error: { code: "AccessDenied", fields: {} },
          exchange: { method: "PUT", url: "u", requestHeaders: [] },
        };
      return client.send(req);
    },
    close: () => client.close(),
  };
}

describe("allowSsecOnGivenBucket (a --bucket that blocks SSE-C)", () => {
  let server: RunningServer;
  let client: S3Client;
  beforeAll(async () => {
    server = await startServer({});
    client = clientForServer(server);
    for (const bucket of ["open", "blocked", "locked"]) await client.send({ method: "PUT", bucket });
    for (const bucket of ["blocked", "locked"]) {
      const body = encryptionBlockXml(true);
      await client.send({
        method: "PUT",
        bucket,
        query: [["encryption", ""]],
        body,
        headers: [["content-md5", md5Base64(body)]],
      });
    }
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("leaves a bucket that allows SSE-C alone", async () => {
    expect(await allowSsecOnGivenBucket(client, "open", false)).toEqual({ notes: [] });
  });

  it("stops the run on a blocked bucket unless the run may unblock it", async () => {
    await expect(allowSsecOnGivenBucket(client, "blocked", false)).rejects.toThrow(SetupError);
    await expect(allowSsecOnGivenBucket(client, "blocked", false)).rejects.toThrow(/blocks SSE-C.*--unblock-bucket/);
  });

  it("stops the run when unblocking is refused (a policy forbids it)", async () => {
    await expect(allowSsecOnGivenBucket(denyingPutEncryption(client), "locked", true)).rejects.toThrow(
      /unblocking it was refused \(PutBucketEncryption answered 403 AccessDenied\)/,
    );
    expect(await readBlockedTypes(client, "locked")).toMatchObject({ types: ["SSE-C"] });
  });

  it("unblocks it when allowed and restores the block", async () => {
    const given = await allowSsecOnGivenBucket(client, "blocked", true);
    expect(await readBlockedTypes(client, "blocked")).toMatchObject({ types: ["NONE"] });
    expect(await given.restore?.()).toBeUndefined();
    expect(await readBlockedTypes(client, "blocked")).toMatchObject({ types: ["SSE-C"] });
  });
});
