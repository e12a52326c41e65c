import { existsSync } from 'node:fs';
import { defaultResourcesDir } from '../app/create-app-core';
import { backtestCodeVersion, vendoredSplitsFile } from '../backtest/backtest.module';
import { BacktestService } from '../backtest/backtest.service';
import { loadConfig } from '../config/load-config';
import { ensureAppDirs, resolveAppPaths } from '../config/paths';
import { systemClock } from '../core/time/clock';
import { EventBus } from '../events/event-bus';
import { JobManager } from '../jobs/job-manager';
import { LocalJobRunner } from '../jobs/local-job-runner';
import { createLogRoot } from '../logging/create-logger';
import { openDatabase } from '../store/db';
import { migrations } from '../store/migrations';
import { LocalStoreProvider } from '../data/service/local-store-provider';
import { ModelForecastPreparer } from '../models/strategy/model-forecast-preparer';
import { modelForecastWorker } from '../workers/model-forecast.descriptor';
import { SharedInputCache } from '../workers/shared-inputs';
import { WorkerPool } from '../workers/worker-pool';

export interface BacktestCliContext {
  readonly service: BacktestService;
  readonly events: EventBus;
}

/**
 * Runs a backtest command with the same service the app uses, on the user's store: the run
 * is a job on a worker thread and is stored like one from the Backtest page. One thread is
 * enough: a run is one task, and the main thread only waits for it.
 */
export async function withBacktest<T>(work: (context: BacktestCliContext) => Promise<T>): Promise<T> {
  const paths = resolveAppPaths(process.env);
  ensureAppDirs(paths);
  const { config } = loadConfig({ paths, env: process.env });
  const logs = createLogRoot({ logDir: paths.logDir, ...config.logging });
  const events = new EventBus();
  const workers = new WorkerPool(logs.child('workers'), 1);
  try {
    const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.store.busyTimeoutMs, migrations, logger: logs.child('store') });
    try {
      const splitsFile = vendoredSplitsFile(defaultResourcesDir());
      const bars = new LocalStoreProvider(store);
      // A `kind: 'model'` run's walk-forward forecasts: a worker job on the same pool, before the run.
      const forecasts = new ModelForecastPreparer({
        store,
        series: async (symbol) => {
          const series = await bars.getSeries({ symbol });
          return { days: series.days, closes: series.close };
        },
        runForecast: (input, options) => workers.run(modelForecastWorker, input, options),
        canaryRiskShare: () => config.models.canaryRiskShare,
      });
      const service = new BacktestService({
        store,
        busyTimeoutMs: config.store.busyTimeoutMs,
        jobs: new JobManager(events, logs.child('jobs'), new LocalJobRunner(workers, new SharedInputCache())),
        workers,
        logger: logs.child('backtest'),
        clock: systemClock,
        codeVersion: backtestCodeVersion,
        splitsFile: existsSync(splitsFile) ? splitsFile : null,
        prepareModelForecasts: (run, context) => forecasts.forBacktest(run, context),
      });
      return await work({ service, events });
    } finally {
      await workers.close();
      store.close();
    }
  } finally {
    await logs.close();
  }
}
