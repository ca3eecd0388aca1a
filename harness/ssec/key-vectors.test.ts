import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KEY_VECTORS, keyVector, vectorKey } from "./key-vectors.ts";

describe("key vectors (fixtures/keys.json)", () => {
  it("lists the seed pair, the OBS typo pair, s3-tests A and B, mint and LocalStack", () => {
    expect(KEY_VECTORS.map((v) => v.id)).toEqual([
      "seed-example",
      "obs-typo",
      "s3tests-a",
      "s3tests-b",
      "mint",
      "localstack",
    ]);
  });

  for (const v of KEY_VECTORS) {
    it(`${v.id}: the stated MD5 ${v.matches ? "is" : "is not"} the MD5 of the key`, () => {
      const raw = Buffer.from(v.keyBase64, "base64");
      expect(raw.length).toBe(32);
      expect(raw.toString("base64")).toBe(v.keyBase64);
      const md5 = createHash("md5").update(raw).digest("base64");
      expect(md5 === v.md5Base64).toBe(v.matches);
    });
  }

  it("keeps the OBS typo pair a mismatch: the key differs from the OBS page's in one character", () => {
    const seed = keyVector("seed-example");
    const typo = keyVector("obs-typo");
    expect(typo.md5Base64).toBe(seed.md5Base64);
    expect([...typo.keyBase64].filter((c, i) => c !== seed.keyBase64[i])).toEqual(["a"]);
    expect(vectorKey("obs-typo").md5).toBe("HHZSrfZMtS69FCj/xN8ppg==");
  });
});
