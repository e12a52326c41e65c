import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import packageJson from '../../../package.json';
import type { SystemInfo } from '../../shared/domain/system';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { ensureAppDirs, resolveAppPaths, type AppPaths } from '../config/paths';
import { EventBus } from '../events/event-bus';
import { createIpcRegistry, type IpcRegistry, type Transport } from '../ipc/handler-registry';
import { createJobHandlers } from '../ipc/handlers/jobs.ipc';
import { createSystemHandlers } from '../ipc/handlers/system.ipc';
import { createTradingHandlers } from '../ipc/handlers/trading.ipc';
import { systemClock } from '../core/time/clock';
import { JobManager } from '../jobs/job-manager';
import { createLogRoot, type LogRoot } from '../logging/create-logger';
import { detectMlBackend } from '../ml/ml-backend';
import { createKeychain, type Keychain } from '../secrets/keychain';
import { backupDatabase } from '../store/backup';
import { timestampedBackupPath } from '../store/backup-names';
import { openDatabase, type Store } from '../store/db';
import { migrations } from '../store/migrations';
import { createAppStateRepo } from '../store/repos/app-state.repo';
import { createAuditRepo, type AuditRepo } from '../store/repos/audit.repo';
import { KillSwitch, persistedHaltSchema } from '../trading/kill-switch';
import { WorkerPool } from '../workers/worker-pool';
import { runDoctor } from './doctor';
import { createDataModule, type DataModule } from './data-module';
import { createScannerModule, type ScannerModule } from './scanner-module';

export interface AppCoreOptions {
  readonly transport: Transport;
  /** Overrides the environment (tests, the CLI); defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The user-data directory Electron reports; ARBDESK_HOME still wins. */
  readonly userDataDir?: string;
  /** Folder of bundled resources (sample data); defaults to the repository's resources/. */
  readonly resourcesDir?: string;
  /** Also log to stdout (the CLI in the foreground). */
  readonly logToStdout?: boolean;
  readonly electronVersion?: string | null;
}

/** Everything main runs, wired once. Both transports and the CLI use the same core. */
export interface AppCore {
  readonly paths: AppPaths;
  readonly config: LoadedConfig;
  readonly logs: LogRoot;
  readonly logger: Logger;
  readonly store: Store;
  readonly events: EventBus;
  readonly registry: IpcRegistry;
  readonly killSwitch: KillSwitch;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly keychain: Keychain;
  readonly audit: AuditRepo;
  readonly data: DataModule;
  readonly scanner: ScannerModule;
  /** Engages the kill switch from outside the IPC contract (menu, global shortcut, signals). */
  haltTrading(reason: string, actor: string): Promise<void>;
  /** Online backup into the backups folder; resolves to the file written. */
  backupDatabase(): Promise<string>;
  dispose(): Promise<void>;
}

const HALT_STATE_KEY = 'trading.halt';

export function defaultResourcesDir(): string {
  // Source (src/main/app) and bundle (dist/main) both sit two levels under the repository.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const levels = here.includes(`${path.sep}src${path.sep}`) ? '../../..' : '../..';
  return path.resolve(here, levels, 'resources');
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const env = { ...(options.env ?? process.env) };
  if (env['ARBDESK_HOME'] === undefined && options.userDataDir !== undefined) env['ARBDESK_HOME'] = options.userDataDir;
  const paths = resolveAppPaths(env);
  ensureAppDirs(paths);
  const config = loadConfig({ paths, env });
  const logs = createLogRoot({ logDir: paths.logDir, ...config.config.logging, alsoStdout: options.logToStdout ?? false });
  const logger = logs.child('app');
  const startedAt = Date.now();
  logger.info({ transport: options.transport, home: paths.home, profile: config.config.profile, overrides: config.overrides }, 'starting ArbDesk');

  const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.config.store.busyTimeoutMs, migrations, logger: logs.child('store') });
  const events = new EventBus();
  const audit = createAuditRepo(store.db);
  const appState = createAppStateRepo(store.db);
  const killSwitch = new KillSwitch({
    profile: config.config.profile,
    broker: config.config.profile === 'backtest' ? 'none' : config.config.profile === 'live' ? 'schwab' : 'paper',
    haltState: { load: () => appState.get(HALT_STATE_KEY, persistedHaltSchema), save: (state) => appState.set(HALT_STATE_KEY, state) },
    audit,
    events,
    logger: logs.child('kill-switch'),
    now: Date.now,
  });
  const jobs = new JobManager(events, logs.child('jobs'));
  const workers = new WorkerPool(logs.child('workers'), config.config.workers.poolSize === 0 ? undefined : config.config.workers.poolSize);
  const keychain = createKeychain({ logger: logs.child('keychain') });
  const mlBackend = detectMlBackend();
  const data = createDataModule({
    store,
    config: config.config,
    paths,
    resourcesDir: options.resourcesDir ?? defaultResourcesDir(),
    events,
    jobs,
    workers,
    audit,
    logger: logs.child('data'),
  });

  const scanner = createScannerModule({ store, config: config.config, events, jobs, workers, logger: logs.child('scanner'), clock: systemClock });

  const unsubscribeLogs = logs.tail.subscribe((entry) => events.publish('log:entry', entry), { minLevel: 'info' });

  const systemInfo = async (): Promise<SystemInfo> => ({
    appName: packageJson.productName,
    version: packageJson.version,
    profile: config.config.profile,
    transport: options.transport,
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.versions.node,
    electronVersion: options.electronVersion ?? null,
    homeDir: paths.home,
    dbPath: store.path,
    logDir: paths.logDir,
    schemaVersion: store.schemaVersion,
    mlBackend,
    keychain: await keychain.status(),
    startedAt,
  });

  const registry = createIpcRegistry(
    {
      ...createSystemHandlers({
        systemInfo,
        doctor: () => runDoctor({ paths, env, keychain, logger }),
        config,
        logTail: logs.tail,
      }),
      ...createTradingHandlers(killSwitch),
      ...createJobHandlers(jobs),
      ...data.handlers,
      ...scanner.handlers,
    },
    logs.child('ipc'),
  );

  await data.start();
  await scanner.start();

  let disposed = false;
  return {
    paths,
    config,
    logs,
    logger,
    store,
    events,
    registry,
    killSwitch,
    jobs,
    workers,
    keychain,
    audit,
    data,
    scanner,
    async haltTrading(reason, actor) {
      killSwitch.halt(reason, actor);
    },
    async backupDatabase() {
      const result = await backupDatabase(store, timestampedBackupPath(paths.backupDir), { logger: logs.child('backup') });
      audit.append({ actor: 'user', action: 'db.backup', subject: result.path, details: { bytes: result.bytes, schemaVersion: result.userVersion } });
      return result.path;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      jobs.cancelAll();
      await scanner.stop();
      await workers.close();
      await data.stop();
      unsubscribeLogs();
      store.close();
      logger.info('ArbDesk stopped');
      await logs.close();
    },
  };
}
