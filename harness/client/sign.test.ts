import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { HeaderList, S3Request } from "./types.ts";
import { prepareRequest } from "./prepare.ts";
import { chunkSignature, credentialScope, signingKey, SigV4 } from "./sign.ts";
import { encodeSignedChunks, signedChunkedLength } from "./aws-chunked.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/sigv4/${name}`, import.meta.url), "utf8"));

interface SuiteCase {
  name: string;
  req: string;
  authz: string;
}
const suite = fixture("aws-sig-v4-test-suite.json") as {
  context: { accessKeyId: string; secretAccessKey: string; region: string; service: string; signingDate: string };
  cases: SuiteCase[];
};

/** A raw `.req` file: request line, `Name:value` lines, blank line, body. */
function parseReq(raw: string) {
  const [head, body] = raw.split("\n\n");
  const [start, ...lines] = head.split("\n");
  const method = start.slice(0, start.indexOf(" "));
  const uri = start.slice(start.indexOf(" ") + 1, start.lastIndexOf(" "));
  const q = uri.indexOf("?");
  const query =
    q < 0
      ? []
      : uri
          .slice(q + 1)
          .split("&")
          .map((p): [string, string] => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]);
  const headers: HeaderList = lines.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]);
  return { method, path: q < 0 ? uri : uri.slice(0, q), query, headers, body: body ?? "" };
}

describe("AWS SigV4 test suite (fixtures/sigv4/aws-sig-v4-test-suite.json)", () => {
  const c = suite.context;
  // Generic AWS services normalise and escape the path; S3 does not (see sign.ts).
  const signer = new SigV4({ credentials: c, region: c.region, service: c.service, uriEscapePath: true });

  it("holds the whole 2015 suite but the folded-header case", () => {
    expect(suite.cases.length).toBe(30);
  });

  for (const t of suite.cases) {
    it(`reproduces the Authorization header of ${t.name}`, async () => {
      const r = parseReq(t.req);
      // The signer adds x-amz-date itself; headers the published signature leaves out (Content-Length) stay unsigned.
      const headers = r.headers.filter(([n]) => n.toLowerCase() !== "x-amz-date");
      const signed = /SignedHeaders=([^,]*)/.exec(t.authz)![1].split(";");
      const unsignedHeaders = headers.map(([n]) => n.toLowerCase()).filter((n) => !signed.includes(n));
      const sig = await signer.signHeaders(
        { ...r, headers },
        { signingDate: new Date(c.signingDate), unsignedHeaders },
      );
      expect(sig.authorization).toBe(t.authz);
    });
  }

  it("fails when one signed header value changes (the comparison can fail)", async () => {
    const r = parseReq(suite.cases.find((x) => x.name === "post-header-value-case")!.req);
    const headers = r.headers
      .filter(([n]) => n.toLowerCase() !== "x-amz-date")
      .map(([n, v]): [string, string] => [n, v.replace("VALUE1", "value1")]);
    const sig = await signer.signHeaders({ ...r, headers }, { signingDate: new Date(c.signingDate) });
    expect(sig.signature).not.toBe("cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
  });
});

const docs = fixture("s3-doc-examples.json");
const docSigner = new SigV4({ credentials: docs.credentials, region: docs.credentials.region });
/** A request of the worked examples: their credentials, s3.amazonaws.com, bucket examplebucket. */
const prepareDoc = (virtualHosted: boolean, req: Omit<S3Request, "bucket">) =>
  prepareRequest({ endpoint: "https://s3.amazonaws.com", virtualHosted, ...docs.credentials }, docSigner, {
    bucket: "examplebucket",
    ...req,
  });

describe("S3 API reference worked examples (fixtures/sigv4/s3-doc-examples.json)", () => {
  it("signs the GET Object example (signature f0e8bdb8…)", async () => {
    const ex = docs.getObject;
    const sig = await docSigner.signHeaders(
      { method: ex.method, path: ex.path, headers: ex.headers, payloadHash: ex.payloadHash },
      { signingDate: new Date(ex.signingDate) },
    );
    expect(sig.authorization).toBe(ex.authorization);
  });

  it("builds the GET Object example end to end through the client (virtual-hosted)", async () => {
    const ex = docs.getObject;
    const p = await prepareDoc(true, {
      method: "GET",
      key: "test.txt",
      headers: [["Range", "bytes=0-9"]],
      signingDate: new Date(ex.signingDate),
    });
    expect(p.origin).toBe("https://s3.amazonaws.com");
    expect(p.path).toBe("/test.txt");
    expect(p.headers).toEqual([
      ["host", "examplebucket.s3.amazonaws.com"],
      ["Range", "bytes=0-9"],
      ["x-amz-date", "20130524T000000Z"],
      ["x-amz-content-sha256", ex.payloadHash],
      ["authorization", ex.authorization],
    ]);
  });

  it("presigns the query-parameter example (signature aeeed9bb…)", async () => {
    const ex = docs.presignedGet;
    const p = await prepareDoc(true, {
      method: "GET",
      key: "test.txt",
      auth: "presign",
      expiresIn: ex.expiresIn,
      signingDate: new Date(ex.signingDate),
    });
    expect(`https://examplebucket.s3.amazonaws.com${p.path}`).toBe(ex.url);
    expect(p.headers).toEqual([["host", "examplebucket.s3.amazonaws.com"]]);
  });

  it("presigns with SSE-C headers kept as signed headers, not hoisted into the URL", async () => {
    const p = await prepareDoc(false, {
      method: "PUT",
      key: "k",
      auth: "presign",
      headers: [["x-amz-server-side-encryption-customer-algorithm", "AES256"]],
      signingDate: new Date(docs.presignedGet.signingDate),
    });
    expect(p.path).toContain("X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption-customer-algorithm");
    expect(p.path).not.toContain("customer-algorithm=AES256");
    expect(p.headers).toContainEqual(["x-amz-server-side-encryption-customer-algorithm", "AES256"]);
  });

  it("computes the chunked upload example's seed signature (4f232c43…)", async () => {
    const ex = docs.chunkedPut;
    const sig = await docSigner.signHeaders(
      { method: ex.method, path: ex.path, headers: ex.headers },
      { signingDate: new Date(ex.signingDate) },
    );
    expect(sig.authorization).toBe(ex.authorization);
    expect(sig.signature).toBe(ex.seedSignature);
  });

  it("chains the example's chunk signatures from the seed (ad80c730…, 0055627c…, b6c6ea8a…)", () => {
    const ex = docs.chunkedPut;
    const date = new Date(ex.signingDate);
    const ctx = {
      signingKey: signingKey(docs.credentials.secretAccessKey, date, "us-east-1"),
      amzDate: "20130524T000000Z",
      scope: credentialScope(date, "us-east-1"),
    };
    const first = chunkSignature(ctx, ex.seedSignature, Buffer.alloc(65536, ex.fillByte));
    const second = chunkSignature(ctx, first, Buffer.alloc(1024, ex.fillByte));
    const last = chunkSignature(ctx, second, Buffer.alloc(0));
    expect([first, second, last]).toEqual(ex.chunkSignatures);
  });

  it("sends the chunked example through the client: same headers, signatures, framing and Content-Length", async () => {
    const ex = docs.chunkedPut;
    const data = Buffer.alloc(ex.decodedLength, ex.fillByte);
    const p = await prepareDoc(false, {
      method: "PUT",
      key: "chunkObject.txt",
      headers: [["x-amz-storage-class", "REDUCED_REDUNDANCY"]],
      body: data,
      payload: "streaming-signed",
      signingDate: new Date(ex.signingDate),
    });
    const get = (n: string) => p.headers.find(([h]) => h.toLowerCase() === n)?.[1];
    expect(get("authorization")).toBe(ex.authorization);
    expect(get("content-length")).toBe(String(ex.encodedLength));
    const chunks: Buffer[] = [];
    for await (const c of p.body as AsyncIterable<Buffer>) chunks.push(c);
    const wire = Buffer.concat(chunks);
    expect(wire.length).toBe(ex.encodedLength);
    const expected = Buffer.concat([
      Buffer.from(`10000;chunk-signature=${ex.chunkSignatures[0]}\r\n`),
      Buffer.alloc(65536, ex.fillByte),
      Buffer.from(`\r\n400;chunk-signature=${ex.chunkSignatures[1]}\r\n`),
      Buffer.alloc(1024, ex.fillByte),
      Buffer.from(`\r\n0;chunk-signature=${ex.chunkSignatures[2]}\r\n\r\n`),
    ]);
    expect(wire.equals(expected)).toBe(true);
    expect(signedChunkedLength(ex.decodedLength)).toBe(ex.encodedLength);
  });

  it("restarts the chain per request: the same data under another seed gets other signatures", async () => {
    const date = new Date(docs.chunkedPut.signingDate);
    const ctx = {
      signingKey: signingKey("other", date, "us-east-1"),
      amzDate: "20130524T000000Z",
      scope: credentialScope(date, "us-east-1"),
      seedSignature: "0".repeat(64),
    };
    const out: Buffer[] = [];
    for await (const c of encodeSignedChunks(Buffer.alloc(10, 97), ctx)) out.push(c);
    expect(Buffer.concat(out).toString()).not.toContain(docs.chunkedPut.chunkSignatures[0]);
  });
});

describe("header handling in signatures", () => {
  const signer = new SigV4({ credentials: { accessKeyId: "AK", secretAccessKey: "SK" }, region: "us-east-1" });
  const base = {
    method: "PUT",
    path: "/b/k",
    headers: [
      ["host", "h"],
      ["x-amz-meta-a", "1"],
    ] as HeaderList,
    payloadHash: "UNSIGNED-PAYLOAD",
  };
  const date = new Date("2024-01-01T00:00:00Z");

  it("leaves unsignedHeaders out of SignedHeaders", async () => {
    const sig = await signer.signHeaders(base, { signingDate: date, unsignedHeaders: ["X-Amz-Meta-A"] });
    expect(sig.signedHeaders).toEqual(["host", "x-amz-content-sha256", "x-amz-date"]);
  });

  it("signs repeated headers as one comma-joined value", async () => {
    const twice = await signer.signHeaders(
      { ...base, headers: [...base.headers, ["x-amz-meta-a", "2"]] },
      { signingDate: date },
    );
    const joined = await signer.signHeaders(
      {
        ...base,
        headers: [
          ["host", "h"],
          ["x-amz-meta-a", "1,2"],
        ],
      },
      { signingDate: date },
    );
    expect(twice.signature).toBe(joined.signature);
  });

  it("uses the signing date override", async () => {
    const a = await signer.signHeaders(base, { signingDate: date });
    const b = await signer.signHeaders(base, { signingDate: new Date("2024-01-01T00:15:00Z") });
    expect(a.amzDate).toBe("20240101T000000Z");
    expect(a.signature).not.toBe(b.signature);
  });
});
