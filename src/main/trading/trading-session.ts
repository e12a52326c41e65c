import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service';
import { createSessionsRepo } from '../store/repos/sessions.repo';
import type { KillSwitch } from './kill-switch';
import { startupHaltReason } from './trading-state';

export interface TradingSession {
  readonly id: number;
  /** True when this start found an unclean shutdown and halted for it. */
  readonly haltedForUncleanShutdown: boolean;
  /** Marks this run as shut down cleanly; the last thing dispose() does with the trading database. */
  markClean(): void;
}

/**
 * Applies the startup rule: records this run, and if an earlier run never marked itself
 * clean (crash, SIGKILL, power cut, a marker whose process is gone), halts globally with a
 * reason naming it. The halt is persisted before the old markers are marked recovered, so a
 * crash in between halts again on the next start rather than not at all.
 */
export function beginTradingSession(options: {
  readonly tradingDb: Database.Database;
  readonly killSwitch: KillSwitch;
  readonly audit: AuditService;
  readonly logger: Logger;
  readonly now: () => number;
  readonly pid?: number;
  /**
   * The instance lock this start took over from a process that is gone (instance-lock.ts).
   * That is an unclean shutdown even when the crash came before its session row was written,
   * so it halts like one; the lock and the session markers agree by construction.
   */
  readonly lockTakenOver?: { readonly pid: number; readonly startedAt: number; readonly file: string } | null;
}): TradingSession {
  const { killSwitch, logger, now } = options;
  const sessions = createSessionsRepo(options.tradingDb);
  const id = sessions.begin(options.pid ?? process.pid, now());
  const unclean = sessions.unclean(id);
  const takeover = options.lockTakenOver ?? null;
  const formatTime = (ms: number): string => new Date(ms).toISOString();
  const reason =
    startupHaltReason(unclean, formatTime) ??
    (takeover === null
      ? null
      : `Unclean shutdown: the instance lock left by pid ${takeover.pid}${takeover.startedAt > 0 ? ` (started ${formatTime(takeover.startedAt)})` : ''} was taken over because that process is gone; halted until a human resumes.`);
  if (takeover !== null) {
    options.audit.append({
      actor: 'system',
      action: 'instance.takeover',
      subject: takeover.file,
      reason: 'the process holding the instance lock is gone',
      before: { pid: takeover.pid, startedAt: takeover.startedAt },
      after: { pid: options.pid ?? process.pid },
    });
  }
  if (reason !== null) {
    const wasHalted = killSwitch.stateOf('global').status === 'HALTED';
    killSwitch.halt(reason, 'system');
    if (wasHalted) {
      // Already halted (kept from before): the halt's own reason stays; the unclean shutdown is recorded beside it.
      options.audit.append({ actor: 'system', action: 'session.unclean-shutdown', reason, details: { reason, sessions: unclean.map((s) => s.id) } });
    }
    logger.error({ unclean, wasHalted }, 'previous session did not shut down cleanly; trading starts HALTED');
    sessions.markRecovered(
      unclean.map((session) => session.id),
      now(),
    );
  }
  let ended = false;
  return {
    id,
    haltedForUncleanShutdown: reason !== null,
    markClean() {
      if (ended) return;
      ended = true;
      sessions.markClean(id, now());
    },
  };
}
