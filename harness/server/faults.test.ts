import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FAULTS, Faults } from "./faults.ts";

const here = fileURLToPath(new URL(".", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === "auth" || n === "crypto" ? [] : sources(p);
    return n.endsWith(".ts") && !n.endsWith(".test.ts") && n !== "faults.ts" ? [p] : [];
  });
}

describe("fault registry", () => {
  it("has at least 20 faults, each described and tied to a real bug or divergence", () => {
    expect(Object.keys(FAULTS).length).toBeGreaterThanOrEqual(20);
    for (const spec of Object.values(FAULTS)) {
      expect(spec.description.length).toBeGreaterThan(20);
      expect(spec.modelledOn.length).toBeGreaterThan(5);
    }
  });

  it('has a branch in the server\'s code path for every fault (faults.has("name"))', () => {
    const code = sources(here)
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const missing = Object.keys(FAULTS).filter((name) => !code.includes(`faults.has("${name}")`));
    expect(missing).toEqual([]);
  });

  it("refuses unknown names", () => {
    expect(() => new Faults(["md5-not-checked", "nope"])).toThrow(/unknown fault "nope"/);
    expect(new Faults(["echo-key"]).has("echo-key")).toBe(true);
    expect(new Faults().has("echo-key")).toBe(false);
  });
});
