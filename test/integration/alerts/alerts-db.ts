import path from 'node:path';
import { openDatabase, type Store } from '../../../src/main/store/db';
import type { Migration } from '../../../src/main/store/migrations/migration';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { alertsMigration } from '../../../src/main/store/trading-migrations/0005-alerts';

/**
 * A trading database migrated through 0005-alerts. Versions 3 and 4 belong to the paper broker's
 * migrations on another branch; until they are registered beside 0005 the gap is filled with
 * empty stand-ins here, so the alerts table is created by the real runner.
 */
export function openAlertsDb(dir: string): Store {
  const standIns: Migration[] = [];
  for (let version = tradingMigrations.length + 1; version < alertsMigration.version; version += 1) {
    standIns.push({ version, name: `stand-in ${version}`, up: () => undefined });
  }
  const list = tradingMigrations.some((migration) => migration.version === alertsMigration.version) ? tradingMigrations : [...tradingMigrations, ...standIns, alertsMigration];
  return openDatabase({ path: path.join(dir, 'trading.sqlite'), busyTimeoutMs: 2000, migrations: list });
}
