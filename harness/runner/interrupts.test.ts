import { describe, expect, it } from "vitest";
import { RunInterrupts, type RunPhase } from "./interrupts.ts";

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

  it.each<RunPhase>(["cleanup", "reports"])("a first signal during %s lets it finish and leaves the results complete", (phase) => {
    const { seen, interrupts } = recorder();
    let cancels = 0;
    interrupts.enter("checks");
    interrupts.cancelWith(() => cancels++);
    interrupts.enter(phase);
    interrupts.receive("SIGINT");
    expect(cancels).toBe(0);
    expect(interrupts.interruptedBy).toBeUndefined();
    expect(seen).toEqual([`first SIGINT ${phase}`]);
  });

  it("is installed for SIGINT and SIGTERM and removed again", () => {
    const { interrupts } = recorder();
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    interrupts.install();
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual([before[0]! + 1, before[1]! + 1]);
    interrupts.uninstall();
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
  });
});
