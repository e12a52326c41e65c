import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import { createAuditService, type AuditService } from '../audit/audit.service';
import { attachAuditSigner } from '../audit/audit-signer';
import { loadConfig } from '../config/load-config';
import { ensureAppDirs, resolveAppPaths, type AppPaths } from '../config/paths';
import { createLogRoot } from '../logging/create-logger';
import { createKeychain } from '../secrets/keychain';
import { openDatabase, type Store } from '../store/db';
import { migrations } from '../store/migrations';
import { openTradingDatabase } from '../store/trading-db';

export interface CliContext {
  readonly config: AppConfig;
  readonly paths: AppPaths;
  /** The CLI's logger (the app's log files), for services the command builds. */
  readonly logger: Logger;
  /** trading.sqlite, opened on first use (adopting the research store's legacy audit rows first). */
  trading(): Store;
  /**
   * The one audit chain (in trading.sqlite), so research commands that audit nothing never
   * touch the trading database. Each append is one short transaction, signed with the key
   * from the OS keychain when there is one (loaded on first use, at most a few seconds).
   */
  audit(): Promise<AuditService>;
}

/**
 * Runs one CLI command against the user's store with the same config and logs the app
 * uses, and closes everything however the command ends.
 */
export async function withStore<T>(work: (store: Store, context: CliContext) => Promise<T> | T): Promise<T> {
  const paths = resolveAppPaths(process.env);
  ensureAppDirs(paths);
  const { config } = loadConfig({ paths, env: process.env });
  const logs = createLogRoot({ logDir: paths.logDir, ...config.logging });
  try {
    const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.store.busyTimeoutMs, migrations, logger: logs.child('store') });
    let trading: Store | null = null;
    let audit: AuditService | null = null;
    const openTrading = (): Store => {
      trading ??= openTradingDatabase({ path: paths.tradingDbFile, busyTimeoutMs: config.store.busyTimeoutMs, research: store.db, logger: logs.child('trading-store') });
      return trading;
    };
    try {
      return await work(store, {
        config,
        paths,
        logger: logs.child('cli'),
        trading: openTrading,
        async audit() {
          if (audit === null) {
            const service = createAuditService(openTrading().db, { headFile: paths.auditHeadFile });
            await attachAuditSigner(service, createKeychain({ logger: logs.child('keychain'), probeTimeoutMs: 5000 }));
            audit = service;
          }
          return audit;
        },
      });
    } finally {
      (trading as Store | null)?.close();
      store.close();
    }
  } finally {
    await logs.close();
  }
}
