/** Shared bits of the reliability tests: the heavy switch and a watch on process-level errors. */

/** SSEC_HEAVY=1 (or `npm run test:heavy`): longer fuzz and load runs. */
export const heavy = process.env.SSEC_HEAVY === "1";

/**
 * Records unhandled rejections and uncaught exceptions from now on (the in-process server runs in
 * the test's process, so its stray errors land here). Returns a reader of what was seen.
 */
export function watchProcessErrors(): () => string[] {
  const seen: string[] = [];
  const onRejection = (reason: unknown) => seen.push(`unhandledRejection: ${(reason as Error)?.stack ?? String(reason)}`);
  const onException = (e: Error) => seen.push(`uncaughtException: ${e.stack ?? String(e)}`);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return () => [...seen];
}
