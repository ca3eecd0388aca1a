/**
 * The CI recipes in examples/ci/ run as written (issue 17): each YAML file is checked for the
 * shape its CI expects, then the commands of its jobs run in bash, in job order, against the
 * reference server standing in for the service container. The service's address, keys and CA
 * come in through the same variables the recipe reads (SSEC_ENDPOINT, secrets, a CA variable);
 * `npx --yes ssec-conformance@<version>` is answered by a shim that runs this checkout's bin, and
 * only when the version pinned in the recipe is this package's. Artifacts need no transfer: every
 * job works in the same directory, at the paths the recipe uploads from and downloads to.
 */
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PACKAGE_ROOT, TOOL_VERSION } from "../config/version.ts";
import { parseResultsFile } from "../report/results.ts";
import { startServer, type RunningServer } from "../server/index.ts";
import { BIN, cleanEnv, scratchDir } from "./spawn-cli.ts";

const RECIPES = join(PACKAGE_ROOT, "examples/ci");
/** A few checks per shard: the recipes' commands are under test here, not the suite. */
const ONLY = "put-object.echo,get-object.echo,head-object.echo,initiate-multipart-upload.echo";

type Yaml = Record<string, unknown>;
const load = (file: string) => parse(readFileSync(join(RECIPES, file), "utf8")) as Yaml;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({});
});
afterAll(async () => {
  await server?.close();
});

/** A directory with the `npx` shim first on PATH. */
function workspace(label: string): { dir: string; path: string } {
  const dir = scratchDir(label);
  const bin = join(dir, ".shim");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "npx"),
    `#!/bin/sh
[ "$1" = "--yes" ] && shift
case "$1" in
  ssec-conformance@${TOOL_VERSION}) shift; exec "${process.execPath}" "${BIN}" "$@" ;;
  *) echo "npx shim: this recipe asks for $1, the package is ssec-conformance@${TOOL_VERSION}" >&2; exit 127 ;;
esac
`,
  );
  chmodSync(join(bin, "npx"), 0o755);
  return { dir, path: `${bin}:${process.env.PATH ?? ""}` };
}

/** Runs one job's script in bash -e (as both CIs do), with the job's variables. */
function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((res, rej) => {
    const child = spawn("bash", ["-e", "-c", script], { cwd, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => out.push(d));
    child.on("error", rej);
    child.on("close", (code) => res({ code, out: Buffer.concat(out).toString("utf8") }));
  });
}

/** The service container's answers, under the names the recipes read them by. */
const serviceValues = () => ({
  "secrets.S3_ACCESS_KEY": server.accessKey,
  "secrets.S3_SECRET_KEY": server.secretKey,
  "vars.SSEC_CA_PEM": readFileSync(server.caFile, "utf8"),
  "vars.S3_IMAGE": "reference-server",
});

/** `${{ matrix.shard }}` and the other expressions a GitHub recipe uses; any other one is an error. */
function expand(value: string, values: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`unknown expression \${{ ${name} }}`);
    return values[name];
  });
}

async function checkMergedReport(dir: string, shards: number): Promise<void> {
  const merged = join(dir, "reports/merged");
  for (const f of ["results.json", "junit.xml", "html/index.html"]) expect(existsSync(join(merged, f)), f).toBe(true);
  const r = parseResultsFile(readFileSync(join(merged, "results.json"), "utf8"), "merged");
  const ran = r.checks.filter((c) => ONLY.split(",").includes(c.id));
  expect(ran.map((c) => c.status)).toEqual(ONLY.split(",").map(() => "pass"));
  expect(r.summary.fail + r.summary.error).toBe(0);
  expect(shards).toBeGreaterThan(1);
}

describe("examples/ci/github-actions.yml", () => {
  const wf = load("github-actions.yml");
  const jobs = wf.jobs as Record<string, Yaml>;
  const conformance = jobs.conformance;
  const shards = ((conformance.strategy as Yaml).matrix as { shard: number[] }).shard;
  type Step = { uses?: string; run?: string; with?: Yaml; env?: Record<string, string> };
  const steps = (job: Yaml) => job.steps as Step[];

  it("is a workflow GitHub accepts: triggers, jobs that run on a runner, steps that use or run", () => {
    expect(Object.keys(wf.on as Yaml)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    for (const [name, job] of Object.entries(jobs)) {
      expect(job["runs-on"], name).toBe("ubuntu-latest");
      for (const s of steps(job)) {
        expect(Number(s.uses !== undefined) + Number(s.run !== undefined), `${name}: ${JSON.stringify(s)}`).toBe(1);
        if (s.uses) expect(s.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
      }
    }
    expect(jobs.report.needs).toBe("conformance");
    expect((conformance.services as Yaml).s3).toBeDefined();
  });

  it("shards as its matrix says, uploads each shard's report and merges them all", () => {
    const script = steps(conformance).find((s) => s.run)!.run!;
    expect(script).toContain(`--shard "$SHARD/${shards.length}"`);
    const upload = steps(conformance).find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
    expect(upload.with?.path).toBe("reports/shard-${{ matrix.shard }}");
    const merge = steps(jobs.report).find((s) => s.run)!.run!;
    for (const n of shards) expect(merge).toContain(`reports/shard-${n}`);
  });

  it("runs its commands against the service: every shard, then the merge, exit 0", async () => {
    const { dir, path } = workspace("ci-github");
    const jobEnv = (shard: number) => {
      const values = { ...serviceValues(), "matrix.shard": String(shard) };
      const env = Object.fromEntries(
        Object.entries(conformance.env as Record<string, string>).map(([k, v]) => [k, expand(String(v), values)]),
      );
      return { ...env, SSEC_ENDPOINT: server.endpoint, SSEC_REGION: server.region, SSEC_ONLY: ONLY, PATH: path };
    };
    const runs = await Promise.all(
      shards.map((n) =>
        bash(
          steps(conformance)
            .filter((s) => s.run)
            .map((s) => s.run!)
            .join("\n"),
          dir,
          jobEnv(n),
        ),
      ),
    );
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const merge = await bash(
      steps(jobs.report)
        .filter((s) => s.run)
        .map((s) => s.run!)
        .join("\n"),
      dir,
      { PATH: path },
    );
    expect(merge.code, merge.out).toBe(0);
    expect(merge.out).toMatch(/merged 3 shard\(s\)/);
    await checkMergedReport(dir, shards.length);
  });
});

describe("examples/ci/gitlab-ci.yml", () => {
  const ci = load("gitlab-ci.yml");
  const shardJob = ci["ssec-conformance"] as Yaml;
  const reportJob = ci["ssec-conformance-report"] as Yaml;
  const parallel = shardJob.parallel as number;

  it("is a pipeline GitLab accepts: known stages, scripts as lists, JUnit reports", () => {
    const stages = ci.stages as string[];
    for (const job of [shardJob, reportJob]) {
      expect(stages).toContain(job.stage);
      expect(Array.isArray(job.script)).toBe(true);
      expect(((job.artifacts as Yaml).reports as Yaml).junit).toMatch(/junit\.xml$/);
    }
    expect(reportJob.needs).toEqual(["ssec-conformance"]);
    expect(parallel).toBeGreaterThan(1);
  });

  it("runs its commands against the service: every parallel job, then the merge, exit 0", async () => {
    const { dir, path } = workspace("ci-gitlab");
    const base = {
      SSEC_ENDPOINT: server.endpoint,
      SSEC_REGION: server.region,
      SSEC_ACCESS_KEY: server.accessKey,
      SSEC_SECRET_KEY: server.secretKey,
      SSEC_CA: server.caFile,
      SSEC_ONLY: ONLY,
      PATH: path,
    };
    const runs = await Promise.all(
      Array.from({ length: parallel }, (_, i) =>
        bash((shardJob.script as string[]).join("\n"), dir, {
          ...base,
          CI_NODE_INDEX: String(i + 1),
          CI_NODE_TOTAL: String(parallel),
        }),
      ),
    );
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const merge = await bash((reportJob.script as string[]).join("\n"), dir, { PATH: path });
    expect(merge.code, merge.out).toBe(0);
    await checkMergedReport(dir, parallel);
  });
});
