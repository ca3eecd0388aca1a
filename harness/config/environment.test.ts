import { describe, expect, it } from "vitest";
import { colourWanted, projectTestEnv } from "./environment.ts";
import { resolveRunSettings, type RunSettings } from "./settings.ts";

describe("projectTestEnv (npm test's conformance project)", () => {
  it("ignores a developer's AWS endpoint and credentials, so the bundled server is used", () => {
    const env = {
      AWS_ENDPOINT_URL_S3: "https://s3.real.example",
      AWS_ENDPOINT_URL: "https://real.example",
      AWS_ACCESS_KEY_ID: "AKIDREAL",
      AWS_SECRET_ACCESS_KEY: "real-secret",
      PATH: "/bin",
    };
    const s = resolveRunSettings({}, projectTestEnv(env)) as RunSettings;
    expect(s.endpoint).toBeUndefined();
    expect(s.accessKeyId).toBeUndefined();
    // The CLI, by contrast, falls back to them.
    expect((resolveRunSettings({}, env) as RunSettings).endpoint).toBe("https://s3.real.example");
  });

  it("honours an explicit SSEC_ENDPOINT", () => {
    const s = resolveRunSettings(
      {},
      projectTestEnv({
        SSEC_ENDPOINT: "https://s3.vendor.example",
        SSEC_ACCESS_KEY: "a",
        SSEC_SECRET_KEY: "b",
        AWS_ENDPOINT_URL: "https://real.example",
      }),
    ) as RunSettings;
    expect(s.endpoint).toBe("https://s3.vendor.example");
  });
});

describe("colourWanted", () => {
  it("colours a terminal unless NO_COLOR is set or TERM is dumb", () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({}, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourWanted({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });
});
