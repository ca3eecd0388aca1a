/** Wrong keys: K' ≠ K, each sent with the correct MD5 of K' itself (so only the key is wrong). */
import fc from "fast-check";
import type { CustomerKey } from "../key.ts";
import { keyFromBytes } from "../key.ts";
import { KEY_BYTES, customerKey } from "./customer-key.ts";
import { KeyCase, keyCases, type KeyCaseSpec } from "./key-case.ts";

export const WRONG_KEY_KINDS = ["random", "bit-flip", "byte-changed", "reversed"] as const;
export type WrongKeyKind = (typeof WRONG_KEY_KINDS)[number];

/** How K' is made from K. */
export type WrongKeyHow =
  | { kind: "random"; other: CustomerKey }
  | { kind: "bit-flip"; bit: number }
  | { kind: "byte-changed"; index: number; xor: number }
  | { kind: "reversed" };

/** K' for K as `how` says. Pure; may equal K only for `reversed` of a palindrome (filtered out). */
export function deriveWrongKey(key: CustomerKey, how: WrongKeyHow): CustomerKey {
  const b = key.raw;
  switch (how.kind) {
    case "random":
      return how.other;
    case "bit-flip":
      b[how.bit >> 3] ^= 1 << (how.bit & 7);
      return keyFromBytes(b);
    case "byte-changed":
      b[how.index] ^= how.xor;
      return keyFromBytes(b);
    case "reversed":
      return keyFromBytes(b.reverse());
  }
}

export function describeWrongKey(how: WrongKeyHow): string {
  switch (how.kind) {
    case "random":
      return `an unrelated random key ${how.other.fingerprint}`;
    case "bit-flip":
      return `K with bit ${how.bit} flipped`;
    case "byte-changed":
      return `K with byte ${how.index} XOR 0x${how.xor.toString(16).padStart(2, "0")}`;
    case "reversed":
      return "K with its bytes reversed";
  }
}

const WRONG_KEY_HOW: Record<WrongKeyKind, fc.Arbitrary<WrongKeyHow>> = {
  random: customerKey().map(
    (other): WrongKeyHow => ({ kind: "random", other }),
    (v) => {
      const h = v as WrongKeyHow;
      if (h?.kind !== "random") throw new TypeError("not a random wrong key");
      return h.other;
    },
  ),
  "bit-flip": fc.record({
    kind: fc.constant("bit-flip" as const),
    bit: fc.integer({ min: 0, max: KEY_BYTES * 8 - 1 }),
  }),
  "byte-changed": fc.record({
    kind: fc.constant("byte-changed" as const),
    index: fc.integer({ min: 0, max: KEY_BYTES - 1 }),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  reversed: fc.constant({ kind: "reversed" as const }),
};

/** How to make K' from K, restricted to `kinds` (default: all). */
export function wrongKeyHow(kinds: readonly WrongKeyKind[] = WRONG_KEY_KINDS): fc.Arbitrary<WrongKeyHow> {
  return fc.oneof(...kinds.map((k) => WRONG_KEY_HOW[k]));
}

/** A key K and a wrong key K' ≠ K. */
export class WrongKeyCase extends KeyCase<WrongKeyHow> {
  readonly wrong: CustomerKey;
  constructor(spec: KeyCaseSpec<WrongKeyHow>) {
    super(spec);
    this.wrong = deriveWrongKey(spec.key, spec.how);
  }
  override toString(): string {
    return `K=${this.key}, K'=${this.wrong} (${describeWrongKey(this.spec.how)})`;
  }
}

export function wrongKeyCase(kinds?: readonly WrongKeyKind[]): fc.Arbitrary<WrongKeyCase> {
  return keyCases(wrongKeyHow(kinds), WrongKeyCase, (c) => !c.wrong.equals(c.key));
}
