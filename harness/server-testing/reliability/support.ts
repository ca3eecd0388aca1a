/** Shared bits of the reliability tests: the heavy switch and a watch on process-level errors. */
import { createHash } from "node:crypto";

/** SSEC_HEAVY=1 (or `npm run test:heavy`): longer fuzz and load runs. */
export const heavy = process.env.SSEC_HEAVY === "1";

/**
 * Records unhandled rejections and uncaught exceptions from now on (the in-process server runs in
 * the test's process, so its stray errors land here). Returns a reader of what was seen.
 */
export function watchProcessErrors(): () => string[] {
  const seen: string[] = [];
  const onRejection = (reason: unknown) =>
    seen.push(`unhandledRejection: ${(reason as Error)?.stack ?? String(reason)}`);
  const onException = (e: Error) => seen.push(`uncaughtException: ${e.stack ?? String(e)}`);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return () => [...seen];
}

/** A small seeded PRNG (xorshift32) in [0, 1): each load client replays the same op mix. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** The three SSE-C request headers for a key (x-amz- dialect), or their copy-source form. */
export function ssecHeaders(key: Buffer, scope: "target" | "copy-source" = "target"): [string, string][] {
  const p =
    scope === "copy-source"
      ? "x-amz-copy-source-server-side-encryption-customer-"
      : "x-amz-server-side-encryption-customer-";
  return [
    [`${p}algorithm`, "AES256"],
    [`${p}key`, key.toString("base64")],
    [`${p}key-md5`, createHash("md5").update(key).digest("base64")],
  ];
}
