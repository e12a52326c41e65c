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

let outcome: PriorityOutcome | null = null;

/** Idempotent per thread: the first call decides, later calls return the same outcome. */
export function runAtBackgroundPriority(platform: NodeJS.Platform = process.platform): PriorityOutcome {
  if (outcome !== null) return outcome;
  if (isMainThread) outcome = { lowered: false, reason: 'main thread: it keeps normal priority', unexpected: false };
  else if (platform !== 'linux') outcome = { lowered: false, reason: `${platform}: thread priorities are not per thread through Node, so workers run at normal priority`, unexpected: false };
  else {
    try {
      setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
      outcome = { lowered: true, nice: constants.priority.PRIORITY_BELOW_NORMAL };
    } catch (error) {
      // Raising nice needs no privilege; a refusal (a sandbox's seccomp filter) costs latency, not correctness.
      outcome = { lowered: false, reason: `setpriority refused: ${error instanceof Error ? error.message : String(error)}`, unexpected: true };
    }
  }
  return outcome;
}
