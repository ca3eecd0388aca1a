/**
 * The worked examples of the AWS S3 API reference, verified end to end by the server's own code
 * (vectors/aws-s3-doc-examples.json, with their source pages).
 */
import { describe, expect, it } from "vitest";
import doc from "./vectors/aws-s3-doc-examples.json" with { type: "json" };
import { authenticate, verifiedBody, verifyPostPolicy, type AuthConfig, type AuthInput } from "./index.ts";
import { sha256Hex } from "./signing-key.ts";
import { collect, pieces } from "../../server-testing/auth-bodies.ts";
import { serverCanonicalRequest } from "../../server-testing/server-canonical.ts";

function config(now: string): AuthConfig {
  return {
    region: doc.region,
    secretFor: (id) => (id === doc.credentials.accessKeyId ? doc.credentials.secretAccessKey : undefined),
    now: () => new Date(now),
  };
}

function authorization(signedHeaders: string, signature: string, date = "20130524"): string {
  return `AWS4-HMAC-SHA256 Credential=${doc.credentials.accessKeyId}/${date}/us-east-1/s3/aws4_request,SignedHeaders=${signedHeaders},Signature=${signature}`;
}

function chunkedBody(c: (typeof doc.chunked)[number]): Buffer {
  const parts: Buffer[] = [];
  c.chunkSizes.forEach((size, i) => {
    parts.push(Buffer.from(`${size.toString(16)};chunk-signature=${c.chunkSignatures[i]}\r\n`));
    if (size > 0) parts.push(Buffer.alloc(size, c.chunkByte), Buffer.from("\r\n"));
  });
  if (c.trailer)
    parts.push(
      Buffer.from(`${c.trailer.name}:${c.trailer.value}\r\nx-amz-trailer-signature:${c.trailer.signature}\r\n`),
    );
  parts.push(Buffer.from("\r\n"));
  return Buffer.concat(parts);
}

describe("AWS S3 documentation: Authorization header, single chunk", () => {
  it.each(doc.header.map((e) => [e.name, e] as const))("%s: authenticates, and its body verifies", async (_n, e) => {
    const input: AuthInput = {
      method: e.method,
      rawPath: e.rawPath,
      rawQuery: e.rawQuery,
      headers: [...(e.headers as [string, string][]), ["Authorization", authorization(e.signedHeaders, e.signature)]],
    };
    const outcome = authenticate(input, config(e.now));
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("ok");
    if (!outcome.ok) return;
    expect(outcome.accessKeyId).toBe(doc.credentials.accessKeyId);
    const { data, error } = await collect(verifiedBody(outcome.body, pieces(Buffer.from(e.body), 5)));
    expect(error).toBeUndefined();
    expect(data.toString()).toBe(e.body);
  });

  it("GET Object: the canonical request hashes to the published value", () => {
    const e = doc.header[0]!;
    const creq = serverCanonicalRequest({
      method: e.method,
      rawPath: e.rawPath,
      rawQuery: e.rawQuery,
      headers: e.headers as [string, string][],
      signedHeaders: e.signedHeaders.split(";"),
      payloadHash: sha256Hex(""),
    });
    expect(sha256Hex(creq)).toBe(e.canonicalRequestSha256);
  });

  it.each(doc.header.map((e) => [e.name, e] as const))(
    "%s: one flipped signature digit is SignatureDoesNotMatch",
    (_n, e) => {
      const bad = e.signature.slice(0, -1) + (e.signature.endsWith("0") ? "1" : "0");
      const outcome = authenticate(
        {
          method: e.method,
          rawPath: e.rawPath,
          rawQuery: e.rawQuery,
          headers: [...(e.headers as [string, string][]), ["Authorization", authorization(e.signedHeaders, bad)]],
        },
        config(e.now),
      );
      expect(outcome.ok ? "ok" : outcome.fault.code).toBe("SignatureDoesNotMatch");
    },
  );
});

describe("AWS S3 documentation: presigned URL", () => {
  const p = doc.presigned;
  const input: AuthInput = {
    method: p.method,
    rawPath: p.rawPath,
    rawQuery: p.rawQuery,
    headers: p.headers as [string, string][],
  };

  it("authenticates the published URL at its signing time and until it expires", () => {
    for (const now of [p.now, "2013-05-24T23:59:59Z", "2013-05-25T00:00:00Z"]) {
      const outcome = authenticate(input, config(now));
      expect(outcome.ok ? "ok" : outcome.fault.code, now).toBe("ok");
    }
  });
  it("refuses it one second after X-Amz-Expires (86400 s) with AccessDenied", () => {
    const outcome = authenticate(input, config("2013-05-25T00:00:01Z"));
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("AccessDenied");
  });
  it("refuses it for another object key", () => {
    const outcome = authenticate({ ...input, rawPath: "/test2.txt" }, config(p.now));
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("SignatureDoesNotMatch");
  });
});

/** A chunked example's request: its headers plus the Authorization its seed signature makes. */
function chunkedInput(c: (typeof doc.chunked)[number]): AuthInput {
  return {
    method: c.method,
    rawPath: c.rawPath,
    rawQuery: "",
    headers: [...(c.headers as [string, string][]), ["Authorization", authorization(c.signedHeaders, c.seedSignature)]],
  };
}

describe("AWS S3 documentation: chunked upload", () => {
  for (const c of doc.chunked) {
    const input = chunkedInput(c);
    const body = chunkedBody(c);

    it(`${c.name}: Content-Length matches the published framing`, () => {
      const declared = (c.headers as [string, string][]).find(([n]) => n === "Content-Length")![1];
      expect(body.length).toBe(Number(declared));
    });

    it.each([1, 7, 89, 4096, 65536, 1 << 20])(
      `${c.name}: seed and the 3 chunk signatures verify, input split every %i bytes`,
      async (split) => {
        const outcome = authenticate(input, config(c.now));
        expect(outcome.ok ? "ok" : outcome.fault.code).toBe("ok");
        if (!outcome.ok) return;
        expect(outcome.body.decodedLength).toBe(66560);
        const { data, error } = await collect(verifiedBody(outcome.body, pieces(body, split)));
        expect(error).toBeUndefined();
        expect(data.equals(Buffer.alloc(66560, "a"))).toBe(true);
      },
    );

    it(`${c.name}: a changed data byte fails the chunk signature`, async () => {
      const outcome = authenticate(input, config(c.now));
      if (!outcome.ok) throw outcome.fault;
      const tampered = Buffer.from(body);
      tampered[body.indexOf("\r\n") + 2 + 100] = 0x62; // 'b' inside the first chunk
      const { error } = await collect(verifiedBody(outcome.body, pieces(tampered, 4096)));
      expect((error as { code?: string }).code).toBe("SignatureDoesNotMatch");
    });
  }

  it("the signed trailer's signature is verified (one digit changed → SignatureDoesNotMatch)", async () => {
    const c = doc.chunked[1]!;
    const outcome = authenticate(chunkedInput(c), config(c.now));
    if (!outcome.ok) throw outcome.fault;
    const body = chunkedBody(c)
      .toString("latin1")
      .replace(`x-amz-trailer-signature:${c.trailer!.signature}`, `x-amz-trailer-signature:${"0".repeat(64)}`);
    const { error } = await collect(verifiedBody(outcome.body, pieces(Buffer.from(body, "latin1"), 8192)));
    expect((error as { code?: string }).code).toBe("SignatureDoesNotMatch");
  });
});

describe("AWS S3 documentation: browser-based POST upload", () => {
  const p = doc.post;
  it("accepts the published form, policy and signature", () => {
    const outcome = verifyPostPolicy(p.fields as [string, string][], p.bucket, config(p.now), p.filename);
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("ok");
    if (outcome.ok) expect(outcome.accessKeyId).toBe(doc.credentials.accessKeyId);
  });
  it("refuses it after the policy's expiration (2015-12-30T12:00:00Z) with AccessDenied", () => {
    const outcome = verifyPostPolicy(
      p.fields as [string, string][],
      p.bucket,
      config("2015-12-30T12:00:01Z"),
      p.filename,
    );
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("AccessDenied");
  });
  it("refuses it for another bucket (the bucket condition)", () => {
    const outcome = verifyPostPolicy(p.fields as [string, string][], "otherbucket", config(p.now), p.filename);
    expect(outcome.ok ? "ok" : outcome.fault.code).toBe("AccessDenied");
  });
});
