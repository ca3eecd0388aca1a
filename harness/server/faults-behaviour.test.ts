/**
 * Every injectable fault changes what the server does: for each fault, one scenario whose
 * observable outcome differs between the correct server and the server with that fault on.
 * (Whether the conformance suites catch each fault is the self-test's job, issue 7.)
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { FAULTS, type FaultName } from "./faults.ts";
import { NodeSha256 } from "../server-testing/smithy-signer.ts";
import {
  initiateUpload,
  inProcess,
  newKey,
  payload,
  postForm as buildPostForm,
  ssecFormFields,
  ssecHeaders,
} from "../server-testing/s3-requests.ts";

type Server = ReturnType<typeof inProcess>;
const KEY = newKey();
const OTHER = newKey();
const K = ssecHeaders(KEY);
const A = "x-amz-server-side-encryption-customer-";
const MiB = 1024 * 1024;
const md5hex = (b: Buffer | string) => createHash("md5").update(b).digest("hex");

async function put(s: Server, key: string, body: Buffer | string, headers: Record<string, string> = {}) {
  return s.send({ method: "PUT", path: `/fbk/${key}`, body, headers });
}
const get = (s: Server, key: string, headers: Record<string, string> = {}, method = "GET") =>
  s.send({ method, path: `/fbk/${key}`, headers });

async function multipart(s: Server, parts: Buffer[], headers: Record<string, string>, partHeaders = headers) {
  const uploadId = await initiateUpload(s, "/fbk/mp", headers);
  const etags: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const r = await s.send({
      method: "PUT",
      path: "/fbk/mp",
      query: { partNumber: String(i + 1), uploadId },
      body: parts[i],
      headers: partHeaders,
    });
    etags.push(r.headers.etag);
  }
  return { uploadId, etags };
}
const completeXml = (etags: string[]) =>
  `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join("")}</CompleteMultipartUpload>`;

async function postForm(s: Server, fields: Record<string, string>, file: Buffer, secure: boolean) {
  const form = await buildPostForm(s.creds, "fbk", "posted", fields, file);
  return s.send({ method: "POST", path: "/fbk", body: form.body, sign: false, secure, headers: form.headers });
}

const postSsecFields = ssecFormFields(KEY);

const sseS3Default =
  "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>";
const blockedConfig =
  "<ServerSideEncryptionConfiguration><Rule><BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>";

/** A GET presigned as @aws-sdk/s3-request-presigner presigns one: `headers` signed and sent as headers. */
async function presignedGet(s: Server, path: string, headers: Record<string, string>) {
  const signer = new SignatureV4({
    credentials: { accessKeyId: s.creds.accessKey, secretAccessKey: s.creds.secretKey },
    region: s.creds.region,
    service: "s3",
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const request = new HttpRequest({
    method: "GET",
    protocol: "https:",
    hostname: "127.0.0.1",
    path,
    query: {},
    headers: { host: "127.0.0.1:1", ...headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
  });
  const signed = await signer.presign(request, {
    expiresIn: 300,
    unhoistableHeaders: new Set(Object.keys(headers)),
    unsignableHeaders: new Set(["x-amz-content-sha256"]),
  });
  const query = signed.query as Record<string, string>;
  return s.send({ method: "GET", path, query, headers, sign: false });
}

/** The same trio in OBS's native x-obs- names. */
const OBS = Object.fromEntries(Object.entries(K).map(([n, v]) => [n.replace(/^x-amz-/, "x-obs-"), v]));
const POLICY_KEY = "s3:x-amz-server-side-encryption-customer-algorithm";
/** A Deny of s3:PutObject on every object of fbk under `condition`. */
async function setPolicy(s: Server, condition: Record<string, Record<string, string>>) {
  const Statement = [
    { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::fbk/*", Condition: condition },
  ];
  const body = JSON.stringify({ Version: "2012-10-17", Statement });
  const r = await s.send({ method: "PUT", path: "/fbk", query: { policy: "" }, body });
  expect(r.status).toBe(204);
}

/** Two SSE-C versions of fbk/v (KEY, then OTHER) in a versioned bucket; returns their version ids. */
async function twoVersions(s: Server): Promise<[string, string]> {
  const xml = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
  await s.send({ method: "PUT", path: "/fbk", query: { versioning: "" }, body: xml });
  const v1 = (await put(s, "v", "one", K)).headers["x-amz-version-id"];
  const v2 = (await put(s, "v", "two", ssecHeaders(OTHER))).headers["x-amz-version-id"];
  return [v1, v2];
}
const readVersion = (s: Server, versionId: string, key: Buffer, method = "GET") =>
  s.send({ method, path: "/fbk/v", query: { versionId }, headers: ssecHeaders(key) });
const attributes = (s: Server, key: string, headers: Record<string, string>, names = "ObjectSize,ETag,Checksum") =>
  s.send({
    method: "GET",
    path: `/fbk/${key}`,
    query: { attributes: "" },
    headers: { "x-amz-object-attributes": names, ...headers },
  });
const versionsListing = async (s: Server) =>
  (await s.send({ method: "GET", path: "/fbk", query: { versions: "" } })).body.toString();

/** One observable per fault: a value that differs when the fault is on. */
const SCENARIOS: Record<FaultName, (s: Server) => Promise<unknown>> = {
  "md5-not-checked": async (s) =>
    (await put(s, "a", "x", { ...K, [`${A}key-md5`]: md5hex("nope").slice(0, 22) + "==" })).status,
  "hex-md5-accepted": async (s) => (await put(s, "a", "x", { ...K, [`${A}key-md5`]: md5hex(KEY) })).status,
  "algorithm-not-checked": async (s) => (await put(s, "a", "x", { ...K, [`${A}algorithm`]: "KMS" })).status,
  "sse-conflict-accepted": async (s) =>
    (await put(s, "a", "x", { ...K, "x-amz-server-side-encryption": "AES256" })).status,
  "short-key-accepted": async (s) => {
    const short = Buffer.alloc(16, 3);
    return (await put(s, "a", "x", ssecHeaders(short))).status;
  },
  "ssec-over-http": async (s) =>
    (await s.send({ method: "PUT", path: "/fbk/a", body: "x", headers: K, secure: false })).status,
  "http-gate-ignores-copy-source": async (s) => {
    // An SSE-C source, copied over plain HTTP to a plain target with only the copy-source trio.
    await put(s, "a", "x", K);
    const copySource = ssecHeaders(KEY, { copySource: true });
    const r = await s.send({
      method: "PUT",
      path: "/fbk/b",
      headers: { "x-amz-copy-source": "/fbk/a", ...copySource },
      secure: false,
    });
    return [r.status, (await get(s, "b")).status];
  },
  "post-ssec-over-http": async (s) => (await postForm(s, postSsecFields, Buffer.from("form"), false)).status,
  "ssec-ignored": async (s) => {
    await put(s, "a", "x", K);
    return (await get(s, "a")).status;
  },
  "plaintext-at-rest": async (s) => {
    const data = payload(1000);
    await put(s, "a", data, K);
    const obj = (await s.storage.getObject("fbk", "a"))!;
    const stored = await s.storage.readBlob(obj.segments[0].blob, 0, obj.segments[0].stored);
    const chunks: Buffer[] = [];
    for await (const c of stored) chunks.push(c as Buffer);
    return Buffer.concat(chunks).includes(data.subarray(0, 64));
  },
  "key-at-rest": async (s) => {
    await put(s, "a", "x", K);
    return JSON.stringify(await s.storage.getObject("fbk", "a")).includes(KEY.toString("base64"));
  },
  "get-wrong-key-tampered": async (s) => {
    await put(s, "a", "x", K);
    return (await get(s, "a", ssecHeaders(OTHER))).status;
  },
  "get-wrong-key-accepted": async (s) => {
    await put(s, "a", payload(1000), K);
    try {
      return (await get(s, "a", ssecHeaders(OTHER))).status;
    } catch {
      return "body broke off";
    }
  },
  "head-wrong-key-accepted": async (s) => {
    await put(s, "a", "x", K);
    return (await get(s, "a", ssecHeaders(OTHER), "HEAD")).status;
  },
  "head-without-key-accepted": async (s) => {
    await put(s, "a", "x", K);
    return (await get(s, "a", {}, "HEAD")).status;
  },
  "zero-byte-key-not-checked": async (s) => {
    await put(s, "a", "", K);
    return (await get(s, "a", ssecHeaders(OTHER))).status;
  },
  "ssec-on-plain-accepted": async (s) => {
    await put(s, "a", "x");
    return (await get(s, "a", K)).status;
  },
  "echo-missing": async (s) => (await put(s, "a", "x", K)).headers[`${A}key-md5`],
  "echo-key": async (s) => (await put(s, "a", "x", K)).headers[`${A}key`],
  "etag-is-md5": async (s) => (await put(s, "a", "x", K)).headers.etag === `"${md5hex("x")}"`,
  "head-ciphertext-length": async (s) => {
    await put(s, "a", payload(1000), K);
    return (await get(s, "a", K, "HEAD")).headers["content-length"];
  },
  "range-off-by-one": async (s) => {
    await put(s, "a", payload(1000), K);
    return (await get(s, "a", { ...K, range: "bytes=10-19" })).body.toString("hex");
  },
  "multipart-offsets-sealed": async (s) => {
    const parts = [payload(5 * MiB + 1, 1), payload(2000, 2)];
    const { uploadId, etags } = await multipart(s, parts, K);
    await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, body: completeXml(etags) });
    try {
      const r = await get(s, "mp", { ...K, range: `bytes=${5 * MiB + 100}-${5 * MiB + 199}` });
      return r.body.equals(parts[1].subarray(99, 199));
    } catch {
      return "stream failed";
    }
  },
  "multipart-part-keys-ignored": async (s) => {
    const parts = [payload(5 * MiB + 1, 1), payload(2000, 2)];
    const { uploadId, etags } = await multipart(s, parts, K);
    await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, body: completeXml(etags) });
    try {
      return (await get(s, "mp", { ...K, range: `bytes=${5 * MiB + 100}-${5 * MiB + 199}` })).body.equals(
        parts[1].subarray(99, 199),
      );
    } catch {
      return "stream failed";
    }
  },
  "part-key-not-checked": async (s) => {
    const { etags } = await multipart(s, [Buffer.from("p")], K, ssecHeaders(OTHER));
    return etags[0] !== undefined;
  },
  "part-without-key-accepted": async (s) => {
    const { etags } = await multipart(s, [Buffer.from("p")], K, {});
    return etags[0] !== undefined;
  },
  "copy-source-uses-target-key": async (s) => {
    await put(s, "a", "x", K);
    return (await s.send({ method: "PUT", path: "/fbk/b", headers: { "x-amz-copy-source": "/fbk/a", ...K } })).status;
  },
  "part-copy-source-key-ignored": async (s) => {
    await put(s, "a", "x", K);
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    return (
      await s.send({
        method: "PUT",
        path: "/fbk/mp",
        query: { partNumber: "1", uploadId },
        headers: { "x-amz-copy-source": "/fbk/a", ...K },
      })
    ).status;
  },
  "part-copy-ignores-copy-source-headers": async (s) => {
    // The upload shares the source's key; the copy-source trio names another key.
    await put(s, "a", "x", K);
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    const headers = { "x-amz-copy-source": "/fbk/a", ...ssecHeaders(OTHER, { copySource: true }), ...K };
    return (await s.send({ method: "PUT", path: "/fbk/mp", query: { partNumber: "1", uploadId }, headers })).status;
  },
  "copy-from-ssec-source-not-implemented": async (s) => {
    await put(s, "a", "x", K);
    const headers = { "x-amz-copy-source": "/fbk/a", ...ssecHeaders(KEY, { copySource: true }), ...K };
    return (await s.send({ method: "PUT", path: "/fbk/b", headers })).status;
  },
  "copy-source-keys-on-plain-accepted": async (s) => {
    await put(s, "a", "x");
    return (
      await s.send({
        method: "PUT",
        path: "/fbk/b",
        headers: { "x-amz-copy-source": "/fbk/a", ...ssecHeaders(KEY, { copySource: true }) },
      })
    ).status;
  },
  "copy-drops-encryption": async (s) => {
    await put(s, "a", "x");
    await s.send({ method: "PUT", path: "/fbk/b", headers: { "x-amz-copy-source": "/fbk/a", ...K } });
    return (await get(s, "b")).status;
  },
  "complete-drops-encryption": async (s) => {
    const { uploadId, etags } = await multipart(s, [Buffer.from("part")], K);
    await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, body: completeXml(etags) });
    return (await get(s, "mp")).status;
  },
  "complete-requires-key": async (s) => {
    const { uploadId, etags } = await multipart(s, [Buffer.from("part")], K);
    return (await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, body: completeXml(etags) })).status;
  },
  "post-ssec-ignored": async (s) => {
    expect((await postForm(s, postSsecFields, Buffer.from("form"), true)).status).toBe(204);
    return (await get(s, "posted")).status;
  },
  "blocked-encryption-types-unknown": async (s) => {
    await s.send({ method: "PUT", path: "/fbk", query: { encryption: "" }, body: blockedConfig });
    const back = await s.send({ method: "GET", path: "/fbk", query: { encryption: "" } });
    return [back.status, back.body.toString().includes("BlockedEncryptionTypes"), (await put(s, "a", "x", K)).status];
  },
  "blocked-bucket-ignored": async (s) => {
    await s.send({ method: "PUT", path: "/fbk", query: { encryption: "" }, body: blockedConfig });
    return (await put(s, "a", "x", K)).status;
  },
  "default-encryption-overrides-ssec": async (s) => {
    await s.send({ method: "PUT", path: "/fbk", query: { encryption: "" }, body: sseS3Default });
    await put(s, "a", "x", K);
    return (await get(s, "a")).status;
  },
  "copy-ignores-default-encryption": async (s) => {
    await put(s, "a", "x", K);
    await s.send({ method: "PUT", path: "/fbk", query: { encryption: "" }, body: sseS3Default });
    const headers = { ...ssecHeaders(KEY, { copySource: true }), "x-amz-copy-source": "/fbk/a" };
    return (await s.send({ method: "PUT", path: "/fbk/b", headers })).headers["x-amz-server-side-encryption"];
  },
  "copy-to-sse-s3-ciphertext": async (s) => {
    await put(s, "a", "secret bytes", K);
    const headers = {
      ...ssecHeaders(KEY, { copySource: true }),
      "x-amz-copy-source": "/fbk/a",
      "x-amz-server-side-encryption": "AES256",
    };
    await s.send({ method: "PUT", path: "/fbk/b", headers });
    return (await get(s, "b")).body.toString();
  },
  "sse-s3-source-copy-keeps-sse-s3": async (s) => {
    await put(s, "a", "x", { "x-amz-server-side-encryption": "AES256" });
    await s.send({ method: "PUT", path: "/fbk/b", headers: { ...K, "x-amz-copy-source": "/fbk/a" } });
    return (await get(s, "b")).status;
  },
  "part-copy-plain-upload-ciphertext": async (s) => {
    await put(s, "a", "secret bytes", K);
    const uploadId = await initiateUpload(s, "/fbk/mp", {});
    const headers = { ...ssecHeaders(KEY, { copySource: true }), "x-amz-copy-source": "/fbk/a" };
    const part = await s.send({ method: "PUT", path: "/fbk/mp", query: { partNumber: "1", uploadId }, headers });
    const etag = /<ETag>(.*?)<\/ETag>/.exec(part.body.toString())?.[1]?.replace(/&quot;/g, '"') ?? "";
    await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, body: completeXml([etag]) });
    return (await get(s, "mp")).body.toString();
  },
  "copy-source-conditions-before-key": async (s) => {
    const etag = (await put(s, "a", "x", K)).headers.etag;
    const headers = { ...K, ...ssecHeaders(OTHER, { copySource: true }), "x-amz-copy-source": "/fbk/a" };
    return (
      await s.send({ method: "PUT", path: "/fbk/b", headers: { ...headers, "x-amz-copy-source-if-none-match": etag } })
    ).status;
  },
  "conditional-read-key-unverified": async (s) => {
    const etag = (await put(s, "a", "x", K)).headers.etag;
    return (await get(s, "a", { ...ssecHeaders(OTHER), "if-match": etag })).status;
  },
  "preconditions-before-key": async (s) => {
    const etag = (await put(s, "a", "x", K)).headers.etag;
    return (await get(s, "a", { ...ssecHeaders(OTHER), "if-none-match": etag })).status;
  },
  "conditional-write-ssec-unchecked": async (s) => {
    await put(s, "a", "x", K);
    return (await put(s, "a", "y", { ...ssecHeaders(OTHER), "if-none-match": "*" })).status;
  },
  "conditional-write-drops-encryption": async (s) => {
    await put(s, "a", "x", { ...K, "if-none-match": "*" });
    return (await get(s, "a")).status;
  },
  "copy-source-conditions-ignored-for-ssec": async (s) => {
    const etag = (await put(s, "a", "x", K)).headers.etag;
    const headers = { ...K, ...ssecHeaders(KEY, { copySource: true }), "x-amz-copy-source": "/fbk/a" };
    return (
      await s.send({ method: "PUT", path: "/fbk/b", headers: { ...headers, "x-amz-copy-source-if-none-match": etag } })
    ).status;
  },
  "blocked-bucket-copy-unchecked": async (s) => {
    await put(s, "src", "x");
    await s.send({ method: "PUT", path: "/fbk", query: { encryption: "" }, body: blockedConfig });
    return (await s.send({ method: "PUT", path: "/fbk/dst", headers: { ...K, "x-amz-copy-source": "/fbk/src" } }))
      .status;
  },
  "blocked-bucket-parts-unchecked": async (s) => {
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    await s.send({ method: "PUT", path: "/fbk", query: { encryption: "" }, body: blockedConfig });
    const q = { partNumber: "1", uploadId };
    return (await s.send({ method: "PUT", path: "/fbk/mp", query: q, body: "x", headers: K })).status;
  },
  "blocked-bucket-part-copy-unchecked": async (s) => {
    await put(s, "src", "x");
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    await s.send({ method: "PUT", path: "/fbk", query: { encryption: "" }, body: blockedConfig });
    const q = { partNumber: "1", uploadId };
    const headers = { ...K, "x-amz-copy-source": "/fbk/src" };
    return (await s.send({ method: "PUT", path: "/fbk/mp", query: q, headers })).status;
  },
  "wrong-key-400": async (s) => {
    await put(s, "a", "x", K);
    return (await get(s, "a", ssecHeaders(OTHER))).status;
  },
  "missing-key-403": async (s) => {
    await put(s, "a", "x", K);
    return (await get(s, "a")).status;
  },
  "validation-500": async (s) => (await put(s, "a", "x", { ...K, [`${A}algorithm`]: "KMS" })).status,
  "error-body-not-xml": async (s) => (await get(s, "missing")).headers["content-type"],
  "md5-case-insensitive": async (s) => {
    const swapped = K[`${A}key-md5`].replace(/[a-z]/gi, (c) =>
      c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
    );
    return (await put(s, "a", "x", { ...K, [`${A}key-md5`]: swapped })).status;
  },
  "key-base64-lenient": async (s) => {
    const b64 = KEY.toString("base64");
    return (await put(s, "a", "x", { ...K, [`${A}key`]: `${b64.slice(0, 20)}!${b64.slice(20)}` })).status;
  },
  "range-key-not-checked": async (s) => {
    await put(s, "a", payload(1000), K);
    return (await get(s, "a", { ...ssecHeaders(OTHER), range: "bytes=0-99" })).status;
  },
  "part-number-key-not-checked": async (s) => {
    await put(s, "a", payload(1000), K);
    return (await s.send({ method: "HEAD", path: "/fbk/a", query: { partNumber: "1" }, headers: ssecHeaders(OTHER) }))
      .status;
  },
  "part-number-sealed-length": async (s) => {
    await put(s, "a", payload(1000), K);
    return (await s.send({ method: "HEAD", path: "/fbk/a", query: { partNumber: "1" }, headers: K })).headers[
      "content-length"
    ];
  },
  "last-chunk-dropped": async (s) => {
    await put(s, "a", payload(64 * 1024 + 10), K);
    return (await get(s, "a", K)).body.length;
  },
  "copy-echo-missing": async (s) => {
    await put(s, "a", "x", K);
    const copySource = ssecHeaders(KEY, { copySource: true });
    return (
      await s.send({ method: "PUT", path: "/fbk/b", headers: { "x-amz-copy-source": "/fbk/a", ...copySource, ...K } })
    ).headers[`${A}key-md5`];
  },
  "part-copy-echo-missing": async (s) => {
    await put(s, "a", "x");
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    const r = await s.send({
      method: "PUT",
      path: "/fbk/mp",
      query: { partNumber: "1", uploadId },
      headers: { "x-amz-copy-source": "/fbk/a", ...K },
    });
    return r.headers[`${A}key-md5`];
  },
  "replace-directive-drops-encryption": async (s) => {
    await put(s, "a", "x");
    await s.send({
      method: "PUT",
      path: "/fbk/b",
      headers: { "x-amz-copy-source": "/fbk/a", "x-amz-metadata-directive": "REPLACE", ...K },
    });
    return (await get(s, "b")).status;
  },
  "part-copy-range-key-not-checked": async (s) => {
    await put(s, "a", payload(1000), K);
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    const headers = {
      "x-amz-copy-source": "/fbk/a",
      "x-amz-copy-source-range": "bytes=0-99",
      ...ssecHeaders(OTHER, { copySource: true }),
      ...K,
    };
    return (await s.send({ method: "PUT", path: "/fbk/mp", query: { partNumber: "1", uploadId }, headers })).status;
  },
  // The sequence faults (issue 15): each shows only after an earlier request.
  "read-key-check-cached": async (s) => {
    await put(s, "a", payload(100), K);
    await get(s, "a", K);
    return (await get(s, "a", ssecHeaders(OTHER))).status;
  },
  "overwrite-keeps-old-key": async (s) => {
    await put(s, "a", "x", K);
    const other = ssecHeaders(OTHER);
    await put(s, "a", "y", other);
    return (await get(s, "a", other)).status;
  },
  "rotation-range-old-key": async (s) => {
    await put(s, "a", payload(100), K);
    const other = ssecHeaders(OTHER);
    await s.send({
      method: "PUT",
      path: "/fbk/a",
      headers: { "x-amz-copy-source": "/fbk/a", ...ssecHeaders(KEY, { copySource: true }), ...other },
    });
    return (await get(s, "a", { ...other, range: "bytes=0-9" })).status;
  },
  "part-copy-bypasses-upload-key": async (s) => {
    await put(s, "a", "x", ssecHeaders(OTHER));
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    const r = await s.send({
      method: "PUT",
      path: "/fbk/mp",
      query: { partNumber: "1", uploadId },
      headers: { "x-amz-copy-source": "/fbk/a", ...ssecHeaders(OTHER, { copySource: true }), ...K },
    });
    const etag = /<ETag>([^<]*)<\/ETag>/.exec(r.body.toString())![1]!.replace(/&quot;/g, '"');
    await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, body: completeXml([etag]) });
    return (await get(s, "mp", K)).status;
  },
  "abort-keeps-parts": async (s) => {
    const { uploadId } = await multipart(s, [payload(10)], K);
    await s.send({ method: "DELETE", path: "/fbk/mp", query: { uploadId } });
    return (await s.send({ method: "GET", path: "/fbk/mp", query: { uploadId } })).status;
  },
  "delete-keeps-ssec-object": async (s) => {
    await put(s, "a", "x", K);
    await s.send({ method: "DELETE", path: "/fbk/a" });
    return (await get(s, "a", K)).status;
  },
  "head-cache-stale": async (s) => {
    await put(s, "a", "x", K);
    await get(s, "a", K, "HEAD");
    const other = ssecHeaders(OTHER);
    await put(s, "a", "y", other);
    return (await get(s, "a", other, "HEAD")).status;
  },
  "upload-key-by-name": async (s) => {
    await initiateUpload(s, "/fbk/mp", K);
    const other = ssecHeaders(OTHER);
    const second = await initiateUpload(s, "/fbk/mp", other);
    const query = { partNumber: "1", uploadId: second };
    return (await s.send({ method: "PUT", path: "/fbk/mp", query, body: "x", headers: other })).status;
  },
  "plain-overwrite-stays-ssec": async (s) => {
    await put(s, "a", "x", K);
    await put(s, "a", "y");
    return (await get(s, "a")).status;
  },
  "policy-ignored": async (s) => {
    await setPolicy(s, { Null: { [POLICY_KEY]: "true" } });
    return (await put(s, "a", "x")).status;
  },
  "policy-null-inverted": async (s) => {
    await setPolicy(s, { Null: { [POLICY_KEY]: "true" } });
    return [(await put(s, "a", "x")).status, (await put(s, "b", "x", K)).status];
  },
  "policy-not-equals-needs-key": async (s) => {
    await setPolicy(s, { StringNotEquals: { [POLICY_KEY]: "AES256" } });
    return (await put(s, "a", "x")).status;
  },
  "policy-delete-ignored": async (s) => {
    await setPolicy(s, { Null: { [POLICY_KEY]: "true" } });
    await s.send({ method: "DELETE", path: "/fbk", query: { policy: "" } });
    return (await s.send({ method: "GET", path: "/fbk", query: { policy: "" } })).status;
  },
  "bucket-policy-unsupported": async (s) => {
    const body = JSON.stringify({
      Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::fbk/*" }],
    });
    return (await s.send({ method: "PUT", path: "/fbk", query: { policy: "" }, body })).status;
  },
  "obs-headers-ignored": async (s) => {
    await put(s, "a", "x", OBS);
    return (await get(s, "a")).status;
  },
  "obs-amz-form-ignored": async (s) => {
    await put(s, "a", "x", K);
    return (await get(s, "a")).status;
  },
  "obs-echo-amz-only": async (s) =>
    Object.keys((await put(s, "a", "x", OBS)).headers).filter((n) => n.includes("customer")),
  "obs-echo-native-only": async (s) =>
    Object.keys((await put(s, "a", "x", K)).headers).filter((n) => n.includes("customer")),
  "obs-meta-dropped": async (s) => {
    await put(s, "a", "x", { ...OBS, "x-obs-meta-colour": "ultramarine" });
    return (await get(s, "a", OBS, "HEAD")).headers["x-obs-meta-colour"];
  },
  "presigned-key-not-checked": async (s) => {
    await put(s, "a", "x", K);
    return (await presignedGet(s, "/fbk/a", ssecHeaders(OTHER))).status;
  },
  "post-policy-expiry-ignored": async (s) => {
    const form = await buildPostForm(s.creds, "fbk", "posted", postSsecFields, Buffer.from("x"), {
      expiresInSeconds: -60,
    });
    return (await s.send({ method: "POST", path: "/fbk", body: form.body, sign: false, headers: form.headers })).status;
  },
  "policy-key-reads-sse-header": async (s) => {
    await setPolicy(s, { Null: { [POLICY_KEY]: "true" } });
    return (await put(s, "a", "x", K)).status;
  },
  // --- issue 14 items 3, 4, 10 (checksums, Complete, sizes)
  "checksum-over-ciphertext": async (s) => {
    await put(s, "a", "checksummed", { ...K, "x-amz-checksum-sha256": sha256b64("checksummed") });
    return (await get(s, "a", { ...K, "x-amz-checksum-mode": "ENABLED" }, "HEAD")).headers["x-amz-checksum-sha256"];
  },
  "ssec-checksum-dropped": async (s) => {
    await put(s, "a", "checksummed", { ...K, "x-amz-checksum-sha256": sha256b64("checksummed") });
    return (await get(s, "a", { ...K, "x-amz-checksum-mode": "ENABLED" })).headers["x-amz-checksum-sha256"];
  },
  "checksum-mode-skips-key-check": async (s) => {
    await put(s, "a", "checksummed", { ...K, "x-amz-checksum-sha256": sha256b64("checksummed") });
    return (await get(s, "a", { "x-amz-checksum-mode": "ENABLED" }, "HEAD")).status;
  },
  "ssec-checksum-not-verified": async (s) => {
    return (await put(s, "a", "checksummed", { ...K, "x-amz-checksum-sha256": sha256b64("other") })).status;
  },
  "complete-checksum-key-optional": async (s) => {
    const { uploadId, etags } = await multipart(s, [Buffer.from("part")], {
      ...K,
      "x-amz-checksum-algorithm": "SHA256",
    });
    return (await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, body: completeXml(etags) })).status;
  },
  "complete-key-not-compared": async (s) => {
    const { uploadId, etags } = await multipart(s, [Buffer.from("part")], K);
    const headers = ssecHeaders(OTHER);
    return (await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, headers, body: completeXml(etags) }))
      .status;
  },
  "complete-with-key-refused": async (s) => {
    const { uploadId, etags } = await multipart(s, [Buffer.from("part")], K);
    return (
      await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, headers: K, body: completeXml(etags) })
    ).status;
  },
  "part-number-missing-key-served": async (s) => {
    await put(s, "a", payload(1000), K);
    return (await s.send({ method: "GET", path: "/fbk/a", query: { partNumber: "1" } })).status;
  },
  "part-number-ciphertext": async (s) => {
    await put(s, "a", payload(1000), K);
    return md5hex((await s.send({ method: "GET", path: "/fbk/a", query: { partNumber: "1" }, headers: K })).body);
  },
  "large-range-wrong-chunk": async (s) => {
    const body = payload(64 * MiB + 100);
    await put(s, "a", body, K);
    return md5hex((await get(s, "a", { ...K, range: "bytes=-50" })).body);
  },
  "min-part-size-exclusive": async (s) => {
    const { uploadId, etags } = await multipart(s, [payload(5 * MiB), Buffer.from("tail")], K);
    return (
      await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, headers: K, body: completeXml(etags) })
    ).status;
  },
  "part-number-max-9999": async (s) => {
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    const query = { partNumber: "10000", uploadId };
    return (await s.send({ method: "PUT", path: "/fbk/mp", query, body: "x", headers: K })).status;
  },
  "parts-in-upload-order": async (s) => {
    const uploadId = await initiateUpload(s, "/fbk/mp", K);
    const first = payload(5 * MiB);
    const part = (n: number, body: Buffer | string) =>
      s.send({ method: "PUT", path: "/fbk/mp", query: { partNumber: String(n), uploadId }, body, headers: K });
    const e2 = (await part(2, "tail")).headers.etag;
    const e1 = (await part(1, first)).headers.etag;
    const body = completeXml([e1, e2]);
    const done = (await s.send({ method: "POST", path: "/fbk/mp", query: { uploadId }, headers: K, body })).status;
    return [done, (await get(s, "mp", { ...K, range: "bytes=0-3" })).body.toString("latin1")];
  },
  "version-key-checked-against-current": async (s) => {
    const [v1] = await twoVersions(s);
    return (await readVersion(s, v1, KEY)).status;
  },
  "version-id-ignored-on-read": async (s) => {
    const [v1] = await twoVersions(s);
    return (await readVersion(s, v1, OTHER, "HEAD")).status;
  },
  "copy-source-version-ignored": async (s) => {
    const [v1] = await twoVersions(s);
    const headers = { "x-amz-copy-source": `/fbk/v?versionId=${v1}`, ...ssecHeaders(KEY, { copySource: true }) };
    return (await s.send({ method: "PUT", path: "/fbk/c", headers })).status;
  },
  "delete-version-ignored": async (s) => {
    const [v1] = await twoVersions(s);
    await s.send({ method: "DELETE", path: "/fbk/v", query: { versionId: v1 } });
    return (await readVersion(s, v1, KEY)).status;
  },
  "list-versions-sealed-size": async (s) => {
    await put(s, "a", "x", K);
    return /<Size>1<\/Size>/.test(await versionsListing(s));
  },
  "delete-marker-read-through": async (s) => {
    await twoVersions(s);
    await s.send({ method: "DELETE", path: "/fbk/v" });
    return (await get(s, "v", ssecHeaders(OTHER))).status;
  },
  "attributes-without-key-accepted": async (s) => {
    await put(s, "a", "x", K);
    return (await attributes(s, "a", {})).status;
  },
  "attributes-wrong-key-accepted": async (s) => {
    await put(s, "a", "x", K);
    return (await attributes(s, "a", ssecHeaders(OTHER))).status;
  },
  "attributes-sealed-size": async (s) => {
    await put(s, "a", "x", K);
    return (await attributes(s, "a", K)).body.toString().includes("<ObjectSize>1</ObjectSize>");
  },
  "versioning-not-implemented": async (s) =>
    (await s.send({ method: "GET", path: "/fbk", query: { versions: "" } })).status,
  "attributes-not-implemented": async (s) => {
    await put(s, "a", "x");
    return (await attributes(s, "a", {})).status;
  },
  "attributes-checksum-missing": async (s) => {
    await put(s, "a", "x", { ...K, "x-amz-checksum-crc32": "jNwWgw==" });
    return (await attributes(s, "a", K)).body.toString().includes("<ChecksumCRC32>");
  },
};

function sha256b64(body: string): string {
  return createHash("sha256").update(body).digest("base64");
}

/** A fresh in-process server with one bucket, optionally with a fault switched on. */
async function serverWith(faults: FaultName[]): Promise<Server> {
  const s = inProcess({ faults });
  expect((await s.send({ method: "PUT", path: "/fbk" })).status).toBe(200);
  return s;
}

describe("injected faults", () => {
  it("have a scenario each", () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(Object.keys(FAULTS).sort());
  });

  it.each(Object.keys(FAULTS) as FaultName[])("%s changes the server's behaviour", async (fault) => {
    const correct = await SCENARIOS[fault](await serverWith([]));
    const faulty = await SCENARIOS[fault](await serverWith([fault]));
    expect(faulty).not.toEqual(correct);
  });
});
