/**
 * SIGINT/SIGTERM for the whole of a run, not only while the checks run. A signal's default action
 * kills the process at once; during the target's setup or its cleanup that leaves the run's
 * bucket behind in the vendor's account. So one handler covers every phase:
 *
 * - setup: the first signal lets the setup finish, then the run cleans up without running checks;
 * - checks: the first signal cancels the run (vitest), which then cleans up and reports;
 * - cleanup, reports: the first signal is announced and the run finishes what it is doing;
 *
 * and in every phase a second signal is handed to `force` (exit now, best effort).
 */

export type RunPhase = "setup" | "checks" | "cleanup" | "reports";

export interface InterruptHandlers {
  /** First signal, told which phase it arrived in (the caller prints what happens next). */
  first(signal: NodeJS.Signals, phase: RunPhase): void;
  /** Second signal: stop waiting. */
  force(signal: NodeJS.Signals, phase: RunPhase): void;
}

export class RunInterrupts {
  private phase: RunPhase = "setup";
  private count = 0;
  private cancel: (() => void) | undefined;
  private cancelled = false;
  /** The first signal, when it arrived during setup or the checks: the run is incomplete. */
  interruptedBy: NodeJS.Signals | undefined;
  private readonly listener = (sig: NodeJS.Signals) => this.receive(sig);

  constructor(private readonly handlers: InterruptHandlers) {}

  install(): this {
    process.on("SIGINT", this.listener);
    process.on("SIGTERM", this.listener);
    return this;
  }

  uninstall(): void {
    process.off("SIGINT", this.listener);
    process.off("SIGTERM", this.listener);
  }

  enter(phase: RunPhase): void {
    this.phase = phase;
    if (phase !== "checks") this.cancel = undefined;
  }

  /** While the checks run: how to cancel them. Called at once if a signal came first. */
  cancelWith(cancel: () => void): void {
    this.cancel = cancel;
    if (this.interruptedBy && this.phase === "checks") this.cancelOnce();
  }

  /** Exported for tests: what a delivered signal does. */
  receive(sig: NodeJS.Signals): void {
    this.count++;
    if (this.count > 1) {
      this.handlers.force(sig, this.phase);
      return;
    }
    if (this.phase === "setup" || this.phase === "checks") this.interruptedBy = sig;
    this.handlers.first(sig, this.phase);
    if (this.phase === "checks") this.cancelOnce();
  }

  private cancelOnce(): void {
    if (this.cancelled || !this.cancel) return;
    this.cancelled = true;
    this.cancel();
  }
}

/**
 * Runs `work` while refusing SIGINT/SIGTERM listeners that others add meanwhile. Vitest's logger
 * adds handlers that exit the process a millisecond after a signal (vitest/node Logger
 * addCleanupListeners) while createVitest is still resolving: a Ctrl-C then would skip the run's
 * cleanup. 'newListener' fires just before a listener is added; the microtask removes it before
 * the event loop can deliver any signal. The run's own handler, installed before, stays.
 */
export async function refusingSignalListeners<T>(work: () => Promise<T>): Promise<T> {
  const refuse = (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (event === "SIGINT" || event === "SIGTERM") queueMicrotask(() => process.off(event, listener));
  };
  process.on("newListener", refuse);
  try {
    return await work();
  } finally {
    process.off("newListener", refuse);
  }
}
