/**
 * The stateful checks catch the faults only a sequence reveals (issue 15): against a clean
 * reference server each passes; with each sequence fault it fails within its default budget, its
 * scenario shrunk to at most 5 commands, with seed, path and the replay line and no key
 * material; the same seed replays the same scenario; and the standalone script it writes, run
 * with plain node, reproduces the failure against a server with the fault (exit 1) and passes
 * against a clean one (exit 0).
 *
 * Each check runs in a child process (property-run.ts: the server in-process, one check through
 * vitest's Node API), with the CLI's default stateful budget.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientForServer } from "../client/server-client.ts";
import { DEFAULTS } from "../config/settings.ts";
import { startServer, type RunningServer } from "../server/index.ts";
import type { FaultName } from "../server/faults.ts";
import { FAULT_MAP } from "./fault-map.ts";
import type { PropertyRunRequest, PropertyRunResult } from "./property-run.ts";
import { scratchDir, TSX_CHILD_ARGS } from "./spawn-cli.ts";
import { CATALOGUE } from "../checks/catalogue.ts";
import { suiteFileOf } from "../checks/suite-files.ts";

const RUNNER = fileURLToPath(new URL("./property-run.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The stateful checks, each with its suite file (checks/suite-files.ts). */
const SUITE: Record<string, string> = Object.fromEntries(
  CATALOGUE.filter((c) => c.category === "stateful").map((c) => [c.id, suiteFileOf(c.id)!]),
);

/** The sequence faults: those whose declared breaks are stateful checks. */
const SEQUENCE_FAULTS = (Object.keys(FAULT_MAP) as FaultName[]).filter(
  (f) => FAULT_MAP[f].breaks.length > 0 && FAULT_MAP[f].breaks.every((id) => id.includes(".stateful-")),
);

/** A 32-byte key in base64: must never appear in any output or script. */
const KEY_BASE64 = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=(?![A-Za-z0-9+/=])/;

function run(id: string, faults: string[], scriptDir: string): Promise<PropertyRunResult> {
  const req: PropertyRunRequest = {
    file: SUITE[id]!,
    id,
    faults,
    seed: 42,
    runs: 10,
    target: { scriptDir, statefulRuns: DEFAULTS.statefulRunsReference, statefulLength: DEFAULTS.statefulLength },
  };
  return child([RUNNER, JSON.stringify(req)], { ...process.env, NO_COLOR: "1" }, true).then(({ code, out, err }) => {
    const line = out.split("\n").find((l) => l.startsWith("@@result "));
    if (code !== 0 || !line) throw new Error(`property-run exited ${code}\n${err}\n${out}`);
    return JSON.parse(line.slice("@@result ".length)) as PropertyRunResult;
  });
}

function child(
  args: string[],
  env: NodeJS.ProcessEnv,
  tsx = false,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const e = { ...env };
    for (const k of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "TEST"]) delete e[k];
    const c = spawn(process.execPath, [...(tsx ? TSX_CHILD_ARGS : []), ...args], {
      cwd: ROOT,
      env: e,
    });
    let out = "";
    let err = "";
    c.stdout.on("data", (d: Buffer) => (out += d.toString()));
    c.stderr.on("data", (d: Buffer) => (err += d.toString()));
    c.on("error", reject);
    c.on("close", (code) => resolve({ code, out, err }));
  });
}

/** Runs a written script with plain node (no tsx, no packages) against `server`. */
async function runScript(file: string, server: RunningServer, bucket: string) {
  const client = clientForServer(server);
  expect((await client.send({ method: "PUT", bucket })).status).toBe(200);
  await client.close();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    SSEC_ENDPOINT: server.endpoint,
    SSEC_BUCKET: bucket,
    AWS_ACCESS_KEY_ID: server.accessKey,
    AWS_SECRET_ACCESS_KEY: server.secretKey,
    AWS_REGION: server.region,
    SSEC_CA: server.caFile,
  };
  return child([file], env);
}

describe("stateful checks", () => {
  let clean: RunningServer;
  beforeAll(async () => {
    clean = await startServer({ httpPort: null });
  });
  afterAll(async () => {
    await clean?.close();
  });

  it("declares at least eight sequence faults", () => {
    expect(SEQUENCE_FAULTS.length).toBeGreaterThanOrEqual(8);
  });

  it.each(Object.keys(SUITE))("%s passes against the clean reference server", async (id) => {
    const r = await run(id, [], scratchDir("stateful-clean"));
    expect(r.outcome?.status, r.message).toBe("pass");
  });

  it.each(SEQUENCE_FAULTS)(
    "%s: fails within the default budget, shrunk to ≤ 5 commands; its script reproduces it",
    async (fault) => {
      const id = FAULT_MAP[fault].breaks[0]!;
      const dir = scratchDir("stateful-fault");
      const r = await run(id, [fault], dir);
      expect(r.state).toBe("failed");
      const o = r.outcome!;
      expect(o.status, r.message).toBe("fail");
      const commands = Number(/^(\d+) commands:/.exec(o.counterexample ?? "")?.[1]);
      expect(commands).toBeGreaterThan(0);
      expect(commands).toBeLessThanOrEqual(5);
      expect(r.message).toMatch(
        /scenario: \d+ command\(s\), \d+ request\(s\); the first failing sequence was number \d+/,
      );
      expect(r.message).toContain("<- fails here");
      expect(r.message).toContain(`seed: 42, path: "${o.path}"`);
      expect(r.message).toMatch(
        /replay: ssec-conformance --seed 42 --runs 10 --stateful-runs \d+ --stateful-length \d+ --only /,
      );
      for (const text of [r.message ?? "", o.transcript ?? "", o.message ?? ""]) expect(text).not.toMatch(KEY_BASE64);

      const script = join(dir, `${id}.mjs`);
      expect(existsSync(script)).toBe(true);
      expect(readFileSync(script, "utf8")).not.toMatch(KEY_BASE64);
      const faulty = await startServer({ faults: [fault], httpPort: null });
      try {
        const bad = await runScript(script, faulty, "repro-fault");
        expect(bad.code, bad.out + bad.err).toBe(1);
        expect(bad.out).toContain("FAILS");
      } finally {
        await faulty.close();
      }
      const good = await runScript(script, clean, `repro-clean-${fault}`);
      expect(good.code, good.out + good.err).toBe(0);
      expect(good.out).toContain("every answer was as expected");
    },
  );

  it("replays the same scenario from the same seed", async () => {
    const [a, b] = [
      await run("get-object.stateful-overwrites", ["delete-keeps-ssec-object"], scratchDir("stateful-replay")),
      await run("get-object.stateful-overwrites", ["delete-keeps-ssec-object"], scratchDir("stateful-replay")),
    ];
    expect(a.outcome?.counterexample).toBeTruthy();
    expect(b.outcome?.counterexample).toBe(a.outcome?.counterexample);
    expect(b.outcome?.path).toBe(a.outcome?.path);
    const scenario = (m = "") => m.split("\n").filter((l) => /^\s+\d+\.\s+\[command/.test(l) || /scenario:/.test(l));
    expect(scenario(b.message)).toEqual(scenario(a.message));
  });
});
