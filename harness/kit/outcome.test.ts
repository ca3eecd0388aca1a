import { describe, expect, it } from "vitest";
import { redactOutcome } from "./outcome.ts";
import { deriveKey as deriveCustomerKey } from "../ssec/index.ts";

describe("redactOutcome", () => {
  it("redacts a registered customer key wherever a server put it in the outcome's text", () => {
    const key = deriveCustomerKey(7, "run-check-test/echoed");
    const leak = `server message: the key ${key.base64} is not valid`;
    const o = redactOutcome({
      id: "put-object.x",
      status: "fail",
      durationMs: 1,
      message: `expected: 400 InvalidArgument\nactual: 200\n${leak}`,
      expected: `400 (${key.base64})`,
      actual: leak,
      seed: 42,
      path: "0:1",
      counterexample: `[${key.raw.toString("hex")}]`,
      transcript: `< x-amz-meta-echo: ${key.base64}`,
    });
    const text = JSON.stringify(o);
    expect(text).not.toContain(key.base64);
    expect(text).not.toContain(key.raw.toString("hex"));
    expect(o.message).toContain("[REDACTED:");
    expect(o).toMatchObject({ id: "put-object.x", status: "fail", seed: 42, path: "0:1" });
  });
});

describe("registerSentKeys", () => {
  it("registers a literal key a request sent, so an echo of it in free text is redacted", async () => {
    const { registerSentKeys } = await import("./transcript.ts");
    const { redact } = await import("../secrets/redact.ts");
    const literal = "run-check-test-literal-key-value-0123456789=";
    const field = "run-check-test-form-field-key-value-012345=";
    expect(redact(`message: ${literal}`)).toContain(literal);
    registerSentKeys({
      method: "POST",
      url: "https://127.0.0.1/b",
      requestHeaders: [["x-amz-server-side-encryption-customer-key", literal]],
      requestBodyPreview: `--b\r\ncontent-disposition: form-data; name="x-amz-server-side-encryption-customer-key"\r\n\r\n${field}\r\n--b--`,
    });
    expect(redact(`message: ${literal} / ${field}`)).not.toMatch(/run-check-test/);
  });
});

describe("completeReplayLine", () => {
  it("completes a property's replay line with the target's flags, never its credentials", async () => {
    const { completeReplayLine } = await import("./replay-line.ts");
    const detail =
      'counterexample: x\nseed: 9, path: "1:0"\nreplay: ssec-conformance --seed 9 --runs 20 --only get-object.property-wrong-key';
    const target = {
      endpoint: "https://s3.example",
      region: "us-east-1",
      accessKeyId: "AKID",
      secretAccessKey: "s3cr3t-value-not-printed",
      bucket: "given",
      bucketOwned: false,
      keyPrefix: "p/",
      virtualHosted: false,
      caFile: "ca.pem",
      insecure: false,
      dialect: "amz" as const,
      profileName: "ceph",
      reference: false,
      seed: 9,
      runs: 20,
      timeoutMs: 1000,
      strict: false,
    };
    const out = completeReplayLine(detail, target, "get-object.property-wrong-key", 9)!;
    expect(out.split("\n").at(-1)).toBe(
      "replay: ssec-conformance --seed 9 --runs 20 --only get-object.property-wrong-key --endpoint https://s3.example --ca ca.pem " +
        '--access-key "$SSEC_ACCESS_KEY" --secret-key "$SSEC_SECRET_KEY" --bucket given --profile ceph',
    );
    expect(out).not.toContain("s3cr3t");
    expect(out).not.toContain("AKID");
  });
});

describe("outcomeOf: a check graded by a declared deviation", () => {
  it("keeps the deviation in the outcome, and an expired one's note leads the message", async () => {
    const { outcomeOf } = await import("./outcome.ts");
    const { Transcript } = await import("./transcript.ts");
    const { getCheck } = await import("../checks/catalogue.ts");
    const def = getCheck("put-object.md5-mismatch");
    const deviation = {
      key: "put-object.*",
      reason: "BUG-7",
      expect: "fail" as const,
      until: "2026-01-31",
      link: "https://t.example/7",
    };
    const base = {
      def,
      target: {} as never,
      raw: { kind: "failed", expected: "400 InvalidArgument", actual: "200 (no error code)" } as const,
      durationMs: 1,
      transcript: new Transcript(),
    };
    const live = outcomeOf({ ...base, verdict: "xfail", deviation }).outcome;
    expect(live.deviation).toEqual(deviation);
    expect(live.message).toContain(
      'declared deviation deviations["put-object.*"] (until 2026-01-31, https://t.example/7): BUG-7',
    );
    const dead = outcomeOf({ ...base, verdict: "fail", deviation: { ...deviation, expired: true } }).outcome;
    expect(dead.status).toBe("fail");
    const lines = dead.message!.split("\n").map((l) => l.trim());
    expect(lines.slice(3, 5)).toEqual([
      'declared deviation deviations["put-object.*"] expired on 2026-01-31 (https://t.example/7): BUG-7',
      'it no longer excuses this check: fix the server, or renew "until" in the profile',
    ]);
  });
});
