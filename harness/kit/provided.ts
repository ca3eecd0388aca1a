/** What the runner hands to the suites through vitest's provide/inject. */
import type { Target } from "../config/target.ts";
import type { Profile } from "../checks/types.ts";
import type { CheckFilters } from "../config/filters.ts";

declare module "vitest" {
  export interface ProvidedContext {
    target: Target;
    profile: Profile;
    filters: CheckFilters;
  }
}

export type { Target, Profile };
