/**
 * Bad key-MD5 headers: anything that is not base64(md5(K)) (OBS Table 1 row 3; evidence
 * md5.mismatch-put, md5.malformed).
 *
 * Left out on purpose: the correct digest written without its "==" padding (22 characters) or
 * in the URL-safe alphabet. Lenient base64 decoders read both as the right digest, and AWS is not
 * recorded refusing them (evidence md5.noncanonical-encoding, inferred), so a server that accepts
 * them must not fail a MUST property.
 */
import fc from "fast-check";
import type { CustomerKey } from "../key.ts";
import { hexDigest, keyDigest } from "../malformed-values.ts";
import { customerKey } from "./customer-key.ts";
import { KeyCase, keyCases, type KeyCaseSpec } from "./key-case.ts";

export const BAD_MD5_KINDS = [
  "random-bytes",
  "other-key",
  "hex",
  "truncated",
  "padded",
  "whitespace",
  "empty",
] as const;
export type BadMd5Kind = (typeof BAD_MD5_KINDS)[number];

export type BadMd5How =
  /** base64 of 16 random bytes. */
  | { kind: "random-bytes"; bytes: Uint8Array }
  /** The correct MD5 of another key. */
  | { kind: "other-key"; other: CustomerKey }
  /** The right digest as 32 hex digits (evidence vectors.obs-example-pair: decodes to 24 bytes, not 16). */
  | { kind: "hex"; upper: boolean }
  /** The right base64 value cut to `keep` characters: digest bytes lost, not just the padding. */
  | { kind: "truncated"; keep: number }
  /** The right base64 value with `pad` appended. */
  | { kind: "padded"; pad: string }
  /** The right base64 value with one whitespace character inside it (never at the ends: HTTP strips those). */
  | { kind: "whitespace"; at: number; ws: " " | "\t" }
  /** An empty header. */
  | { kind: "empty" };

/** The header text for `how`. */
export function badMd5Text(key: CustomerKey, how: BadMd5How): string {
  const right = keyDigest(key).toString("base64");
  switch (how.kind) {
    case "random-bytes":
      return Buffer.from(how.bytes).toString("base64");
    case "other-key":
      return how.other.md5;
    case "hex":
      return hexDigest(key, how.upper);
    case "truncated":
      return right.slice(0, how.keep);
    case "padded":
      return right + how.pad;
    case "whitespace":
      return right.slice(0, how.at) + how.ws + right.slice(how.at);
    case "empty":
      return "";
  }
}

const MD5_B64_LEN = 24;
/** The digest without its "==" padding: 22 characters that still carry all 16 bytes. */
const MD5_B64_UNPADDED = 22;

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
  truncated: fc.record({
    kind: fc.constant("truncated" as const),
    keep: fc.integer({ min: 1, max: MD5_B64_UNPADDED - 1 }),
  }),
  padded: fc.record({ kind: fc.constant("padded" as const), pad: fc.constantFrom("=", "==", "A", "AAAA", "+/") }),
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
    case "whitespace":
      return `the right value with ${how.ws === " " ? "a space" : "a tab"} at offset ${how.at} ${shown}`;
    case "empty":
      return "an empty header";
  }
}

/** A key K and a key-MD5 header text that is not base64(md5(K)). */
export class BadMd5Case extends KeyCase<BadMd5How> {
  readonly text: string;
  constructor(spec: KeyCaseSpec<BadMd5How>) {
    super(spec);
    this.text = badMd5Text(spec.key, spec.how);
  }
  override toString(): string {
    return `K=${this.key}, key-MD5=${describeBadMd5(this.spec.how, this.text)}`;
  }
}

export function badMd5Case(kinds?: readonly BadMd5Kind[]): fc.Arbitrary<BadMd5Case> {
  return keyCases(badMd5How(kinds), BadMd5Case, (c) => c.text !== c.key.md5);
}
