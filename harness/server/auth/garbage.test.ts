/**
 * Malformed input never escapes as an exception or a hang: every garbage header, query or body
 * ends in an S3Fault (and never the InternalError of the last-resort catch).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { S3Fault } from "../errors.ts";
import { authenticate, verifiedBody, verifyPostPolicy, type AuthInput } from "./index.ts";
import { AUTH_PARAMS } from "./presigned.ts";
import { signerAuth, signHeader } from "../../server-testing/smithy-signer.ts";
import { collect, pieces } from "../../server-testing/auth-bodies.ts";

const cfg = signerAuth();
const RUNS = { seed: 4242, numRuns: 300 };

/** Strings biased towards the separators the parsers split on. */
const noisy = fc.string({ unit: fc.constantFrom(..."aZ0=/,;: %\r\n\t+&?x-_.\u00e9\u1234".split("")), maxLength: 60 });
/** [one of `names`, a noisy value]: a header, query parameter or form field. */
const withNoisyValue = (...names: string[]) => fc.tuple(fc.constantFrom(...names), noisy);

describe("garbage in, S3Fault out", () => {
  it("authenticate: arbitrary Authorization values, headers and queries", () => {
    const header = withNoisyValue(
      "Authorization",
      "x-amz-date",
      "x-amz-content-sha256",
      "Host",
      "x-amz-trailer",
      "Content-MD5",
      "x-amz-checksum-crc32",
      "x-amz-decoded-content-length",
      "Date",
      "x-amz-meta-a",
    );
    const auth = fc.oneof(
      noisy,
      noisy.map((s) => `AWS4-HMAC-SHA256 ${s}`),
      fc
        .tuple(noisy, noisy, noisy)
        .map(([a, b, c]) => `AWS4-HMAC-SHA256 Credential=${a}, SignedHeaders=${b}, Signature=${c}`),
    );
    fc.assert(
      fc.property(fc.array(header, { maxLength: 8 }), fc.option(auth), noisy, noisy, (headers, a, path, query) => {
        const input: AuthInput = {
          method: "PUT",
          rawPath: `/${path}`,
          rawQuery: query,
          headers: a === null ? headers : [...headers, ["Authorization", a]],
        };
        const outcome = authenticate(input, cfg);
        if (!outcome.ok) {
          expect(outcome.fault).toBeInstanceOf(S3Fault);
          expect(outcome.fault.code).not.toBe("InternalError");
        }
      }),
      RUNS,
    );
  });

  it("authenticate: arbitrary presigned queries", () => {
    const param = withNoisyValue(...AUTH_PARAMS, "x-amz-checksum-crc32", "x-amz-content-sha256");
    fc.assert(
      fc.property(fc.array(param, { maxLength: 8 }), (params) => {
        const rawQuery = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
        const outcome = authenticate({ method: "GET", rawPath: "/b/k", rawQuery, headers: [["Host", "h"]] }, cfg);
        if (!outcome.ok) expect(outcome.fault.code).not.toBe("InternalError");
      }),
      RUNS,
    );
  });

  it("verifyPostPolicy: arbitrary forms", () => {
    const field = withNoisyValue(
      "policy",
      "x-amz-signature",
      "x-amz-credential",
      "x-amz-algorithm",
      "x-amz-date",
      "key",
      "bucket",
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 8 }), (fields) => {
        const r = verifyPostPolicy(fields, "b", cfg);
        if (!r.ok) expect(r.fault.code).not.toBe("InternalError");
      }),
      RUNS,
    );
  });

  it.each([
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
  ])("verifiedBody (%s): arbitrary bodies end or fail with an S3Fault, never hang", async (mode) => {
    const headers: Record<string, string> = { "x-amz-content-sha256": mode, "x-amz-decoded-content-length": "11" };
    if (mode.endsWith("TRAILER")) headers["x-amz-trailer"] = "x-amz-checksum-crc32";
    const input = await signHeader({ method: "PUT", path: "/b/k", headers });
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .array(
          fc.constantFrom(
            "7\r\n",
            "stream-",
            "\r\n",
            "4\r\nbody",
            "0\r\n",
            ";chunk-signature=",
            "ff",
            "x-amz-checksum-crc32:762Bvg==",
            "\n",
            "x-amz-trailer-signature:0",
          ),
          { maxLength: 12 },
        )
        .map((a) => new TextEncoder().encode(a.join(""))),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 1, max: 40 }), async (bytes, split) => {
        const outcome = authenticate(input, cfg);
        if (!outcome.ok) throw outcome.fault;
        const { error } = await collect(verifiedBody(outcome.body, pieces(Buffer.from(bytes), split)));
        if (error !== undefined) {
          expect(error).toBeInstanceOf(S3Fault);
          expect((error as S3Fault).code).not.toBe("InternalError");
        }
      }),
      { seed: 4242, numRuns: 200 },
    );
  });
});
