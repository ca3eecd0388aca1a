/**
 * The property suites catch injected faults (issues 5 and 7): with a fault switched on in the
 * reference server, the matching property FAILS with a shrunk counterexample, a replayable
 * seed and path in its message and outcome, and no key material; the same seed replays the
 * same counterexample; without the fault the property passes.
 *
 * Each run is a child process (property-run.ts) that starts the server in-process and runs one
 * check of one suite file through vitest's Node API.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TSX_CHILD_ARGS } from "./spawn-cli.ts";
import type { PropertyRunRequest, PropertyRunResult } from "./property-run.ts";

const RUNNER = fileURLToPath(new URL("./property-run.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function run(
  req: Omit<PropertyRunRequest, "seed" | "runs"> & { seed?: number; runs?: number },
): Promise<PropertyRunResult> {
  const full: PropertyRunRequest = { seed: 42, runs: 100, ...req };
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    for (const k of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "TEST"]) delete env[k];
    const child = spawn(process.execPath, [...TSX_CHILD_ARGS, RUNNER, JSON.stringify(full)], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("@@result "));
      if (code !== 0 || !line) reject(new Error(`property-run exited ${code}\n${err}\n${out}`));
      else resolve(JSON.parse(line.slice("@@result ".length)) as PropertyRunResult);
    });
  });
}

/** A 32-byte key in base64 (43 characters and one `=`): must never appear in any output. */
const KEY_BASE64 = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=(?![A-Za-z0-9+/=])/;

function expectReplayableFailure(r: PropertyRunResult, id: string): void {
  expect(r.state).toBe("failed");
  const o = r.outcome!;
  expect(o.id).toBe(id);
  expect(o.status).toBe("fail");
  expect(o.seed).toBe(42);
  expect(o.path).toMatch(/^\d+(:\d+)*$/);
  expect(o.counterexample).toContain("CustomerKey[32 bytes, ");
  expect(r.message).toContain(`seed: 42, path: "${o.path}"`);
  expect(r.message).toContain(`replay: ssec-conformance --seed 42 --runs 100 --only ${id}`);
  expect(r.message).toContain(`counterexample: ${o.counterexample}`);
  for (const text of [r.message ?? "", o.counterexample ?? "", o.transcript ?? "", o.message ?? ""])
    expect(text).not.toMatch(KEY_BASE64);
}

// Each test is its own child processes with nothing shared: they run side by side.
describe.concurrent("property suites against injected faults", () => {
  it("bad-md5: md5-not-checked fails put-object.property-bad-md5, shrunk to sixteen zero bytes, and replays exactly", async () => {
    const id = "put-object.property-bad-md5";
    const req = { file: "suites/properties/bad-md5.test.ts", id, faults: ["md5-not-checked"] };
    const first = await run(req);
    expectReplayableFailure(first, id);
    // Shrinking took the random 16-byte digest down to all zeros.
    expect(first.outcome!.counterexample).toContain('"AAAAAAAAAAAAAAAAAAAAAA=="');
    expect(first.message).toMatch(/shrunk [1-9]\d* times/);
    const again = await run(req);
    expect(again.outcome!.path).toBe(first.outcome!.path);
    expect(again.outcome!.counterexample).toBe(first.outcome!.counterexample);
  });

  it("bad-md5: hex-md5-accepted fails get-object.property-bad-md5 with a hex key-MD5 counterexample", async () => {
    const id = "get-object.property-bad-md5";
    const r = await run({ file: "suites/properties/bad-md5.test.ts", id, faults: ["hex-md5-accepted"] });
    expectReplayableFailure(r, id);
    expect(r.outcome!.counterexample).toMatch(/the right digest in (upper-case )?hex "[0-9a-fA-F]{32}"/);
  });

  it("wrong-keys: head-wrong-key-accepted fails head-object.property-wrong-key", async () => {
    const id = "head-object.property-wrong-key";
    const r = await run({ file: "suites/properties/wrong-keys.test.ts", id, faults: ["head-wrong-key-accepted"] });
    expectReplayableFailure(r, id);
    expect(r.outcome!.actual).toMatch(/^200/);
  });

  it("copy-source-mismatches: copy-drops-encryption fails copy-object.property-copy-source-combinations", async () => {
    const id = "copy-object.property-copy-source-combinations";
    const r = await run({
      file: "suites/properties/copy-source-mismatches.test.ts",
      id,
      faults: ["copy-drops-encryption"],
    });
    expectReplayableFailure(r, id);
    expect(r.message).toContain("stored unencrypted");
  });

  it("missing-headers: validation-500 fails upload-part.property-missing-headers", async () => {
    const id = "upload-part.property-missing-headers";
    const r = await run({ file: "suites/properties/missing-headers.test.ts", id, faults: ["validation-500"] });
    expectReplayableFailure(r, id);
    expect(r.outcome!.actual).toBe("500 InternalError");
  });

  it("passes without a fault (the control run)", async () => {
    const id = "put-object.property-bad-md5";
    const r = await run({ file: "suites/properties/bad-md5.test.ts", id, faults: [], runs: 30 });
    expect(r.state).toBe("passed");
    expect(r.outcome!.status).toBe("pass");
  });
});
