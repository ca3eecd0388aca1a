/** The README documents every flag and environment variable the CLI has (docs change with behaviour). */
import { describe, expect, it } from "vitest";
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { LIST_FLAGS, REPORT_FLAGS, RUN_FLAGS } from "./flags.ts";
import { PACKAGE_ROOT } from "./version.ts";
import { CATALOGUE } from "../checks/catalogue.ts";

const readme = readFileSync(resolve(PACKAGE_ROOT, "README.md"), "utf8");

describe("README", () => {
  it.each(RUN_FLAGS.map((f) => [f.name, f] as const))("documents --%s and its variables", (_n, f) => {
    expect(readme).toContain(`\`--${f.name}`);
    for (const e of f.env ?? []) expect(readme).toContain(`\`${e}\``);
  });

  it("documents the other commands' flags and the quick start", () => {
    for (const f of [...LIST_FLAGS, ...REPORT_FLAGS]) expect(readme).toContain(`--${f.name}`);
    expect(readme).toContain("npm ci && npx ssec-conformance");
    expect(readme).toContain("npm test");
  });

  it("shows only pictures that ship, by a relative path (GitHub and the package), each under 300 KiB", () => {
    const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, "package.json"), "utf8")) as { files: string[] };
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image).not.toMatch(/^([a-z]+:|\/)/);
      expect(
        pkg.files.some((f) => image === f || image.startsWith(`${f}/`)),
        `${image} is not in package.json files`,
      ).toBe(true);
      expect(statSync(resolve(PACKAGE_ROOT, image)).size, image).toBeLessThan(300 * 1024);
    }
  });

  it("shows example output the tool really prints: the catalogue's check count, consistent counts, describeActual's wording", () => {
    const m =
      /`(?:PASS|FAIL): (\d+) checks(?: \((\d+) warned(?:; not run: [^)]*)?\))? — (\d+) passed, (\d+) failed, (\d+) skipped`/.exec(
        readme,
      );
    expect(m).not.toBeNull();
    const [total, warned, passed, failed, skipped] = m!.slice(1).map((x) => Number(x ?? 0));
    expect(total).toBe(CATALOGUE.length);
    expect(warned + passed + failed + skipped).toBe(total);
    // grade.ts describeActual: `400 InvalidArgument` or `200 (no error code)`, never an HTTP reason phrase.
    for (const a of readme.matchAll(/^\s+actual: (.*)$/gm))
      expect(a[1]).toMatch(/^\d{3} (?:[A-Z]\w+|\(no error code\))$/);
  });
});
