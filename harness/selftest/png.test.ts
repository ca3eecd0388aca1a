import { describe, expect, it } from "vitest";
import { deflateSync, crc32 } from "node:zlib";
import { decodePng, inkRatio } from "./png.ts";

/** A tiny RGB PNG built by hand (filter 0 rows), so the decoder is checked against known pixels. */
function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(y % 2 ? 2 : 1); // exercise Sub and Up: encode with the filters' inverse
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const [lr, lg, lb] = y % 2 ? pixel(x, y - 1) : x > 0 ? pixel(x - 1, y) : [0, 0, 0];
      rows.push((r - lr) & 0xff, (g - lg) & 0xff, (b - lb) & 0xff);
    }
  }
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const tb = Buffer.concat([Buffer.from(type, "latin1"), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(tb));
    return Buffer.concat([len, tb, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from("89504e470d0a1a0a", "hex"),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("png", () => {
  it("decodes pixels and measures ink", () => {
    const blank = decodePng(png(8, 8, () => [255, 255, 255]));
    expect(inkRatio(blank)).toBe(0);
    const half = decodePng(png(8, 8, (x) => (x < 4 ? [0, 0, 0] : [255, 255, 255])));
    expect(half.data.subarray(0, 3)).toEqual(Buffer.from([0, 0, 0]));
    expect(half.data.subarray(7 * 3, 8 * 3)).toEqual(Buffer.from([255, 255, 255]));
    expect(inkRatio(half)).toBe(0.5);
  });
});
