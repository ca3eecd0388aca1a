/**
 * What a wrong-key case and a bad-MD5 case share: a random key K, a plain `how` that says what
 * the case makes of K, and a final filter that keeps the value bad while fast-check shrinks it.
 */
import fc from "fast-check";
import type { CustomerKey } from "../key.ts";
import { customerKey } from "./customer-key.ts";
import { unspec } from "./unspec.ts";

export interface KeyCaseSpec<How> {
  key: CustomerKey;
  how: How;
}

/** A key K and what the case makes of it; `spec` is what it was built from (for the unmapper). */
export abstract class KeyCase<How extends { kind: string }> {
  readonly key: CustomerKey;
  constructor(readonly spec: KeyCaseSpec<How>) {
    this.key = spec.key;
  }
  get kind(): How["kind"] {
    return this.spec.how.kind;
  }
}

/** Cases built by `Case` from a random K and `how`, kept only while `stillBad` holds. */
export function keyCases<How extends { kind: string }, C extends KeyCase<How>>(
  how: fc.Arbitrary<How>,
  Case: new (spec: KeyCaseSpec<How>) => C,
  stillBad: (c: C) => boolean,
): fc.Arbitrary<C> {
  return fc
    .record({ key: customerKey(), how })
    .map((spec) => new Case(spec), unspec(Case))
    .filter(stillBad);
}
