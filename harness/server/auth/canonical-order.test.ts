/**
 * The canonical headers are in sorted-name order whatever order the client lists them in
 * (issue 18, item 3). curl 7.88's `--aws-sigv4` sorts `name:value` lines instead of names, which
 * puts `x-amz-server-side-encryption-customer-key-md5` ('-' < ':') before `…-customer-key`: AWS
 * refuses such a signature, so must the reference server. Signed here by hand (node:crypto), in
 * whichever order the case asks for, independently of the code under test.
 */
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate, type AuthConfig } from "./index.ts";
import { deriveKey } from "../../server-testing/auth-bodies.ts";

const ACCESS = "AKIDEXAMPLE";
const SECRET = "order-test-secret";
const REGION = "us-east-1";
const DATE = new Date("2024-05-01T12:00:00Z");
const AMZ_DATE = "20240501T120000Z";
const SCOPE = `20240501/${REGION}/s3/aws4_request`;
const cfg: AuthConfig = { region: REGION, secretFor: (id) => (id === ACCESS ? SECRET : undefined), now: () => DATE };

const key = Buffer.alloc(32, 9);
const HEADERS: Record<string, string> = {
  host: "127.0.0.1:9000",
  "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
  "x-amz-date": AMZ_DATE,
  "x-amz-server-side-encryption-customer-algorithm": "AES256",
  "x-amz-server-side-encryption-customer-key": key.toString("base64"),
  "x-amz-server-side-encryption-customer-key-md5": createHash("md5").update(key).digest("base64"),
};
const byName = Object.keys(HEADERS).sort();
/** curl's order: the `name:value` lines sorted, not the names. */
const byLine = Object.keys(HEADERS).sort((a, b) => {
  const x = `${a}:${HEADERS[a]}`;
  const y = `${b}:${HEADERS[b]}`;
  return x < y ? -1 : x > y ? 1 : 0;
});

/** Signs GET /bucket/object with the canonical headers in `canonicalOrder`, listing `listed`. */
function outcome(canonicalOrder: string[], listed = canonicalOrder): string {
  const creq = [
    "GET",
    "/bucket/object",
    "",
    canonicalOrder.map((n) => `${n}:${HEADERS[n]}\n`).join(""),
    canonicalOrder.join(";"),
    "UNSIGNED-PAYLOAD",
  ].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", AMZ_DATE, SCOPE, createHash("sha256").update(creq).digest("hex")].join("\n");
  const signature = createHmac("sha256", deriveKey(SECRET, "20240501", REGION))
    .update(toSign)
    .digest("hex");
  const authorization = `AWS4-HMAC-SHA256 Credential=${ACCESS}/${SCOPE}, SignedHeaders=${listed.join(";")}, Signature=${signature}`;
  const r = authenticate(
    {
      method: "GET",
      rawPath: "/bucket/object",
      rawQuery: "",
      headers: [...Object.entries(HEADERS), ["Authorization", authorization]],
    },
    cfg,
  );
  return r.ok ? "ok" : r.fault.code;
}

describe("SigV4 canonical header order", () => {
  it("the two orders differ on the SSE-C key pair (the premise of the test)", () => {
    expect(byLine).not.toEqual(byName);
    expect(byLine.indexOf("x-amz-server-side-encryption-customer-key-md5")).toBeLessThan(
      byLine.indexOf("x-amz-server-side-encryption-customer-key"),
    );
  });

  it("accepts a signature over the names sorted", () => {
    expect(outcome(byName)).toBe("ok");
  });

  it("refuses curl's order (lines sorted: …-key-md5 before …-key) with SignatureDoesNotMatch", () => {
    expect(outcome(byLine)).toBe("SignatureDoesNotMatch");
  });

  it("sorts the names itself: the sorted canonical request listed in another order passes", () => {
    expect(outcome(byName, byLine)).toBe("ok");
  });
});
