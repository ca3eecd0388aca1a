/** The copy-source matrix: ids, the cases it leaves out, and how its checks are graded. */
import { describe, expect, it } from "vitest";
import { COPY_SOURCE_CASES, copySourceCaseChecks } from "./copy-source-cases.ts";
import { HEADER_CASES } from "./header-cases.ts";
import { getCheck } from "./catalogue.ts";

describe("copy-source matrix", () => {
  it("applies every matrix case but the with-sse pair, under copy-source- ids, to both copy interfaces", () => {
    expect(COPY_SOURCE_CASES.map((c) => c.case)).toEqual(
      HEADER_CASES.filter((c) => !c.case.startsWith("with-sse")).map((c) => c.case),
    );
    for (const [iface, slug] of [
      ["PUT Object - Copy", "copy-object"],
      ["Upload Part - Copy", "upload-part-copy"],
    ] as const) {
      const defs = copySourceCaseChecks(iface);
      expect(defs.map((d) => d.id)).toEqual(COPY_SOURCE_CASES.map((c) => `${slug}.copy-source-${c.case}`));
      for (const d of defs) {
        expect(getCheck(d.id)).toEqual(d);
        expect(d.evidence).toContain("headers.copy-source-trio");
      }
    }
  });

  it("grades a malformed copy-source key as a read of the source (evidence key.wrong-length-read), not as a write (evidence key.wrong-length-put)", () => {
    expect(getCheck("copy-object.copy-source-key-16-bytes").expect).toBe("key-invalid-read");
    expect(getCheck("upload-part-copy.copy-source-md5-hex").expect).toBe("md5-mismatch");
  });
});
