import { describe, expect, it } from "vitest";
import { s3Answer as res } from "../server-testing/s3-answer.ts";
import { satisfies } from "./satisfies.ts";

describe("satisfies", () => {
  it("compares status and Code, never Message", () => {
    expect(satisfies(res(403, "AccessDenied"), { status: 403, code: "AccessDenied" })).toBe(true);
    expect(satisfies(res(403, "SignatureDoesNotMatch"), { status: 403, code: "AccessDenied" })).toBe(false);
    expect(satisfies(res(400, "AccessDenied"), { status: 403, code: "AccessDenied" })).toBe(false);
    expect(satisfies(res(400, "Whatever"), { status: 400 })).toBe(true);
    // An open code still wants an S3 <Error> body on an error status (not on HEAD, not on a success).
    expect(satisfies(res(400), { status: 400 })).toBe(false);
    expect(satisfies(res(400, undefined, "HEAD"), { status: 400 })).toBe(true);
    expect(satisfies(res(200), { status: 200 })).toBe(true);
    expect(satisfies(res(400), { status: 400, code: null })).toBe(true);
    expect(satisfies(res(400, "InvalidRequest"), { status: 400, code: null })).toBe(false);
  });
});
