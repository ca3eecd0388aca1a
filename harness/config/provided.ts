/** What the runner hands to the suites through vitest's provide/inject. */
import type { Target } from "./target.ts";
import type { Profile } from "../checks/types.ts";

/** `--only` / `--skip` globs over check ids (`*` matches any run of characters, including dots). */
export interface CheckFilters {
  only: string[];
  skip: string[];
}

declare module "vitest" {
  export interface ProvidedContext {
    target: Target;
    profile: Profile;
    filters: CheckFilters;
  }
}

export type { Target, Profile };
