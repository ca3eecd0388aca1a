/**
 * `npm run screenshot:matrix`: regenerates the README's picture of the matrix page,
 * examples/matrix/matrix-page.png. Three real runs of the CLI against the reference server (clean,
 * one fault, two faults, as the matrix self-test builds them), `ssec-conformance matrix` on them,
 * and the page rendered by Debian's chromium, headless, from file://, with the checks no run ran
 * hidden (`#ran`). Needs chromium
 * (apt-get install -y chromium); takes a minute or two.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PACKAGE_ROOT } from "../config/version.ts";
import { startServer } from "../server/index.ts";
import { CHROMIUM, renderPage } from "./chromium.ts";
import { decodePng } from "./png.ts";
import { MATRIX_ONLY, MATRIX_RUNS } from "./matrix-runs.ts";
import { endpointArgs, runCli, scratchDir } from "./spawn-cli.ts";

const SCREENSHOT = resolve(PACKAGE_ROOT, "examples/matrix/matrix-page.png");
/** The README shows it: keep the package small. */
const MAX_BYTES = 300 * 1024;

const ONLY = MATRIX_ONLY;
const RUNS = MATRIX_RUNS;

const log = (line: string) => void process.stderr.write(`screenshot: ${line}\n`);

async function main(): Promise<number> {
  if (!CHROMIUM) {
    log("chromium is not installed (apt-get install -y chromium)");
    return 2;
  }
  const dir = scratchDir("screenshot");
  for (const [i, r] of RUNS.entries()) {
    const server = await startServer({ faults: [...r.faults] });
    try {
      log(`run ${i + 1}: ${r.name}`);
      const args = [...endpointArgs(server), ...ONLY.flatMap((o) => ["--only", o]), "--report-dir", `run-${i + 1}`];
      const cli = await runCli(args, { cwd: dir });
      // The clean run passes; the faulty ones fail the gate (exit 1): anything else is a problem.
      if (cli.code !== (r.faults.length ? 1 : 0)) throw new Error(`${r.name}: exit ${cli.code}\n${cli.stderr}`);
    } finally {
      await server.close();
    }
  }
  const title = "SSE-C conformance: the reference server, clean and with faults";
  const names = RUNS.flatMap((r) => ["--name", r.name]);
  const matrix = await runCli(["matrix", "run-1", "run-2", "run-3", "--out", "matrix", "--title", title, ...names], {
    cwd: dir,
  });
  if (matrix.code !== 0) throw new Error(`matrix: exit ${matrix.code}\n${matrix.stderr}`);
  // `#ran`: without the rows of checks no run ran (the --only runs skipped the others).
  const page = renderPage(CHROMIUM, join(dir, "matrix", "index.html"), { fragment: "ran" });
  if (!/<body class="only-ran"/.test(page.dom)) throw new Error("the page did not apply #ran");
  const { width, height } = decodePng(page.png);
  mkdirSync(resolve(SCREENSHOT, ".."), { recursive: true });
  writeFileSync(SCREENSHOT, page.png);
  const bytes = statSync(SCREENSHOT).size;
  log(`wrote ${relative(PACKAGE_ROOT, SCREENSHOT)}: ${width}×${height}, ${(bytes / 1024).toFixed(0)} KiB`);
  if (bytes > MAX_BYTES) {
    log(`larger than ${MAX_BYTES / 1024} KiB: shrink the page or the window`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    log((e as Error)?.stack ?? String(e));
    process.exitCode = 1;
  },
);
