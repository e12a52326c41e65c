import { isAppError } from '../../../shared/ipc/errors';
import { returnMoments, type ReturnMoments } from '../../stats/deflated-sharpe';
import type { Fill } from '../../engine/domain';
import type { BacktestData } from '../aligned-market';
import { parseBacktestConfig } from '../backtest-config';
import { runBacktest, type RunOptions } from '../backtest-runner';
import { applyAssignment, type SweepAssignment } from './sweep-space';

/**
 * Runs the configurations of a sweep (one slice of them: a worker shard) through the ONE
 * backtest path, and keeps per configuration what the report needs: headline metrics, the
 * daily returns with their days (for in-sample / out-of-sample slicing) and their moments
 * (for the deflated Sharpe). A configuration the config schema refuses (e.g. an entry inside
 * its exit band) is a recorded invalid trial with the message, never dropped silently.
 */

export interface SweepTrialOk {
  readonly index: number;
  readonly assignment: SweepAssignment;
  readonly ok: true;
  /** Annualised (√252), as in summary.json. */
  readonly sharpe: number;
  readonly totalReturn: number;
  readonly maxDrawdown: number;
  readonly trades: number;
  /** Of the daily returns; moments.sharpe is per day (what the deflated Sharpe takes). */
  readonly moments: ReturnMoments;
  readonly days: Int32Array;
  /** r_t = E_t / E_{t−1} − 1, the first against capital (metrics.ts's convention). */
  readonly returns: Float64Array;
  /** Every fill, only when the shard was asked to keep them (a check against a single run). */
  readonly fills?: readonly Fill[];
}

export interface SweepTrialInvalid {
  readonly index: number;
  readonly assignment: SweepAssignment;
  readonly ok: false;
  readonly error: string;
}

export type SweepTrial = SweepTrialOk | SweepTrialInvalid;

export interface SweepRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  readonly runOptions?: RunOptions;
  /** Keep each trial's fills (off by default: a 1,000-configuration sweep needs only returns). */
  readonly keepFills?: boolean;
}

export function runSweepTrials(base: Readonly<Record<string, unknown>>, assignments: readonly SweepAssignment[], firstIndex: number, data: BacktestData, options: SweepRunOptions = {}): SweepTrial[] {
  const trials: SweepTrial[] = [];
  // Every configuration reads the same data: align it once per shard.
  const runOptions: RunOptions = { ...options.runOptions, marketCache: options.runOptions?.marketCache ?? new Map() };
  for (let k = 0; k < assignments.length; k++) {
    if (options.signal?.aborted === true) throw options.signal.reason;
    const assignment = assignments[k] as SweepAssignment;
    const index = firstIndex + k;
    let config;
    try {
      config = parseBacktestConfig(applyAssignment(base, assignment));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'CONFIG_INVALID') throw error;
      trials.push({ index, assignment, ok: false, error: error.message });
      continue;
    }
    const result = runBacktest(config, data, runOptions);
    const days = Int32Array.from(result.equity, (row) => row.day);
    const returns = new Float64Array(result.equity.length);
    let previous = config.capital;
    result.equity.forEach((row, i) => {
      returns[i] = row.equity / previous - 1;
      previous = row.equity;
    });
    trials.push({
      index,
      assignment,
      ok: true,
      sharpe: result.metrics.sharpe,
      totalReturn: result.metrics.totalReturn,
      maxDrawdown: result.metrics.maxDrawdown,
      trades: result.metrics.trades,
      moments: returnMoments(returns),
      days,
      returns,
      ...(options.keepFills === true ? { fills: result.fills } : {}),
    });
    options.onProgress?.(k + 1, assignments.length);
  }
  return trials;
}
