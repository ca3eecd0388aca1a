/**
 * The contract between the runner and the suites' workers: what the runner hands to the suites
 * through vitest's provide/inject, and what each check leaves in its task meta for the runner's
 * reporters (`task.meta.ssec`, set by run-check.ts).
 */
import type { Target } from "../config/target.ts";
import type { CheckOutcome, Profile } from "../checks/types.ts";
import type { CheckFilters } from "../config/filters.ts";
import type { FeatureMap } from "../checks/features.ts";

declare module "vitest" {
  export interface ProvidedContext {
    target: Target;
    profile: Profile;
    filters: CheckFilters;
    /** What the run's probes found of each optional feature (runner/feature-probes.ts); absent: not probed. */
    features?: FeatureMap;
  }
}

declare module "@vitest/runner" {
  interface TaskMeta {
    ssec?: CheckOutcome;
  }
}

export type { Target, Profile };
