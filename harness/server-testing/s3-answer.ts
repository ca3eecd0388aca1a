/**
 * A bare S3 answer, for the unit tests of what reads answers (grading, retries, the blocked
 * bucket probe): a status, an optional S3 error Code, no headers, no body.
 */
import type { S3Response } from "../client/types.ts";

export function s3Answer(status: number, code?: string, method = "GET"): S3Response {
  return {
    status,
    headers: {},
    body: Buffer.alloc(0),
    error: code ? { code, fields: {} } : undefined,
    exchange: { method, url: "https://x/", requestHeaders: [] },
  };
}
