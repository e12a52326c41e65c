import type Database from 'better-sqlite3';
import { scopeStateSchema, type ScopeState } from '../../../shared/domain/trading';
import { AppError } from '../../../shared/ipc/errors';

interface StateRecord {
  scope: string;
  status: string;
  reason: string | null;
  actor: string;
  since: number;
}

export interface TradingStateRepo {
  /** Every persisted scope, global first then by scope. */
  loadAll(): ScopeState[];
  /** Inserts or replaces one scope's row. */
  save(state: ScopeState): void;
  /** Removes a scope's row (a strategy or pair back to ACTIVE); true when one was removed. */
  remove(scope: string): boolean;
}

/**
 * The persisted trading state, one row per scope. A row that no longer parses throws rather
 * than being skipped: for trading state, "unreadable" must never look like "ACTIVE".
 */
export function createTradingStateRepo(db: Database.Database): TradingStateRepo {
  const all = db.prepare<[], StateRecord>("SELECT scope, status, reason, actor, since FROM trading_state ORDER BY scope <> 'global', scope");
  const upsert = db.prepare<StateRecord>(
    `INSERT INTO trading_state (scope, status, reason, actor, since) VALUES (@scope, @status, @reason, @actor, @since)
     ON CONFLICT (scope) DO UPDATE SET status = excluded.status, reason = excluded.reason, actor = excluded.actor, since = excluded.since`,
  );
  const remove = db.prepare<[string]>('DELETE FROM trading_state WHERE scope = ?');
  return {
    loadAll() {
      return all.all().map((record) => {
        const parsed = scopeStateSchema.safeParse(record);
        if (!parsed.success) {
          throw new AppError('STORE_CORRUPT', `The trading state row for scope ${JSON.stringify(record.scope)} in ${db.name} is not valid.`, {
            scope: record.scope,
            issues: parsed.error.issues.slice(0, 10).map((issue) => issue.message),
          });
        }
        return parsed.data;
      });
    },
    save(state) {
      upsert.run({ scope: state.scope, status: state.status, reason: state.reason, actor: state.actor, since: state.since });
    },
    remove(scope) {
      return remove.run(scope).changes > 0;
    },
  };
}
