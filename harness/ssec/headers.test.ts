import { describe, expect, it } from "vitest";
import {
  asCopySource,
  copyHeaderNames,
  copySourceHeaders,
  echoHeaderNames,
  ssecFormFields,
  ssecHeaders,
} from "./headers.ts";
import { vectorKey } from "./key-vectors.ts";

const key = vectorKey("seed-example");
const KEY = "K7QkYpBkM5+hcs27fsNkUnNVaobncnLht/rCB2o/9Cw=";
const MD5 = "4XvB3tbNTN+tIEVa0/fGaQ==";

describe("SSE-C header sets", () => {
  it("gives OBS Table 1 with the OBS example values", () => {
    expect(ssecHeaders(key)).toEqual([
      ["x-amz-server-side-encryption-customer-algorithm", "AES256"],
      ["x-amz-server-side-encryption-customer-key", KEY],
      ["x-amz-server-side-encryption-customer-key-MD5", MD5],
    ]);
  });

  it("gives OBS Table 3 for copy sources, in both dialects", () => {
    expect(copySourceHeaders(key).map(([n]) => n)).toEqual([
      "x-amz-copy-source-server-side-encryption-customer-algorithm",
      "x-amz-copy-source-server-side-encryption-customer-key",
      "x-amz-copy-source-server-side-encryption-customer-key-MD5",
    ]);
    expect(copySourceHeaders(key, { dialect: "obs" }).map(([n]) => n)).toEqual([
      "x-obs-copy-source-server-side-encryption-customer-algorithm",
      "x-obs-copy-source-server-side-encryption-customer-key",
      "x-obs-copy-source-server-side-encryption-customer-key-MD5",
    ]);
    expect(ssecHeaders(key, { dialect: "obs" })[0][0]).toBe("x-obs-server-side-encryption-customer-algorithm");
  });

  it("omits and overrides any part", () => {
    expect(ssecHeaders(key, { omit: ["md5"] }).map(([n]) => n)).toEqual([
      "x-amz-server-side-encryption-customer-algorithm",
      "x-amz-server-side-encryption-customer-key",
    ]);
    expect(ssecHeaders(key, { omit: ["algorithm", "key", "md5"] })).toEqual([]);
    const odd = ssecHeaders(key, {
      algorithm: "KMS",
      keyText: "not-base64",
      md5Text: "e17bc1ded6cd4cdfad20455ad3f7c669",
    });
    expect(odd.map(([, v]) => v)).toEqual(["KMS", "not-base64", "e17bc1ded6cd4cdfad20455ad3f7c669"]);
  });

  it("names the echo headers lower-cased, per dialect, and never the key", () => {
    expect(echoHeaderNames()).toEqual({
      algorithm: "x-amz-server-side-encryption-customer-algorithm",
      md5: "x-amz-server-side-encryption-customer-key-md5",
      key: "x-amz-server-side-encryption-customer-key",
    });
    expect(echoHeaderNames("obs").md5).toBe("x-obs-server-side-encryption-customer-key-md5");
  });

  it("gives the POST form fields with the header names", () => {
    expect(ssecFormFields(key)).toEqual(ssecHeaders(key));
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

  it("names the copy headers in the target's dialect", () => {
    expect(copyHeaderNames("obs")).toEqual({
      copySource: "x-obs-copy-source",
      copySourceRange: "x-obs-copy-source-range",
      metadataDirective: "x-obs-metadata-directive",
    });
    expect(copyHeaderNames("amz").copySource).toBe("x-amz-copy-source");
  });
});
