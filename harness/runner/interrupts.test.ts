import { describe, expect, it } from "vitest";
import { refusingSignalListeners, RunInterrupts, type RunPhase } from "./interrupts.ts";

function recorder() {
  const seen: string[] = [];
  const interrupts = new RunInterrupts({
    first: (sig, phase) => seen.push(`first ${sig} ${phase}`),
    force: (sig, phase) => seen.push(`force ${sig} ${phase}`),
  });
  return { seen, interrupts };
}

describe("RunInterrupts", () => {
  it("during the checks, the first signal cancels the run once and marks it incomplete; the second forces", () => {
    const { seen, interrupts } = recorder();
    let cancels = 0;
    interrupts.enter("checks");
    interrupts.cancelWith(() => cancels++);
    interrupts.receive("SIGINT");
    expect(cancels).toBe(1);
    expect(interrupts.interruptedBy).toBe("SIGINT");
    interrupts.receive("SIGTERM");
    expect(cancels).toBe(1);
    expect(seen).toEqual(["first SIGINT checks", "force SIGTERM checks"]);
  });

  it("a signal during the setup cancels the checks as soon as they can be cancelled", () => {
    const { interrupts } = recorder();
    interrupts.receive("SIGTERM");
    expect(interrupts.interruptedBy).toBe("SIGTERM");
    let cancels = 0;
    interrupts.enter("checks");
    interrupts.cancelWith(() => cancels++);
    expect(cancels).toBe(1);
  });

  it.each<RunPhase>(["cleanup", "reports"])(
    "a first signal during %s lets it finish and leaves the results complete",
    (phase) => {
      const { seen, interrupts } = recorder();
      let cancels = 0;
      interrupts.enter("checks");
      interrupts.cancelWith(() => cancels++);
      interrupts.enter(phase);
      interrupts.receive("SIGINT");
      expect(cancels).toBe(0);
      expect(interrupts.interruptedBy).toBeUndefined();
      expect(seen).toEqual([`first SIGINT ${phase}`]);
    },
  );

  it("is installed for SIGINT and SIGTERM and removed again", () => {
    const { interrupts } = recorder();
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    interrupts.install();
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ]);
    interrupts.uninstall();
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
  });
});

describe("refusingSignalListeners", () => {
  it("removes SIGINT/SIGTERM listeners added during the work (as vitest's logger adds), keeps others and those added before", async () => {
    const counts = () => [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    const ours = () => undefined;
    process.on("SIGINT", ours);
    const before = counts();
    const other = () => undefined;
    const result = await refusingSignalListeners(async () => {
      process.once("SIGINT", () => process.exit(130));
      process.on("SIGTERM", () => process.exit(143));
      process.on("beforeExit", other);
      await new Promise((r) => setTimeout(r, 10));
      return "done";
    });
    expect(result).toBe("done");
    expect(counts()).toEqual(before);
    expect(process.listeners("SIGINT")).toContain(ours);
    expect(process.listeners("beforeExit")).toContain(other);
    // After the work, listeners are added normally again.
    const later = () => undefined;
    process.on("SIGTERM", later);
    await Promise.resolve();
    expect(process.listeners("SIGTERM")).toContain(later);
    for (const [sig, l] of [
      ["SIGINT", ours],
      ["SIGTERM", later],
      ["beforeExit", other],
    ] as const)
      process.off(sig, l);
  });
});
