/** Copy-source combinations (PUT Object - Copy, Upload Part - Copy; OBS Table 3; evidence headers.copy-source-trio). */
import fc from "fast-check";
import type { CustomerKey } from "../key.ts";
import type { SsecPart } from "../headers.ts";
import { customerKey } from "./customer-key.ts";
import { deriveWrongKey, describeWrongKey, wrongKeyHow } from "./wrong-key-cases.ts";
import type { WrongKeyHow } from "./wrong-key-cases.ts";
import { badMd5How, badMd5Text, describeBadMd5 } from "./bad-md5-cases.ts";
import type { BadMd5How } from "./bad-md5-cases.ts";
import { headerSubset } from "./header-subsets.ts";
import { unspec } from "./unspec.ts";

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
