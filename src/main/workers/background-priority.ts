import { constants, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/**
 * Research work (imports, scans, backtests, training) runs in worker threads at a lower CPU
 * priority than main, so on a busy machine the trading loop on main (a halt, its cancels, an
 * order's risk check) is scheduled first and a worker waits, not the other way round. Idle
 * cores still go to the workers: nice only orders threads that compete.
 *
 * Only on Linux, where a nice value belongs to a thread (setpriority on "0" is the calling
 * thread there). On macOS and Windows the same call would lower the whole process, main
 * included, so there it does nothing.
 */

/** `unexpected`: Linux refused; elsewhere (or on main) normal priority is the design. */
export type PriorityOutcome = { readonly lowered: true; readonly nice: number } | { readonly lowered: false; readonly reason: string; readonly unexpected: boolean };

let decided = false;

/**
 * Lowers the calling worker thread's priority once: the first call on a thread returns what
 * happened, every later call null (a thread stays warm across tasks; only its first reports).
 */
export function lowerThreadPriorityOnce(): PriorityOutcome | null {
  if (decided) return null;
  decided = true;
  if (isMainThread) return { lowered: false, reason: 'main thread: it keeps normal priority', unexpected: false };
  if (process.platform !== 'linux') return { lowered: false, reason: `${process.platform}: thread priorities are not per thread through Node, so workers run at normal priority`, unexpected: false };
  try {
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
    return { lowered: true, nice: constants.priority.PRIORITY_BELOW_NORMAL };
  } catch (error) {
    // Raising nice needs no privilege; a refusal (a sandbox's seccomp filter) costs latency, not correctness.
    return { lowered: false, reason: `setpriority refused: ${error instanceof Error ? error.message : String(error)}`, unexpected: true };
  }
}
