import { runBacktestTask } from '../backtest/backtest-task';
import { ModelStrategyProvider } from '../models/strategy/model-pair-strategy';
import { openSecondaryConnection } from '../store/db';
import { migrations } from '../store/migrations';
import { backtestWorker } from './backtest.descriptor';
import { defineWorkerTask } from './worker-runtime';

/** A backtest on its own thread, reading the store through its own connection; main persists the result. */
export default defineWorkerTask(backtestWorker, async (input, context) => {
  const store = openSecondaryConnection({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations, readonly: true });
  try {
    return await runBacktestTask(
      store,
      { input: input.input, splitsFile: input.splitsFile },
      {
        signal: context.signal,
        ...(context.cancelRequested === undefined ? {} : { cancelRequested: context.cancelRequested }),
        progress: (done, total, message) => context.progress(done, total, message),
      },
      input.modelForecasts === undefined ? undefined : ModelStrategyProvider.fromForecastSets(input.modelForecasts),
    );
  } finally {
    store.close();
  }
});
