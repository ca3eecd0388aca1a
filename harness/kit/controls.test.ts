/**
 * Controls and their dependents (CheckDef.control, controls.ts): every control is a catalogue
 * check with no control of its own, registered in its dependents' suite file before them (so its
 * verdict is known when they are graded); and a dependent is blocked only by a failed control
 * whose answer it shares.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CATALOGUE, getCheck } from "../checks/catalogue.ts";
import type { CheckOutcome } from "../checks/types.ts";
import { collectRegisteredIds } from "./check.ts";
import { blockingControl, recordControl } from "./controls.ts";

const SUITES = fileURLToPath(new URL("../../suites/", import.meta.url));

function suiteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? suiteFiles(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
}

describe("control declarations", () => {
  const dependents = CATALOGUE.filter((c) => c.control);

  it("name catalogue checks that have no control themselves", () => {
    expect(dependents.length).toBeGreaterThan(0);
    for (const d of dependents) {
      const control = getCheck(d.control!);
      expect(control.control, `${d.id}: its control ${control.id} has a control`).toBeUndefined();
      expect(control.level, `${control.id} is a control`).toBe("MUST");
    }
  });

  it("register each control before its dependents in the same suite file", async () => {
    const order = new Map<string, { file: string; at: number }>();
    for (const file of suiteFiles(SUITES)) {
      const ids = await collectRegisteredIds(() => import(file));
      ids.forEach((id, at) => order.set(id, { file, at }));
    }
    for (const d of dependents) {
      const c = order.get(d.control!)!;
      const me = order.get(d.id)!;
      expect(me.file, `${d.id} and its control ${d.control}`).toBe(c.file);
      expect(me.at, `${d.id} registered before its control ${d.control}`).toBeGreaterThan(c.at);
    }
  });
});

describe("blocking", () => {
  let n = 0;
  const target = () => ({ endpoint: "https://controls.test", bucket: `b-${process.pid}-${++n}`, keyPrefix: "p/" });
  const control = "copy-object.ssec-to-ssec-same-key";
  const dependent = { control };
  const outcome = (status: CheckOutcome["status"], actual?: string): CheckOutcome => ({
    id: control,
    status,
    durationMs: 1,
    message: `× ${control} …\n  expected: 200\n  actual: ${actual ?? "?"}`,
    expected: "200",
    ...(actual ? { actual } : {}),
  });

  it("blocks a dependent that fails with the failed control's answer, naming the control", () => {
    const t = target();
    recordControl(t, outcome("fail", "501 NotImplemented"));
    expect(blockingControl(t, dependent, "fail", "501 NotImplemented")).toMatchObject({ id: control, status: "fail" });
    expect(
      blockingControl(t, dependent, "error", "precondition failed: copy answered 501 NotImplemented"),
    ).toBeDefined();
    expect(blockingControl(t, dependent, "fail", "501 NotImplemented")!.summary).toContain("501 NotImplemented");
  });

  it("does not block a dependent that fails differently, passes, or whose control passed or did not run", () => {
    const t = target();
    recordControl(t, outcome("fail", "403 AccessDenied"));
    expect(blockingControl(t, dependent, "fail", "200 (no error code)")).toBeUndefined();
    expect(blockingControl(t, dependent, "pass", undefined)).toBeUndefined();
    expect(blockingControl(t, { control: undefined }, "fail", "403 AccessDenied")).toBeUndefined();
    const passed = target();
    recordControl(passed, outcome("pass"));
    expect(blockingControl(passed, dependent, "fail", "403 AccessDenied")).toBeUndefined();
    expect(blockingControl(target(), dependent, "fail", "501 NotImplemented")).toBeUndefined();
  });

  it("keeps runs apart (the record is keyed by endpoint, bucket and key prefix)", () => {
    const a = target();
    recordControl(a, outcome("fail", "501 NotImplemented"));
    expect(blockingControl({ ...a, keyPrefix: "other/" }, dependent, "fail", "501 NotImplemented")).toBeUndefined();
  });
});
