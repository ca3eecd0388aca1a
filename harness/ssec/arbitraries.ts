/**
 * fast-check arbitraries for the property suites (issue 5): customer keys, wrong keys K' ≠ K,
 * key-MD5 headers that are not base64(md5(K)), non-empty proper subsets of the three SSE-C
 * headers, and the copy-source × target combinations of PUT Object - Copy / Upload Part - Copy.
 *
 * Every "bad" value is bad by construction AND by a final filter, so it stays bad while
 * fast-check shrinks it (a filter applies to shrunk values too): a wrong key never equals K,
 * a bad MD5 never equals the right one, a subset is never empty nor the full trio.
 *
 * Generated values are small case objects that keep the plain `spec` they were built from.
 * The unmapper (`.map(build, c => c.spec)`) lets fast-check shrink a value it did not
 * generate itself — the coverage examples the suites pass as `examples`.
 *
 * Keys print as fingerprints (CustomerKey.toString), so a counterexample never shows key
 * bytes; their raw bytes do not shrink: a "smaller" key is still redacted in every report, so
 * shrinking it would cost hundreds of requests and tell the reader nothing.
 */
import fc from "fast-check";
import { createHash } from "node:crypto";
import { CustomerKey, keyFromBytes } from "./key.ts";
import type { SsecPart } from "./headers.ts";

export const KEY_BYTES = 32;

// ---------------------------------------------------------------------------------------------
// Keys

/** A 256-bit customer key (seed Table 1 row 2). Not shrunk: see the module comment. */
export function customerKey(): fc.Arbitrary<CustomerKey> {
  return fc.noShrink(fc.uint8Array({ minLength: KEY_BYTES, maxLength: KEY_BYTES })).map(
    (bytes) => keyFromBytes(bytes),
    (v) => {
      if (!(v instanceof CustomerKey) || v.length !== KEY_BYTES) throw new TypeError("not a 32-byte CustomerKey");
      return new Uint8Array(v.raw);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Wrong keys: K' ≠ K, each sent with the correct MD5 of K' itself (so only the key is wrong)

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
export class WrongKeyCase {
  readonly key: CustomerKey;
  readonly wrong: CustomerKey;
  constructor(readonly spec: { key: CustomerKey; how: WrongKeyHow }) {
    this.key = spec.key;
    this.wrong = deriveWrongKey(spec.key, spec.how);
  }
  get kind(): WrongKeyKind {
    return this.spec.how.kind;
  }
  toString(): string {
    return `K=${this.key}, K'=${this.wrong} (${describeWrongKey(this.spec.how)})`;
  }
}

export function wrongKeyCase(kinds?: readonly WrongKeyKind[]): fc.Arbitrary<WrongKeyCase> {
  return fc
    .record({ key: customerKey(), how: wrongKeyHow(kinds) })
    .map((spec) => new WrongKeyCase(spec), unspec(WrongKeyCase))
    .filter((c) => !c.wrong.equals(c.key));
}

// ---------------------------------------------------------------------------------------------
// Bad key-MD5 headers: anything that is not base64(md5(K)) (seed Table 1 row 3; BEHAVIOUR E7, §0)

export const BAD_MD5_KINDS = [
  "random-bytes",
  "other-key",
  "hex",
  "truncated",
  "padded",
  "base64url",
  "whitespace",
  "empty",
] as const;
export type BadMd5Kind = (typeof BAD_MD5_KINDS)[number];

export type BadMd5How =
  /** base64 of 16 random bytes. */
  | { kind: "random-bytes"; bytes: Uint8Array }
  /** The correct MD5 of another key. */
  | { kind: "other-key"; other: CustomerKey }
  /** The right digest as 32 hex digits (BEHAVIOUR §0: decodes to 24 bytes, not 16). */
  | { kind: "hex"; upper: boolean }
  /** The right base64 value cut to `keep` characters. */
  | { kind: "truncated"; keep: number }
  /** The right base64 value with `pad` appended. */
  | { kind: "padded"; pad: string }
  /** The right digest in unpadded base64url (RFC 4648 §5), which is not the base64 the header takes. */
  | { kind: "base64url" }
  /** The right base64 value with one whitespace character inside it (never at the ends: HTTP strips those). */
  | { kind: "whitespace"; at: number; ws: " " | "\t" }
  /** An empty header. */
  | { kind: "empty" };

function md5Digest(key: CustomerKey): Buffer {
  return createHash("md5").update(key.raw).digest();
}

/** The header text for `how`. */
export function badMd5Text(key: CustomerKey, how: BadMd5How): string {
  const digest = md5Digest(key);
  const right = digest.toString("base64");
  switch (how.kind) {
    case "random-bytes":
      return Buffer.from(how.bytes).toString("base64");
    case "other-key":
      return how.other.md5;
    case "hex": {
      const hex = digest.toString("hex");
      return how.upper ? hex.toUpperCase() : hex;
    }
    case "truncated":
      return right.slice(0, how.keep);
    case "padded":
      return right + how.pad;
    case "base64url":
      return digest.toString("base64url");
    case "whitespace":
      return right.slice(0, how.at) + how.ws + right.slice(how.at);
    case "empty":
      return "";
  }
}

const MD5_B64_LEN = 24;

const BAD_MD5_HOW: Record<BadMd5Kind, fc.Arbitrary<BadMd5How>> = {
  "random-bytes": fc.record({
    kind: fc.constant("random-bytes" as const),
    bytes: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  }),
  "other-key": customerKey().map(
    (other): BadMd5How => ({ kind: "other-key", other }),
    (v) => {
      const h = v as BadMd5How;
      if (h?.kind !== "other-key") throw new TypeError("not an other-key MD5");
      return h.other;
    },
  ),
  hex: fc.record({ kind: fc.constant("hex" as const), upper: fc.boolean() }),
  truncated: fc.record({ kind: fc.constant("truncated" as const), keep: fc.integer({ min: 1, max: MD5_B64_LEN - 1 }) }),
  padded: fc.record({ kind: fc.constant("padded" as const), pad: fc.constantFrom("=", "==", "A", "AAAA", "+/") }),
  base64url: fc.constant({ kind: "base64url" as const }),
  whitespace: fc.record({
    kind: fc.constant("whitespace" as const),
    at: fc.integer({ min: 1, max: MD5_B64_LEN - 1 }),
    ws: fc.constantFrom(" " as const, "\t" as const),
  }),
  empty: fc.constant({ kind: "empty" as const }),
};

export function badMd5How(kinds: readonly BadMd5Kind[] = BAD_MD5_KINDS): fc.Arbitrary<BadMd5How> {
  return fc.oneof(...kinds.map((k) => BAD_MD5_HOW[k]));
}

export function describeBadMd5(how: BadMd5How, text: string): string {
  const shown = JSON.stringify(text);
  switch (how.kind) {
    case "random-bytes":
      return `base64 of 16 random bytes ${shown}`;
    case "other-key":
      return `the MD5 of another key ${how.other.fingerprint} ${shown}`;
    case "hex":
      return `the right digest in ${how.upper ? "upper-case " : ""}hex ${shown}`;
    case "truncated":
      return `the right value cut to ${how.keep} characters ${shown}`;
    case "padded":
      return `the right value with ${JSON.stringify(how.pad)} appended ${shown}`;
    case "base64url":
      return `the right digest in unpadded base64url ${shown}`;
    case "whitespace":
      return `the right value with ${how.ws === " " ? "a space" : "a tab"} at offset ${how.at} ${shown}`;
    case "empty":
      return "an empty header";
  }
}

/** A key K and a key-MD5 header text that is not base64(md5(K)). */
export class BadMd5Case {
  readonly key: CustomerKey;
  readonly text: string;
  constructor(readonly spec: { key: CustomerKey; how: BadMd5How }) {
    this.key = spec.key;
    this.text = badMd5Text(spec.key, spec.how);
  }
  get kind(): BadMd5Kind {
    return this.spec.how.kind;
  }
  toString(): string {
    return `K=${this.key}, key-MD5=${describeBadMd5(this.spec.how, this.text)}`;
  }
}

export function badMd5Case(kinds?: readonly BadMd5Kind[]): fc.Arbitrary<BadMd5Case> {
  return fc
    .record({ key: customerKey(), how: badMd5How(kinds) })
    .map((spec) => new BadMd5Case(spec), unspec(BadMd5Case))
    .filter((c) => c.text !== c.key.md5);
}

// ---------------------------------------------------------------------------------------------
// Header subsets: every non-empty proper subset of {algorithm, key, key-MD5} (seed Tables 1, 3)

export const SSEC_PARTS: readonly SsecPart[] = ["algorithm", "key", "md5"];

/** The six non-empty proper subsets, smallest first (shrinking moves towards the first). */
export const PROPER_SUBSETS: readonly (readonly SsecPart[])[] = Object.freeze([
  ["algorithm"],
  ["key"],
  ["md5"],
  ["algorithm", "key"],
  ["algorithm", "md5"],
  ["key", "md5"],
]);

/** The parts a subset leaves out (the `omit` option of ssecHeaders / copySourceHeaders). */
export function missingParts(present: readonly SsecPart[]): SsecPart[] {
  return SSEC_PARTS.filter((p) => !present.includes(p));
}

/** The headers that are sent: a non-empty proper subset of the three. */
export function headerSubset(): fc.Arbitrary<readonly SsecPart[]> {
  return fc.constantFrom(...PROPER_SUBSETS);
}

// ---------------------------------------------------------------------------------------------
// Copy-source combinations (PUT Object - Copy, Upload Part - Copy; seed Table 3; BEHAVIOUR §1.5)

export const SOURCE_MODES = ["ssec", "plain"] as const;
export const COPY_SOURCE_MODES = ["valid", "absent", "wrong-key", "bad-md5", "partial"] as const;
export const TARGET_MODES = ["valid", "absent", "partial", "bad-md5"] as const;
export type SourceMode = (typeof SOURCE_MODES)[number];
export type CopySourceMode = (typeof COPY_SOURCE_MODES)[number];
export type TargetMode = (typeof TARGET_MODES)[number];

export interface CopyCombination {
  source: SourceMode;
  copySource: CopySourceMode;
  target: TargetMode;
}

/** All 2 × 5 × 4 = 40 combinations, in a fixed order. */
export const COPY_COMBINATIONS: readonly CopyCombination[] = Object.freeze(
  SOURCE_MODES.flatMap((source) =>
    COPY_SOURCE_MODES.flatMap((copySource) => TARGET_MODES.map((target) => ({ source, copySource, target }))),
  ),
);

export function describeCombination(c: CopyCombination): string {
  return `source ${c.source}, copy-source headers ${c.copySource}, target headers ${c.target}`;
}

/** What the copy-source trio carries; only the mode's own parameters are generated. */
export type CopySourceHeaders =
  | { mode: "valid" }
  | { mode: "absent" }
  | { mode: "wrong-key"; how: WrongKeyHow }
  | { mode: "bad-md5"; how: BadMd5How }
  | { mode: "partial"; present: readonly SsecPart[] };

/** What the target trio carries. */
export type TargetHeaders =
  | { mode: "valid" }
  | { mode: "absent" }
  | { mode: "partial"; present: readonly SsecPart[] }
  | { mode: "bad-md5"; how: BadMd5How };

function copySourceHeadersArb(mode: CopySourceMode): fc.Arbitrary<CopySourceHeaders> {
  switch (mode) {
    case "valid":
    case "absent":
      return fc.constant({ mode });
    case "wrong-key":
      return fc.record({ mode: fc.constant(mode), how: wrongKeyHow() });
    case "bad-md5":
      return fc.record({ mode: fc.constant(mode), how: badMd5How() });
    case "partial":
      return fc.record({ mode: fc.constant(mode), present: headerSubset() });
  }
}

function targetHeadersArb(mode: TargetMode): fc.Arbitrary<TargetHeaders> {
  switch (mode) {
    case "valid":
    case "absent":
      return fc.constant({ mode });
    case "partial":
      return fc.record({ mode: fc.constant(mode), present: headerSubset() });
    case "bad-md5":
      return fc.record({ mode: fc.constant(mode), how: badMd5How() });
  }
}

export interface CopyCaseSpec {
  source: SourceMode;
  /** The source object's key (unused for a plain source except as the key the copy-source trio names). */
  sourceKey: CustomerKey;
  copySource: CopySourceHeaders;
  /** The target's key (the key of the upload, for Upload Part - Copy). */
  targetKey: CustomerKey;
  target: TargetHeaders;
}

/** One copy request: the source, what the copy-source trio and the target trio carry. */
export class CopyCase {
  /** K' for the copy-source trio (mode `wrong-key`). */
  readonly wrongSourceKey?: CustomerKey;
  /** Key-MD5 texts for the `bad-md5` modes. */
  readonly badSourceMd5?: string;
  readonly badTargetMd5?: string;
  constructor(readonly spec: CopyCaseSpec) {
    const cs = spec.copySource;
    if (cs.mode === "wrong-key") this.wrongSourceKey = deriveWrongKey(spec.sourceKey, cs.how);
    if (cs.mode === "bad-md5") this.badSourceMd5 = badMd5Text(spec.sourceKey, cs.how);
    if (spec.target.mode === "bad-md5") this.badTargetMd5 = badMd5Text(spec.targetKey, spec.target.how);
  }
  get combination(): CopyCombination {
    return { source: this.spec.source, copySource: this.spec.copySource.mode, target: this.spec.target.mode };
  }
  /** Every "bad" part really is bad (the filter of copyCase). */
  isReallyBad(): boolean {
    const { sourceKey, targetKey } = this.spec;
    if (this.wrongSourceKey && this.wrongSourceKey.equals(sourceKey)) return false;
    if (this.badSourceMd5 !== undefined && this.badSourceMd5 === sourceKey.md5) return false;
    if (this.badTargetMd5 !== undefined && this.badTargetMd5 === targetKey.md5) return false;
    return true;
  }
  toString(): string {
    const { spec } = this;
    const cs = spec.copySource;
    const t = spec.target;
    const source = `${spec.source === "ssec" ? `SSE-C source under ${spec.sourceKey}` : "plain source"}`;
    const copySource =
      cs.mode === "wrong-key"
        ? `copy-source key ${this.wrongSourceKey} (${describeWrongKey(cs.how)})`
        : cs.mode === "bad-md5"
          ? `copy-source key-MD5 ${describeBadMd5(cs.how, this.badSourceMd5 ?? "")}`
          : cs.mode === "partial"
            ? `copy-source headers only [${cs.present.join(", ")}]`
            : `copy-source headers ${cs.mode}`;
    const target =
      t.mode === "bad-md5"
        ? `target key ${spec.targetKey} with key-MD5 ${describeBadMd5(t.how, this.badTargetMd5 ?? "")}`
        : t.mode === "partial"
          ? `target headers only [${t.present.join(", ")}] of ${spec.targetKey}`
          : t.mode === "valid"
            ? `target key ${spec.targetKey}`
            : "no target headers";
    return `{${source}; ${copySource}; ${target}}`;
  }
}

/** Copy cases, restricted to `combinations` (default: all 40). */
export function copyCase(combinations: readonly CopyCombination[] = COPY_COMBINATIONS): fc.Arbitrary<CopyCase> {
  const perCombination = combinations.map((c) =>
    fc.record({
      source: fc.constant(c.source),
      sourceKey: customerKey(),
      copySource: copySourceHeadersArb(c.copySource),
      targetKey: customerKey(),
      target: targetHeadersArb(c.target),
    }),
  );
  return fc
    .oneof(...perCombination)
    .map((spec) => new CopyCase(spec), unspec(CopyCase))
    .filter((c) => c.isReallyBad());
}

// ---------------------------------------------------------------------------------------------
// Coverage examples

/**
 * One value per variant, drawn from `arbFor(variant)` with a seed derived from `seed`: passed
 * to fc.assert/check as `examples`, so every kind, subset or combination is exercised whatever
 * the number of runs, and a failing example still shrinks (the arbitraries can shrink values
 * they did not generate, through their unmappers).
 */
export function coverageExamples<V, T>(variants: readonly V[], arbFor: (v: V) => fc.Arbitrary<T>, seed: number): T[] {
  return variants.map(
    (v, i) => fc.sample(arbFor(v), { seed: (seed ^ Math.imul(i + 1, 0x9e3779b1)) | 0, numRuns: 1 })[0],
  );
}

function unspec<S>(Class: abstract new (...args: never[]) => { readonly spec: S }): (v: unknown) => S {
  return (v) => {
    if (!(v instanceof Class)) throw new TypeError(`not a ${Class.name}`);
    return v.spec;
  };
}
