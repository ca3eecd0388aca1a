import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redactPartialReports } from "./report-dir.ts";
import { registerSecret } from "../secrets/redact.ts";

describe("redactPartialReports (the forced-exit path)", () => {
  it("redacts what allure-vitest already wrote into allure-results/, nested files included", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssec-finalize-test-"));
    try {
      const secret = "finalize-test/SecretKey+0123456789";
      registerSecret(secret);
      mkdirSync(join(dir, "allure-results/sub"), { recursive: true });
      const a = join(dir, "allure-results/x-result.json");
      const b = join(dir, "allure-results/sub/y-attachment.txt");
      writeFileSync(a, JSON.stringify({ statusDetails: { message: `server said ${secret}` } }));
      writeFileSync(b, "> x-amz-server-side-encryption-customer-key: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
      expect(redactPartialReports(dir)).toBe(2);
      expect(readFileSync(a, "utf8")).not.toContain(secret);
      expect(readFileSync(b, "utf8")).toMatch(/customer-key: \[REDACTED:[0-9a-f]{8}\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
