import type Database from 'better-sqlite3';
import type { ScopeState } from '../../shared/domain/trading';
import type { AuditService } from '../audit/audit.service';
import type { AuditEntryInput } from '../store/repos/audit.repo';
import { createTradingStateRepo } from '../store/repos/trading-state.repo';
import { GLOBAL_SCOPE } from './trading-state';

/** What the kill switch needs from the trading database. */
export interface TradingStatePersistence {
  load(): ScopeState[];
  /** Saves one scope's new state and appends its audit entry in ONE transaction. */
  commit(state: ScopeState, entry: AuditEntryInput): void;
}

/**
 * Both writes share one BEGIN IMMEDIATE transaction on the trading database: a state change
 * without its audit entry (or the reverse) cannot be committed. The audit service must be
 * built on the same connection, so its append joins this transaction as a savepoint.
 */
export function createTradingStatePersistence(tradingDb: Database.Database, audit: AuditService): TradingStatePersistence {
  const repo = createTradingStateRepo(tradingDb);
  const commit = tradingDb.transaction((state: ScopeState, entry: AuditEntryInput) => {
    // A strategy or pair scope back at ACTIVE is the default; only global keeps its row.
    if (state.scope !== GLOBAL_SCOPE && state.status === 'ACTIVE') repo.remove(state.scope);
    else repo.save(state);
    audit.append(entry);
  });
  return {
    load: () => repo.loadAll(),
    commit: (state, entry) => commit.immediate(state, entry),
  };
}
