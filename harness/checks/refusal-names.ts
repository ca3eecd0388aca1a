/**
 * Which named profile expectations answer a spoiled trio: the names only (the answers are the
 * profile's). Shared by the kit's refusal grading and the stateful model (checks/stateful/).
 */
import type { SsecPart } from "../ssec/index.ts";

/**
 * The profile expectation each left-out header calls for (evidence missing.algorithm-put, missing.key-put,
 * missing.md5).
 */
export const MISSING_EXPECTATION: Record<SsecPart, string> = {
  algorithm: "missing-algorithm",
  key: "missing-key",
  md5: "missing-md5",
};

/**
 * A bad key-MD5 is refused as a mismatch (evidence md5.mismatch-put); an empty one may be called missing (evidence
 * missing.md5).
 */
export function badMd5Expectations(text: string): string[] {
  return text === "" ? ["md5-mismatch", "missing-md5"] : ["md5-mismatch"];
}
