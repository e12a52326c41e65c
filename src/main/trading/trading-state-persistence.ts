import type Database from 'better-sqlite3';
import type { ScopeState } from '../../shared/domain/trading';
import type { AuditService } from '../audit/audit.service';
import type { AuditEvent } from '../audit/core/audit-actions';
import { createTradingStateRepo } from '../store/repos/trading-state.repo';
import { GLOBAL_SCOPE } from './trading-state';

/** What the kill switch needs from the trading database. */
export interface TradingStatePersistence {
  load(): ScopeState[];
  /** Saves one scope's new state and appends its audit entry in ONE transaction. */
  commit(state: ScopeState, entry: AuditEvent): void;
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
 */
export function createTradingStatePersistence(tradingDb: Database.Database, audit: AuditService): TradingStatePersistence {
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
  };
}
