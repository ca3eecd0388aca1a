/**
 * The harness's presigned URLs for SSE-C requests have the shape current SDK presigners give them
 * (evidence presigned.ssec): the three SSE-C headers are signed headers, sent as headers, never
 * query parameters. @aws-sdk/s3-request-presigner (a devDependency, used only here) is the
 * reference; the shipped client signs with @smithy/signature-v4 on its own (sign.ts).
 */
import { createHash } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { buildPostForm } from "./post-policy.ts";
import { prepareRequest } from "./prepare.ts";
import { SigV4 } from "./sign.ts";
import type { ClientOptions, S3Request } from "./types.ts";

const opts: ClientOptions = {
  endpoint: "https://localhost:9000",
  region: "us-east-1",
  accessKeyId: "AK",
  secretAccessKey: "SK",
};
const signer = new SigV4({ credentials: { accessKeyId: "AK", secretAccessKey: "SK" }, region: "us-east-1" });
const sdk = new S3Client({
  endpoint: opts.endpoint,
  region: opts.region,
  forcePathStyle: true,
  credentials: { accessKeyId: "AK", secretAccessKey: "SK" },
});
const raw = Buffer.alloc(32, 7);
const key = raw.toString("base64");
const md5 = createHash("md5").update(raw).digest("base64");
const trio: [string, string][] = [
  ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
  ["x-amz-server-side-encryption-customer-key", key],
  ["x-amz-server-side-encryption-customer-key-MD5", md5],
];
const sse = { SSECustomerAlgorithm: "AES256", SSECustomerKey: key, SSECustomerKeyMD5: md5 };

function signedHeaders(url: string): string[] {
  return (new URL(url).searchParams.get("X-Amz-SignedHeaders") ?? "").split(";").sort();
}
function queryNames(url: string): string[] {
  return [...new URL(url).searchParams.keys()].map((n) => n.toLowerCase());
}

async function harnessUrl(req: Partial<S3Request>): Promise<string> {
  const p = await prepareRequest(opts, signer, {
    bucket: "b",
    key: "k",
    method: "GET",
    auth: "presign",
    headers: trio,
    ...req,
  });
  return `${p.origin}${p.path}`;
}

describe("presigned SSE-C URLs, as @aws-sdk/s3-request-presigner makes them", () => {
  it.each([
    ["GET", () => new GetObjectCommand({ Bucket: "b", Key: "k", ...sse })],
    ["HEAD", () => new HeadObjectCommand({ Bucket: "b", Key: "k", ...sse })],
    ["PUT", () => new PutObjectCommand({ Bucket: "b", Key: "k", ...sse })],
  ] as const)("%s: the three SSE-C headers are signed headers, and none is a query parameter", async (method, cmd) => {
    const theirs = await getSignedUrl(sdk, cmd(), { expiresIn: 300 });
    const ours = await harnessUrl({ method, ...(method === "PUT" ? { body: "x", payload: "unsigned" } : {}) });
    for (const name of trio.map(([n]) => n.toLowerCase())) {
      expect(signedHeaders(theirs)).toContain(name);
      expect(signedHeaders(ours)).toContain(name);
      expect(queryNames(theirs)).not.toContain(name);
      expect(queryNames(ours)).not.toContain(name);
    }
    // Neither URL carries the key, in any spelling.
    for (const url of [theirs, ours]) expect(decodeURIComponent(url)).not.toContain(key);
    // The same SigV4 query parameters (the SDK adds its own x-id and user-agent ones beside them).
    const SIGV4 = [
      "x-amz-algorithm",
      "x-amz-credential",
      "x-amz-date",
      "x-amz-expires",
      "x-amz-signedheaders",
      "x-amz-signature",
    ];
    const sigv4 = (u: string) =>
      queryNames(u)
        .filter((n) => SIGV4.includes(n))
        .sort();
    expect(sigv4(ours)).toEqual(sigv4(theirs));
    expect(sigv4(ours)).toEqual([...SIGV4].sort());
    const ssec = (u: string) => signedHeaders(u).filter((n) => n.includes("server-side-encryption"));
    expect(ssec(ours)).toEqual(ssec(theirs));
  });
});

describe("a presigned POST with SSE-C fields, as @aws-sdk/s3-presigned-post makes it", () => {
  it("has the same fields, and its policy an exact-match condition for each SSE-C field", async () => {
    const theirs = await createPresignedPost(sdk, {
      Bucket: "b",
      Key: "k",
      Fields: Object.fromEntries(trio),
      Conditions: trio.map(([n, v]) => ({ [n]: v })),
    });
    const ours = buildPostForm(
      { accessKeyId: "AK", secretAccessKey: "SK", region: "us-east-1" },
      { bucket: "b", key: "k", file: Buffer.from("x"), fields: trio },
    );
    // The SDK also sends the bucket as a field; the harness posts to the bucket's URL (both are S3 POST forms).
    const names = (f: [string, string][]) =>
      f
        .map(([n]) => n.toLowerCase())
        .filter((n) => n !== "bucket")
        .sort();
    expect(names(ours.fields)).toEqual(names(Object.entries(theirs.fields)));
    const conditionsOf = (policyBase64: string) =>
      (JSON.parse(Buffer.from(policyBase64, "base64").toString("utf8")) as { conditions: unknown[] }).conditions;
    for (const [n, v] of trio) {
      const exact = (c: unknown) => JSON.stringify(c).toLowerCase() === JSON.stringify({ [n]: v }).toLowerCase();
      expect(conditionsOf(theirs.fields.Policy).some(exact)).toBe(true);
      const policy = ours.fields.find(([f]) => f.toLowerCase() === "policy")![1];
      expect(conditionsOf(policy).some(exact)).toBe(true);
    }
  });
});
