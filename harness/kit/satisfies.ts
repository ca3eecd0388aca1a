/** Whether a response is the answer an expectation names (status and S3 error Code, never Message). */
import type { S3Response } from "../client/types.ts";
import type { Expectation } from "../checks/types.ts";
import { describeActual } from "../checks/grade.ts";

/** `400 InvalidRequest`-style summary of a response. */
export function describeResponse(res: S3Response): string {
  return describeActual(res.status, res.error?.code);
}

/**
 * Does a response satisfy an expectation? code undefined = any S3 error Code (an error status
 * still needs an `<Error>` body, except on HEAD and streamed reads, which have none to parse);
 * null = no error body (a 304). A HEAD answer's body never reaches the client (undici drops it),
 * so on HEAD only the status is compared: no check claims what it cannot see.
 */
export function satisfies(res: S3Response, e: Expectation): boolean {
  if (res.status !== e.status) return false;
  if (e.code === undefined)
    return res.status < 300 || res.exchange.method === "HEAD" || res.stream !== undefined || res.error !== undefined;
  if (e.code === null) return res.exchange.method === "HEAD" || res.error === undefined;
  return res.error?.code === e.code;
}

export function statusList(s: number | readonly number[]): readonly number[] {
  return typeof s === "number" ? [s] : s;
}
