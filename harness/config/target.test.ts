import { describe, expect, it } from "vitest";
import { describeTarget } from "./target.ts";

describe("describeTarget", () => {
  it("names endpoint, region, bucket and addressing without credentials", () => {
    const line = describeTarget({
      endpoint: "https://s3.example",
      region: "eu-west-1",
      bucket: "b",
      virtualHosted: false,
    });
    expect(line).toBe("https://s3.example (region eu-west-1, bucket b, path-style)");
  });
});
