import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDigester, decodeDigest } from "./checksum-algorithms.ts";
import { crc32Base64 } from "../../server-testing/auth-bodies.ts";

// Check values ("123456789") from the CRC catalogue (reveng.sourceforge.io/crc-catalogue):
// CRC-32/ISO-HDLC cbf43926, CRC-32/ISCSI (CRC32C) e3069283, CRC-64/NVME ae8b14860a799888.
describe("checksums", () => {
  it.each([
    ["crc32", "cbf43926"],
    ["crc32c", "e3069283"],
    ["crc64nvme", "ae8b14860a799888"],
  ] as const)("%s of '123456789' is the catalogue check value", (algorithm, hex) => {
    const d = createDigester(algorithm);
    d.update(Buffer.from("123456789"));
    expect(d.digest().toString("hex")).toBe(hex);
  });

  it("the AWS SDK's trailer for 'stream-body' is CRC32 762Bvg==", () => {
    const d = createDigester("crc32");
    d.update(Buffer.from("stream-"));
    d.update(Buffer.from("body"));
    expect(d.digest().toString("base64")).toBe("762Bvg==");
  });

  it("the AWS trailer example: CRC32C of 66560 'a' bytes is sOO8/Q==", () => {
    const d = createDigester("crc32c");
    d.update(Buffer.alloc(66560, "a"));
    expect(d.digest().toString("base64")).toBe("sOO8/Q==");
  });

  it.each(["crc32", "crc32c", "crc64nvme", "sha1", "sha256", "md5"] as const)(
    "%s is the same whatever the split",
    (algorithm) => {
      const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff));
      const whole = createDigester(algorithm);
      whole.update(data);
      const split = createDigester(algorithm);
      for (let i = 0; i < data.length; i += 17) split.update(data.subarray(i, i + 17));
      expect(split.digest().equals(whole.digest())).toBe(true);
    },
  );

  it("sliced CRC32 equals a bitwise CRC32 on every length up to 64 and on 10 kB", () => {
    const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7919 + 13) & 0xff));
    for (const len of [...Array.from({ length: 65 }, (_, i) => i), 10_000]) {
      const d = createDigester("crc32");
      d.update(data.subarray(0, len));
      expect(d.digest().toString("base64"), `length ${len}`).toBe(crc32Base64(data.subarray(0, len)));
    }
  });

  it("sha1/sha256/md5 equal node:crypto", () => {
    for (const a of ["sha1", "sha256", "md5"] as const) {
      const d = createDigester(a);
      d.update(Buffer.from("abc"));
      expect(d.digest().toString("hex")).toBe(createHash(a).update("abc").digest("hex"));
    }
  });

  it("decodeDigest accepts only strict base64 of the right length", () => {
    expect(decodeDigest("762Bvg==", 4)?.toString("hex")).toBe("efad81be");
    expect(decodeDigest("762Bvg", 4)).toBeUndefined();
    expect(decodeDigest("762Bvg==", 8)).toBeUndefined();
    expect(decodeDigest("76$Bvg==", 4)).toBeUndefined();
    expect(decodeDigest("", 4)).toBeUndefined();
  });
});
