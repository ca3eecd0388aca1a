/**
 * Lint of the catalogue itself (JSON-Schema-Test-Suite habit: the suite is data, and a linter
 * checks the data): unique, well-formed ids; every check levelled and titled as a plain sentence;
 * every named expectation defined by every built-in profile. That every check cites resolvable
 * evidence is evidence.test.ts's lint.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUE, checkIds, getCheck } from "./catalogue.ts";
import { CATEGORIES, INTERFACES, INTERFACE_SLUGS } from "./types.ts";
import { BUILTIN_PROFILES, loadProfile } from "./profile.ts";
import { HEADER_CASES, MATRIX_EVIDENCE, headerCaseChecks } from "./header-cases.ts";

describe("catalogue", () => {
  it("has unique ids", () => {
    const seen = new Set<string>();
    const dupes = CATALOGUE.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
    expect(dupes).toEqual([]);
  });

  it("uses ids of the form <interface-slug>.<case> whose slug names the check's interface", () => {
    const bad = CATALOGUE.filter((c) => {
      const m = /^([a-z-]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(c.id);
      return !m || m[1] !== INTERFACE_SLUGS[c.interface];
    }).map((c) => c.id);
    expect(bad).toEqual([]);
  });

  it("names only Table 2's eight interfaces and the known categories and levels", () => {
    for (const c of CATALOGUE) {
      expect(INTERFACES, c.id).toContain(c.interface);
      expect(CATEGORIES, c.id).toContain(c.category);
      expect(["MUST", "SHOULD"], c.id).toContain(c.level);
    }
  });

  it("titles every check with a plain sentence: no 'should', no 'test that', no trailing period", () => {
    const bad = CATALOGUE.filter(
      (c) =>
        !c.title ||
        /\bshould\b/i.test(c.title) ||
        /\btests? that\b/i.test(c.title) ||
        c.title.endsWith(".") ||
        /[A-Z]/.test(c.title[0]),
    ).map((c) => `${c.id}: ${c.title}`);
    expect(bad).toEqual([]);
  });

  it("refers only to expectations every built-in profile defines", () => {
    const ids = checkIds();
    for (const name of BUILTIN_PROFILES) {
      const p = loadProfile(name, ids);
      const missing = CATALOGUE.filter((c) => c.expect && !p.expectations[c.expect]).map(
        (c) => `${c.id} → ${c.expect}`,
      );
      expect(missing, name).toEqual([]);
    }
  });

  it("uses every expectation the aws profile defines, or the name is dead", () => {
    const used = new Set(CATALOGUE.map((c) => c.expect).filter(Boolean));
    const p = loadProfile("aws", checkIds());
    // Expectations for interfaces still being written (copy, multipart) are reserved names.
    const reserved = new Set([
      "copy-source-missing",
      "copy-source-wrong-key",
      "copy-source-on-plain-source",
      "part-missing-key",
      "part-ssec-on-plain-upload",
      "part-different-key",
      "complete-without-key",
    ]);
    const dead = Object.keys(p.expectations).filter((n) => !used.has(n) && !reserved.has(n));
    expect(dead).toEqual([]);
  });

  it("applies the shared matrix to every interface with stable ids", () => {
    for (const iface of INTERFACES) {
      const ids = headerCaseChecks(iface).map((c) => c.id);
      expect(ids).toEqual(HEADER_CASES.map((m) => `${INTERFACE_SLUGS[iface]}.${m.case}`));
      // Every matrix check cites its case's entries, then the trio and the interfaces it applies to.
      for (const c of headerCaseChecks(iface)) expect(c.evidence.slice(-2), c.id).toEqual([...MATRIX_EVIDENCE]);
    }
  });

  it("getCheck returns declared checks and throws on an unknown id", () => {
    expect(getCheck("get-object.wrong-key").interface).toBe("GET Object");
    expect(() => getCheck("get-object.wrong-kee")).toThrow(/unknown check id "get-object.wrong-kee"/);
  });
});
