import { describe, expect, it } from "vitest";
import suite from "./vectors/sigv4-suite.json" with { type: "json" };
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  HeaderBag,
  normalizeEncoding,
  parseRawQuery,
  percentDecode,
  trimAll,
  uriEncode,
} from "./canonical.ts";
import { ALGORITHM, scopeOf, sha256Hex, signatureHex, signingKey, stringToSign } from "./signing-key.ts";

function signatureOf(v: (typeof suite.vectors)[number]): string {
  const headers = new HeaderBag(v.headers as [string, string][]);
  const signed = v.signedHeaders.split(";");
  const creq = canonicalRequest({
    method: v.method,
    canonicalUri: canonicalUri(v.rawPath),
    canonicalQuery: canonicalQuery(parseRawQuery(v.rawQuery)),
    canonicalHeaders: canonicalHeaders(headers, signed),
    signedHeaders: v.signedHeaders,
    payloadHash: sha256Hex(v.body),
  });
  const date = suite.amzDate.slice(0, 8);
  const toSign = stringToSign(ALGORITHM, suite.amzDate, scopeOf(date, suite.region, suite.service), sha256Hex(creq));
  return signatureHex(signingKey(suite.credentials.secretAccessKey, date, suite.region, suite.service), toSign);
}

describe("aws-sig-v4-test-suite vectors (vectors/sigv4-suite.json)", () => {
  it.each(suite.vectors.map((v) => [v.name, v] as const))("%s reproduces the published signature", (_name, v) => {
    expect(v.payloadSha256).toBe(sha256Hex(v.body));
    expect(signatureOf(v)).toBe(v.signature);
  });
});

describe("canonical URI", () => {
  // title → { path as sent: its canonical URI }
  const cases: Record<string, Record<string, string>> = {
    "keeps an already canonical path byte for byte": {
      "/test%24file.text": "/test%24file.text",
      "/a/b%20c/%E1%88%B4": "/a/b%20c/%E1%88%B4",
    },
    "encodes characters a client left raw, as S3 canonicalises them": {
      "/test$file.text": "/test%24file.text",
      "/a b+c": "/a%20b%2Bc",
    },
    "upper-cases escapes and decodes escaped unreserved characters": { "/%e1%88%b4": "/%E1%88%B4", "/%41%7E": "/A~" },
    "keeps %2F inside a key distinct from a path separator": {
      "/bucket/a%2Fb": "/bucket/a%2Fb",
      "/bucket/a/b": "/bucket/a/b",
    },
    "does not normalise dot segments or double slashes (S3 signs the path as sent)": {
      "/a/../b//c/./d": "/a/../b//c/./d",
    },
    "treats a stray % as a literal instead of failing": { "/100%": "/100%25", "/%zz": "/%25zz", "": "/" },
  };
  for (const [title, paths] of Object.entries(cases)) {
    it(title, () => {
      for (const [path, canonical] of Object.entries(paths)) expect(canonicalUri(path), path).toBe(canonical);
    });
  }
});

describe("canonical query", () => {
  it("sorts by encoded name, then by value, and gives valueless names an '='", () => {
    expect(canonicalQuery(parseRawQuery("prefix=J&max-keys=2"))).toBe("max-keys=2&prefix=J");
    expect(canonicalQuery(parseRawQuery("b=2&a=2&a=1&lifecycle"))).toBe("a=1&a=2&b=2&lifecycle=");
  });
  it("sorts on the encoded form (uppercase before lowercase, %XX by its bytes)", () => {
    expect(canonicalQuery(parseRawQuery("a=1&B=2&%2B=3"))).toBe("%2B=3&B=2&a=1");
  });
  it("drops the excluded parameter and empty segments", () => {
    expect(canonicalQuery(parseRawQuery("&X-Amz-Signature=abc&&x=1&"), "X-Amz-Signature")).toBe("x=1");
  });
  it("encodes a literal '+' and space-like characters, never as form encoding", () => {
    expect(canonicalQuery(parseRawQuery("a=b+c&d=e%20f"))).toBe("a=b%2Bc&d=e%20f");
  });
});

describe("canonical headers", () => {
  it("lower-cases names, trims values, collapses inner spaces and joins duplicates with commas", () => {
    const bag = new HeaderBag([
      ["X-Amz-Meta-A", "  one   two  "],
      ["x-amz-meta-a", "three"],
      ["Host", "h"],
    ]);
    expect(canonicalHeaders(bag, ["host", "x-amz-meta-a"])).toBe("host:h\nx-amz-meta-a:one two,three\n");
  });
  it("uses an empty value for a signed header that is absent", () => {
    expect(canonicalHeaders(new HeaderBag([]), ["host"])).toBe("host:\n");
  });
  it("trimAll collapses tabs and runs of spaces", () => {
    expect(trimAll("\t a \t  b  ")).toBe("a b");
  });
});

describe("encoding helpers", () => {
  it("uriEncode encodes UTF-8 bytes with upper-case hex and keeps unreserved characters", () => {
    expect(uriEncode("a b/c~ሴ", false)).toBe("a%20b%2Fc~%E1%88%B4");
    expect(uriEncode("a b/c", true)).toBe("a%20b/c");
  });
  it("percentDecode never throws on malformed escapes", () => {
    expect(percentDecode("a%2Fb%zz%")).toBe("a/b%zz%");
    expect(percentDecode("%E1%88%B4")).toBe("ሴ");
    expect(() => percentDecode("%E1%88")).not.toThrow();
  });
  it("normalizeEncoding is idempotent", () => {
    for (const s of ["/a%2fb", "/x y", "/%41", "/%%", "/ሴ"]) {
      const once = normalizeEncoding(s, true);
      expect(normalizeEncoding(once, true)).toBe(once);
    }
  });
});
