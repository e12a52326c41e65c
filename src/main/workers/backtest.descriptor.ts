import type { BacktestTaskInput, BacktestTaskOutput } from '../backtest/backtest-task';
import type { ModelForecastSet } from '../models/strategy/model-forecast-task';
import { defineWorker } from './worker-descriptor';

/** One backtest run: its store connection, the config as given and the vendored splits file. */
export interface BacktestWorkerInput extends BacktestTaskInput {
  readonly dbPath: string;
  readonly busyTimeoutMs: number;
  /** A `kind: 'model'` run's forecasts, computed off the main thread before the run (plain data). */
  readonly modelForecasts?: readonly ModelForecastSet[];
}

export const backtestWorker = defineWorker<BacktestWorkerInput, BacktestTaskOutput>({
  name: 'backtest',
  doc: 'Runs one backtest off the main thread: reads bars and corporate actions, runs the engine, builds the tear sheet.',
});
