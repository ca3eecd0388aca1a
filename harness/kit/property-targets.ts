/**
 * What the write and copy properties write to and copy from: a fresh name (then nothing may be
 * stored there) or an old object to overwrite (then it must be intact), and a plain copy source.
 * Both are made once per check and shared by its cases: a refused request leaves them unchanged,
 * and one that is not refused fails the property right there. Call the factories at a file's top
 * level.
 */
import type { CheckContext, Stored } from "./types.ts";
import { sharedPerCheck } from "./shared.ts";
import { fixtureKey, putFixture } from "./fixtures.ts";
import { expectAbsent, expectIntact } from "./expect-stored.ts";

export interface WriteTarget {
  objectKey: string;
  /** Nothing stored under a fresh name; the old object intact after an overwrite. */
  verify: () => Promise<void>;
}

/** Targets of refused writes; the old object is SSE-C under a key of its own. */
export function writeTargets(): (ctx: CheckContext, overwrite: boolean) => Promise<WriteTarget> {
  const oldObject = sharedPerCheck((ctx) => putFixture(ctx, fixtureKey(ctx, "old"), 1000, "old"));
  return async (ctx, overwrite) => {
    if (!overwrite) {
      const objectKey = ctx.objectKey("target");
      return { objectKey, verify: () => expectAbsent(ctx, objectKey) };
    }
    const old = await oldObject(ctx);
    return { objectKey: old.objectKey, verify: () => expectIntact(ctx, old) };
  };
}

/** A plain copy source, when only the target side of a copy is under test. */
export function plainSources(): (ctx: CheckContext) => Promise<Stored> {
  return sharedPerCheck((ctx) => putFixture(ctx, undefined, 1000, "plain-source"));
}
