import { describe, expect, it } from "vitest";
import { ClientUsageError, resolveAddress, s3UriEncode } from "./address.ts";
import type { ClientOptions } from "./types.ts";

const opts: ClientOptions = {
  endpoint: "https://localhost:9000",
  region: "us-east-1",
  accessKeyId: "a",
  secretAccessKey: "s",
};

describe("addressing", () => {
  it("encodes keys once, S3 style (unreserved kept, everything else %XX, slashes kept in keys)", () => {
    expect(s3UriEncode("a b/c+d~e*f(g)!'ä", true)).toBe("a%20b/c%2Bd~e%2Af%28g%29%21%27%C3%A4");
    expect(s3UriEncode("a/b")).toBe("a%2Fb");
  });

  it("builds path-style URLs with queries in order, bare names for null", () => {
    const a = resolveAddress(opts, {
      method: "POST",
      bucket: "bkt",
      key: "dir/my key",
      query: [
        ["uploads", null],
        ["x", ""],
        ["partNumber", "1"],
      ],
    });
    expect(a).toMatchObject({
      origin: "https://localhost:9000",
      host: "localhost:9000",
      path: "/bkt/dir/my%20key",
      queryString: "uploads&x=&partNumber=1",
    });
    expect(resolveAddress(opts, { method: "GET" }).path).toBe("/");
    expect(resolveAddress(opts, { method: "PUT", bucket: "bkt" }).path).toBe("/bkt");
  });

  it("puts the bucket in Host for virtual-hosted addressing but connects to the endpoint", () => {
    const a = resolveAddress({ ...opts, virtualHosted: true }, { method: "GET", bucket: "bkt", key: "k" });
    expect(a).toMatchObject({
      origin: "https://localhost:9000",
      host: "bkt.localhost:9000",
      servername: "localhost",
      path: "/k",
    });
  });

  it("refuses virtual-hosted addressing on an IP endpoint, saying why", () => {
    expect(() =>
      resolveAddress(
        { ...opts, endpoint: "https://127.0.0.1:9000", virtualHosted: true },
        { method: "GET", bucket: "b" },
      ),
    ).toThrow(/virtual-hosted addressing needs a DNS name/);
  });

  it("uses the plain-http endpoint only when asked, and refuses when there is none", () => {
    expect(
      resolveAddress({ ...opts, httpEndpoint: "http://localhost:9080" }, { method: "GET", plainHttp: true }).origin,
    ).toBe("http://localhost:9080");
    expect(() => resolveAddress(opts, { method: "GET", plainHttp: true })).toThrow(ClientUsageError);
  });
});
