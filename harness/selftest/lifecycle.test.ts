/**
 * The target's lifecycle against a server the run does not own (`serve` in a child process, as a
 * vendor's endpoint would be): a given bucket keeps everything the run did not create, and an
 * interrupted run still removes what it created.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createClient, parseListAllMyBuckets, parseListBucket } from "../client/index.ts";
import type { S3Client } from "../client/types.ts";
import { exitCodeFor, parseResultsFile } from "../report/results.ts";
import { BIN, cleanEnv, scratchDir } from "./spawn-cli.ts";

interface Served {
  endpoint: string;
  httpEndpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  caFile: string;
}

let server: ChildProcess;
let served: Served;
let client: S3Client;

beforeAll(async () => {
  server = spawn(process.execPath, [BIN, "serve", "--port", "0", "--http-port", "0"], {
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "ignore"],
  });
  const first = await new Promise<string>((res, rej) => {
    createInterface({ input: server.stdout! }).once("line", res);
    server.once("exit", (c) => rej(new Error(`serve exited ${c}`)));
  });
  served = JSON.parse(first) as Served;
  client = createClient({
    endpoint: served.endpoint,
    region: served.region,
    accessKeyId: served.accessKey,
    secretAccessKey: served.secretKey,
    caPem: readFileSync(served.caFile, "utf8"),
  });
});

afterAll(async () => {
  await client?.close();
  server?.kill("SIGTERM");
});

function target(): string[] {
  return [
    "--endpoint",
    served.endpoint,
    "--http-endpoint",
    served.httpEndpoint,
    "--access-key",
    served.accessKey,
    "--secret-key",
    served.secretKey,
    "--region",
    served.region,
    "--ca",
    served.caFile,
    "--runs",
    "2",
  ];
}

async function bucketNames(): Promise<string[]> {
  const r = await client.send({ method: "GET" });
  expect(r.status).toBe(200);
  return parseListAllMyBuckets(r.body).map((b) => b.name);
}

async function keys(bucket: string): Promise<string[]> {
  const r = await client.send({ method: "GET", bucket, query: [["list-type", "2"]] });
  expect(r.status).toBe(200);
  return parseListBucket(r.body).contents.map((c) => c.key);
}

/**
 * A full run in a scratch folder, interrupted with SIGINT once the first suite file has finished
 * (the bucket exists and holds objects by then). `stderr` grows as the child writes.
 */
async function interruptedRun(name: string) {
  const dir = scratchDir(name);
  const child = spawn(process.execPath, [BIN, ...target(), "--report-dir", "out"], {
    cwd: dir,
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const closed = new Promise<number | null>((res) => child.on("close", res));
  const run = { dir, child, closed, stderr: "" };
  child.stderr!.on("data", (d: Buffer) => (run.stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((res) => lines.on("line", (l) => /^\s+interfaces\//.test(l) && res()));
  child.kill("SIGINT");
  return run;
}

describe("target lifecycle", () => {
  it("in a given bucket, touches only the run's own keys", async () => {
    const bucket = "vendor-owned-bucket";
    expect((await client.send({ method: "PUT", bucket })).status).toBe(200);
    expect((await client.send({ method: "PUT", bucket, key: "precious/data.txt", body: "keep me" })).status).toBe(200);
    const dir = scratchDir("bucket");
    const run = await new Promise<number | null>((res) => {
      const c = spawn(
        process.execPath,
        [BIN, ...target(), "--bucket", bucket, "--only", "put-object.*", "--no-html", "--report-dir", "out"],
        {
          cwd: dir,
          env: cleanEnv(),
          stdio: "ignore",
        },
      );
      c.on("close", res);
    });
    expect(run === 0 || run === 1).toBe(true);
    expect(await keys(bucket)).toEqual(["precious/data.txt"]);
    expect(await bucketNames()).toContain(bucket);
  });

  it("an interrupted run exits without a pass and still removes its bucket and objects", async () => {
    const before = await bucketNames();
    const run = await interruptedRun("sigint");
    const code = await run.closed;
    const { dir, stderr } = run;
    expect(stderr).toMatch(/SIGINT: stopping the run, then cleaning up/);
    expect((await bucketNames()).filter((b) => !before.includes(b))).toEqual([]);
    const file = `${dir}/out/results.json`;
    const results = parseResultsFile(readFileSync(file, "utf8"), file);
    expect(results.errors?.some((e) => /interrupted by SIGINT/.test(e))).toBe(true);
    // 1 when the checks that did finish include a failure, else 3 (no verdict): never 0.
    expect(code, stderr).toBe(exitCodeFor(results.summary, false, results.errors?.length ?? 0));
    expect(code).not.toBe(0);
  });

  it("a second SIGINT exits 3 at once, after the redaction pass over allure-results and the cleanup", async () => {
    const run = await interruptedRun("sigint-twice");
    await new Promise<void>((res) => run.child.stderr!.on("data", () => /stopping the run/.test(run.stderr) && res()));
    run.child.kill("SIGINT");
    const code = await run.closed;
    expect(run.stderr).toMatch(/SIGINT again: cleaning up and exiting/);
    expect(run.stderr).toMatch(/redaction pass over .*allure-results \(\d+ file\(s\) changed\)/);
    expect(code, run.stderr).toBe(3);
    // Not asserted here: that the forced cleanup removes the bucket. Workers still running can
    // write after cleanup has listed the bucket (seen: the bucket left behind); the forced path
    // is best effort by design, the first SIGINT is the clean one.
  });
});
