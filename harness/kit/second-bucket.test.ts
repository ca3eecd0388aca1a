import { describe, expect, it } from "vitest";
import type { S3Client, S3Request, S3Response } from "../client/types.ts";
import { encryptionBlockXml, setEncryptionBlock } from "./encryption-block.ts";

/** A client that answers PutBucketEncryption with `put` and GetBucketEncryption with `get`. */
function scripted(put: [number, string?], get: [number, string?, string?] = [200, undefined, ""]): S3Client {
  const answer = (status: number, code?: string, body = ""): S3Response => ({
    status,
    headers: {},
    body: Buffer.from(body),
    error: code ? { code, fields: {} } : undefined,
    exchange: { method: "X", url: "https://x/b?encryption", requestHeaders: [] },
  });
  return {
    async send(req: S3Request) {
      return req.method === "PUT" ? answer(...put) : answer(...get);
    },
    async close() {},
  };
}

describe("setEncryptionBlock (the blocked-bucket checks are unsupported only when the target lacks the feature)", () => {
  it("reads any 4xx and 501 to PutBucketEncryption as a server without BlockedEncryptionTypes", async () => {
    for (const put of [
      [501, "NotImplemented"],
      [405, "MethodNotAllowed"],
      [400, "MalformedXML"],
      [403, "AccessDenied"],
      [400, "InvalidArgument"],
    ] as const) {
      expect((await setEncryptionBlock(scripted([...put]), "b", true)).outcome, put.join(" ")).toBe("unsupported");
    }
  });
  it("reads a 200 that GetBucketEncryption does not read back as a server without it", async () => {
    const plain = `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`;
    const r = await setEncryptionBlock(scripted([200], [200, undefined, plain]), "b", true);
    expect(r).toMatchObject({ outcome: "unsupported", reason: expect.stringContaining("does not read it back") });
    expect(
      (await setEncryptionBlock(scripted([200], [404, "ServerSideEncryptionConfigurationNotFoundError"]), "b", true))
        .outcome,
    ).toBe("unsupported");
  });
  it("is done when the setting reads back, and a failure of a setting the target has on a 5xx", async () => {
    expect(
      (await setEncryptionBlock(scripted([200], [200, undefined, encryptionBlockXml(true)]), "b", true)).outcome,
    ).toBe("done");
    expect((await setEncryptionBlock(scripted([500, "InternalError"]), "b", true)).outcome).toBe("failed");
    // An unblock the server reads back as still blocked is a failure, not a missing feature.
    expect(
      (await setEncryptionBlock(scripted([200], [200, undefined, encryptionBlockXml(true)]), "b", false)).outcome,
    ).toBe("failed");
  });
});
