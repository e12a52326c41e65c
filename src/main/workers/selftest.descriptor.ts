import { defineWorker } from './worker-descriptor';

export interface SelftestInput {
  readonly steps: number;
  readonly failAt?: number;
  readonly stepDelayMs?: number;
  /** Busy-waits this long per step without yielding: a CPU-bound task that cannot see a cancel. */
  readonly spinMs?: number;
  /** A log line to write from the worker before counting (checks that logs reach main). */
  readonly log?: string;
  /** Also return the worker thread's nice value (workers run below main: background-priority.ts). */
  readonly reportPriority?: boolean;
}

export interface SelftestOutput {
  readonly counted: number;
  readonly nice?: number;
}

/**
 * A tiny task used by `arbdesk doctor`, the pool's tests and the jobs benchmark: counts to
 * `steps`, reporting progress, honouring cancel, optionally failing with a typed error.
 * `steps: 0` is a no-op, the cost of the machinery alone.
 */
export const selftestWorker = defineWorker<SelftestInput, SelftestOutput>({
  name: 'selftest',
  doc: 'Counts to a number with progress and cancel; the pool and job machinery check.',
});
