/**
 * Interop: the official AWS SDK for JavaScript v3 (default settings: CRC32 checksums, aws-chunked
 * bodies with trailers for streams, 100-continue for large bodies) performs every SSE-C
 * operation against the reference server over real TLS, including POST Object through
 * @aws-sdk/s3-presigned-post and a presigned GET with SSE-C headers. Data round-trips byte for
 * byte; negative cases get the AWS statuses (the `aws` profile).
 */
import { createHash } from "node:crypto";
import * as https from "node:https";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Agent, fetch, FormData } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./index.ts";
import { newKey, payload } from "../server-testing/s3-requests.ts";
import type { RunningServer } from "./types.ts";

let server: RunningServer;
let s3: S3Client;
const Bucket = "interop";
const key = newKey();
const other = newKey();
const md5b64 = (b: Buffer) => createHash("md5").update(b).digest("base64");
const sse = (k: Buffer) => ({ SSECustomerAlgorithm: "AES256", SSECustomerKey: k.toString("base64") });
const copySse = (k: Buffer) => ({
  CopySourceSSECustomerAlgorithm: "AES256",
  CopySourceSSECustomerKey: k.toString("base64"),
});
const MiB = 1024 * 1024;

async function bytes(body: unknown): Promise<Buffer> {
  return Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

/** The status and S3 error code a rejected SDK call carried. */
async function failure(p: Promise<unknown>): Promise<{ status?: number; code: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3ServiceException) return { status: e.$metadata.httpStatusCode, code: e.name };
    throw e;
  }
  throw new Error("the call succeeded");
}

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
    requestHandler: { httpsAgent: new https.Agent({ ca: server.caPem, keepAlive: true }) },
  });
  await s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  s3?.destroy();
  await server?.close();
});

describe("AWS SDK v3 against the reference server", () => {
  const data = payload(1 * MiB + 3, 5);

  it("PUT (Buffer, CRC32) and GET/HEAD with SSE-C round-trip and echo the key-MD5", async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: "put", Body: data, ...sse(key) }));
    expect(put.SSECustomerAlgorithm).toBe("AES256");
    expect(put.SSECustomerKeyMD5).toBe(md5b64(key));
    expect(put.ETag).not.toBe(`"${createHash("md5").update(data).digest("hex")}"`);
    const get = await s3.send(new GetObjectCommand({ Bucket, Key: "put", ...sse(key) }));
    expect((await bytes(get.Body)).equals(data)).toBe(true);
    expect(get.ETag).toBe(put.ETag);
    expect(get.SSECustomerKeyMD5).toBe(md5b64(key));
    // The CRC32 the SDK sent is stored and returned (and validated by the SDK against the body).
    expect(put.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
    expect(get.ChecksumCRC32).toBe(put.ChecksumCRC32);
    expect(get.ChecksumType).toBe("FULL_OBJECT");
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: "put", ...sse(key) }));
    expect(head.ContentLength).toBe(data.length);
    expect(head.SSECustomerKeyMD5).toBe(md5b64(key));
    const range = await s3.send(new GetObjectCommand({ Bucket, Key: "put", Range: "bytes=65530-65545", ...sse(key) }));
    expect((await bytes(range.Body)).equals(data.subarray(65530, 65546))).toBe(true);
  });

  it("PUT of a stream (aws-chunked with a trailing CRC32) round-trips", async () => {
    const body = Readable.from([data.subarray(0, 300_000), data.subarray(300_000)]);
    await s3.send(new PutObjectCommand({ Bucket, Key: "stream", Body: body, ContentLength: data.length, ...sse(key) }));
    const get = await s3.send(new GetObjectCommand({ Bucket, Key: "stream", ...sse(key) }));
    expect((await bytes(get.Body)).equals(data)).toBe(true);
  });

  it("refuses reads without the key (400), with a wrong key (403), HEAD with a wrong key (403)", async () => {
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: "put" })))).toEqual({
      status: 400,
      code: "InvalidRequest",
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: "put", ...sse(other) })))).toEqual({
      status: 403,
      code: "AccessDenied",
    });
    expect((await failure(s3.send(new HeadObjectCommand({ Bucket, Key: "put", ...sse(other) })))).status).toBe(403);
    expect((await failure(s3.send(new HeadObjectCommand({ Bucket, Key: "put" })))).status).toBe(400);
  });

  it("copies with copy-source and target keys; refuses a copy without the source key", async () => {
    const r = await s3.send(
      new CopyObjectCommand({ Bucket, Key: "copy", CopySource: `${Bucket}/put`, ...copySse(key), ...sse(other) }),
    );
    expect(r.SSECustomerKeyMD5).toBe(md5b64(other));
    const get = await s3.send(new GetObjectCommand({ Bucket, Key: "copy", ...sse(other) }));
    expect((await bytes(get.Body)).equals(data)).toBe(true);
    expect(
      await failure(
        s3.send(new CopyObjectCommand({ Bucket, Key: "copy2", CopySource: `${Bucket}/put`, ...sse(other) })),
      ),
    ).toEqual({
      status: 400,
      code: "InvalidRequest",
    });
    expect(
      (
        await failure(
          s3.send(new CopyObjectCommand({ Bucket, Key: "copy2", CopySource: `${Bucket}/put`, ...copySse(other) })),
        )
      ).status,
    ).toBe(403);
    // Key rotation in place.
    await s3.send(
      new CopyObjectCommand({ Bucket, Key: "copy", CopySource: `${Bucket}/copy`, ...copySse(other), ...sse(key) }),
    );
    expect(
      (await bytes((await s3.send(new GetObjectCommand({ Bucket, Key: "copy", ...sse(key) }))).Body)).equals(data),
    ).toBe(true);
  });

  it("runs an SSE-C multipart upload with Upload Part and Upload Part - Copy; Complete needs no key", async () => {
    const Key = "multi";
    const init = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ...sse(key) }));
    expect(init.SSECustomerKeyMD5).toBe(md5b64(key));
    const UploadId = init.UploadId!;
    const p1 = payload(5 * MiB + 1, 11);
    const part1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: p1, ...sse(key) }));
    expect(part1.SSECustomerKeyMD5).toBe(md5b64(key));
    expect(
      await failure(s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: p1, ...sse(other) }))),
    ).toEqual({
      status: 400,
      code: "InvalidRequest",
    });
    const part2 = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key,
        UploadId,
        PartNumber: 2,
        CopySource: `${Bucket}/put`,
        CopySourceRange: "bytes=10-70009",
        ...copySse(key),
        ...sse(key),
      }),
    );
    expect(part2.SSECustomerKeyMD5).toBe(md5b64(key));
    const parts = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    expect(parts.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: part1.ETag },
            { PartNumber: 2, ETag: part2.CopyPartResult!.ETag },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    const get = await s3.send(new GetObjectCommand({ Bucket, Key, ...sse(key) }));
    expect((await bytes(get.Body)).equals(Buffer.concat([p1, data.subarray(10, 70010)]))).toBe(true);
    const aborted = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: "gone", ...sse(key) }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: "gone", UploadId: aborted.UploadId! }));
  });

  it("uploads with POST Object (presigned post) carrying the SSE-C fields", async () => {
    const fields = {
      "x-amz-server-side-encryption-customer-algorithm": "AES256",
      "x-amz-server-side-encryption-customer-key": key.toString("base64"),
      "x-amz-server-side-encryption-customer-key-MD5": md5b64(key),
    };
    const post = await createPresignedPost(s3, {
      Bucket,
      Key: "posted/${filename}",
      Fields: fields,
      Conditions: [
        ["starts-with", "$key", "posted/"],
        ["content-length-range", 0, 10 * MiB],
        ...Object.entries(fields).map(([k, v]) => ({ [k]: v })),
      ],
      Expires: 300,
    });
    const form = new FormData();
    for (const [k, v] of Object.entries(post.fields)) form.append(k, v);
    form.append("file", new Blob([data.subarray(0, 5000)]), "hello.bin");
    const dispatcher = new Agent({ connect: { ca: server.caPem } });
    try {
      const res = await fetch(post.url, { method: "POST", body: form, dispatcher });
      expect(res.status).toBe(204);
      expect(res.headers.get("x-amz-server-side-encryption-customer-key-md5")).toBe(md5b64(key));
    } finally {
      await dispatcher.close();
    }
    const get = await s3.send(new GetObjectCommand({ Bucket, Key: "posted/hello.bin", ...sse(key) }));
    expect((await bytes(get.Body)).equals(data.subarray(0, 5000))).toBe(true);
    expect((await failure(s3.send(new GetObjectCommand({ Bucket, Key: "posted/hello.bin" })))).status).toBe(400);
  });

  it("serves a presigned GET sent with the SSE-C headers, and refuses it without them", async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: "put", ...sse(key) }), { expiresIn: 300 });
    const headers = {
      "x-amz-server-side-encryption-customer-algorithm": "AES256",
      "x-amz-server-side-encryption-customer-key": key.toString("base64"),
      "x-amz-server-side-encryption-customer-key-md5": md5b64(key),
    };
    const dispatcher = new Agent({ connect: { ca: server.caPem } });
    try {
      const ok = await fetch(url, { headers, dispatcher });
      expect(ok.status).toBe(200);
      expect(Buffer.from(await ok.arrayBuffer()).equals(data)).toBe(true);
      const bare = await fetch(url, { dispatcher });
      await bare.arrayBuffer();
      expect(bare.status).toBe(403);
    } finally {
      await dispatcher.close();
    }
  });

  it("blocks and unblocks SSE-C with PutBucketEncryption (BlockedEncryptionTypes)", async () => {
    const rule = (types: ("SSE-C" | "NONE")[]) => ({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" as const },
            BlockedEncryptionTypes: { EncryptionType: types },
          },
        ],
      },
    });
    await s3.send(new PutBucketEncryptionCommand({ Bucket, ...rule(["SSE-C"]) }));
    const conf = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(conf.ServerSideEncryptionConfiguration?.Rules?.[0].BlockedEncryptionTypes?.EncryptionType).toEqual([
      "SSE-C",
    ]);
    expect(await failure(s3.send(new PutObjectCommand({ Bucket, Key: "blocked", Body: "x", ...sse(key) })))).toEqual({
      status: 403,
      code: "AccessDenied",
    });
    // Reads are not blocked. The body is read to the end: the SDK validates the returned CRC32
    // (x-amz-checksum-mode: ENABLED by default) on a stream that must not be left open.
    const read = await s3.send(new GetObjectCommand({ Bucket, Key: "put", ...sse(key) }));
    expect(read.$metadata.httpStatusCode).toBe(200);
    expect((await bytes(read.Body)).equals(data)).toBe(true);
    await s3.send(new PutBucketEncryptionCommand({ Bucket, ...rule(["NONE"]) }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "blocked", Body: "x", ...sse(key) }));
  });

  it("lists and deletes in bulk", async () => {
    const list = await s3.send(new ListObjectsV2Command({ Bucket }));
    const keys = list.Contents!.map((c) => c.Key!);
    expect(keys).toContain("multi");
    const del = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    expect(del.Deleted?.length).toBe(keys.length);
    expect((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount).toBe(0);
  });
});
