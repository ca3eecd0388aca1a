import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PACKAGE_ROOT } from "../config/version.ts";
import { probeEndpoint, TargetUnreachable } from "./probe.ts";

const tls = (f: string) => readFileSync(resolve(PACKAGE_ROOT, "fixtures/tls", f), "utf8");
let https: HttpsServer;
let http: HttpServer;
const port = (s: { address(): unknown }) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  https = createHttpsServer({ key: tls("server.key"), cert: tls("server.pem") }, (_q, r) => r.end());
  http = createHttpServer((_q, r) => r.end());
  await new Promise<void>((r) => https.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
});
afterAll(() => {
  https.close();
  http.close();
});

async function failure(url: string, opts: Parameters<typeof probeEndpoint>[1]): Promise<TargetUnreachable> {
  try {
    await probeEndpoint(url, opts);
  } catch (e) {
    if (e instanceof TargetUnreachable) return e;
    throw e;
  }
  throw new Error("probe succeeded");
}

describe("probeEndpoint", () => {
  it("accepts a server whose CA is trusted", async () => {
    await expect(
      probeEndpoint(`https://127.0.0.1:${port(https)}`, { caPem: tls("ca.pem"), timeoutMs: 5000 }),
    ).resolves.toBeUndefined();
    await expect(
      probeEndpoint(`https://localhost:${port(https)}`, { caPem: tls("ca.pem"), timeoutMs: 5000 }),
    ).resolves.toBeUndefined();
  });

  it("says TLS when the certificate is not trusted, and points at --ca / --insecure", async () => {
    const e = await failure(`https://127.0.0.1:${port(https)}`, { timeoutMs: 5000 });
    expect(e.kind).toBe("tls");
    expect(e.message).toMatch(/not trusted.*--ca FILE.*--insecure/);
    await expect(
      probeEndpoint(`https://127.0.0.1:${port(https)}`, { insecure: true, timeoutMs: 5000 }),
    ).resolves.toBeUndefined();
  });

  it("says TLS when an https URL points at a plain-http server", async () => {
    const e = await failure(`https://127.0.0.1:${port(http)}`, { timeoutMs: 5000 });
    expect(e.kind).toBe("tls");
    expect(e.message).toMatch(/handshake/);
  });

  it("says refused when nothing listens", async () => {
    const s = createNetServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const free = port(s);
    await new Promise<void>((r) => s.close(() => r()));
    const e = await failure(`https://127.0.0.1:${free}`, { timeoutMs: 5000 });
    expect(e.kind).toBe("refused");
    expect(e.message).toContain(`127.0.0.1:${free}`);
  });

  it("says DNS when the name does not resolve", async () => {
    // Tests stay on loopback: the resolver answers as getaddrinfo does for an unknown name.
    const notFound = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND no-such-host.invalid"), { code: "ENOTFOUND" });
    };
    const e = await failure("https://no-such-host.invalid", { timeoutMs: 5000, lookup: notFound });
    expect(e.kind).toBe("dns");
    expect(e.message).toMatch(/^DNS: cannot resolve "no-such-host.invalid"/);
  });
});
