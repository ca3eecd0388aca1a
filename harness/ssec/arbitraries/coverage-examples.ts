/** Coverage examples: one value per variant, so every kind runs whatever the number of runs. */
import fc from "fast-check";

/**
 * One value per variant, drawn from `arbFor(variant)` with a seed derived from `seed`: passed
 * to fc.assert/check as `examples`, so every kind, subset or combination is exercised whatever
 * the number of runs, and a failing example still shrinks (the arbitraries can shrink values
 * they did not generate, through their unmappers).
 */
export function coverageExamples<V, T>(variants: readonly V[], arbFor: (v: V) => fc.Arbitrary<T>, seed: number): T[] {
  return variants.map(
    (v, i) => fc.sample(arbFor(v), { seed: (seed ^ Math.imul(i + 1, 0x9e3779b1)) | 0, numRuns: 1 })[0],
  );
}
