import type { DeskTimers } from './desk-ports';

/** A short interval: the UI sees a change within it, and a burst of order events costs one snapshot. */
export const DEFAULT_BLOTTER_PUSH_MS = 20;

/**
 * Coalesces the desk's blotter pushes: every order event asks for a push, but at most one full
 * snapshot goes out per `intervalMs`, built when it is sent, so it carries the latest state. A
 * halt's 100 cancel confirmations thus cost one or two snapshots on the socket instead of 100
 * (which queued the halt's own answer behind megabytes of pushes). The halt outcome is pushed the
 * same way: each of 100 cancels taken used to push the whole 100-entry record. `flush` sends a pending push
 * now (dispose), so the final state is never lost.
 */
export class CoalescedPush<T> {
  private cancelTimer: (() => void) | null = null;

  constructor(
    private readonly deps: {
      readonly timers: DeskTimers;
      readonly intervalMs: number;
      readonly snapshot: () => T;
      readonly send: (snapshot: T) => void;
    },
  ) {}

  /** A push is due; it goes out within `intervalMs`, merged with any others asked for meanwhile. */
  request(): void {
    if (this.cancelTimer !== null) return;
    this.cancelTimer = this.deps.timers.after(this.deps.intervalMs, () => {
      this.cancelTimer = null;
      this.deps.send(this.deps.snapshot());
    });
  }

  /** Sends a pending push now (nothing when none is pending). */
  flush(): void {
    if (this.cancelTimer === null) return;
    this.cancelTimer();
    this.cancelTimer = null;
    this.deps.send(this.deps.snapshot());
  }

  get pending(): boolean {
    return this.cancelTimer !== null;
  }
}
