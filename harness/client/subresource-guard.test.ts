import { describe, expect, it } from "vitest";
import type { S3Client, S3Request, S3Response } from "./types.ts";
import { guardSubresourceDeletes, SubresourceDeleteRefused } from "./subresource-guard.ts";

/** A client that records what it is asked to send and answers GET ?encryption with `get`. */
function recorder(get: Partial<S3Response>): S3Client & { sent: S3Request[] } {
  const sent: S3Request[] = [];
  return {
    sent,
    async send(req) {
      sent.push(req);
      return {
        status: 200,
        headers: {},
        body: Buffer.alloc(0),
        exchange: { method: req.method, url: "u", requestHeaders: [] },
        ...(req.method === "GET" ? get : {}),
      };
    },
    async close() {},
  };
}

describe("guardSubresourceDeletes (never a bucket-subresource DELETE the server has not shown it knows)", () => {
  it("refuses DELETE ?encryption and ?policy before anything is sent, and lets object and bucket DELETEs pass", async () => {
    const raw = recorder({});
    const c = guardSubresourceDeletes(raw);
    await expect(c.send({ method: "DELETE", bucket: "b", query: [["encryption", ""]] })).rejects.toThrow(
      SubresourceDeleteRefused,
    );
    await expect(c.send({ method: "DELETE", bucket: "b", query: [["policy", ""]] })).rejects.toThrow(/\?policy/);
    await c.send({ method: "DELETE", bucket: "b", key: "k", query: [["uploadId", "u"]] });
    await c.send({ method: "DELETE", bucket: "b", key: "k" });
    expect(raw.sent.map((r) => r.key)).toEqual(["k", "k"]);
  });

  it("does not count a GET answered as something else (a listing) as knowing the subresource", async () => {
    const c = guardSubresourceDeletes(recorder({ body: Buffer.from("<ListBucketResult></ListBucketResult>") }));
    await c.send({ method: "GET", bucket: "b", query: [["encryption", ""]] });
    await expect(c.send({ method: "DELETE", bucket: "b", query: [["encryption", ""]] })).rejects.toThrow();
  });

  it("sends it once a GET answered with the subresource's document or its own not-found code", async () => {
    const doc = guardSubresourceDeletes(
      recorder({ body: Buffer.from("<ServerSideEncryptionConfiguration><Rule/></ServerSideEncryptionConfiguration>") }),
    );
    await doc.send({ method: "GET", bucket: "b", query: [["encryption", ""]] });
    await doc.send({ method: "DELETE", bucket: "b", query: [["encryption", ""]] });
    const none = guardSubresourceDeletes(
      recorder({ status: 404, error: { code: "ServerSideEncryptionConfigurationNotFoundError", fields: {} } }),
    );
    await none.send({ method: "GET", bucket: "b", query: [["encryption", ""]] });
    expect(none.known.has("encryption")).toBe(true);
  });
});
