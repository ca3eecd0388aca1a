/**
 * One client per test file (vitest isolates files), its exchanges routed to the transcript of the
 * check that is running. Checks in a file run one at a time, so the current transcript is
 * unambiguous. The client closes after the file's checks.
 */
import { afterAll } from "vitest";
import type { S3Client } from "../client/types.ts";
import type { Target } from "../config/target.ts";
import { openClient } from "./open-client.ts";
import { registerSentKeys } from "./transcript.ts";
import type { Transcript } from "./transcript.ts";

let client: S3Client | undefined;
let current: Transcript | undefined;

export async function fileClient(target: Target): Promise<S3Client> {
  client ??= await openClient(target, (e) => {
    registerSentKeys(e);
    current?.record(e);
  });
  return client;
}

/** Route the file client's exchanges to `transcript` (undefined: to none). */
export function recordInto(transcript: Transcript | undefined): void {
  current = transcript;
}

afterAll(async () => {
  await client?.close();
  client = undefined;
});
