import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ClientUsageError } from "./address.ts";
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
const prep = (r: Partial<S3Request>) => prepareRequest(opts, signer, { method: "PUT", bucket: "b", key: "k", ...r });

describe("request preparation", () => {
  it("keeps caller-set SigV4 headers instead of adding its own (negative tests)", async () => {
    const p = await prep({
      body: "x",
      headers: [
        ["X-Amz-Date", "19990101T000000Z"],
        ["x-amz-content-sha256", "0".repeat(64)],
        ["Authorization", "AWS4-HMAC-SHA256 bogus"],
      ],
    });
    const names = p.headers.map(([n]) => n.toLowerCase());
    for (const n of ["x-amz-date", "x-amz-content-sha256", "authorization"])
      expect(names.filter((x) => x === n)).toHaveLength(1);
    expect(p.headers).toContainEqual(["Authorization", "AWS4-HMAC-SHA256 bogus"]);
    expect(p.headers).toContainEqual(["X-Amz-Date", "19990101T000000Z"]);
  });

  it("signs a stream as UNSIGNED-PAYLOAD by default and hashes buffers", async () => {
    const s = await prep({ body: Readable.from([Buffer.from("a")]), contentLength: 1 });
    expect(s.headers).toContainEqual(["x-amz-content-sha256", "UNSIGNED-PAYLOAD"]);
    const b = await prep({ body: "abc" });
    expect(b.headers).toContainEqual([
      "x-amz-content-sha256",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ]);
  });

  it("refuses requests it cannot build, saying why", async () => {
    await expect(prep({ body: Readable.from([Buffer.from("a")]), payload: "signed" })).rejects.toThrow(
      ClientUsageError,
    );
    await expect(prep({ body: Readable.from([Buffer.from("a")]), payload: "streaming-signed" })).rejects.toThrow(
      /contentLength/,
    );
    await expect(prep({ body: "a", payload: "streaming-signed", auth: "presign" })).rejects.toThrow(/auth 'header'/);
    await expect(
      prep({ body: "a", payload: "streaming-unsigned-trailer", headers: [["x-amz-trailer", "x-amz-checksum-md5"]] }),
    ).rejects.toThrow(/x-amz-trailer/);
  });

  it("leaves the auto-added Content-Length out of presigned signatures", async () => {
    const p = await prep({ auth: "presign" });
    expect(p.path).toContain("X-Amz-SignedHeaders=host&");
    expect(p.headers).toContainEqual(["content-length", "0"]);
  });
});
