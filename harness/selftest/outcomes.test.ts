/**
 * Outcomes a vendor can trust, through the real CLI against reference servers started here:
 * - a server without BlockedEncryptionTypes (fault blocked-encryption-types-unknown): the checks
 *   that need it are `unsupported` (results.json, JUnit, the verdict line say so, by group) and
 *   the exit status is the rest's; a profile that requires the feature fails them;
 * - a --bucket that blocks SSE-C stops before any check with one line and exit 3, or, with
 *   --unblock-bucket, is unblocked for the run and re-blocked at the end;
 * - with --bucket, no bucket-subresource DELETE reaches the server (its request log is the record).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientForServer } from "../client/server-client.ts";
import type { S3Client } from "../client/types.ts";
import { md5Base64 } from "../client/index.ts";
import type { ResultsFile } from "../report/results.ts";
import { startServer } from "../server/index.ts";
import type { RunningServer } from "../server/types.ts";
import { checkIds } from "../checks/catalogue.ts";
import { encryptionBlockXml, readBlockedTypes } from "../kit/encryption-block.ts";
import { endpointArgs, runCli, scratchDir } from "./spawn-cli.ts";

const ONLY = ["--only", "*.blocked-bucket*", "--only", "put-object.round-trip-1-byte"];
/** The checks `*.blocked-bucket*` selects (each needs BlockedEncryptionTypes). */
const BLOCKED = checkIds().filter((id) => id.includes(".blocked-bucket")).length;

function targetArgs(s: RunningServer): string[] {
  return [...endpointArgs(s), "--concurrency", "2"];
}

async function run(s: RunningServer, args: string[]) {
  const dir = scratchDir("outcomes");
  const cli = await runCli(["run", ...targetArgs(s), ...args, "--no-html", "--report-dir", "out"], {
    cwd: dir,
    timeoutMs: 280_000,
  });
  const results = () => JSON.parse(readFileSync(join(dir, "out/results.json"), "utf8")) as ResultsFile;
  return { cli, dir, results, last: cli.stdout.trimEnd().split("\n").at(-1) ?? "" };
}

describe("a server without BlockedEncryptionTypes: unsupported, not errors", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ faults: ["blocked-encryption-types-unknown"] });
  });
  afterAll(() => server.close());

  it("grades the checks that need it unsupported, counted and named by group; the rest decides the exit", async () => {
    const r = await run(server, ONLY);
    expect(r.cli.code, r.cli.stderr + r.cli.stdout.slice(-2000)).toBe(0);
    const res = r.results();
    const blocked = res.checks.filter((c) => c.id.includes(".blocked-bucket"));
    expect(blocked.length).toBe(BLOCKED);
    for (const c of blocked) {
      expect(c.status, c.id).toBe("unsupported");
      expect(c.reason).toMatch(/^BlockedEncryptionTypes not supported: .*does not read it back/);
    }
    expect(res.summary.unsupported).toBe(BLOCKED);
    expect(res.checks.find((c) => c.id === "put-object.round-trip-1-byte")?.status).toBe("pass");
    expect(res.features?.["blocked-encryption-types"]?.state).toBe("unsupported");
    expect(res.notRun?.find((g) => g.status === "unsupported")).toMatchObject({
      group: "unsupported: BlockedEncryptionTypes",
      count: BLOCKED,
    });
    expect(r.last).toMatch(
      new RegExp(
        `^PASS: \\d+ checks \\(not run: .*${BLOCKED} unsupported: BlockedEncryptionTypes.*\\) — 1 passed, 0 failed`,
      ),
    );
    expect(r.cli.stdout).toContain("feature BlockedEncryptionTypes: not supported");
    const xml = readFileSync(join(r.dir, "out/junit.xml"), "utf8");
    expect(xml.match(/<skipped message="unsupported: BlockedEncryptionTypes not supported/g)?.length).toBe(BLOCKED);
  }, 300_000);

  it("fails them when the profile requires the feature", async () => {
    const dir = scratchDir("outcomes-profile");
    const profile = join(dir, "acme.json");
    writeFileSync(profile, JSON.stringify({ extends: "aws", requires: ["blocked-encryption-types"] }));
    const r = await run(server, [...ONLY, "--profile", profile]);
    expect(r.cli.code).toBe(1);
    const blocked = r.results().checks.filter((c) => c.id.includes(".blocked-bucket"));
    for (const c of blocked) {
      expect(c.status, c.id).toBe("fail");
      expect(c.expected).toBe("BlockedEncryptionTypes (the profile requires it)");
    }
  }, 300_000);
});

describe("--bucket that blocks SSE-C", () => {
  let server: RunningServer;
  let client: S3Client;
  const log: string[] = [];
  const bucket = "vendor-blocked";
  beforeAll(async () => {
    server = await startServer({ log: (l) => log.push(l) });
    client = clientForServer(server);
    expect((await client.send({ method: "PUT", bucket })).status).toBe(200);
    const body = encryptionBlockXml(true);
    const put = await client.send({
      method: "PUT",
      bucket,
      query: [["encryption", ""]],
      body,
      headers: [["content-md5", md5Base64(body)]],
    });
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("stops before the checks with one line and exit 3", async () => {
    const r = await run(server, ["--bucket", bucket, "--only", "put-object.round-trip-1-byte"]);
    expect(r.cli.code).toBe(3);
    const lines = r.cli.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/bucket vendor-blocked blocks SSE-C .*--unblock-bucket/);
    expect(r.cli.stdout).not.toMatch(/passed, \d+ failed/);
  }, 300_000);

  it("with --unblock-bucket: unblocks it for the run, re-blocks it after, and sends no subresource DELETE", async () => {
    log.length = 0;
    const r = await run(server, ["--bucket", bucket, "--unblock-bucket", ...ONLY]);
    expect(r.cli.code, r.cli.stderr + r.cli.stdout.slice(-2000)).toBe(0);
    expect(r.cli.stdout).toContain("SSE-C unblocked on bucket vendor-blocked");
    expect(r.results().checks.filter((c) => c.status === "pass").length).toBe(BLOCKED + 1);
    const after = await readBlockedTypes(client, bucket);
    expect("types" in after && after.types).toEqual(["SSE-C"]);
    // The request log of the server is the record: no DeleteBucketEncryption (nor any DELETE of
    // the given bucket itself), though PutBucketEncryption was used on it twice.
    expect(log.filter((l) => l.startsWith(`PUT /${bucket} PutBucketEncryption 200 `)).length).toBe(2);
    expect(log.filter((l) => /^DELETE \S+ Delete(Bucket\w+) /.test(l))).toEqual([]);
    expect(log.filter((l) => l.startsWith(`DELETE /${bucket} `))).toEqual([]);
  }, 300_000);
});
