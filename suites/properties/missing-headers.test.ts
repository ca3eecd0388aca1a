/**
 * Property: for every non-empty proper subset of the three SSE-C headers (OBS Table 1) — and,
 * for the two copy interfaces, of the three copy-source headers (OBS Table 3) — on every
 * Table 2 interface the request is refused as the profile says for a missing algorithm, key
 * or key-MD5 (evidence missing.algorithm-put, missing.key-put, missing.md5; any of them when several are missing)
 * and nothing is
 * stored. Checks: harness/checks/catalogue/properties.ts.
 *
 * The six subsets (twelve with the copy-source side) always run first as coverage examples;
 * the remaining runs vary the key, the body and fresh-name versus overwrite.
 */
import fc from "fast-check";
import {
  coverageExamples,
  customerKey,
  headerSubset,
  MISSING_EXPECTATION,
  missingParts,
  objectSize,
  PROPER_SUBSETS,
  spoiledTrioProperties,
} from "../../harness/kit/index.ts";
import type { CustomerKey, SsecPart } from "../../harness/kit/index.ts";

const subsetCase = (subsets: readonly (readonly SsecPart[])[] = PROPER_SUBSETS) =>
  fc.record({
    present: subsets === PROPER_SUBSETS ? headerSubset() : fc.constantFrom(...subsets),
    key: customerKey(),
    size: objectSize(),
    overwrite: fc.boolean(),
  });
const subsets = {
  arbitrary: subsetCase(),
  examples: (seed: number) => coverageExamples(PROPER_SUBSETS, (s) => subsetCase([s]), seed),
};

/** Copies: the incomplete trio is the target's (plain source) or the copy-source's (SSE-C source, plain target). */
const SIDES = ["target", "copy-source"] as const;
const copyCase = (subsets?: readonly (readonly SsecPart[])[], sides: readonly (typeof SIDES)[number][] = SIDES) =>
  fc.record({
    present: subsets ? fc.constantFrom(...subsets) : headerSubset(),
    where: fc.constantFrom(...sides),
    key: customerKey(),
    size: objectSize(),
    overwrite: fc.boolean(),
  });
const copies = {
  arbitrary: copyCase(),
  examples: (seed: number) =>
    coverageExamples(
      SIDES.flatMap((where) => PROPER_SUBSETS.map((present) => ({ where, present }))),
      (v) => copyCase([v.present], [v.where]),
      seed,
    ),
};

/** Every check's trio has only the case's `present` parts; any one missing part's refusal answers it. */
const spoiled = ({ key, present }: { key: CustomerKey; present: readonly SsecPart[] }) => ({
  key,
  options: { omit: missingParts(present) },
  refusals: missingParts(present).map((p) => MISSING_EXPECTATION[p]),
});

spoiledTrioProperties("missing-headers", spoiled, { writes: subsets, reads: subsets, copies });
