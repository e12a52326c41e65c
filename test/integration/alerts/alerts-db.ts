import path from 'node:path';
import { openDatabase, type Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';

/** A trading database migrated by the real runner through every trading migration (0005 made the alerts table). */
export function openAlertsDb(dir: string): Store {
  return openDatabase({ path: path.join(dir, 'trading.sqlite'), busyTimeoutMs: 2000, migrations: tradingMigrations });
}
