/**
 * Catalogue lint, second half: every declared check is run by exactly one suite registration,
 * and suites register nothing the catalogue does not declare (`check()` throws on unknown ids).
 * The suite files are imported with registration switched off, so no test runs here.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../checks/catalogue.ts";
import { collectRegisteredIds } from "./check.ts";
import { INTERFACE_SLUGS } from "../checks/types.ts";
import { SUITE_FILES, suiteFileOf } from "../checks/suite-files.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SUITES = join(ROOT, "suites");

function suiteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? suiteFiles(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
}

describe("suites cover the catalogue", () => {
  it("has one suite file per Table 2 interface that exists", () => {
    const files = new Set(suiteFiles(join(SUITES, "interfaces")).map((f) => f.replace(/^.*\//, "")));
    const slugsWithChecks = new Set(CATALOGUE.map((c) => INTERFACE_SLUGS[c.interface]));
    for (const slug of slugsWithChecks) expect(files, slug).toContain(`${slug}.test.ts`);
  });

  // Each file is imported once (a second import of a cached module would register nothing).
  let registered: Promise<Map<string, string[]>> | undefined;
  const registeredByFile = () =>
    (registered ??= (async () => {
      const byFile = new Map<string, string[]>();
      for (const f of suiteFiles(SUITES)) {
        byFile.set(f.slice(ROOT.length), await collectRegisteredIds(() => import(f)));
      }
      return byFile;
    })());

  it("runs every declared check exactly once", async () => {
    const ids = [...(await registeredByFile()).values()].flat();
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const notRun = CATALOGUE.map((c) => c.id).filter((id) => !counts.has(id));
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(notRun, "declared in the catalogue but run by no suite").toEqual([]);
    expect(twice, "registered more than once").toEqual([]);
  });

  it("registers each check in the suite file checks/suite-files.ts names for it (what a filtered run loads)", async () => {
    const byFile = await registeredByFile();
    expect([...byFile.keys()].sort(), "SUITE_FILES lists every suite file").toEqual([...SUITE_FILES].sort());
    for (const [file, ids] of byFile) {
      expect(ids.length, `${file} registers checks`).toBeGreaterThan(0);
      const elsewhere = ids.filter((id) => suiteFileOf(id) !== file).map((id) => `${id} → ${suiteFileOf(id)}`);
      expect(elsewhere, `${file} registers checks the table places elsewhere`).toEqual([]);
    }
  });
});
