/**
 * The HTML report: Allure 3's "awesome" report as ONE self-contained file, so it opens from
 * file:// with no server. The allure CLI is spawned from this
 * package's own dependency (never imported: importing "allure" runs its CLI, gotcha 8), its
 * analytics script tag is removed, and the file passes the redactor like every other output.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { childProcessEnv } from "../config/environment.ts";
import { redact } from "../secrets/redact.ts";
import { redactTree } from "./redacted-files.ts";

/** The allure CLI script of the copy this package depends on. */
export function allureCli(): string {
  const main = createRequire(import.meta.url).resolve("allure");
  return resolve(dirname(main), "..", "cli.js");
}

/** Removes Allure 3's hard-coded googletagmanager loader; the report must not phone home. */
export function stripAnalytics(html: string): string {
  return html.replace(/<script[^>]*src="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*><\/script>/g, "");
}

export interface HtmlOptions {
  resultsDir: string;
  /** Directory that receives index.html. */
  outDir: string;
  reportName: string;
}

/** Generates outDir/index.html; rejects with allure's own output when it fails. */
export async function generateHtml(opts: HtmlOptions): Promise<string> {
  rmSync(opts.outDir, { recursive: true, force: true });
  // Grouped as the checks are: interface (epic) → category (feature) → check id (story).
  const args = [
    allureCli(),
    "awesome",
    opts.resultsDir,
    "--single-file",
    "-o",
    opts.outDir,
    "--lang",
    "en",
    "--report-name",
    opts.reportName,
    "--group-by",
    "epic,feature,story",
  ];
  const output: Buffer[] = [];
  const code = await new Promise<number>((res, rej) => {
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: childProcessEnv({ NO_COLOR: "1" }),
    });
    child.stdout.on("data", (d: Buffer) => output.push(d));
    child.stderr.on("data", (d: Buffer) => output.push(d));
    child.on("error", rej);
    child.on("close", (c) => res(c ?? 1));
  });
  const index = join(opts.outDir, "index.html");
  if (code !== 0 || !existsSync(index)) {
    throw new Error(
      `allure awesome exited ${code}: ${redact(Buffer.concat(output).toString("utf8")).trim().slice(-2000)}`,
    );
  }
  writeFileSync(index, Buffer.from(stripAnalytics(readFileSync(index).toString("latin1")), "latin1"));
  redactTree(opts.outDir);
  return index;
}
