/** What the runner hands to the suites through vitest's provide/inject. */
import type { Target } from "./target.ts";
import type { Profile } from "../checks/types.ts";

declare module "vitest" {
  export interface ProvidedContext {
    target: Target;
    profile: Profile;
  }
}

export type { Target, Profile };
