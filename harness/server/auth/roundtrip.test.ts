/**
 * Round trips: requests produced by the AWS SDK itself — @smithy/signature-v4 over arbitrary keys
 * and queries, and @aws-sdk/client-s3 captured at its transport (no network) — must authenticate
 * and their bodies verify, byte for byte.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authenticate, verifiedBody, verifyPostPolicy, type AuthInput } from "./index.ts";
import {
  ACCESS_KEY,
  EMPTY_SHA256 as EMPTY,
  presign,
  REGION,
  SECRET_KEY,
  signerAuth,
  signHeader,
  uriEscape as escape,
} from "../../server-testing/smithy-signer.ts";
import { collect } from "../../server-testing/auth-bodies.ts";

const keyPath = (bucket: string, key: string) => `/${bucket}/${key.split("/").map(escape).join("/")}`;

describe("@smithy/signature-v4 round trip (property, seeded)", () => {
  const cfg = signerAuth();
  const key = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
  const query = fc.dictionary(
    fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 8 }),
    fc.string({ unit: "grapheme", maxLength: 12 }),
    {
      maxKeys: 4,
    },
  );
  const meta = fc
    .string({ unit: "grapheme-ascii", maxLength: 20 })
    .map((s) => s.replace(/[^\x21-\x7e ]/g, "").trim() || "v");

  it("header-signed requests with arbitrary keys, queries and metadata authenticate", async () => {
    await fc.assert(
      fc.asyncProperty(key, query, meta, async (k, q, m) => {
        const input = await signHeader({
          method: "PUT",
          path: keyPath("bucket", k),
          query: q,
          headers: { "x-amz-content-sha256": EMPTY, "x-amz-meta-note": ` ${m}  ` },
        });
        const outcome = authenticate(input, cfg);
        expect(outcome.ok ? "ok" : `${outcome.fault.code}: ${outcome.fault.message}`).toBe("ok");
      }),
      { seed: 20261126, numRuns: 200 },
    );
  });

  it("presigned URLs with arbitrary keys and queries authenticate", async () => {
    await fc.assert(
      fc.asyncProperty(key, query, async (k, q) => {
        const input = await presign({ method: "GET", path: keyPath("bucket", k), query: q, headers: {} }, 900);
        const outcome = authenticate(input, cfg);
        expect(outcome.ok ? "ok" : `${outcome.fault.code}: ${outcome.fault.message}`).toBe("ok");
      }),
      { seed: 20261126, numRuns: 200 },
    );
  });
});

/** What the SDK handed to its transport, turned into the server's view of the request. */
interface Captured {
  input: AuthInput;
  body: Readable;
}

function captureClient(captured: Captured[]): S3Client {
  return new S3Client({
    region: REGION,
    endpoint: "https://127.0.0.1:9443",
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: HttpRequest) {
        const parts: string[] = [];
        for (const [k, v] of Object.entries(request.query ?? {})) {
          for (const one of Array.isArray(v) ? v : [v])
            parts.push(one === null ? escape(k) : `${escape(k)}=${escape(String(one))}`);
        }
        const b = request.body as unknown;
        const body =
          b === undefined || b === null
            ? Readable.from([])
            : b instanceof Readable
              ? b
              : Readable.from([Buffer.from(typeof b === "string" ? b : (b as Uint8Array))]);
        captured.push({
          input: {
            method: request.method,
            rawPath: request.path,
            rawQuery: parts.join("&"),
            headers: Object.entries(request.headers),
          },
          body,
        });
        const isCopy = "x-amz-copy-source" in request.headers;
        return {
          response: new HttpResponse({
            statusCode: 200,
            headers: { etag: '"00000000000000000000000000000000"' },
            body: Readable.from([
              Buffer.from(isCopy ? "<CopyObjectResult><ETag>&quot;0&quot;</ETag></CopyObjectResult>" : ""),
            ]),
          }),
        };
      },
    },
  });
}

describe("@aws-sdk/client-s3 requests, captured at the transport", () => {
  // The SDK signs with the real clock, so the server's clock is the real one here.
  const cfg = signerAuth(null);
  const sseC = { SSECustomerAlgorithm: "AES256", SSECustomerKey: Buffer.alloc(32, 3).toString("base64") };

  async function verify(c: Captured): Promise<Buffer> {
    const outcome = authenticate(c.input, cfg);
    expect(outcome.ok ? "ok" : `${outcome.fault.code}: ${outcome.fault.message}`).toBe("ok");
    if (!outcome.ok) throw outcome.fault;
    const { data, error } = await collect(verifiedBody(outcome.body, c.body));
    expect(error).toBeUndefined();
    return data;
  }

  it("PutObject with a Buffer body (hex payload hash, CRC32 header) and SSE-C", async () => {
    const captured: Captured[] = [];
    const body = Buffer.from("hello, SSE-C world");
    await captureClient(captured).send(
      new PutObjectCommand({ Bucket: "bucket", Key: "dir/a key+(1).txt", Body: body, ...sseC }),
    );
    expect(captured).toHaveLength(1);
    const names = captured[0]!.input.headers.map(([n]) => n.toLowerCase());
    expect(names).toContain("x-amz-checksum-crc32");
    expect((await verify(captured[0]!)).equals(body)).toBe(true);
  });

  it("PutObject with a stream body: aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER, trailing CRC32", async () => {
    const captured: Captured[] = [];
    const body = Buffer.alloc(200_000, 0x41);
    await captureClient(captured).send(
      new PutObjectCommand({
        Bucket: "bucket",
        Key: "streamed",
        Body: Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]),
        ContentLength: body.length,
        ...sseC,
      }),
    );
    const sha = captured[0]!.input.headers.find(([n]) => n.toLowerCase() === "x-amz-content-sha256")![1];
    expect(sha).toBe("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    expect((await verify(captured[0]!)).equals(body)).toBe(true);
  });

  it("UploadPart, GetObject and CopyObject with SSE-C (copy-source trio signed)", async () => {
    const captured: Captured[] = [];
    const client = captureClient(captured);
    await client.send(
      new UploadPartCommand({
        Bucket: "bucket",
        Key: "k",
        UploadId: "u/1",
        PartNumber: 2,
        Body: Buffer.alloc(1000, 1),
        ...sseC,
      }),
    );
    await client.send(new GetObjectCommand({ Bucket: "bucket", Key: "k", Range: "bytes=0-9", ...sseC }));
    await client.send(
      new CopyObjectCommand({
        Bucket: "bucket",
        Key: "copy",
        CopySource: "bucket/k",
        ...sseC,
        CopySourceSSECustomerAlgorithm: "AES256",
        CopySourceSSECustomerKey: Buffer.alloc(32, 4).toString("base64"),
      }),
    );
    expect(captured).toHaveLength(3);
    for (const c of captured) await verify(c);
  });

  it("a presigned GET with SSE-C headers (getSignedUrl) authenticates when the headers are sent", async () => {
    const client = captureClient([]);
    const url = new URL(
      await getSignedUrl(client, new GetObjectCommand({ Bucket: "bucket", Key: "k", ...sseC }), { expiresIn: 300 }),
    );
    const keyMd5 = createHash("md5").update(Buffer.alloc(32, 3)).digest("base64");
    const headers: [string, string][] = [
      ["Host", url.host],
      ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
      ["x-amz-server-side-encryption-customer-key", sseC.SSECustomerKey],
      ["x-amz-server-side-encryption-customer-key-md5", keyMd5],
    ];
    const input: AuthInput = { method: "GET", rawPath: url.pathname, rawQuery: url.search.slice(1), headers };
    const ok = authenticate(input, cfg);
    expect(ok.ok ? "ok" : `${ok.fault.code}: ${ok.fault.message}`).toBe("ok");
    const without = authenticate({ ...input, headers: headers.slice(0, 1) }, cfg);
    expect(without.ok ? "ok" : without.fault.code).toBe("SignatureDoesNotMatch");
  });

  it("a POST policy from @aws-sdk/s3-presigned-post passes verifyPostPolicy", async () => {
    const client = captureClient([]);
    const { fields } = await createPresignedPost(client, {
      Bucket: "bucket",
      Key: "uploads/${filename}",
      Conditions: [
        ["starts-with", "$key", "uploads/"],
        ["content-length-range", 0, 1024],
        ...["algorithm", "key", "key-md5"].map((s) => [
          "starts-with",
          `$x-amz-server-side-encryption-customer-${s}`,
          "",
        ]),
      ] as never,
      Fields: { "x-amz-server-side-encryption-customer-algorithm": "AES256" },
      Expires: 300,
    });
    const form: [string, string][] = Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v]);
    form.push(
      ["x-amz-server-side-encryption-customer-key", sseC.SSECustomerKey],
      ["x-amz-server-side-encryption-customer-key-md5", "bWQ1"],
    );
    const outcome = verifyPostPolicy(form, "bucket", cfg, "photo.jpg");
    expect(outcome.ok ? "ok" : `${outcome.fault.code}: ${outcome.fault.message}`).toBe("ok");
    if (outcome.ok) expect(outcome.checkLength(2048)?.code).toBe("EntityTooLarge");
  });
});
