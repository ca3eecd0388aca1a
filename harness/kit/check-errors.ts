/** What a check's body throws to end it: a verdict (CheckFailure), a skip, or no verdict (PreconditionError). */
import type { FeatureName } from "../checks/types.ts";

/** What a property check leaves for replay (`--seed`), shown in every report (keys redacted). */
export interface PropertyReplay {
  seed: number;
  path: string;
  counterexample: string;
}

/** The server answered wrongly: graded fail / warn / xfail. */
export class CheckFailure extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly detail?: string,
    /** Set by property checks (property.ts): lands in the outcome's seed/path/counterexample. */
    readonly replay?: PropertyReplay,
  ) {
    super(`expected: ${expected}\nactual: ${actual}${detail ? `\n${detail}` : ""}`);
    this.name = "CheckFailure";
  }
}

/** The check cannot be run here (no plain-HTTP endpoint, feature not implemented): skip. */
export class CheckSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "CheckSkip";
  }
}

/** The server lacks an optional feature the check needs (checks/features.ts): unsupported, not a verdict. */
export class CheckUnsupported extends Error {
  constructor(
    readonly feature: FeatureName,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "CheckUnsupported";
  }
}

/** A step the check depends on failed (fixture upload): no verdict on this check — error. */
export class PreconditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreconditionError";
  }
}
