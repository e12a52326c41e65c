import { AppError } from '../../shared/ipc/errors';
import type { BacktestReport } from '../../shared/ipc/sections/backtest';
import type { BasisAction } from '../data/actions/price-basis';
import { parseActionsFile } from '../data/actions/parse-actions';
import type { Store } from '../store/db';
import type { BacktestDataVersion } from '../store/repos/backtest-runs.repo';
import { parseBacktestConfig } from './backtest-config';
import { loadBacktestData, type VendoredActions } from './backtest-data-loader';
import { runBacktest } from './backtest-runner';
import type { StrategyProvider } from './strategy-factory';
import { buildRunReport } from './output/run-report';

/** A backtest's work off the main thread: read the store, run the engine, build the report. */
export interface BacktestTaskInput {
  /** The config as given (validated again here: the worker trusts nothing it is sent). */
  readonly input: unknown;
  /** The vendored splits file (resources/corporate-actions/splits.csv); null for none. */
  readonly splitsFile: string | null;
}

export interface BacktestTaskOutput {
  readonly report: BacktestReport;
  readonly dataVersion: BacktestDataVersion;
}

export interface BacktestTaskContext {
  readonly signal?: AbortSignal;
  /** A synchronous cancel check for the engine's day loop (a worker's; see worker-runtime.ts). */
  readonly cancelRequested?: () => boolean;
  progress(done: number, total: number, message: string): void;
}

const PHASES = 3;

/**
 * The phases report progress and check for a cancel between them. The engine's day loop is
 * synchronous; it polls `cancelRequested` (or the signal) every few weeks of bars and reports
 * the days done, so a cancel during it ends the run promptly with CANCELLED, without the pool
 * having to end the thread.
 */
export async function runBacktestTask(store: Store, task: BacktestTaskInput, context: BacktestTaskContext, strategyProvider?: StrategyProvider): Promise<BacktestTaskOutput> {
  const config = parseBacktestConfig(task.input);
  context.progress(0, PHASES, 'Reading bars and corporate actions…');
  const vendored = task.splitsFile === null ? new Map() : await readVendoredActions(task.splitsFile);
  throwIfCancelled(context.signal);
  const loaded = loadBacktestData(store, config, vendored);
  context.progress(1, PHASES, `Running ${config.pairs.length} pair(s) from ${config.from} to ${config.to}…`);
  throwIfCancelled(context.signal);
  const signal = context.signal;
  const result = runBacktest(config, loaded.data, {
    shouldStop: context.cancelRequested ?? (() => signal?.aborted === true),
    onDays: (done, total) => context.progress(1, PHASES, `Running ${config.pairs.length} pair(s): day ${done} of ${total}…`),
    ...(strategyProvider === undefined ? {} : { strategyProvider }),
  });
  throwIfCancelled(context.signal);
  context.progress(2, PHASES, 'Building the tear sheet…');
  const report = buildRunReport(result, loaded.data);
  context.progress(PHASES, PHASES, 'Done');
  return { report, dataVersion: loaded.dataVersion };
}

/** The vendored actions file (the data layer's `long` layout), strictly parsed, by symbol. */
export async function readVendoredActions(file: string): Promise<VendoredActions> {
  const parsed = await parseActionsFile(file, { policy: 'strict' });
  const bySymbol = new Map<string, BasisAction[]>();
  for (const { symbol, action } of parsed.actions) {
    const list = bySymbol.get(symbol) ?? [];
    list.push(action);
    bySymbol.set(symbol, list);
  }
  return bySymbol;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('CANCELLED', 'The backtest was cancelled.');
}
