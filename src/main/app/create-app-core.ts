import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import packageJson from '../../../package.json';
import type { SystemInfo } from '../../shared/domain/system';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { ensureAppDirs, resolveAppPaths, type AppPaths } from '../config/paths';
import { EventBus } from '../events/event-bus';
import { createIpcRegistry } from '../ipc/handler-registry';
import { createMetricsHandlers } from '../ipc/handlers/metrics.ipc';
import { createJobHandlers } from '../ipc/handlers/jobs.ipc';
import { createSystemHandlers } from '../ipc/handlers/system.ipc';
import { createTradingHandlers } from '../ipc/handlers/trading.ipc';
import { JobManager } from '../jobs/job-manager';
import { LocalJobRunner } from '../jobs/local-job-runner';
import { createLogRoot, type LogRoot } from '../logging/create-logger';
import { AppMetrics, areaOf } from '../metrics/app-metrics';
import { createScrapeTokenSource } from '../metrics/scrape-token';
import { detectMlBackend } from '../ml/ml-backend';
import { createKeychain } from '../secrets/keychain';
import { createAuditService } from '../audit/audit.service';
import { BrokerStatusHolder } from '../broker/broker-status';
import { backupDatabasePair } from '../store/backup-pair';
import { timestampedBackupPath } from '../store/backup-names';
import { ImportSourceResolver } from '../security/import-source';
import { PathAccessPolicy } from '../security/path-access';
import { PathGrants } from '../security/path-grants';
import { openDatabase, type Store } from '../store/db';
import { migrations } from '../store/migrations';
import { openTradingDatabase } from '../store/trading-db';
import { KillSwitch } from '../trading/kill-switch';
import { beginTradingSession } from '../trading/trading-session';
import { createTradingStatePersistence } from '../trading/trading-state-persistence';
import { SharedInputCache } from '../workers/shared-inputs';
import { WorkerPool } from '../workers/worker-pool';
import { AppError } from '../../shared/ipc/errors';
import { createAuditModule } from './audit-module';
import { detectConfigHandEdit } from '../audit/config-audit';
import { attachAuditSigner } from '../audit/audit-signer';
import { startControlServer, type ControlHandlers, type ControlServer } from '../control/control-server';
import { CONTROL_PROTOCOL_VERSION } from '../control/core/control-protocol';
import { applyHaltRequest } from '../control/halt-control';
import { acquireInstanceLock, runningInstanceMessage, type InstanceLock, type InstanceLockInfo } from '../control/instance-lock';
import { runDoctor } from './doctor';
import type { AppCore, AppCoreOptions } from './app-core';
import { wireCapabilities } from './wire-capabilities';
import { CRASH_ACTOR } from './crash-policy';

export type { AppCore, AppCoreOptions } from './app-core';

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

  const acquired = options.instance ?? (await acquireInstanceLock(paths, { transport: options.transport }));
  if (acquired.kind !== 'acquired') {
    await logs.close();
    throw new AppError('CONFLICT', runningInstanceMessage(acquired, paths.home), { home: paths.home, pid: acquired.info.pid, instanceRunning: acquired.kind === 'running' });
  }
  const lock = acquired.lock;
  // The control channel answers from the moment the lock is ours, so a second launch during a
  // slow start (migrations) finds a live instance rather than an unresponsive one. Until the
  // kill switch exists a halt request is refused, and `arbdesk halt` writes it to the database
  // itself, which this start then reads.
  const controlState: ControlState = { halt: null, publicUrl: null, focusListeners: [] };
  let control: ControlServer;
  try {
    control = await startControlServer({
      endpoint: lock.info.endpoint,
      token: lock.info.token,
      logger: logs.child('control'),
      handlers: {
        ping(request) {
          if (request.focus === true) for (const listener of controlState.focusListeners) listener();
          return { ok: true, op: 'ping', protocol: CONTROL_PROTOCOL_VERSION, pid: process.pid, startedAt: lock.info.startedAt, transport: options.transport, url: controlState.publicUrl };
        },
        halt: (request) =>
          controlState.halt === null ? { ok: false, code: 'UNAVAILABLE', message: 'ArbDesk is still starting; write the halt to the trading database instead' } : controlState.halt(request),
      },
    });
  } catch (error) {
    lock.release();
    await logs.close();
    throw error;
  }
  try {
    return await startCore(options, { env, paths, config, logs, logger, startedAt, lock, control, controlState, takenOver: acquired.takenOver });
  } catch (error) {
    await control.close();
    lock.release();
    throw error;
  }
}

interface ControlState {
  halt: ControlHandlers['halt'] | null;
  publicUrl: string | null;
  readonly focusListeners: Array<() => void>;
}

async function startCore(
  options: AppCoreOptions,
  context: {
    env: Record<string, string | undefined>;
    paths: AppPaths;
    config: LoadedConfig;
    logs: LogRoot;
    logger: Logger;
    startedAt: number;
    lock: InstanceLock;
    control: ControlServer;
    controlState: ControlState;
    takenOver: InstanceLockInfo | null;
  },
): Promise<AppCore> {
  const { env, paths, config, logs, logger, startedAt, lock, control, controlState, takenOver } = context;
  const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.config.store.busyTimeoutMs, migrations, logger: logs.child('store') });
  let tradingStore: Store;
  try {
    // Its own file: a research writer holding the research store's lock for seconds cannot delay a halt.
    tradingStore = openTradingDatabase({
      path: paths.tradingDbFile,
      busyTimeoutMs: config.config.store.busyTimeoutMs,
      research: store.db,
      logger: logs.child('trading-store'),
    });
  } catch (error) {
    store.close();
    throw error;
  }
  // Job depth is read at scrape time, by when the pool and job manager below exist.
  const metrics = new AppMetrics({ jobDepth: () => ({ queued: workers.pending, running: jobs.activeCount }) });
  const events = new EventBus({ logger: logs.child('events'), onListenerError: () => metrics.countError('events', 'LISTENER_THREW') });
  const audit = createAuditService(tradingStore.db, { headFile: paths.auditHeadFile });
  const killSwitch = new KillSwitch({
    profile: config.config.profile,
    persistence: createTradingStatePersistence(tradingStore.db, audit),
    events,
    logger: logs.child('kill-switch'),
    now: Date.now,
  });
  const session = beginTradingSession({
    tradingDb: tradingStore.db,
    killSwitch,
    audit,
    logger: logs.child('kill-switch'),
    now: Date.now,
    lockTakenOver: takenOver === null ? null : { pid: takenOver.pid, startedAt: takenOver.startedAt, file: paths.instanceLockFile },
  });
  // A config.json edited by hand since ArbDesk last wrote it is audited as actor "hand-edit".
  if (detectConfigHandEdit({ file: paths.configFile, audit, tradingDb: tradingStore.db })) {
    logger.warn({ file: paths.configFile }, 'config.json was changed outside ArbDesk; recorded in the audit log');
  }
  const broker = new BrokerStatusHolder(config.config.profile, events, Date.now);
  const workers = new WorkerPool(logs.child('workers'), config.config.workers.poolSize === 0 ? {} : { size: config.config.workers.poolSize });
  // The area that owns a named input gives its source here: sharedInputs.provide('closeMatrix', …).
  const sharedInputs = new SharedInputCache();
  const jobs = new JobManager(events, logs.child('jobs'), new LocalJobRunner(workers, sharedInputs));
  const keychain = createKeychain({ logger: logs.child('keychain') });
  const scrapeToken = createScrapeTokenSource(keychain, logs.child('metrics'));
  let scrapeUrl: string | null = null;
  let disposed = false;
  // The keychain may take a while (a locked keyring's prompt): entries until then are unsigned.
  const auditSignerReady =
    options.auditSigning === false
      ? Promise.resolve()
      : attachAuditSigner(audit, keychain, () => !disposed).then((loaded) => {
          if (loaded.signer === null) logger.warn(loaded.detail);
          else logger.info({ keyId: loaded.signer.keyId }, loaded.detail);
        });
  const mlBackend = detectMlBackend();
  const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
  // What the untrusted renderer may name for import: dialog grants (desktop) or paths under
  // the user's home, the data folder and configured import folders (browser mode).
  const sources = new ImportSourceResolver(
    new PathGrants(),
    new PathAccessPolicy({ roots: [os.homedir(), paths.home, ...config.config.data.importFolders] }),
    options.chooseImportSource ?? null,
  );
  const capabilities = wireCapabilities({
    config,
    paths,
    store,
    tradingStore,
    events,
    jobs,
    workers,
    sharedInputs,
    audit,
    keychain,
    killSwitch,
    brokerStatus: broker,
    logs,
    resourcesDir,
    sources,
    brokerOverride: options.broker ?? null,
  });
  const { data, scanner, brokerDesk, alerts, desk, risk, backtest, research, riskAnalytics, models } = capabilities;
  controlState.halt = (request) => applyHaltRequest({ killSwitch, tradingDb: tradingStore.db, audit, flattener: (scope) => desk.flattenForControl(scope), request });

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
      ...brokerDesk.handlers,
      ...riskAnalytics.handlers,
      ...createJobHandlers(jobs),
      ...createMetricsHandlers({ metrics, scrapeToken, scrapeUrl: () => scrapeUrl, slo: () => risk.slo.summaries() }),
      ...data.handlers,
      ...scanner.handlers,
      ...createAuditModule(audit, alerts.service).handlers,
      ...models.handlers,
      ...desk.handlers,
      ...alerts.handlers,
      ...risk.handlers,
      ...backtest.handlers,
      ...research.handlers,
    },
    logs.child('ipc'),
    {
      handled: (channel, seconds, errorCode) => {
        metrics.observeIpc(channel, seconds, errorCode);
        // The halt's IPC round in main: flip, persist, publish (SLO: halt latency).
        if (channel === 'trading:halt' && errorCode === null) risk.slo.observe('haltLatencyMs', seconds * 1000);
      },
      refused: (channel, code) => metrics.countError(areaOf(channel), code),
    },
  );

  try {
    for (const capability of capabilities.startOrder) await capability.start();
  } catch (error) {
    // A failed start must not leave the control channel answering for an instance that is not there.
    disposed = true;
    await workers.close();
    tradingStore.close();
    store.close();
    throw error;
  }

  return {
    paths,
    config,
    logs,
    logger,
    store,
    tradingStore,
    events,
    registry,
    killSwitch,
    broker,
    jobs,
    workers,
    keychain,
    audit,
    data,
    metrics,
    scrapeToken,
    setScrapeUrl(url) {
      scrapeUrl = url;
    },
    scanner,
    brokerDesk,
    riskAnalytics,
    models,
    alerts,
    risk,
    desk,
    instance: lock.info,
    auditSignerReady,
    setPublicUrl(url) {
      controlState.publicUrl = url;
    },
    onFocusRequest(listener) {
      controlState.focusListeners.push(listener);
    },
    async haltTrading(reason, actor) {
      killSwitch.halt(reason, actor);
      await killSwitch.flushed();
      // After a fatal error the halt's cancels are already out; give the broker up to 2 s to confirm them before exit.
      if (actor === CRASH_ACTOR) await desk.settleCancels(2_000);
    },
    async backupDatabase() {
      const result = await backupDatabasePair(store, tradingStore, timestampedBackupPath(paths.backupDir), { logger: logs.child('backup') });
      audit.append({
        actor: 'user',
        action: 'db.backup',
        subject: result.research.path,
        details: {
          tradingPath: result.trading.path,
          bytes: result.research.bytes + result.trading.bytes,
          schemaVersion: result.research.userVersion,
          tradingSchemaVersion: result.trading.userVersion,
          auditHeadId: result.auditHead?.id ?? null,
          auditHeadHash: result.auditHead?.hash ?? null,
        },
      });
      return result.research.path;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      jobs.cancelAll();
      for (const capability of [models, research, backtest, riskAnalytics, desk, brokerDesk, risk, scanner]) await capability.stop();
      await workers.close();
      await data.stop();
      await alerts.stop();
      unsubscribeLogs();
      metrics.stop();
      // Last write of the run: without it, the next start treats this one as a crash and halts.
      await auditSignerReady;
      await control.close();
      // A halt's flush (and the audit head file after it) finishes before its database closes.
      await killSwitch.flushed();
      session.markClean();
      tradingStore.close();
      store.close();
      // Last: a new start may take over only once this run's markers are final.
      lock.release();
      logger.info('ArbDesk stopped');
      await logs.close();
    },
  };
}
