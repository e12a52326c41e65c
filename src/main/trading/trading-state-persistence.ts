import type Database from 'better-sqlite3';
import type { ScopeState } from '../../shared/domain/trading';
import type { AuditService } from '../audit/audit.service';
import type { AuditEvent } from '../audit/core/audit-actions';
import { flushToDisk } from '../store/flush-to-disk';
import { createTradingStateRepo } from '../store/repos/trading-state.repo';
import { GLOBAL_SCOPE } from './trading-state';

/** What the kill switch needs from the trading database. */
export interface TradingStatePersistence {
  load(): ScopeState[];
  /** Saves one scope's new state and appends its audit entry in ONE transaction, on disk before it returns. */
  commit(state: ScopeState, entry: AuditEvent): void;
  /**
   * The same transaction for a restriction (halt, reduce-only, annotate), committed without
   * waiting for the disk: when it returns the state is in the database, visible to every
   * process and safe from a crash of this one; the promise settles once it is also flushed to
   * disk (and the audit head file names it). Throws, like `commit`, when the commit fails.
   */
  commitRestriction(state: ScopeState, entry: AuditEvent): Promise<void>;
  /**
   * Changes whenever ANOTHER connection (the CLI's `arbdesk halt` fallback) committed to the
   * trading database since the last call: SQLite's data_version, one cheap pragma, so the kill
   * switch can check it before every dispatch.
   */
  externalChangeToken(): number;
}

/**
 * Both writes share one BEGIN IMMEDIATE transaction on the trading database: a state change
 * without its audit entry (or the reverse) cannot be committed. The audit service must be
 * built on the same connection, so its append joins this transaction as a savepoint.
 *
 * A restriction is committed with synchronous = NORMAL and flushed off the main thread
 * (`flush`, store/flush-to-disk.ts by default) rather than fsynced inside the commit: the fsync
 * is the one part of a halt the disk decides: tens of milliseconds while an import writes. Nothing is lost
 * by it: a crash of ArbDesk keeps a NORMAL commit; only a power cut before the flush could undo
 * it, and a power cut is an unclean shutdown, after which ArbDesk starts HALTED regardless. A
 * resume keeps the fsync inside its commit: it is only applied once it is on disk.
 */
export function createTradingStatePersistence(
  tradingDb: Database.Database,
  audit: AuditService,
  flush: (db: Database.Database) => Promise<void> = flushToDisk,
): TradingStatePersistence {
  const repo = createTradingStateRepo(tradingDb);
  const dataVersion = tradingDb.prepare<[], number>('PRAGMA data_version').pluck();
  const commit = tradingDb.transaction((state: ScopeState, entry: AuditEvent) => {
    // A strategy or pair scope back at ACTIVE is the default; only global keeps its row.
    if (state.scope !== GLOBAL_SCOPE && state.status === 'ACTIVE') repo.remove(state.scope);
    else repo.save(state);
    audit.append(entry);
  });
  return {
    load: () => repo.loadAll(),
    externalChangeToken: () => dataVersion.get() ?? 0,
    commit: (state, entry) => {
      commit.immediate(state, entry);
      // Only now is the entry committed, so only now may the head outside the database name it.
      audit.syncHead();
    },
    commitRestriction: (state, entry) => {
      // Neither the fsync nor an automatic checkpoint (which fsyncs the WAL and the database
      // file, even at NORMAL) runs inside this commit; the next ordinary commit checkpoints.
      const synchronous = Number(tradingDb.pragma('synchronous', { simple: true }));
      const autocheckpoint = Number(tradingDb.pragma('wal_autocheckpoint', { simple: true }));
      tradingDb.pragma('synchronous = NORMAL');
      tradingDb.pragma('wal_autocheckpoint = 0');
      try {
        commit.immediate(state, entry);
      } finally {
        tradingDb.pragma(`synchronous = ${synchronous}`);
        tradingDb.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      }
      // The head file may name the entry only once the entry is on disk: a head ahead of the
      // database after a power cut would read as a cut-off tail.
      return flush(tradingDb).then(() => audit.syncHead());
    },
  };
}
