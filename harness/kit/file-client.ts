/**
 * One client per test file (vitest isolates files), each exchange routed to the transcript of the
 * check whose request it is (check-scope.ts: right even when a file's checks run side by side).
 * The client closes after the file's checks.
 */
import { afterAll } from "vitest";
import type { S3Client } from "../client/types.ts";
import type { Target } from "../config/target.ts";
import { openClient } from "./open-client.ts";
import { registerSentKeys } from "./transcript.ts";
import { currentCheck } from "./check-scope.ts";

let client: Promise<S3Client> | undefined;

export function fileClient(target: Target): Promise<S3Client> {
  client ??= openClient(target, (e) => {
    registerSentKeys(e);
    currentCheck()?.transcript.record(e);
  });
  return client;
}

afterAll(async () => {
  const c = await client;
  client = undefined;
  await c?.close();
});
