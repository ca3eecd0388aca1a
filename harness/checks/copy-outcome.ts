/**
 * What PUT Object - Copy and Upload Part - Copy must answer for each combination of
 * source (SSE-C, plain) × copy-source headers × target headers (issue 5, copy-source-mismatches).
 *
 * A request can be wrong in up to three places: the target trio, the copy-source trio, and the
 * copy-source trio against the source object. Each place has one small table below. When more
 * than one place is wrong, the public sources do not say which error a server reports first,
 * so any of them is accepted (the reference server checks target, then copy-source headers,
 * then the source, like MinIO's handler order, MinIO handlers). Only when no place is wrong
 * must the copy succeed.
 *
 * Outcomes are named profile expectations (fixtures/profiles/*.json), never literal statuses:
 * the profile says what each family of servers answers.
 */
import type { SsecPart } from "../ssec/headers.ts";
import type { CopyCombination } from "../ssec/arbitraries/index.ts";

/** A combination plus the details that decide which refusal applies. */
export interface CopyRequestShape extends CopyCombination {
  /** For `partial` modes: the parts left out. */
  targetMissing?: readonly SsecPart[];
  copySourceMissing?: readonly SsecPart[];
  /** For `bad-md5` modes: the bad key-MD5 header is empty (a server may call it missing, evidence missing.md5). */
  targetMd5Empty?: boolean;
  copySourceMd5Empty?: boolean;
}

export type CopyOutcome =
  /** 200; the target is SSE-C under the target key exactly when the target trio was valid. */
  | { kind: "copied"; encrypted: boolean }
  /** Refused with any one of these profile expectations; nothing stored. */
  | { kind: "refused"; expect: readonly string[]; because: readonly string[] };

const MISSING: Record<SsecPart, string> = {
  algorithm: "missing-algorithm", // evidence missing.algorithm-put
  key: "missing-key", //             evidence missing.key-put
  md5: "missing-md5", //             evidence missing.md5
};

interface Fault {
  expect: string[];
  because: string;
}

/** A trio that is malformed in itself, wherever it is sent (OBS Tables 1 and 3). */
function trioFault(
  where: "target" | "copy-source",
  mode: string,
  missing: readonly SsecPart[] | undefined,
  md5Empty: boolean | undefined,
): Fault | undefined {
  if (mode === "partial") {
    return {
      expect: (missing ?? []).map((p) => MISSING[p]),
      because: `${where} trio incomplete (evidence missing.algorithm-put, missing.key-put, missing.md5)`,
    };
  }
  if (mode === "bad-md5") {
    return {
      expect: md5Empty ? ["md5-mismatch", "missing-md5"] : ["md5-mismatch"],
      because: `${where} key-MD5 does not match its key (evidence md5.mismatch-put)`,
    };
  }
  return undefined;
}

/**
 * The copy-source trio against the source object (OBS Table 3):
 *
 *   source │ copy-source headers     │ refusal
 *   ───────┼─────────────────────────┼──────────────────────────────────────────────
 *   ssec   │ valid                   │ —
 *   ssec   │ absent                  │ copy-source-missing          (evidence copy.source-key-required)
 *   ssec   │ wrong-key               │ copy-source-wrong-key        (evidence copy.source-wrong-key)
 *   ssec   │ bad-md5, partial        │ — (the trio itself is refused, above)
 *   plain  │ absent                  │ —
 *   plain  │ valid, wrong-key        │ copy-source-on-plain-source  (evidence copy.source-headers-on-plain-source;
 * minio/minio#6671)
 *   plain  │ bad-md5, partial        │ copy-source-on-plain-source  (a server may look at the source first)
 */
function sourceFault(c: CopyCombination): Fault | undefined {
  if (c.source === "ssec") {
    if (c.copySource === "absent")
      return {
        expect: ["copy-source-missing"],
        because: "SSE-C source without the copy-source key (evidence copy.source-key-required)",
      };
    if (c.copySource === "wrong-key")
      return {
        expect: ["copy-source-wrong-key"],
        because: "copy-source key is not the source's key (evidence copy.source-wrong-key)",
      };
    return undefined;
  }
  if (c.copySource === "absent") return undefined;
  return {
    expect: ["copy-source-on-plain-source"],
    because: "copy-source SSE-C headers on a plain source (evidence copy.source-headers-on-plain-source)",
  };
}

export function expectedCopyOutcome(r: CopyRequestShape): CopyOutcome {
  const faults = [
    trioFault("target", r.target, r.targetMissing, r.targetMd5Empty),
    trioFault("copy-source", r.copySource, r.copySourceMissing, r.copySourceMd5Empty),
    sourceFault(r),
  ].filter((f): f is Fault => f !== undefined);
  if (faults.length === 0) return { kind: "copied", encrypted: r.target === "valid" };
  return {
    kind: "refused",
    expect: [...new Set(faults.flatMap((f) => f.expect))],
    because: faults.map((f) => f.because),
  };
}
