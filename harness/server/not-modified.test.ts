/**
 * 304 Not Modified (GET/HEAD with If-None-Match / If-Modified-Since): the validators a 200 would
 * have carried (RFC 9110 §15.4.5: ETag, Cache-Control, Expires; S3 adds Last-Modified), the SSE-C
 * echo for an SSE-C object, no body.
 */
import { describe, expect, it } from "vitest";
import { newKey, ssecHeaders } from "../server-testing/s3-requests.ts";
import { freshBucketEachTest } from "../server-testing/fresh-bucket.ts";

const s = freshBucketEachTest();

describe("304 Not Modified", () => {
  it("GET and HEAD with a matching If-None-Match carry ETag, Last-Modified, Cache-Control and Expires", async () => {
    const put = await s.send({
      method: "PUT",
      path: "/bkt/plain",
      body: "hello",
      headers: { "cache-control": "max-age=60", expires: "Thu, 01 Dec 2039 16:00:00 GMT", "x-amz-meta-colour": "blue" },
    });
    const ok = await s.send({ method: "HEAD", path: "/bkt/plain" });
    for (const method of ["GET", "HEAD"]) {
      const r = await s.send({ method, path: "/bkt/plain", headers: { "if-none-match": put.headers.etag } });
      expect(r.status).toBe(304);
      expect(r.body.length).toBe(0);
      expect(r.headers.etag).toBe(put.headers.etag);
      expect(r.headers["last-modified"]).toBe(ok.headers["last-modified"]);
      expect(r.headers["cache-control"]).toBe("max-age=60");
      expect(r.headers.expires).toBe("Thu, 01 Dec 2039 16:00:00 GMT");
      expect(r.headers["content-length"]).toBeUndefined();
      expect(r.headers["x-amz-meta-colour"]).toBeUndefined();
      expect(r.headers["x-amz-request-id"]).toMatch(/^[0-9A-F]{16}$/);
    }
  });

  it("If-Modified-Since at or after Last-Modified answers 304 with the ETag", async () => {
    const put = await s.send({ method: "PUT", path: "/bkt/plain", body: "hello" });
    const r = await s.send({
      method: "GET",
      path: "/bkt/plain",
      headers: { "if-modified-since": new Date(Date.now() + 60_000).toUTCString() },
    });
    expect(r.status).toBe(304);
    expect(r.headers.etag).toBe(put.headers.etag);
    expect(r.headers["last-modified"]).toBeDefined();
  });

  it("an SSE-C object's 304 carries the SSE-C echo; without the key there is no 304, only 400", async () => {
    const key = newKey();
    const h = ssecHeaders(key);
    const put = await s.send({ method: "PUT", path: "/bkt/enc", body: "secret", headers: h });
    for (const method of ["GET", "HEAD"]) {
      const r = await s.send({ method, path: "/bkt/enc", headers: { ...h, "if-none-match": put.headers.etag } });
      expect(r.status).toBe(304);
      expect(r.headers.etag).toBe(put.headers.etag);
      expect(r.headers["x-amz-server-side-encryption-customer-algorithm"]).toBe("AES256");
      expect(r.headers["x-amz-server-side-encryption-customer-key-md5"]).toBe(
        h["x-amz-server-side-encryption-customer-key-md5"],
      );
    }
    const noKey = await s.send({ method: "GET", path: "/bkt/enc", headers: { "if-none-match": put.headers.etag } });
    expect(noKey.status).toBe(400);
    expect(noKey.headers.etag).toBeUndefined();
    const wrongKey = await s.send({
      method: "HEAD",
      path: "/bkt/enc",
      headers: { ...ssecHeaders(newKey()), "if-none-match": put.headers.etag },
    });
    expect(wrongKey.status).toBe(403);
    expect(wrongKey.headers.etag).toBeUndefined();
  });

  it("the OBS dialect gets its echo in x-obs- headers", async () => {
    const key = newKey();
    const h = ssecHeaders(key, { dialect: "obs" });
    const put = await s.send({ method: "PUT", path: "/bkt/obs", body: "secret", headers: h });
    const r = await s.send({ method: "HEAD", path: "/bkt/obs", headers: { ...h, "if-none-match": put.headers.etag } });
    expect(r.status).toBe(304);
    expect(r.headers["x-obs-server-side-encryption-customer-algorithm"]).toBe("AES256");
  });
});
