/**
 * The generators are tested themselves (issue 5): the same seed gives the same values; every
 * generated "bad" value is really bad; shrinking never leaves the bad space, also when it
 * starts from a value fast-check did not generate (the coverage examples); counterexamples
 * never print key material.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BAD_MD5_KINDS,
  BadMd5Case,
  COPY_COMBINATIONS,
  CopyCase,
  PROPER_SUBSETS,
  WRONG_KEY_KINDS,
  WrongKeyCase,
  badMd5Case,
  badMd5Text,
  copyCase,
  coverageExamples,
  customerKey,
  deriveWrongKey,
  headerSubset,
  missingParts,
  wrongKeyCase,
} from "./arbitraries/index.ts";
import { CustomerKey, keyFromBytes } from "./key.ts";
import { redact } from "../secrets/redact.ts";

const SEED = 20260521;

/** A comparable rendering that includes the key bytes (for determinism checks only, never printed). */
function fingerprintOf(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x instanceof CustomerKey ? x.raw.toString("hex") : x instanceof Uint8Array ? Buffer.from(x).toString("hex") : x,
  );
}

/** Everything fast-check hands the predicate while it shrinks an always-failing property. */
function shrinkTrail<T>(
  arb: fc.Arbitrary<T>,
  opts: { seed?: number; examples?: T[] } = {},
): { trail: T[]; shrinks: number } {
  const trail: T[] = [];
  const details = fc.check(
    fc.property(arb, (v) => {
      trail.push(v);
      return false;
    }),
    { seed: opts.seed ?? SEED, numRuns: 1, examples: opts.examples?.map((e) => [e] as [T]) },
  );
  expect(details.failed).toBe(true);
  return { trail, shrinks: details.numShrinks };
}

describe("determinism", () => {
  const arbs: [string, fc.Arbitrary<unknown>][] = [
    ["customerKey", customerKey()],
    ["wrongKeyCase", wrongKeyCase()],
    ["badMd5Case", badMd5Case()],
    ["headerSubset", headerSubset()],
    ["copyCase", copyCase()],
  ];
  for (const [name, arb] of arbs) {
    it(`${name}: the same seed gives the same values, another seed other values`, () => {
      const a = fc.sample(arb, { seed: SEED, numRuns: 60 }).map(fingerprintOf);
      const b = fc.sample(arb, { seed: SEED, numRuns: 60 }).map(fingerprintOf);
      const c = fc.sample(arb, { seed: SEED + 1, numRuns: 60 }).map(fingerprintOf);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    });
  }

  it("coverage examples are reproducible from the seed", () => {
    const one = coverageExamples(WRONG_KEY_KINDS, (k) => wrongKeyCase([k]), SEED).map(fingerprintOf);
    const two = coverageExamples(WRONG_KEY_KINDS, (k) => wrongKeyCase([k]), SEED).map(fingerprintOf);
    expect(two).toEqual(one);
  });
});

describe("customer keys", () => {
  it("are 32 bytes and print as a fingerprint, never as key material", () => {
    for (const k of fc.sample(customerKey(), { seed: SEED, numRuns: 50 })) {
      expect(k.length).toBe(32);
      const shown = `${k} ${fc.stringify(k)} ${JSON.stringify({ k })}`;
      expect(shown).not.toContain(k.base64);
      expect(shown).not.toContain(k.raw.toString("hex"));
    }
  });
});

describe("wrong keys", () => {
  it("never equal K, whatever the kind", () => {
    fc.assert(
      fc.property(wrongKeyCase(), (c) => !c.wrong.equals(c.key) && c.wrong.length === 32),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("are what their kind says", () => {
    for (const c of fc.sample(wrongKeyCase(), { seed: SEED, numRuns: 400 })) {
      const k = c.key.raw;
      const w = c.wrong.raw;
      const diffBits = [...k].reduce((n, b, i) => n + popcount(b ^ w[i]), 0);
      const diffBytes = [...k].filter((b, i) => b !== w[i]).length;
      const how = c.spec.how;
      if (how.kind === "bit-flip") expect(diffBits).toBe(1);
      if (how.kind === "byte-changed") expect(diffBytes).toBe(1);
      if (how.kind === "reversed") expect(w).toEqual(Buffer.from(k).reverse());
      // Each K' travels with the correct MD5 of itself: only the key is wrong.
      expect(c.wrong.md5).not.toBe(c.key.md5);
    }
  });

  it("cover every kind in a modest sample", () => {
    const kinds = new Set(fc.sample(wrongKeyCase(), { seed: SEED, numRuns: 100 }).map((c) => c.kind));
    expect([...kinds].sort()).toEqual([...WRONG_KEY_KINDS].sort());
  });

  it("filter out K' = K (the reversal of a palindromic key)", () => {
    const palindrome = keyFromBytes(Buffer.from([...Array(16).keys(), ...[...Array(16).keys()].reverse()]));
    expect(deriveWrongKey(palindrome, { kind: "reversed" }).equals(palindrome)).toBe(true);
    const bad = new WrongKeyCase({ key: palindrome, how: { kind: "reversed" } });
    expect(wrongKeyCase().canShrinkWithoutContext(bad)).toBe(false);
    const good = new WrongKeyCase({ key: palindrome, how: { kind: "bit-flip", bit: 3 } });
    expect(wrongKeyCase().canShrinkWithoutContext(good)).toBe(true);
  });

  it("stay wrong while shrinking, from generated values and from examples", () => {
    const generated = shrinkTrail(wrongKeyCase());
    const examples = coverageExamples(WRONG_KEY_KINDS, (k) => wrongKeyCase([k]), SEED);
    const fromExample = shrinkTrail(wrongKeyCase(), { examples: [examples[1]] }); // bit-flip: shrinks the bit index
    for (const { trail } of [generated, fromExample]) for (const c of trail) expect(c.wrong.equals(c.key)).toBe(false);
    expect(fromExample.shrinks).toBeGreaterThan(0);
    const last = fromExample.trail.filter((c) => c.kind === "bit-flip").at(-1)!;
    expect(last.spec.how).toEqual({ kind: "bit-flip", bit: 0 });
  });

  it("print without key material", () => {
    for (const c of fc.sample(wrongKeyCase(), { seed: SEED, numRuns: 100 })) {
      const shown = fc.stringify(c);
      for (const k of [c.key, c.wrong]) {
        expect(shown).not.toContain(k.base64);
        expect(shown).not.toContain(k.raw.toString("hex"));
      }
      expect(redact(shown)).toBe(shown);
    }
  });
});

describe("bad key-MD5 headers", () => {
  it("never equal base64(md5(K)), whatever the kind", () => {
    fc.assert(
      fc.property(badMd5Case(), (c) => c.text !== c.key.md5),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it("are what their kind says", () => {
    for (const c of fc.sample(badMd5Case(), { seed: SEED, numRuns: 600 })) {
      const right = c.key.md5;
      const how = c.spec.how;
      switch (how.kind) {
        case "random-bytes":
          expect(Buffer.from(c.text, "base64")).toHaveLength(16);
          break;
        case "other-key":
          expect(c.text).toBe(how.other.md5);
          break;
        case "hex":
          expect(c.text).toMatch(/^[0-9a-fA-F]{32}$/);
          expect(Buffer.from(c.text, "hex").toString("base64")).toBe(right);
          break;
        case "truncated":
          expect(right.startsWith(c.text)).toBe(true);
          // Never the digest minus its padding (22 characters): that still decodes to the right 16 bytes.
          expect(c.text.length).toBeLessThan(22);
          expect(c.text.length).toBeGreaterThan(0);
          break;
        case "padded":
          expect(c.text.startsWith(right)).toBe(true);
          expect(c.text.length).toBeGreaterThan(right.length);
          break;
        case "whitespace":
          expect(c.text.replace(/[ \t]/, "")).toBe(right);
          expect(c.text.trim()).toBe(c.text); // inside the value: HTTP would strip it at the ends
          break;
        case "empty":
          expect(c.text).toBe("");
          break;
      }
    }
  });

  it("cover every kind in a modest sample", () => {
    const kinds = new Set(fc.sample(badMd5Case(), { seed: SEED, numRuns: 200 }).map((c) => c.kind));
    expect([...kinds].sort()).toEqual([...BAD_MD5_KINDS].sort());
  });

  it("filter out a 'random' digest that happens to be the right one", () => {
    const key = keyFromBytes(Buffer.alloc(32, 7));
    const digest = Buffer.from(key.md5, "base64");
    const how = { kind: "random-bytes" as const, bytes: new Uint8Array(digest) };
    expect(badMd5Text(key, how)).toBe(key.md5);
    expect(badMd5Case().canShrinkWithoutContext(new BadMd5Case({ key, how }))).toBe(false);
  });

  it("stay bad while shrinking, from generated values and from examples of every kind", () => {
    const examples = coverageExamples(BAD_MD5_KINDS, (k) => badMd5Case([k]), SEED);
    expect(examples.map((e) => e.kind)).toEqual([...BAD_MD5_KINDS]);
    const runs = [shrinkTrail(badMd5Case()), ...examples.map((e) => shrinkTrail(badMd5Case(), { examples: [e] }))];
    for (const { trail } of runs) for (const c of trail) expect(c.text).not.toBe(c.key.md5);
    // random-bytes shrinks towards all-zero bytes; truncated towards one character.
    expect(runs[1 + BAD_MD5_KINDS.indexOf("random-bytes")].shrinks).toBeGreaterThan(0);
    const truncated = runs[1 + BAD_MD5_KINDS.indexOf("truncated")].trail.filter((c) => c.kind === "truncated").at(-1)!;
    expect(truncated.text).toHaveLength(1);
  });
});

describe("header subsets", () => {
  it("are the six non-empty proper subsets", () => {
    expect(PROPER_SUBSETS).toHaveLength(6);
    const keys = new Set(PROPER_SUBSETS.map((s) => [...s].sort().join("+")));
    expect(keys.size).toBe(6);
    for (const s of PROPER_SUBSETS) {
      expect(s.length).toBeGreaterThan(0);
      expect(s.length).toBeLessThan(3);
      expect(missingParts(s).length).toBe(3 - s.length);
    }
  });

  it("are never empty nor the full trio, also while shrinking", () => {
    const sample = fc.sample(headerSubset(), { seed: SEED, numRuns: 200 });
    expect(new Set(sample.map((s) => s.join("+"))).size).toBe(6);
    const { trail } = shrinkTrail(headerSubset(), { examples: [PROPER_SUBSETS[5]] });
    for (const s of [...sample, ...trail]) {
      expect(s.length).toBeGreaterThan(0);
      expect(s.length).toBeLessThan(3);
    }
  });
});

describe("copy-source combinations", () => {
  it("are the 2 × 5 × 4 = 40 distinct combinations", () => {
    expect(COPY_COMBINATIONS).toHaveLength(40);
    expect(new Set(COPY_COMBINATIONS.map((c) => `${c.source}/${c.copySource}/${c.target}`)).size).toBe(40);
  });

  it("give one example per combination, each of its combination and really bad where it says bad", () => {
    const examples = coverageExamples(COPY_COMBINATIONS, (c) => copyCase([c]), SEED);
    expect(examples.map((e) => e.combination)).toEqual([...COPY_COMBINATIONS]);
    for (const e of examples) expectReallyBad(e);
  });

  it("stay in their bad space while shrinking", () => {
    const examples = coverageExamples(COPY_COMBINATIONS, (c) => copyCase([c]), SEED);
    const withBadMd5 = examples.find((e) => e.spec.copySource.mode === "bad-md5" && e.spec.target.mode === "bad-md5")!;
    for (const { trail } of [shrinkTrail(copyCase()), shrinkTrail(copyCase(), { examples: [withBadMd5] })]) {
      for (const c of trail) expectReallyBad(c);
    }
  });

  it("print without key material", () => {
    for (const c of fc.sample(copyCase(), { seed: SEED, numRuns: 100 })) {
      const shown = fc.stringify(c);
      for (const k of [c.spec.sourceKey, c.spec.targetKey, c.wrongSourceKey].filter((k): k is CustomerKey => !!k)) {
        expect(shown).not.toContain(k.base64);
      }
    }
  });
});

function expectReallyBad(c: CopyCase): void {
  const { spec } = c;
  if (spec.copySource.mode === "wrong-key") expect(c.wrongSourceKey!.equals(spec.sourceKey)).toBe(false);
  if (spec.copySource.mode === "bad-md5") expect(c.badSourceMd5).not.toBe(spec.sourceKey.md5);
  if (spec.copySource.mode === "partial") expect(spec.copySource.present.length).toBeLessThan(3);
  if (spec.target.mode === "bad-md5") expect(c.badTargetMd5).not.toBe(spec.targetKey.md5);
  if (spec.target.mode === "partial") expect(spec.target.present.length).toBeLessThan(3);
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
