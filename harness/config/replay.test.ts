import { describe, expect, it } from "vitest";
import { replayCommand } from "./replay.ts";

describe("replayCommand", () => {
  it("against the bundled server: seed, runs, filters, shard, profile and strict", () => {
    expect(
      replayCommand({
        seed: 7,
        runs: 100,
        only: ["put-object.*"],
        skip: ["put-object.round-trip-*"],
        shard: { index: 2, count: 4 },
        profile: "minio",
        strict: true,
      }),
    ).toBe(
      "ssec-conformance --seed 7 --runs 100 --only 'put-object.*' --skip 'put-object.round-trip-*' --shard 2/4 --profile minio --strict",
    );
  });

  it("against an endpoint: every target flag, credentials only as environment references", () => {
    const line = replayCommand(
      {
        endpoint: "https://s3.example:9000",
        httpEndpoint: "http://s3.example:9080",
        caFile: "certs/my ca.pem",
        insecure: true,
        bucket: "vendor-bucket",
        virtualHosted: true,
        region: "eu-west-1",
        profile: "./vendor.json",
        seed: 42,
        runs: 20,
      },
      "npx ssec-conformance",
    );
    expect(line).toBe(
      "npx ssec-conformance --seed 42 --runs 20 --endpoint https://s3.example:9000 --http-endpoint http://s3.example:9080 --ca 'certs/my ca.pem' --insecure " +
        '--access-key "$SSEC_ACCESS_KEY" --secret-key "$SSEC_SECRET_KEY" --region eu-west-1 --bucket vendor-bucket --virtual-hosted --profile ./vendor.json',
    );
  });
});
