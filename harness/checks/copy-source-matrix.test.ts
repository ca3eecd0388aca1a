/** The copy-source matrix: ids, the cases it leaves out, and the header renaming. */
import { describe, expect, it } from "vitest";
import { asCopySource, COPY_SOURCE_MATRIX, copySourceMatrixChecks } from "./copy-source-matrix.ts";
import { MATRIX } from "./matrix.ts";
import { getCheck } from "./catalogue.ts";

describe("copy-source matrix", () => {
  it("applies every matrix case but the with-sse pair, under copy-source- ids, to both copy interfaces", () => {
    expect(COPY_SOURCE_MATRIX.map((c) => c.case)).toEqual(
      MATRIX.filter((c) => !c.case.startsWith("with-sse")).map((c) => c.case),
    );
    for (const [iface, slug] of [
      ["PUT Object - Copy", "copy-object"],
      ["Upload Part - Copy", "upload-part-copy"],
    ] as const) {
      const defs = copySourceMatrixChecks(iface);
      expect(defs.map((d) => d.id)).toEqual(COPY_SOURCE_MATRIX.map((c) => `${slug}.copy-source-${c.case}`));
      for (const d of defs) {
        expect(getCheck(d.id)).toEqual(d);
        expect(d.citation).toContain("seed Table 3");
      }
    }
  });

  it("grades a malformed copy-source key as a read of the source (E12), not as a write (E5)", () => {
    expect(getCheck("copy-object.copy-source-key-16-bytes").expect).toBe("key-invalid-read");
    expect(getCheck("upload-part-copy.copy-source-md5-hex").expect).toBe("md5-mismatch");
  });

  it("renames the target trio to the copy-source trio in the same dialect and leaves other headers alone", () => {
    expect(
      asCopySource(
        [
          ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
          ["X-Amz-Server-Side-Encryption-Customer-Key-MD5", "m"],
          ["x-amz-server-side-encryption", "AES256"],
        ],
        "amz",
      ),
    ).toEqual([
      ["x-amz-copy-source-server-side-encryption-customer-algorithm", "AES256"],
      ["x-amz-copy-source-server-side-encryption-customer-Key-MD5", "m"],
      ["x-amz-server-side-encryption", "AES256"],
    ]);
    expect(asCopySource([["x-obs-server-side-encryption-customer-key", "k"]], "obs")).toEqual([
      ["x-obs-copy-source-server-side-encryption-customer-key", "k"],
    ]);
  });
});
