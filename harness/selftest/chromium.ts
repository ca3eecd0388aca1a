/**
 * Debian's chromium, headless, on a page opened from file:// with no server: its rendered DOM
 * and a screenshot. The browser tests of the HTML report and the matrix page share it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--hide-scrollbars",
  "--virtual-time-budget=10000",
  "--window-size=1400,1000",
];

/**
 * Whether the browser test can run here. Under CI=true a missing chromium is an error, not a skip
 * (.ci/run installs it); elsewhere the test is skipped with the install command.
 */
export function chromiumOrSkip(skip: (note: string) => void): string | undefined {
  if (CHROMIUM) return CHROMIUM;
  if (process.env.CI === "true")
    throw new Error("chromium is not installed, and CI=true requires the browser test (apt-get install -y chromium)");
  skip("chromium is not installed (apt-get install -y chromium); the browser check is skipped");
  return undefined;
}

export interface RenderedPage {
  /** The DOM after scripts ran, as chromium dumps it. */
  dom: string;
  /** The DOM after scripts ran, without <script> and <style> contents. */
  text: string;
  /** A PNG screenshot of the first 1400×1000 pixels. */
  png: Buffer;
}

/**
 * Opens `file` (with `#fragment`, for a page that routes by it) in a fresh profile, dumps the DOM,
 * takes a screenshot unless `screenshot: false`; throws with chromium's stderr.
 */
export function renderPage(
  chromium: string,
  file: string,
  o: { fragment?: string; screenshot?: boolean } = {},
): RenderedPage {
  const url = pathToFileURL(file).href + (o.fragment !== undefined ? `#${o.fragment}` : "");
  const profile = mkdtempSync(join(tmpdir(), "ssec-chromium-"));
  try {
    const run = (args: string[]) => {
      const r = spawnSync(chromium, [...FLAGS, `--user-data-dir=${profile}`, ...args, url], {
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    };
    const dom = run(["--dump-dom"]);
    const shot = join(profile, "page.png");
    if (o.screenshot !== false) run([`--screenshot=${shot}`]);
    return {
      dom,
      text: dom.replace(/<script[\s\S]*?<\/script>/gi, "").replace(/<style[\s\S]*?<\/style>/gi, ""),
      png: o.screenshot !== false ? readFileSync(shot) : Buffer.alloc(0),
    };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
