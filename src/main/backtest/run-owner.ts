import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isProcessAlive } from '../control/instance-lock';
import type { RunOwner } from '../store/repos/backtest-runs.repo';

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
