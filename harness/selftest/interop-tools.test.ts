/**
 * The tools vendors already run, against `serve` (issue 14 item 12): Debian's awscli (`s3 cp` with
 * SSE-C both ways, single-part and multipart, `s3 rm --recursive`, `s3api list-object-versions`)
 * and a boto3 script in the style of boto3-based suites (interop/boto3_ssec.py: SSE-C put, get,
 * head, copy, multipart, versions and the bucket-emptying pattern). Under CI=true a missing tool is
 * an error (.ci/run installs awscli and python3-boto3); elsewhere the test is skipped with the
 * install command. Keys are random per run and passed as arguments, never written to a file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { BIN, cleanEnv, scratchDir } from "./spawn-cli.ts";

const AWS = "/usr/bin/aws";
const PYTHON = "/usr/bin/python3";
const BOTO3_SCRIPT = resolve(import.meta.dirname, "interop/boto3_ssec.py");

interface Served {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  caFile: string;
}

/** The tool's path, or a skip (an error under CI=true, as the browser test: harness/selftest/chromium.ts). */
function toolOrSkip(skip: (note: string) => void, present: boolean, what: string, install: string): boolean {
  if (present) return true;
  if (process.env.CI === "true")
    throw new Error(`${what} is not installed, and CI=true requires this test (${install})`);
  skip(`${what} is not installed (${install}); the interoperability check is skipped`);
  return false;
}

const hasBoto3 = () => existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import boto3"]).status === 0;

let server: ChildProcess;
let served: Served;
let home: string;

beforeAll(async () => {
  server = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "ignore"],
  });
  const first = await new Promise<string>((res, rej) => {
    createInterface({ input: server.stdout! }).once("line", res);
    server.once("exit", (c) => rej(new Error(`serve exited ${c}`)));
  });
  served = JSON.parse(first) as Served;
  home = scratchDir("interop");
});

afterAll(() => {
  server?.kill("SIGTERM");
});

/** The tools' environment: the served credentials and CA, no config file, no instance metadata. */
function toolEnv(): NodeJS.ProcessEnv {
  return cleanEnv({
    HOME: home,
    AWS_ACCESS_KEY_ID: served.accessKey,
    AWS_SECRET_ACCESS_KEY: served.secretKey,
    AWS_DEFAULT_REGION: served.region,
    AWS_CA_BUNDLE: served.caFile,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  });
}

/** One awscli command against `serve`; its stdout (JSON for s3api). */
function aws(args: string[], expectOk = true): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(AWS, ["--endpoint-url", served.endpoint, "--no-cli-pager", ...args], {
    env: toolEnv(),
    cwd: home,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (expectOk && r.status !== 0) throw new Error(`aws ${args.slice(0, 3).join(" ")} exited ${r.status}: ${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("interoperability with the tools vendors run", () => {
  it("awscli: SSE-C round trips (single-part and multipart), recursive remove, list-object-versions", (ctx) => {
    if (!toolOrSkip((n) => ctx.skip(n), existsSync(AWS), "awscli", "apt-get install -y awscli")) return;
    // awscli takes a raw 32-byte key as text and encodes it itself: 32 random letters and digits.
    const key = randomBytes(24).toString("base64").replace(/[+/]/g, "x").slice(0, 32);
    const sse = ["--sse-c", "AES256", "--sse-c-key", key];
    const small = join(home, "small.bin");
    const big = join(home, "big.bin");
    writeFileSync(small, randomBytes(1000));
    writeFileSync(big, randomBytes(9 * 1024 * 1024)); // over awscli's 8 MiB multipart threshold
    aws(["s3", "mb", "s3://awscli-interop"]);
    aws(["s3", "cp", "--no-progress", small, "s3://awscli-interop/dir/small.bin", ...sse]);
    aws(["s3", "cp", "--no-progress", big, "s3://awscli-interop/dir/big.bin", ...sse]);
    for (const name of ["small.bin", "big.bin"]) {
      const back = join(home, `back-${name}`);
      aws(["s3", "cp", "--no-progress", `s3://awscli-interop/dir/${name}`, back, ...sse]);
      expect(readFileSync(back).equals(readFileSync(join(home, name))), `${name} round trip`).toBe(true);
    }
    const without = aws(["s3", "cp", "--no-progress", "s3://awscli-interop/dir/small.bin", join(home, "x")], false);
    expect(without.status, "a download without the key fails").not.toBe(0);

    const listed = JSON.parse(aws(["s3api", "list-object-versions", "--bucket", "awscli-interop"]).stdout) as {
      Versions: { Key: string; VersionId: string; Size: number }[];
    };
    expect(listed.Versions.map((v) => [v.Key, v.VersionId, v.Size]).sort()).toEqual([
      ["dir/big.bin", "null", 9 * 1024 * 1024],
      ["dir/small.bin", "null", 1000],
    ]);

    aws(["s3", "rm", "--recursive", "s3://awscli-interop/dir/"]);
    const left = JSON.parse(aws(["s3api", "list-objects-v2", "--bucket", "awscli-interop"]).stdout || "{}") as {
      KeyCount?: number;
    };
    expect(left.KeyCount ?? 0, "objects left after s3 rm --recursive").toBe(0);
    aws(["s3", "rb", "s3://awscli-interop"]);
  });

  it("boto3: SSE-C put/get/head/copy/multipart, versions, and the bucket-emptying pattern of boto3 suites", (ctx) => {
    if (!toolOrSkip((n) => ctx.skip(n), hasBoto3(), "python3-boto3", "apt-get install -y python3-boto3")) return;
    const r = spawnSync(PYTHON, [BOTO3_SCRIPT], {
      env: { ...toolEnv(), SSEC_INTEROP_ENDPOINT: served.endpoint },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, `boto3 script: ${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("ok bucket emptied by list_object_versions + delete_objects, and deleted");
  });
});
