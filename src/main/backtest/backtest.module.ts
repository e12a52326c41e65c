import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import packageJson from '../../../package.json';
import type { AppConfig } from '../../shared/domain/config';
import type { CapabilityModule } from '../app/capability-module';
import type { Clock } from '../core/time/clock';
import type { JobManager } from '../jobs/job-manager';
import type { Store } from '../store/db';
import type { WorkerPool } from '../workers/worker-pool';
import { createBacktestHandlers, type BacktestHandlers } from './backtest.ipc';
import { BacktestService, type BacktestServiceDeps } from './backtest.service';

export interface BacktestModuleDeps {
  readonly store: Store;
  readonly config: Pick<AppConfig, 'store'>;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly logger: Logger;
  readonly clock: Clock;
  /** resources/ (the vendored corporate actions live in resources/corporate-actions). */
  readonly resourcesDir: string;
  /** The model lab's forecast preparation for `kind: 'model'` runs. */
  readonly prepareModelForecasts?: BacktestServiceDeps['prepareModelForecasts'];
}

export interface BacktestModule extends CapabilityModule<keyof BacktestHandlers> {
  readonly service: BacktestService;
}

/** What a run records as its code version: the app's version (the engine ships with it). */
export const backtestCodeVersion = `arbdesk ${packageJson.version}`;

/** The vendored splits file of the bundled sample and the vendored S&P symbols. */
export function vendoredSplitsFile(resourcesDir: string): string {
  return path.join(resourcesDir, 'corporate-actions', 'splits.csv');
}

/** The backtest area: one service for IPC, the CLI and the worker jobs. */
export function createBacktestModule(deps: BacktestModuleDeps): BacktestModule {
  const splitsFile = vendoredSplitsFile(deps.resourcesDir);
  // Without the file every symbol without stored actions is taken as traded, with a warning in each run.
  if (!existsSync(splitsFile)) deps.logger.warn({ splitsFile }, 'vendored splits file not found; backtests use the stored corporate actions only');
  const service = new BacktestService({
    store: deps.store,
    busyTimeoutMs: deps.config.store.busyTimeoutMs,
    jobs: deps.jobs,
    workers: deps.workers,
    logger: deps.logger,
    clock: deps.clock,
    codeVersion: backtestCodeVersion,
    splitsFile: existsSync(splitsFile) ? splitsFile : null,
    ...(deps.prepareModelForecasts === undefined ? {} : { prepareModelForecasts: deps.prepareModelForecasts }),
  });
  return {
    name: 'backtest',
    service,
    handlers: createBacktestHandlers(service),
    async start() {},
    // Running backtests end with the jobs (cancelled by the app's dispose) and the pool.
    async stop() {},
  };
}
