/** Header subsets: every non-empty proper subset of {algorithm, key, key-MD5} (OBS Tables 1 and 3). */
import fc from "fast-check";
import type { SsecPart } from "../headers.ts";

export const SSEC_PARTS: readonly SsecPart[] = ["algorithm", "key", "md5"];

/** The six non-empty proper subsets, smallest first (shrinking moves towards the first). */
export const PROPER_SUBSETS: readonly (readonly SsecPart[])[] = Object.freeze([
  ["algorithm"],
  ["key"],
  ["md5"],
  ["algorithm", "key"],
  ["algorithm", "md5"],
  ["key", "md5"],
]);

/** The parts a subset leaves out (the `omit` option of ssecHeaders / copySourceHeaders). */
export function missingParts(present: readonly SsecPart[]): SsecPart[] {
  return SSEC_PARTS.filter((p) => !present.includes(p));
}

/** The headers that are sent: a non-empty proper subset of the three. */
export function headerSubset(): fc.Arbitrary<readonly SsecPart[]> {
  return fc.constantFrom(...PROPER_SUBSETS);
}
