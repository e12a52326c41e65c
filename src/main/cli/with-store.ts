import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import { loadConfig } from '../config/load-config';
import { ensureAppDirs, resolveAppPaths, type AppPaths } from '../config/paths';
import { createLogRoot } from '../logging/create-logger';
import { openDatabase, type Store } from '../store/db';
import { migrations } from '../store/migrations';

/**
 * Runs one CLI command against the user's store with the same config and logs the app
 * uses, and closes both however the command ends.
 */
export interface CliContext {
  readonly config: AppConfig;
  readonly paths: AppPaths;
  /** The CLI's logger (the app's log files), for services the command builds. */
  readonly logger: Logger;
}

export async function withStore<T>(work: (store: Store, context: CliContext) => Promise<T> | T): Promise<T> {
  const paths = resolveAppPaths(process.env);
  ensureAppDirs(paths);
  const { config } = loadConfig({ paths, env: process.env });
  const logs = createLogRoot({ logDir: paths.logDir, ...config.logging });
  try {
    const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.store.busyTimeoutMs, migrations, logger: logs.child('store') });
    try {
      return await work(store, { config, paths, logger: logs.child('cli') });
    } finally {
      store.close();
    }
  } finally {
    await logs.close();
  }
}
