/**
 * Which suite file registers which check: the run loads only the files its `--only`/`--skip`
 * selection needs (a file costs its import and its fixtures even when every check in it is
 * filtered out). kit/catalogue-coverage.test.ts proves the table against what each file
 * registers, so a check added to another file fails there, not silently at run time.
 */
import { INTERFACE_SLUGS } from "./types.ts";

/** Property and stateful families, by the id suffix their checks share, and the file that runs each. */
const FAMILY_FILES: readonly [suffix: string, file: string][] = [
  [".property-wrong-key", "suites/properties/wrong-keys.test.ts"],
  [".property-bad-md5", "suites/properties/bad-md5.test.ts"],
  [".property-missing-headers", "suites/properties/missing-headers.test.ts"],
  [".property-copy-source-combinations", "suites/properties/copy-source-mismatches.test.ts"],
  [".stateful-overwrites", "suites/stateful/overwrites.test.ts"],
  [".stateful-copies", "suites/stateful/copies.test.ts"],
  [".stateful-uploads", "suites/stateful/uploads.test.ts"],
  [".stateful-part-copies", "suites/stateful/part-copies.test.ts"],
];

/** Every suite file, relative to the package root. */
export const SUITE_FILES: readonly string[] = [
  ...Object.values(INTERFACE_SLUGS).map((slug) => `suites/interfaces/${slug}.test.ts`),
  ...FAMILY_FILES.map(([, file]) => file),
];

/** The suite file that registers check `id` (relative to the package root), or undefined for an id no row knows. */
export function suiteFileOf(id: string): string | undefined {
  const family = FAMILY_FILES.find(([suffix]) => id.endsWith(suffix));
  if (family) return family[1];
  const slug = Object.values(INTERFACE_SLUGS).find((s) => id.startsWith(`${s}.`));
  return slug ? `suites/interfaces/${slug}.test.ts` : undefined;
}

/**
 * The suite files to load for the checks `ids`, in SUITE_FILES order; every file when an id is
 * not in the table (better a slower run than a check that silently never runs).
 */
export function suiteFilesFor(ids: readonly string[]): string[] {
  const files = new Set<string>();
  for (const id of ids) {
    const file = suiteFileOf(id);
    if (!file) return [...SUITE_FILES];
    files.add(file);
  }
  return SUITE_FILES.filter((f) => files.has(f));
}
