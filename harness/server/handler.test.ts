/** The server core through the in-process handler: routing, operations, S3 errors. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Faults } from "./faults.ts";
import { initiateUpload, inProcess, newKey, payload, ssecHeaders } from "../server-testing/s3-requests.ts";
import { freshBucketEachTest } from "../server-testing/fresh-bucket.ts";

const md5hex = (b: Buffer) => createHash("md5").update(b).digest("hex");
const MiB = 1024 * 1024;

const s = freshBucketEachTest();

describe("buckets", () => {
  it("creates, lists, heads and deletes buckets", async () => {
    expect((await s.send({ method: "PUT", path: "/bkt" })).code).toBe("BucketAlreadyOwnedByYou");
    expect((await s.send({ method: "PUT", path: "/Bad_Name" })).code).toBe("InvalidBucketName");
    const list = await s.send({ method: "GET", path: "/" });
    expect(list.body.toString()).toContain("<Name>bkt</Name>");
    expect((await s.send({ method: "HEAD", path: "/bkt" })).status).toBe(200);
    const missing = await s.send({ method: "HEAD", path: "/nope" });
    expect(missing.status).toBe(404);
    expect(missing.body.length).toBe(0);
    await s.send({ method: "PUT", path: "/bkt/k", body: "x" });
    expect((await s.send({ method: "DELETE", path: "/bkt" })).code).toBe("BucketNotEmpty");
    await s.send({ method: "DELETE", path: "/bkt/k" });
    expect((await s.send({ method: "DELETE", path: "/bkt" })).status).toBe(204);
    expect((await s.send({ method: "GET", path: "/bkt/k" })).code).toBe("NoSuchBucket");
  });

  it("answers in S3 XML error bodies with Code, Message, Resource and RequestId", async () => {
    const r = await s.send({ method: "GET", path: "/bkt/missing" });
    expect(r.status).toBe(404);
    const xml = r.body.toString();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>[^<]+<\/Message>/,
    );
    expect(xml).toContain("<Resource>/bkt/missing</Resource>");
    expect(xml).toContain(`<RequestId>${r.headers["x-amz-request-id"]}</RequestId>`);
  });

  it("refuses unauthenticated and wrongly signed requests", async () => {
    expect((await s.send({ method: "GET", path: "/", sign: false })).code).toBe("AccessDenied");
    const forged = await s.send({ method: "GET", path: "/", signAs: { ...s.creds, secretKey: "another" } });
    expect([forged.status, forged.code]).toEqual([403, "SignatureDoesNotMatch"]);
    const unknown = await s.send({ method: "GET", path: "/", signAs: { ...s.creds, accessKey: "nobody" } });
    expect(unknown.code).toBe("InvalidAccessKeyId");
    expect((await s.send({ method: "GET", path: "/" })).status).toBe(200);
  });
});

describe("plain objects", () => {
  it("round-trips bytes and metadata, ETag = MD5", async () => {
    const data = payload(100_000);
    const put = await s.send({
      method: "PUT",
      path: "/bkt/dir/a%20b",
      body: data,
      headers: { "content-type": "text/x-test", "x-amz-meta-colour": "blue" },
    });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${md5hex(data)}"`);
    const get = await s.send({ method: "GET", path: "/bkt/dir/a%20b" });
    expect(get.body.equals(data)).toBe(true);
    expect(get.headers["content-type"]).toBe("text/x-test");
    expect(get.headers["x-amz-meta-colour"]).toBe("blue");
    expect(get.headers["content-length"]).toBe("100000");
    const head = await s.send({ method: "HEAD", path: "/bkt/dir/a%20b" });
    expect(head.headers["content-length"]).toBe("100000");
    expect(head.body.length).toBe(0);
  });

  it("serves ranges: closed, open-ended, suffix; 416 past the end; ignores malformed ranges", async () => {
    const data = payload(1000);
    await s.send({ method: "PUT", path: "/bkt/r", body: data });
    const get = (range: string) => s.send({ method: "GET", path: "/bkt/r", headers: { range } });
    const a = await get("bytes=10-19");
    expect([a.status, a.headers["content-range"]]).toEqual([206, "bytes 10-19/1000"]);
    expect(a.body.equals(data.subarray(10, 20))).toBe(true);
    expect((await get("bytes=990-")).body.equals(data.subarray(990))).toBe(true);
    expect((await get("bytes=-5")).body.equals(data.subarray(995))).toBe(true);
    expect((await get("bytes=-5000")).body.equals(data)).toBe(true);
    expect((await get("bytes=900-5000")).body.equals(data.subarray(900))).toBe(true);
    const bad = await get("bytes=1000-");
    expect([bad.status, bad.code, bad.headers["content-range"]]).toEqual([416, "InvalidRange", "bytes */1000"]);
    expect((await get("bytes=5-1")).status).toBe(200);
    expect((await get("bytes=1-2,5-6")).status).toBe(200);
  });

  it("evaluates If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since", async () => {
    const put = await s.send({ method: "PUT", path: "/bkt/c", body: "abc" });
    const etag = put.headers.etag;
    const get = (headers: Record<string, string>) => s.send({ method: "GET", path: "/bkt/c", headers });
    expect((await get({ "if-match": etag })).status).toBe(200);
    expect((await get({ "if-match": '"0000"' })).code).toBe("PreconditionFailed");
    expect((await get({ "if-none-match": etag })).status).toBe(304);
    expect((await get({ "if-modified-since": new Date(Date.now() + 60_000).toUTCString() })).status).toBe(304);
    expect((await get({ "if-unmodified-since": new Date(Date.now() - 3_600_000).toUTCString() })).status).toBe(412);
    expect((await get({ "if-match": etag, "if-unmodified-since": new Date(0).toUTCString() })).status).toBe(200);
  });

  it("supports conditional writes with If-None-Match: *", async () => {
    expect(
      (await s.send({ method: "PUT", path: "/bkt/once", body: "1", headers: { "if-none-match": "*" } })).status,
    ).toBe(200);
    expect(
      (await s.send({ method: "PUT", path: "/bkt/once", body: "2", headers: { "if-none-match": "*" } })).status,
    ).toBe(412);
    expect((await s.send({ method: "GET", path: "/bkt/once" })).body.toString()).toBe("1");
  });

  it("lists with prefix, delimiter and continuation tokens", async () => {
    for (const k of ["a/1", "a/2", "b", "c/x/1", "c/y", "d"])
      await s.send({ method: "PUT", path: `/bkt/${k}`, body: k });
    const list = async (q: Record<string, string>) =>
      (await s.send({ method: "GET", path: "/bkt", query: { "list-type": "2", ...q } })).body.toString();
    const all = await list({ delimiter: "/" });
    expect([...all.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1])).toEqual(["b", "d"]);
    expect([...all.matchAll(/<Prefix>([^<]+)<\/Prefix>/g)].map((m) => m[1])).toEqual(["a/", "c/"]);
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await list({ delimiter: "/", "max-keys": "1", ...(token ? { "continuation-token": token } : {}) });
      seen.push(...[...page.matchAll(/<(?:Key|Prefix)>([^<]+)<\/(?:Key|Prefix)>/g)].map((m) => m[1]));
      token = /<NextContinuationToken>([^<]+)</.exec(page)?.[1];
      if (!token) break;
    }
    expect(seen).toEqual(["a/", "b", "c/", "d"]);
    const under = await list({ prefix: "c/" });
    expect([...under.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1])).toEqual(["c/x/1", "c/y"]);
  });

  it("deletes many objects with DeleteObjects", async () => {
    for (const k of ["x1", "x2"]) await s.send({ method: "PUT", path: `/bkt/${k}`, body: k });
    const body =
      "<Delete><Object><Key>x1</Key></Object><Object><Key>x2</Key></Object><Object><Key>none</Key></Object></Delete>";
    const r = await s.send({
      method: "POST",
      path: "/bkt",
      query: { delete: "" },
      body,
      headers: { "content-md5": createHash("md5").update(body).digest("base64") },
    });
    expect(r.status).toBe(200);
    expect(r.body.toString().match(/<Deleted>/g)?.length).toBe(3);
    expect((await s.send({ method: "GET", path: "/bkt/x1" })).code).toBe("NoSuchKey");
    const bad = await s.send({ method: "POST", path: "/bkt", query: { delete: "" }, body: "<Delete><Object>" });
    expect(bad.code).toBe("MalformedXML");
  });

  it("answers SSE-KMS requests with 501, unknown values with 400 InvalidArgument, and records SSE-S3", async () => {
    const put = (sse: string, key = "k") =>
      s.send({ method: "PUT", path: `/bkt/${key}`, body: "x", headers: { "x-amz-server-side-encryption": sse } });
    expect((await put("aws:kms")).status).toBe(501);
    expect((await put("rot13")).code).toBe("InvalidArgument");
    expect((await s.send({ method: "GET", path: "/bkt/k" })).code).toBe("NoSuchKey");
    const sse = await put("AES256", "sse-s3");
    expect(sse.status).toBe(200);
    expect(sse.headers["x-amz-server-side-encryption"]).toBe("AES256");
    const got = await s.send({ method: "GET", path: "/bkt/sse-s3" });
    expect([got.status, got.headers["x-amz-server-side-encryption"]]).toEqual([200, "AES256"]);
  });

  it("refuses a body declared larger than 5 GiB before reading it", async () => {
    const r = await s.send({
      method: "PUT",
      path: "/bkt/huge",
      body: "x",
      headers: { "content-length": String(5 * 1024 ** 3 + 1) },
      payloadHash: "UNSIGNED-PAYLOAD",
    });
    expect(r.code).toBe("EntityTooLarge");
  });

  it("keeps keys with '..' inside the bucket", async () => {
    await s.send({ method: "PUT", path: "/bkt/../../escape", body: "x" });
    expect((await s.send({ method: "GET", path: "/bkt/../../escape" })).body.toString()).toBe("x");
  });
});

describe("SSE-C objects", () => {
  it("PUT echoes algorithm and key-MD5, ETag is random (not the MD5), GET/HEAD return the same ETag", async () => {
    const key = newKey();
    const h = ssecHeaders(key);
    const data = payload(70_000);
    const p1 = await s.send({ method: "PUT", path: "/bkt/e", body: data, headers: h });
    const p2 = await s.send({ method: "PUT", path: "/bkt/e2", body: data, headers: h });
    expect(p1.status).toBe(200);
    expect(p1.headers["x-amz-server-side-encryption-customer-algorithm"]).toBe("AES256");
    expect(p1.headers["x-amz-server-side-encryption-customer-key-md5"]).toBe(
      h["x-amz-server-side-encryption-customer-key-md5"],
    );
    expect(p1.headers["x-amz-server-side-encryption-customer-key"]).toBeUndefined();
    expect(p1.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(p1.headers.etag).not.toBe(`"${md5hex(data)}"`);
    expect(p1.headers.etag).not.toBe(p2.headers.etag);
    const get = await s.send({ method: "GET", path: "/bkt/e", headers: h });
    expect(get.body.equals(data)).toBe(true);
    expect(get.headers.etag).toBe(p1.headers.etag);
    expect(get.headers["x-amz-server-side-encryption-customer-key-md5"]).toBe(
      h["x-amz-server-side-encryption-customer-key-md5"],
    );
  });

  it("accepts the x-obs- dialect and echoes in it", async () => {
    const key = newKey();
    const h = ssecHeaders(key, { dialect: "obs" });
    const put = await s.send({ method: "PUT", path: "/bkt/obs", body: "obs", headers: h });
    expect(put.headers["x-obs-server-side-encryption-customer-key-md5"]).toBe(
      h["x-obs-server-side-encryption-customer-key-md5"],
    );
    expect(put.headers["x-amz-server-side-encryption-customer-key-md5"]).toBeUndefined();
    expect((await s.send({ method: "GET", path: "/bkt/obs" })).code).toBe("InvalidRequest");
    expect((await s.send({ method: "GET", path: "/bkt/obs", headers: ssecHeaders(key) })).body.toString()).toBe("obs");
    const other = newKey();
    const copy = await s.send({
      method: "PUT",
      path: "/bkt/obs2",
      headers: {
        "x-obs-copy-source": "/bkt/obs",
        ...ssecHeaders(key, { dialect: "obs", copySource: true }),
        ...ssecHeaders(other, { dialect: "obs" }),
      },
    });
    expect(copy.status).toBe(200);
    expect(copy.headers["x-obs-server-side-encryption-customer-key-md5"]).toBe(
      ssecHeaders(other, { dialect: "obs" })["x-obs-server-side-encryption-customer-key-md5"],
    );
    const noSourceKey = await s.send({
      method: "PUT",
      path: "/bkt/obs3",
      headers: { "x-obs-copy-source": "/bkt/obs", ...ssecHeaders(other, { dialect: "obs" }) },
    });
    expect(noSourceKey.code).toBe("InvalidRequest");
  });

  it("over plain HTTP, copies an SSE-C source to a plain target only in the x-obs- dialect (OBS Tables 3 and 4; AWS: evidence http.ssec-refused)", async () => {
    const key = newKey();
    expect((await s.send({ method: "PUT", path: "/bkt/src", body: "secret", headers: ssecHeaders(key) })).status).toBe(
      200,
    );
    const obs = await s.send({
      method: "PUT",
      path: "/bkt/obs-plain",
      secure: false,
      headers: { "x-obs-copy-source": "/bkt/src", ...ssecHeaders(key, { dialect: "obs", copySource: true }) },
    });
    expect(obs.status).toBe(200);
    expect((await s.send({ method: "GET", path: "/bkt/obs-plain" })).body.toString()).toBe("secret");
    const amz = await s.send({
      method: "PUT",
      path: "/bkt/amz-plain",
      secure: false,
      headers: { "x-amz-copy-source": "/bkt/src", ...ssecHeaders(key, { copySource: true }) },
    });
    expect(amz.code).toBe("InvalidRequest");
    expect((await s.send({ method: "HEAD", path: "/bkt/amz-plain" })).status).toBe(404);
    // An SSE-C target stays HTTPS-only in both dialects.
    const obsToSsec = await s.send({
      method: "PUT",
      path: "/bkt/obs-ssec",
      secure: false,
      headers: {
        "x-obs-copy-source": "/bkt/src",
        ...ssecHeaders(key, { dialect: "obs", copySource: true }),
        ...ssecHeaders(key, { dialect: "obs" }),
      },
    });
    expect(obsToSsec.code).toBe("InvalidRequest");
  });

  it("copies: plain → SSE-C, rotation in place, SSE-C → plain; refuses an in-place copy that changes nothing", async () => {
    const k1 = newKey();
    const k2 = newKey();
    await s.send({ method: "PUT", path: "/bkt/src", body: "hello copy" });
    const toEnc = await s.send({
      method: "PUT",
      path: "/bkt/enc",
      headers: { "x-amz-copy-source": "/bkt/src", ...ssecHeaders(k1) },
    });
    expect(toEnc.status).toBe(200);
    expect(toEnc.headers["x-amz-server-side-encryption-customer-algorithm"]).toBe("AES256");
    const same = await s.send({
      method: "PUT",
      path: "/bkt/enc",
      headers: { "x-amz-copy-source": "/bkt/enc", ...ssecHeaders(k1, { copySource: true }), ...ssecHeaders(k1) },
    });
    expect(same.code).toBe("InvalidRequest");
    const rotate = await s.send({
      method: "PUT",
      path: "/bkt/enc",
      headers: { "x-amz-copy-source": "/bkt/enc", ...ssecHeaders(k1, { copySource: true }), ...ssecHeaders(k2) },
    });
    expect(rotate.status).toBe(200);
    expect((await s.send({ method: "GET", path: "/bkt/enc", headers: ssecHeaders(k1) })).code).toBe("AccessDenied");
    expect((await s.send({ method: "GET", path: "/bkt/enc", headers: ssecHeaders(k2) })).body.toString()).toBe(
      "hello copy",
    );
    const equalWrong = await s.send({
      method: "PUT",
      path: "/bkt/enc",
      headers: { "x-amz-copy-source": "/bkt/enc", ...ssecHeaders(k1, { copySource: true }), ...ssecHeaders(k1) },
    });
    expect([equalWrong.status, equalWrong.code]).toEqual([400, "InvalidRequest"]); // evidence copy.rotate-wrong-key
    const toPlain = await s.send({
      method: "PUT",
      path: "/bkt/plain",
      headers: { "x-amz-copy-source": "bkt/enc", ...ssecHeaders(k2, { copySource: true }) },
    });
    expect(toPlain.status).toBe(200);
    expect(toPlain.body.toString()).toContain(`<ETag>&quot;${md5hex(Buffer.from("hello copy"))}&quot;</ETag>`);
    expect((await s.send({ method: "GET", path: "/bkt/plain" })).body.toString()).toBe("hello copy");
    const replace = await s.send({
      method: "PUT",
      path: "/bkt/plain",
      headers: {
        "x-amz-copy-source": "/bkt/plain",
        "x-amz-metadata-directive": "REPLACE",
        "content-type": "text/plain",
      },
    });
    expect(replace.status).toBe(200);
  });
});

describe("multipart uploads", () => {
  const initiate = (headers: Record<string, string> = {}) => initiateUpload(s, "/bkt/mp", headers);
  const part = (uploadId: string, n: number, body: Buffer, headers: Record<string, string> = {}) =>
    s.send({ method: "PUT", path: "/bkt/mp", query: { partNumber: String(n), uploadId }, body, headers });
  const complete = (uploadId: string, parts: [number, string][], headers: Record<string, string> = {}) =>
    s.send({
      method: "POST",
      path: "/bkt/mp",
      query: { uploadId },
      headers,
      body: `<CompleteMultipartUpload>${parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`).join("")}</CompleteMultipartUpload>`,
    });

  it("assembles SSE-C parts; parts need the initiate's key; Complete needs none (evidence upload-part.ssec-on-plain-upload-refused, upload-part.missing-key-refused, upload-part.different-key-refused, complete.without-key)", async () => {
    const key = newKey();
    const h = ssecHeaders(key);
    const id = await initiate(h);
    const p1 = payload(5 * MiB + 1, 1);
    const p2 = payload(1000, 2);
    expect((await part(id, 1, p1)).code).toBe("InvalidRequest"); // evidence upload-part.missing-key-refused
    expect((await part(id, 1, p1, ssecHeaders(newKey()))).code).toBe("InvalidRequest"); // evidence upload-part.different-key-refused
    const r1 = await part(id, 1, p1, h);
    const r2 = await part(id, 2, p2, h);
    expect(r1.headers["x-amz-server-side-encryption-customer-key-md5"]).toBe(
      h["x-amz-server-side-encryption-customer-key-md5"],
    );
    const list = await s.send({ method: "GET", path: "/bkt/mp", query: { uploadId: id } });
    expect(list.body.toString().match(/<Part>/g)?.length).toBe(2);
    const done = await complete(id, [
      [1, r1.headers.etag],
      [2, r2.headers.etag],
    ]);
    expect(done.status).toBe(200);
    const etag = /<ETag>&quot;([^&]+)&quot;<\/ETag>/.exec(done.body.toString())![1];
    expect(etag).toMatch(/^[0-9a-f]{32}-2$/);
    expect((await s.send({ method: "GET", path: "/bkt/mp" })).code).toBe("InvalidRequest");
    const get = await s.send({ method: "GET", path: "/bkt/mp", headers: h });
    expect(get.body.equals(Buffer.concat([p1, p2]))).toBe(true);
    const across = await s.send({
      method: "GET",
      path: "/bkt/mp",
      headers: { ...h, range: `bytes=${5 * MiB - 10}-${5 * MiB + 10}` },
    });
    expect(across.body.equals(Buffer.concat([p1, p2]).subarray(5 * MiB - 10, 5 * MiB + 11))).toBe(true);
    const second = await s.send({ method: "GET", path: "/bkt/mp", query: { partNumber: "2" }, headers: h });
    expect([second.status, second.headers["x-amz-mp-parts-count"], second.headers["content-range"]]).toEqual([
      206,
      "2",
      `bytes ${p1.length}-${p1.length + p2.length - 1}/${p1.length + p2.length}`,
    ]);
    expect(second.body.equals(p2)).toBe(true);
    expect((await s.send({ method: "GET", path: "/bkt/mp", query: { partNumber: "3" }, headers: h })).code).toBe(
      "InvalidPartNumber",
    );
  });

  it("refuses SSE-C parts on a plain upload (evidence upload-part.ssec-on-plain-upload-refused)", async () => {
    const id = await initiate();
    expect((await part(id, 1, Buffer.from("x"), ssecHeaders(newKey()))).code).toBe("InvalidRequest");
  });

  it("checks part order, part existence, ETags, sizes and the XML", async () => {
    const id = await initiate();
    const small = await part(id, 1, Buffer.from("small"));
    const last = await part(id, 2, Buffer.from("last"));
    const [a, b] = [small.headers.etag, last.headers.etag];
    // In this order: each refused list leaves the upload open for the next.
    const parts = (...list: [number, string][]) => list;
    const refused: [string, [number, string][]][] = [
      ["InvalidPartOrder", parts([2, b], [1, a])],
      ["InvalidPart", parts([1, a], [3, b])],
      ["InvalidPart", parts([1, '"00000000000000000000000000000000"'])],
      ["EntityTooSmall", parts([1, a], [2, b])],
      ["MalformedXML", parts()],
    ];
    for (const [code, list] of refused) expect((await complete(id, list)).code, JSON.stringify(list)).toBe(code);
    const bad = await s.send({ method: "POST", path: "/bkt/mp", query: { uploadId: id }, body: "<nope" });
    expect(bad.code).toBe("MalformedXML");
    expect((await complete(id, [[1, small.headers.etag]])).status).toBe(200);
    expect((await complete(id, [[1, small.headers.etag]])).code).toBe("NoSuchUpload");
  });

  it("aborts uploads and lists them", async () => {
    const id = await initiate();
    const list = await s.send({ method: "GET", path: "/bkt", query: { uploads: "" } });
    expect(list.body.toString()).toContain(`<UploadId>${id}</UploadId>`);
    expect((await s.send({ method: "DELETE", path: "/bkt/mp", query: { uploadId: id } })).status).toBe(204);
    expect((await part(id, 1, Buffer.from("x"))).code).toBe("NoSuchUpload");
  });

  it("copies ranges of an SSE-C source into parts (UploadPartCopy)", async () => {
    const src = newKey();
    const dst = newKey();
    const data = payload(200_000, 9);
    await s.send({ method: "PUT", path: "/bkt/source", body: data, headers: ssecHeaders(src) });
    const id = await initiate(ssecHeaders(dst));
    const copyHeaders = {
      "x-amz-copy-source": "/bkt/source",
      ...ssecHeaders(src, { copySource: true }),
      ...ssecHeaders(dst),
    };
    expect(
      (
        await s.send({
          method: "PUT",
          path: "/bkt/mp",
          query: { partNumber: "1", uploadId: id },
          headers: { "x-amz-copy-source": "/bkt/source", ...ssecHeaders(dst) },
        })
      ).code,
    ).toBe("InvalidRequest"); // evidence copy.source-key-required: source key missing
    const r = await s.send({
      method: "PUT",
      path: "/bkt/mp",
      query: { partNumber: "1", uploadId: id },
      headers: { ...copyHeaders, "x-amz-copy-source-range": "bytes=65530-131080" },
    });
    expect(r.status).toBe(200);
    expect(r.headers["x-amz-server-side-encryption-customer-key-md5"]).toBe(
      ssecHeaders(dst)["x-amz-server-side-encryption-customer-key-md5"],
    );
    const etag = /<ETag>([^<]+)<\/ETag>/.exec(r.body.toString())![1].replace(/&quot;/g, '"');
    expect((await complete(id, [[1, etag]])).status).toBe(200);
    const get = await s.send({ method: "GET", path: "/bkt/mp", headers: ssecHeaders(dst) });
    expect(get.body.equals(data.subarray(65530, 131081))).toBe(true);
  });
});

describe("SSE-C blocked buckets (BlockedEncryptionTypes)", () => {
  const config = (types: string[]) =>
    `<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BlockedEncryptionTypes>${types.map((t) => `<EncryptionType>${t}</EncryptionType>`).join("")}</BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>`;

  it("is off for new buckets; blocks SSE-C writes with 403 once set; reads still work", async () => {
    const key = newKey();
    expect((await s.send({ method: "GET", path: "/bkt", query: { encryption: "" } })).code).toBe(
      "ServerSideEncryptionConfigurationNotFoundError",
    );
    expect((await s.send({ method: "PUT", path: "/bkt/old", body: "old", headers: ssecHeaders(key) })).status).toBe(
      200,
    );
    const id = await initiateUpload(s, "/bkt/mp", ssecHeaders(key));
    expect(
      (await s.send({ method: "PUT", path: "/bkt", query: { encryption: "" }, body: config(["SSE-C"]) })).status,
    ).toBe(200);
    const got = await s.send({ method: "GET", path: "/bkt", query: { encryption: "" } });
    expect(got.body.toString()).toContain(
      "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes>",
    );
    expect((await s.send({ method: "PUT", path: "/bkt/new", body: "x", headers: ssecHeaders(key) })).status).toBe(403);
    expect(
      (
        await s.send({
          method: "PUT",
          path: "/bkt/new",
          headers: { "x-amz-copy-source": "/bkt/old", ...ssecHeaders(key) },
        })
      ).status,
    ).toBe(403);
    expect(
      (await s.send({ method: "POST", path: "/bkt/new", query: { uploads: "" }, headers: ssecHeaders(key) })).status,
    ).toBe(403);
    expect(
      (
        await s.send({
          method: "PUT",
          path: "/bkt/mp",
          query: { partNumber: "1", uploadId: id },
          body: "x",
          headers: ssecHeaders(key),
        })
      ).status,
    ).toBe(403);
    expect((await s.send({ method: "PUT", path: "/bkt/plain", body: "x" })).status).toBe(200);
    expect((await s.send({ method: "GET", path: "/bkt/old", headers: ssecHeaders(key) })).body.toString()).toBe("old");
    expect(
      (await s.send({ method: "PUT", path: "/bkt", query: { encryption: "" }, body: config(["NONE"]) })).status,
    ).toBe(200);
    expect((await s.send({ method: "PUT", path: "/bkt/new", body: "x", headers: ssecHeaders(key) })).status).toBe(200);
    expect(
      (await s.send({ method: "PUT", path: "/bkt", query: { encryption: "" }, body: config(["ROT13"]) })).code,
    ).toBe("InvalidArgument");
  });
});

describe("plain HTTP", () => {
  it("refuses SSE-C headers, copy-source headers and part headers with 400 InvalidRequest, storing nothing", async () => {
    const key = newKey();
    const put = await s.send({ method: "PUT", path: "/bkt/h", body: "x", headers: ssecHeaders(key), secure: false });
    expect([put.status, put.code]).toEqual([400, "InvalidRequest"]);
    expect((await s.send({ method: "GET", path: "/bkt/h" })).code).toBe("NoSuchKey");
    await s.send({ method: "PUT", path: "/bkt/src", body: "x", headers: ssecHeaders(key) });
    const copy = await s.send({
      method: "PUT",
      path: "/bkt/h",
      headers: { "x-amz-copy-source": "/bkt/src", ...ssecHeaders(key, { copySource: true }) },
      secure: false,
    });
    expect(copy.code).toBe("InvalidRequest");
    expect((await s.send({ method: "GET", path: "/bkt/h" })).code).toBe("NoSuchKey");
    const plain = await s.send({ method: "PUT", path: "/bkt/h", body: "plain", secure: false });
    expect(plain.status).toBe(200);
  });
});

describe("faults", () => {
  it("rejects unknown fault names", () => {
    expect(() => new Faults(["no-such-fault"])).toThrow(/unknown fault/);
    expect(() => inProcess({ faults: ["md5-not-checked"] })).not.toThrow();
  });
});
