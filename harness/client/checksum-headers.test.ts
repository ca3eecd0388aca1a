import { describe, expect, it } from "vitest";
import { checksumBase64, crc32, crc32c, crcToBase64, md5Base64, sha256Hex } from "./checksum-headers.ts";

describe("checksums", () => {
  it('computes the CRC check values of "123456789" (CRC-32 0xCBF43926, CRC-32C 0xE3069283)', () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32c("123456789")).toBe(0xe3069283);
  });

  it("gives 0 for empty input and differs for different input", () => {
    expect(crc32("")).toBe(0);
    expect(crc32c("")).toBe(0);
    expect(crc32("123456780")).not.toBe(0xcbf43926);
  });

  it('matches the trailer the AWS SDK sent for "stream-body" (762Bvg==)', () => {
    expect(checksumBase64("crc32", "stream-body")).toBe("762Bvg==");
  });

  it("encodes CRCs as base64 of 4 big-endian bytes", () => {
    expect(crcToBase64(0xcbf43926)).toBe(Buffer.from([0xcb, 0xf4, 0x39, 0x26]).toString("base64"));
    expect(checksumBase64("crc32c", "123456789")).toBe(Buffer.from([0xe3, 0x06, 0x92, 0x83]).toString("base64"));
  });

  it("computes SHA and MD5 forms", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(checksumBase64("sha1", "abc")).toBe("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
    expect(md5Base64("")).toBe("1B2M2Y8AsgTpgAmY7PhCfg==");
  });
});
