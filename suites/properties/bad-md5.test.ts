/**
 * Property: for any key K and any key-MD5 header that is not base64(md5(K)) — 16 random bytes,
 * the MD5 of another key, the digest in hex, truncated (losing digest bytes), padded, with whitespace
 * inside, empty — every Table 2 interface refuses, and nothing is stored: a fresh object name
 * per case then finds no object; an overwrite leaves the old object intact under its old key
 * (OBS Table 1 row 3; evidence md5.mismatch-put, vectors.obs-example-pair). Checks:
 * harness/checks/catalogue/properties.ts.
 *
 * Reads and parts use an object or upload made under K itself, so the key-MD5 is the only
 * thing wrong. The old object of the overwrite cases and the plain copy sources are shared by
 * a check's cases: a refused request leaves them unchanged, and one that is not refused fails
 * the property right there.
 */
import fc from "fast-check";
import {
  BAD_MD5_KINDS,
  badMd5Case,
  badMd5Expectations,
  coverageExamples,
  objectSize,
  spoiledTrioProperties,
} from "../../harness/kit/index.ts";
import type { BadMd5Case, BadMd5Kind } from "../../harness/kit/index.ts";

const writeCase = (kinds?: readonly BadMd5Kind[]) =>
  fc.record({ bad: badMd5Case(kinds), size: objectSize(), overwrite: fc.boolean() });
const writes = {
  arbitrary: writeCase(),
  examples: (seed: number) => coverageExamples(BAD_MD5_KINDS, (k) => writeCase([k]), seed),
};

/** Reads, initiates and parts: the object or upload is made under the case's key. */
const readCase = (kinds?: readonly BadMd5Kind[]) => fc.record({ bad: badMd5Case(kinds), size: objectSize() });
const reads = {
  arbitrary: readCase(),
  examples: (seed: number) => coverageExamples(BAD_MD5_KINDS, (k) => readCase([k]), seed),
};

/** Copies and part copies: the bad key-MD5 is in the target trio or in the copy-source trio. */
const copyCase = (kinds?: readonly BadMd5Kind[]) =>
  fc.record({
    bad: badMd5Case(kinds),
    size: objectSize(),
    overwrite: fc.boolean(),
    where: fc.constantFrom("target" as const, "copy-source" as const),
  });
const copies = {
  arbitrary: copyCase(),
  examples: (seed: number) =>
    coverageExamples(
      BAD_MD5_KINDS.flatMap((kind) => (["target", "copy-source"] as const).map((where) => ({ kind, where }))),
      (v) => copyCase([v.kind]).filter((c) => c.where === v.where),
      seed,
    ),
};

/** Every check's trio names the case's key with the bad key-MD5. */
const spoiled = ({ bad }: { bad: BadMd5Case }) => ({
  key: bad.key,
  options: { md5Text: bad.text },
  refusals: badMd5Expectations(bad.text),
});

spoiledTrioProperties("bad-md5", spoiled, { writes, reads, copies });
