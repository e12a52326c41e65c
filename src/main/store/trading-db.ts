import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { openDatabase, type Store } from './db';
import { adoptLegacyResearchState } from './legacy-adoption';
import { tradingMigrations } from './trading-migrations';

export interface OpenTradingDatabaseOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** The research store, read once to adopt its audit log and legacy halt row. */
  readonly research: Database.Database;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/**
 * Opens (creating if needed) trading.sqlite with the same checks as the research store
 * (quick_check first, WAL, synchronous = FULL, migrations in one transaction), then adopts
 * the research store's audit log and halt the first time. Every writer of the audit log
 * (app, CLI) opens it through here, so no append can precede the adoption.
 */
export function openTradingDatabase(options: OpenTradingDatabaseOptions): Store {
  const store = openDatabase({
    path: options.path,
    busyTimeoutMs: options.busyTimeoutMs,
    migrations: tradingMigrations,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  try {
    adoptLegacyResearchState(store.db, options.research, (options.now ?? Date.now)(), options.logger);
  } catch (error) {
    store.close();
    throw error;
  }
  return store;
}
