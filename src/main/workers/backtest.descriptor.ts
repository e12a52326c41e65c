import type { BacktestTaskInput, BacktestTaskOutput } from '../backtest/backtest-task';
import { defineWorker } from './worker-descriptor';

/** One backtest run: its store connection, the config as given and the vendored splits file. */
export interface BacktestWorkerInput extends BacktestTaskInput {
  readonly dbPath: string;
  readonly busyTimeoutMs: number;
}

export const backtestWorker = defineWorker<BacktestWorkerInput, BacktestTaskOutput>({
  name: 'backtest',
  doc: 'Runs one backtest off the main thread: reads bars and corporate actions, runs the engine, builds the tear sheet.',
});
