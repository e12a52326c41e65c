import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isProcessAlive } from '../control/instance-lock';
import type { RunOwner } from '../store/repos/run-lifecycle';

/**
 * Who runs a stored backtest (migration 0006 records it on the row). The app and the CLI
 * (`arbdesk backtest`) are separate processes sharing one store, so a run left `running` may
 * belong to a live CLI run or to a process that crashed; only the second may be marked failed.
 */
export type { RunOwner };

/** This process: its pid, a token no other process has, and when it started. */
export const thisProcess: RunOwner = { pid: process.pid, token: randomUUID(), startedAt: Math.round(performance.timeOrigin) };

/**
 * Whether the process that owns a run may still be running it:
 *   - this process (same token): yes, its job settles the row itself;
 *   - this pid with another token: no, that was an earlier process that had our pid;
 *   - another pid: whether it exists (isProcessAlive, as the instance lock checks). A pid
 *     reused by an unrelated process reads as alive: the run then stays `running` (safe:
 *     nothing live is ever marked failed) until that process ends.
 */
export function ownerMayBeAlive(owner: RunOwner, self: RunOwner = thisProcess, alive: (pid: number) => boolean = isProcessAlive): boolean {
  if (owner.token === self.token) return true;
  if (owner.pid === self.pid) return false;
  return alive(owner.pid);
}

export const INTERRUPTED_MESSAGE = 'interrupted: process ended';

/** The two calls a table of owned runs (backtest runs, research runs) offers for the sweep below. */
export interface OwnedRuns {
  running(): readonly { readonly id: number; readonly owner: RunOwner }[];
  interrupt(id: number, owner: RunOwner, at: number, message: string): boolean;
}

/**
 * A run stored as running whose owning process has ended (a crash, a killed CLI) will never
 * finish: marks it failed (INTERRUPTED) so it can be deleted, and returns the ids marked. Runs
 * of a live process (this one, or a CLI run in another) are left alone; the token guard in
 * `interrupt` keeps a run that finished meanwhile as it is.
 */
export function interruptOrphanedRuns(runs: OwnedRuns, self: RunOwner, now: number): number[] {
  const failed: number[] = [];
  for (const { id, owner } of runs.running()) {
    if (ownerMayBeAlive(owner, self)) continue;
    if (runs.interrupt(id, owner, now, INTERRUPTED_MESSAGE)) failed.push(id);
  }
  return failed;
}
