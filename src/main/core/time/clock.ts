/**
 * Where time comes from. Core code never calls Date.now(): it is handed a Clock, so a
 * backtest runs on simulated time, tests step time by hand, and live code uses the system
 * clock, all through the same code path (house style: one engine, swappable edges).
 */
export interface Clock {
  /** The current instant in epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private current: number = 0) {}

  now(): number {
    return this.current;
  }

  set(millis: number): void {
    this.current = millis;
  }

  advance(millis: number): void {
    this.current += millis;
  }
}
