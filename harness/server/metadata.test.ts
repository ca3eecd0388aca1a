/** User metadata in both dialects: x-amz-meta-* and x-obs-meta-* kept and returned as written. */
import { describe, expect, it } from "vitest";
import { initiateUpload, newKey, ssecHeaders } from "../server-testing/s3-requests.ts";
import { freshBucketEachTest } from "../server-testing/fresh-bucket.ts";

const s = freshBucketEachTest();

describe("x-obs-meta-* user metadata", () => {
  it("is stored on PUT and returned under x-obs-meta- by GET and HEAD (SSE-C, OBS dialect)", async () => {
    const h = ssecHeaders(newKey(), { dialect: "obs" });
    const put = await s.send({
      method: "PUT",
      path: "/bkt/o",
      body: "data",
      headers: { ...h, "x-obs-meta-colour": "blue", "x-amz-meta-size": "small" },
    });
    expect(put.status).toBe(200);
    for (const method of ["GET", "HEAD"]) {
      const r = await s.send({ method, path: "/bkt/o", headers: h });
      expect(r.status).toBe(200);
      expect(r.headers["x-obs-meta-colour"]).toBe("blue");
      expect(r.headers["x-amz-meta-size"]).toBe("small");
      expect(r.headers["x-amz-meta-colour"]).toBeUndefined();
    }
  });

  it("is kept by CreateMultipartUpload for the completed object", async () => {
    const uploadId = await initiateUpload(s, "/bkt/mp", { "x-obs-meta-origin": "mpu" });
    const part = await s.send({ method: "PUT", path: "/bkt/mp", query: { partNumber: "1", uploadId }, body: "part" });
    const done = await s.send({
      method: "POST",
      path: "/bkt/mp",
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(done.status).toBe(200);
    expect((await s.send({ method: "HEAD", path: "/bkt/mp" })).headers["x-obs-meta-origin"]).toBe("mpu");
  });

  it("is copied with metadata directive COPY and replaced with REPLACE (x-obs-metadata-directive)", async () => {
    await s.send({ method: "PUT", path: "/bkt/src", body: "data", headers: { "x-obs-meta-colour": "blue" } });
    const copied = await s.send({
      method: "PUT",
      path: "/bkt/copy",
      headers: { "x-obs-copy-source": "/bkt/src", "x-obs-metadata-directive": "COPY" },
    });
    expect(copied.status).toBe(200);
    expect((await s.send({ method: "HEAD", path: "/bkt/copy" })).headers["x-obs-meta-colour"]).toBe("blue");

    const replaced = await s.send({
      method: "PUT",
      path: "/bkt/replaced",
      headers: { "x-obs-copy-source": "/bkt/src", "x-obs-metadata-directive": "REPLACE", "x-obs-meta-shape": "round" },
    });
    expect(replaced.status).toBe(200);
    const head = await s.send({ method: "HEAD", path: "/bkt/replaced" });
    expect(head.headers["x-obs-meta-shape"]).toBe("round");
    expect(head.headers["x-obs-meta-colour"]).toBeUndefined();
  });

  it("counts toward the 2 KB user metadata limit like x-amz-meta-*", async () => {
    const r = await s.send({
      method: "PUT",
      path: "/bkt/big",
      body: "x",
      headers: { "x-obs-meta-a": "v".repeat(1100), "x-amz-meta-b": "v".repeat(1100) },
    });
    expect([r.status, r.code]).toEqual([400, "InvalidArgument"]);
  });
});
