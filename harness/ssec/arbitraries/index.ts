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
export { KEY_BYTES, customerKey } from "./customer-key.ts";
export {
  WRONG_KEY_KINDS,
  WrongKeyCase,
  deriveWrongKey,
  describeWrongKey,
  wrongKeyCase,
  wrongKeyHow,
  type WrongKeyHow,
  type WrongKeyKind,
} from "./wrong-key-cases.ts";
export {
  BAD_MD5_KINDS,
  BadMd5Case,
  badMd5Case,
  badMd5How,
  badMd5Text,
  describeBadMd5,
  type BadMd5How,
  type BadMd5Kind,
} from "./bad-md5-cases.ts";
export { PROPER_SUBSETS, SSEC_PARTS, headerSubset, missingParts } from "./header-subsets.ts";
export {
  COPY_COMBINATIONS,
  COPY_SOURCE_MODES,
  CopyCase,
  SOURCE_MODES,
  TARGET_MODES,
  copyCase,
  describeCombination,
  type CopyCaseSpec,
  type CopyCombination,
  type CopySourceHeaders,
  type CopySourceMode,
  type SourceMode,
  type TargetHeaders,
  type TargetMode,
} from "./copy-combinations.ts";
export { coverageExamples } from "./coverage-examples.ts";
