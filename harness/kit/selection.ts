/** Is a check selected by `--only` / `--skip` (the globs of harness/config/filters.ts)? */
import type { CheckFilters } from "../config/filters.ts";
import { globToRegExp } from "../config/filters.ts";

/** The reason the check is filtered out, or undefined when it runs. */
export function filteredOut(id: string, filters: CheckFilters | undefined): string | undefined {
  if (!filters) return undefined;
  if (filters.only.length > 0 && !filters.only.some((g) => globToRegExp(g).test(id))) {
    return `filtered out: not matched by --only ${filters.only.join(", ")}`;
  }
  const skipGlob = filters.skip.find((g) => globToRegExp(g).test(id));
  if (skipGlob) return `filtered out by --skip ${skipGlob}`;
  return undefined;
}
