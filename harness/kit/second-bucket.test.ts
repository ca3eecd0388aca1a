import { describe, expect, it } from "vitest";
import { s3Answer } from "../server-testing/s3-answer.ts";
import { unsupportedEncryptionSetting } from "./second-bucket.ts";

describe("unsupportedEncryptionSetting (blocked-bucket checks skip only when the target lacks the feature)", () => {
  const answer = (status: number, code: string) => s3Answer(status, code, "PUT");
  it("reads 501, 405 and 400 MalformedXML as unsupported", () => {
    expect(unsupportedEncryptionSetting(answer(501, "NotImplemented"))).toBeDefined();
    expect(unsupportedEncryptionSetting(answer(405, "MethodNotAllowed"))).toBeDefined();
    expect(unsupportedEncryptionSetting(answer(400, "MalformedXML"))).toBeDefined();
  });
  it("reads any other refusal as a failure of a supported setting", () => {
    expect(unsupportedEncryptionSetting(answer(403, "AccessDenied"))).toBeUndefined();
    expect(unsupportedEncryptionSetting(answer(400, "InvalidArgument"))).toBeUndefined();
    expect(unsupportedEncryptionSetting(answer(500, "InternalError"))).toBeUndefined();
  });
});
