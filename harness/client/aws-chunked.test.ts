import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  encodeSignedChunks,
  encodeUnsignedTrailerChunks,
  rechunk,
  signedChunkedLength,
  unsignedTrailerChunkedLength,
} from "./aws-chunked.ts";
import { checksumBase64, CHECKSUM_ALGORITHMS } from "./checksum-headers.ts";

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of it) out.push(c);
  return out;
}

const SIZES = [0, 1, 1023, 65535, 65536, 65537, 3 * 65536, 200_003];

describe("aws-chunked framing", () => {
  it("re-cuts any stream into fixed-size chunks without losing bytes", async () => {
    const data = Buffer.from(Array.from({ length: 200_003 }, (_, i) => i % 251));
    const pieces = [data.subarray(0, 7), data.subarray(7, 70_000), data.subarray(70_000)];
    const chunks = await collect(rechunk(Readable.from(pieces), 65536));
    expect(chunks.map((c) => c.length)).toEqual([65536, 65536, 65536, 3395]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it("predicts the encoded length of signed bodies exactly", async () => {
    const ctx = {
      signingKey: Buffer.alloc(32),
      amzDate: "20240101T000000Z",
      scope: "20240101/us-east-1/s3/aws4_request",
      seedSignature: "0".repeat(64),
    };
    for (const n of SIZES) {
      const wire = Buffer.concat(await collect(encodeSignedChunks(Buffer.alloc(n, 1), ctx)));
      expect(wire.length, `size ${n}`).toBe(signedChunkedLength(n));
      expect(wire.toString("latin1").endsWith("\r\n\r\n")).toBe(true);
    }
  });

  it("frames unsigned chunks with the checksum trailer, for every algorithm and size", async () => {
    for (const alg of CHECKSUM_ALGORITHMS) {
      for (const n of SIZES) {
        const data = Buffer.alloc(n, 7);
        const wire = Buffer.concat(await collect(encodeUnsignedTrailerChunks(data, alg)));
        expect(wire.length, `${alg} ${n}`).toBe(unsignedTrailerChunkedLength(n, alg));
        expect(
          wire.toString("latin1").endsWith(`0\r\nx-amz-checksum-${alg}:${checksumBase64(alg, data)}\r\n\r\n`),
        ).toBe(true);
      }
    }
  });

  it("writes the SDK's framing for a small body", async () => {
    const wire = Buffer.concat(await collect(encodeUnsignedTrailerChunks(Buffer.from("stream-body"), "crc32")));
    expect(wire.toString()).toBe("b\r\nstream-body\r\n0\r\nx-amz-checksum-crc32:762Bvg==\r\n\r\n");
  });
});
