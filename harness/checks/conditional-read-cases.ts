/**
 * Conditional reads of an SSE-C object sent with a wrong key or without one (issue 14): which
 * answer wins, the key's refusal or the precondition's 304 / 412? AWS is not recorded on it;
 * RFC 7232 section 5, which the AWS GetObject reference points to, has the server ignore the
 * preconditions when the answer without them would be neither 2xx nor 412 (evidence
 * conditional.key-before-preconditions). So these checks are SHOULDs; that a wrong or missing key
 * gets no 2xx and none of the object is the MUST of `<slug>.wrong-key`, `<slug>.without-key` and
 * `<slug>.conditional-wrong-key-if-match`. Ids are `<slug>.conditional-<key>-<case>`.
 */
import type { CheckDef, InterfaceName } from "./types.ts";

export type ConditionalReadInterface = Extract<InterfaceName, "GET Object" | "HEAD Object">;

export interface ConditionalReadCase {
  /** Id part. */
  name: "if-none-match" | "if-match-other" | "if-modified-since" | "if-unmodified-since";
  /** The condition, as a title says it. */
  what: string;
  /** What the condition alone answers with the right key. */
  alone: 304 | 412;
  /** The evidence entry of that answer. */
  evidence: string;
}

export const CONDITIONAL_READ_CASES: readonly ConditionalReadCase[] = [
  { name: "if-none-match", what: "an If-None-Match of its ETag", alone: 304, evidence: "conditional.if-none-match" },
  { name: "if-match-other", what: "an If-Match of another ETag", alone: 412, evidence: "conditional.if-match" },
  {
    name: "if-modified-since",
    what: "an If-Modified-Since of its Last-Modified",
    alone: 304,
    evidence: "conditional.if-none-match",
  },
  {
    name: "if-unmodified-since",
    what: "an If-Unmodified-Since a day before its Last-Modified",
    alone: 412,
    evidence: "conditional.if-match",
  },
];

export const CONDITIONAL_KEYS = ["wrong-key", "no-key"] as const;
export type ConditionalKey = (typeof CONDITIONAL_KEYS)[number];

const VERB: Record<ConditionalReadInterface, string> = { "GET Object": "GET", "HEAD Object": "HEAD" };
const SLUG: Record<ConditionalReadInterface, string> = { "GET Object": "get-object", "HEAD Object": "head-object" };

export function conditionalReadId(
  iface: ConditionalReadInterface,
  key: ConditionalKey,
  c: ConditionalReadCase,
): string {
  return `${SLUG[iface]}.conditional-${key}-${c.name}`;
}

/** The conditional-read cases of one interface as CheckDefs. */
export function conditionalReadChecks(iface: ConditionalReadInterface): CheckDef[] {
  const verb = VERB[iface];
  return CONDITIONAL_KEYS.flatMap((key) =>
    CONDITIONAL_READ_CASES.map((c): CheckDef => ({
      id: conditionalReadId(iface, key, c),
      interface: iface,
      category: key === "wrong-key" ? "wrong-key" : "missing-headers",
      level: "SHOULD",
      evidence: ["conditional.key-before-preconditions", c.evidence],
      title:
        key === "wrong-key"
          ? `refuses a ${verb} of an SSE-C object with another valid key and ${c.what} for the key, not with ${c.alone}`
          : `refuses a ${verb} of an SSE-C object without the key and ${c.what} for the missing key, not with ${c.alone}`,
      expect:
        key === "wrong-key" ? "wrong-key-read" : iface === "GET Object" ? "read-without-key" : "read-without-key-head",
    })),
  );
}
