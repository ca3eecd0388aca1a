/**
 * `--only` / `--skip` semantics over check ids: `*` matches any run of characters, dots
 * included, `?` exactly one; everything else is literal (the same rule profiles use for their
 * deviation globs, harness/checks/profile.ts). A check runs when it matches some `only` glob (or
 * there are none) and no `skip` glob. The runner hands the filters to the suites through
 * harness/kit/provided.ts.
 */

/** `--only` / `--skip` globs over check ids (`*` matches any run of characters, including dots). */
export interface CheckFilters {
  only: string[];
  skip: string[];
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

export function matchesAny(globs: readonly string[], id: string): boolean {
  return globs.some((g) => globToRegExp(g).test(id));
}

/** Why the filters leave a check out, or undefined when it runs. */
export function filteredOutReason(filters: CheckFilters, id: string): string | undefined {
  if (filters.only.length && !matchesAny(filters.only, id)) return "filtered out by --only";
  if (matchesAny(filters.skip, id)) return "filtered out by --skip";
  return undefined;
}
