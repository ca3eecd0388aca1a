import { describe, expect, it } from "vitest";
import { parseServeArgs, serveMain } from "./serve.ts";
import { sendTo } from "../server-testing/s3-requests.ts";

function io(stop?: Promise<void>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), stopSignal: stop },
  };
}

describe("ssec-conformance serve", () => {
  it.each([
    [["--bogus"], "--bogus"],
    [["--port", "http"], "--port"],
    [["--port"], "--port"],
    [["--http-port", "70000"], "--http-port"],
    [["--fault", "no-such-fault"], "--fault"],
    [["--access-key", "only-the-id"], "--secret-key"],
    [["--region", "Not A Region"], "--region"],
  ])("refuses %j with exit 2 and one line naming %s", async (argv, flag) => {
    const t = io();
    expect(await serveMain(argv, t.io)).toBe(2);
    expect(t.err.join("").trim().split("\n")).toHaveLength(1);
    expect(t.err.join("")).toContain(flag);
    expect(t.out).toEqual([]);
  });

  it("parses every option", () => {
    const { opts } = parseServeArgs([
      "--host=127.0.0.1",
      "--port",
      "0",
      "--http-port",
      "0",
      "--access-key",
      "ak",
      "--secret-key",
      "sk",
      "--region",
      "eu-west-1",
      "--fault",
      "md5-not-checked",
      "--fault",
      "echo-key",
    ]);
    expect(opts).toMatchObject({
      host: "127.0.0.1",
      port: 0,
      httpPort: 0,
      accessKey: "ak",
      secretKey: "sk",
      region: "eu-west-1",
      faults: ["md5-not-checked", "echo-key"],
    });
  });

  it("prints help and the fault list", async () => {
    const t = io();
    expect(await serveMain(["--help"], t.io)).toBe(0);
    expect(t.out.join("")).toContain("--data-dir");
    const f = io();
    expect(await serveMain(["--fault", "list"], f.io)).toBe(0);
    expect(f.out.join("")).toContain("md5-not-checked");
  });

  it("prints one JSON line first, serves S3 on it, and stops when asked", async () => {
    let stop!: () => void;
    const t = io(new Promise<void>((r) => (stop = r)));
    const running = serveMain(["--region", "eu-west-1"], t.io);
    while (t.out.length === 0) await new Promise((r) => setImmediate(r));
    const first = t.out[0];
    expect(first.endsWith("\n")).toBe(true);
    const info = JSON.parse(first);
    expect(Object.keys(info).sort()).toEqual([
      "accessKey",
      "caFile",
      "endpoint",
      "httpEndpoint",
      "region",
      "secretKey",
    ]);
    expect(info.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.region).toBe("eu-west-1");
    const { readFileSync } = await import("node:fs");
    const caPem = readFileSync(info.caFile, "utf8");
    const r = await sendTo({ ...info, caPem }, { method: "GET", path: "/" });
    expect(r.status).toBe(200);
    stop();
    expect(await running).toBe(0);
    expect(t.out).toHaveLength(1);
  });
});
