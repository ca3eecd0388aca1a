/**
 * verifiedBody: every payload mode, every digest, and the failures each must report — as S3Faults
 * on the stream, before 'end'. Requests are signed with the AWS SDK signer; aws-chunked bodies
 * come from the test's own encoder (harness/server-testing/auth-bodies.ts).
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { authenticate, verifiedBody, type BodyPlan } from "./index.ts";
import { REGION, SECRET_KEY, signerAuth, signHeader } from "../../server-testing/smithy-signer.ts";
import {
  collect,
  crc32Base64,
  deriveKey,
  encodeSignedChunks,
  encodeUnsignedChunks,
  pieces,
} from "../../server-testing/auth-bodies.ts";

const cfg = signerAuth();
const sha256hex = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const md5b64 = (b: Buffer | string) => createHash("md5").update(b).digest("base64");
const b64 = (algorithm: string, b: Buffer | string) => createHash(algorithm).update(b).digest("base64");

/** Signs a PUT with `headers`, authenticates it, and returns the plan plus the seed signature. */
async function planFor(headers: Record<string, string>): Promise<{ plan: BodyPlan; seed: string; amzDate: string }> {
  const input = await signHeader({ method: "PUT", path: "/bucket/object", headers });
  const outcome = authenticate(input, cfg);
  if (!outcome.ok) throw outcome.fault;
  const auth = input.headers.find(([n]) => n === "authorization")![1];
  return { plan: outcome.body, seed: auth.slice(-64), amzDate: input.headers.find(([n]) => n === "x-amz-date")![1] };
}

async function authFault(headers: Record<string, string>): Promise<string> {
  const outcome = authenticate(await signHeader({ method: "PUT", path: "/bucket/object", headers }), cfg);
  return outcome.ok ? "ok" : outcome.fault.code;
}

async function run(plan: BodyPlan, body: Buffer, split = 1000): Promise<{ code: string; data: Buffer }> {
  const { data, error } = await collect(verifiedBody(plan, pieces(body, split)));
  return { code: error === undefined ? "ok" : ((error as { code?: string }).code ?? String(error)), data };
}

const BODY = Buffer.from("The quick brown fox jumps over the lazy dog, SSE-C style.");
const signing = (seed: string, amzDate: string) => ({
  key: deriveKey(SECRET_KEY, amzDate.slice(0, 8), REGION),
  amzDate,
  scope: `${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`,
  seed,
});

describe("single-chunk payloads", () => {
  it("a hex x-amz-content-sha256 that matches passes the bytes through unchanged", async () => {
    const { plan } = await planFor({ "x-amz-content-sha256": sha256hex(BODY), "content-length": String(BODY.length) });
    expect(plan.decodedLength).toBe(BODY.length);
    const r = await run(plan, BODY, 7);
    expect(r.code).toBe("ok");
    expect(r.data.equals(BODY)).toBe(true);
  });

  it("a hex x-amz-content-sha256 of other bytes → XAmzContentSHA256Mismatch", async () => {
    const { plan } = await planFor({
      "x-amz-content-sha256": sha256hex("other"),
      "content-length": String(BODY.length),
    });
    expect((await run(plan, BODY)).code).toBe("XAmzContentSHA256Mismatch");
  });

  it("UNSIGNED-PAYLOAD accepts any bytes", async () => {
    const { plan } = await planFor({
      "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      "content-length": String(BODY.length),
    });
    expect((await run(plan, BODY)).code).toBe("ok");
  });

  it("a body shorter than Content-Length → IncompleteBody", async () => {
    const { plan } = await planFor({
      "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      "content-length": String(BODY.length + 1),
    });
    expect((await run(plan, BODY)).code).toBe("IncompleteBody");
  });

  it("Content-MD5 right → ok; wrong → BadDigest; malformed → InvalidDigest (at authentication)", async () => {
    const base = { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" };
    expect((await run((await planFor({ ...base, "content-md5": md5b64(BODY) })).plan, BODY)).code).toBe("ok");
    expect((await run((await planFor({ ...base, "content-md5": md5b64("x") })).plan, BODY)).code).toBe("BadDigest");
    expect(await authFault({ ...base, "content-md5": "not-base64!" })).toBe("InvalidDigest");
    expect(await authFault({ ...base, "content-md5": Buffer.alloc(15).toString("base64") })).toBe("InvalidDigest");
  });

  it.each([
    ["crc32", crc32Base64(BODY)],
    ["crc32c", undefined],
    ["crc64nvme", undefined],
    ["sha1", b64("sha1", BODY)],
    ["sha256", b64("sha256", BODY)],
  ])(
    "x-amz-checksum-%s header: right → ok, wrong → BadDigest, malformed → InvalidRequest",
    async (algorithm, right) => {
      const base = { "x-amz-content-sha256": sha256hex(BODY) };
      const name = `x-amz-checksum-${algorithm}`;
      const size = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 }[algorithm]!;
      if (right) expect((await run((await planFor({ ...base, [name]: right })).plan, BODY)).code).toBe("ok");
      const wrong = Buffer.alloc(size, 0xab).toString("base64");
      expect((await run((await planFor({ ...base, [name]: wrong })).plan, BODY)).code).toBe("BadDigest");
      expect(await authFault({ ...base, [name]: "%%%" })).toBe("InvalidRequest");
      expect(await authFault({ ...base, [name]: Buffer.alloc(size + 1).toString("base64") })).toBe("InvalidRequest");
    },
  );

  it("CRC32C and CRC64NVME header values computed independently verify", async () => {
    // "123456789" check values of the CRC catalogue: CRC-32C e3069283, CRC-64/NVME ae8b14860a799888.
    const nine = Buffer.from("123456789");
    const base = { "x-amz-content-sha256": sha256hex(nine) };
    const c32c = Buffer.from("e3069283", "hex").toString("base64");
    const c64 = Buffer.from("ae8b14860a799888", "hex").toString("base64");
    expect((await run((await planFor({ ...base, "x-amz-checksum-crc32c": c32c })).plan, nine)).code).toBe("ok");
    expect((await run((await planFor({ ...base, "x-amz-checksum-crc64nvme": c64 })).plan, nine)).code).toBe("ok");
  });

  it("two checksum headers → InvalidRequest; x-amz-checksum-mode and -type are not checksums", async () => {
    const base = { "x-amz-content-sha256": sha256hex(BODY) };
    expect(
      await authFault({ ...base, "x-amz-checksum-crc32": crc32Base64(BODY), "x-amz-checksum-sha1": b64("sha1", BODY) }),
    ).toBe("InvalidRequest");
    expect(await authFault({ ...base, "x-amz-checksum-mode": "ENABLED", "x-amz-checksum-type": "FULL_OBJECT" })).toBe(
      "ok",
    );
    expect(await authFault({ ...base, "x-amz-checksum-md5": md5b64(BODY) })).toBe("InvalidRequest");
  });

  it("x-amz-sdk-checksum-algorithm without its checksum → InvalidRequest", async () => {
    expect(await authFault({ "x-amz-content-sha256": sha256hex(BODY), "x-amz-sdk-checksum-algorithm": "CRC32" })).toBe(
      "InvalidRequest",
    );
    expect(
      await authFault({
        "x-amz-content-sha256": sha256hex(BODY),
        "x-amz-sdk-checksum-algorithm": "CRC32",
        "x-amz-checksum-crc32": crc32Base64(BODY),
      }),
    ).toBe("ok");
  });

  it("ignoreChecksumHeaders skips a header checksum that describes the object (CompleteMultipartUpload)", async () => {
    const { plan } = await planFor({ "x-amz-content-sha256": sha256hex(BODY), "x-amz-checksum-crc32": "AAAAAA==" });
    const { error } = await collect(verifiedBody(plan, pieces(BODY, 10), { ignoreChecksumHeaders: true }));
    expect(error).toBeUndefined();
  });
});

describe("STREAMING-UNSIGNED-PAYLOAD-TRAILER (what the AWS SDK sends for streams)", () => {
  const headers = {
    "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "content-encoding": "aws-chunked",
    "x-amz-decoded-content-length": "11",
    "x-amz-trailer": "x-amz-checksum-crc32",
    "x-amz-sdk-checksum-algorithm": "CRC32",
  };
  const sdkBody = Buffer.from("7\r\nstream-\r\n4\r\nbody\r\n0\r\nx-amz-checksum-crc32:762Bvg==\r\n\r\n");

  it.each([1, 2, 3, 5, 64])("decodes the exact SDK body, split every %i bytes", async (split) => {
    const { plan } = await planFor(headers);
    expect(plan.decodedLength).toBe(11);
    const r = await run(plan, sdkBody, split);
    expect(r.code).toBe("ok");
    expect(r.data.toString()).toBe("stream-body");
  });

  it("a wrong trailing checksum → BadDigest", async () => {
    const { plan } = await planFor(headers);
    expect((await run(plan, Buffer.from(sdkBody.toString().replace("762Bvg==", "AAAAAA==")))).code).toBe("BadDigest");
  });

  it("a malformed trailing checksum → InvalidRequest", async () => {
    const { plan } = await planFor(headers);
    expect((await run(plan, Buffer.from(sdkBody.toString().replace("762Bvg==", "xyz")))).code).toBe("InvalidRequest");
  });

  it("a missing trailer → IncompleteBody; an undeclared trailer → InvalidRequest", async () => {
    const { plan } = await planFor(headers);
    expect((await run(plan, Buffer.from("7\r\nstream-\r\n4\r\nbody\r\n0\r\n\r\n"))).code).toBe("IncompleteBody");
    const other = await planFor(headers);
    expect(
      (await run(other.plan, Buffer.from("7\r\nstream-\r\n4\r\nbody\r\n0\r\nx-amz-checksum-sha1:AAAA\r\n\r\n"))).code,
    ).toBe("InvalidRequest");
  });

  it("a decoded length other than x-amz-decoded-content-length → IncompleteBody", async () => {
    const { plan } = await planFor({ ...headers, "x-amz-decoded-content-length": "12" });
    expect((await run(plan, sdkBody)).code).toBe("IncompleteBody");
    const shorter = await planFor({ ...headers, "x-amz-decoded-content-length": "10" });
    expect((await run(shorter.plan, sdkBody)).code).toBe("IncompleteBody");
  });

  it("a body cut inside a chunk → IncompleteBody", async () => {
    const { plan } = await planFor(headers);
    expect((await run(plan, sdkBody.subarray(0, 12))).code).toBe("IncompleteBody");
  });

  it("tolerates the LF-then-CRLF trailer ending some SDKs send", async () => {
    const { plan } = await planFor(headers);
    expect(
      (await run(plan, Buffer.from("7\r\nstream-\r\n4\r\nbody\r\n0\r\nx-amz-checksum-crc32:762Bvg==\n\r\n\r\n"))).code,
    ).toBe("ok");
  });

  it("without x-amz-decoded-content-length → MissingContentLength", async () => {
    const { "x-amz-decoded-content-length": _omit, ...rest } = headers;
    expect(await authFault(rest)).toBe("MissingContentLength");
  });

  it("a -TRAILER mode without x-amz-trailer → InvalidRequest", async () => {
    const { "x-amz-trailer": _t, "x-amz-sdk-checksum-algorithm": _a, ...rest } = headers;
    expect(await authFault(rest)).toBe("InvalidRequest");
  });
});

describe("STREAMING-AWS4-HMAC-SHA256-PAYLOAD (signed chunks)", () => {
  const data = [Buffer.alloc(8192, 1), Buffer.alloc(8192, 2), Buffer.from("tail")];
  const total = data.reduce((n, b) => n + b.length, 0);
  const headers = {
    "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "content-encoding": "aws-chunked",
    "x-amz-decoded-content-length": String(total),
  };

  async function signedBody(trailer?: [string, string], hdrs: Record<string, string> = headers) {
    const { plan, seed, amzDate } = await planFor(hdrs);
    return { plan, parts: encodeSignedChunks(data, signing(seed, amzDate), trailer) };
  }

  it.each([1, 13, 8192, 100_000])(
    "round-trips chunks signed by an independent encoder, split every %i bytes",
    async (split) => {
      const { plan, parts } = await signedBody();
      const r = await run(plan, Buffer.concat(parts), split);
      expect(r.code).toBe("ok");
      expect(r.data.equals(Buffer.concat(data))).toBe(true);
    },
  );

  it("an altered chunk signature → SignatureDoesNotMatch", async () => {
    const { plan, parts } = await signedBody();
    const body = Buffer.concat(parts)
      .toString("latin1")
      .replace(/chunk-signature=(\w)/, (_m, c: string) => `chunk-signature=${c === "a" ? "b" : "a"}`);
    expect((await run(plan, Buffer.from(body, "latin1"))).code).toBe("SignatureDoesNotMatch");
  });

  it("two chunks swapped → SignatureDoesNotMatch", async () => {
    const { plan, parts } = await signedBody();
    // parts: [h1, d1, crlf, h2, d2, crlf, h3, d3, crlf, h0, final]
    const swapped = [parts[3]!, parts[4]!, parts[5]!, parts[0]!, parts[1]!, parts[2]!, ...parts.slice(6)];
    expect((await run(plan, Buffer.concat(swapped))).code).toBe("SignatureDoesNotMatch");
  });

  it("a chunk dropped → SignatureDoesNotMatch", async () => {
    const { plan, parts } = await signedBody();
    expect((await run(plan, Buffer.concat([...parts.slice(0, 3), ...parts.slice(6)]))).code).toBe(
      "SignatureDoesNotMatch",
    );
  });

  it("truncated before the final chunk → IncompleteBody", async () => {
    const { plan, parts } = await signedBody();
    expect((await run(plan, Buffer.concat(parts.slice(0, 9)))).code).toBe("IncompleteBody");
  });

  it("a chunk without chunk-signature → SignatureDoesNotMatch", async () => {
    const { plan } = await signedBody();
    expect((await run(plan, Buffer.from("4\r\ntail\r\n0\r\n\r\n"))).code).toBe("SignatureDoesNotMatch");
  });

  it("a chunk longer than its declared size → InvalidRequest", async () => {
    const { plan, parts } = await signedBody();
    const body = Buffer.concat([parts[0]!, parts[1]!, Buffer.from("X"), ...parts.slice(2)]);
    expect((await run(plan, body)).code).toBe("InvalidRequest");
  });

  it("signed trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER): right → ok, checksum wrong → BadDigest, signature wrong → SignatureDoesNotMatch", async () => {
    const hdrs = {
      ...headers,
      "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
      "x-amz-trailer": "x-amz-checksum-crc32",
    };
    const right = crc32Base64(Buffer.concat(data));
    const ok = await signedBody(["x-amz-checksum-crc32", right], hdrs);
    expect((await run(ok.plan, Buffer.concat(ok.parts), 333)).code).toBe("ok");
    const wrong = await signedBody(["x-amz-checksum-crc32", "AAAAAA=="], hdrs);
    expect((await run(wrong.plan, Buffer.concat(wrong.parts))).code).toBe("BadDigest");
    const forged = await signedBody(["x-amz-checksum-crc32", right], hdrs);
    const body = Buffer.concat(forged.parts).toString("latin1").replace(right, "AAAAAA==");
    expect((await run(forged.plan, Buffer.from(body, "latin1"))).code).toBe("SignatureDoesNotMatch");
  });
});

describe("streams", () => {
  it("a 32 MiB aws-chunked body flows through with bounded buffering", async () => {
    const CHUNK = 64 * 1024;
    const COUNT = 512; // 32 MiB
    const piece = Buffer.alloc(CHUNK, 0x5a);
    const headers = {
      "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      "content-encoding": "aws-chunked",
      "x-amz-decoded-content-length": String(CHUNK * COUNT),
      "x-amz-trailer": "x-amz-checksum-sha256",
    };
    const whole = createHash("sha256");
    for (let i = 0; i < COUNT; i++) whole.update(piece);
    const trailer = whole.digest("base64");
    const { plan } = await planFor(headers);
    // The source is generated lazily: the whole body never exists in memory.
    let produced = 0;
    async function* source() {
      const header = Buffer.from(`${CHUNK.toString(16)}\r\n`);
      for (let i = 0; i < COUNT; i++) {
        yield header;
        produced += piece.length;
        yield piece;
        yield Buffer.from("\r\n");
      }
      yield Buffer.from(`0\r\nx-amz-checksum-sha256:${trailer}\r\n\r\n`);
    }
    const raw = Readable.from(source(), { objectMode: false });
    const out = verifiedBody(plan, raw);
    let received = 0;
    let maxInFlight = 0;
    for await (const chunk of out) {
      received += (chunk as Buffer).length;
      // Payload bytes read from the source but not yet delivered = what the pipeline holds.
      maxInFlight = Math.max(maxInFlight, produced - received);
      if (received % (4 * CHUNK) === 0) await new Promise((r) => setImmediate(r)); // a slow consumer
    }
    expect(received).toBe(CHUNK * COUNT);
    // Backpressure holds the pipeline to a few high-water marks, far below the 32 MiB body.
    expect(maxInFlight).toBeLessThan(1024 * 1024);
  });

  it("a client that goes away mid-body → IncompleteBody", async () => {
    const { plan } = await planFor({ "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "content-length": "100" });
    const raw = new Readable({ read() {} });
    const out = verifiedBody(plan, raw);
    const result = collect(out);
    raw.push(Buffer.alloc(10));
    raw.destroy(new Error("aborted"));
    expect(((await result).error as { code?: string }).code).toBe("IncompleteBody");
  });
});
