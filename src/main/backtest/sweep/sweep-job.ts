import type { BarSet, BarSetRef } from '../../jobs/named-inputs';
import type { JobManager, StartedJob } from '../../jobs/job-manager';
import type { OhlcvColumns } from '../../core/market/series';
import { backtestSweepWorker, type BacktestSweepInput } from '../../workers/backtest-sweep.descriptor';
import type { BacktestData, CorporateAction } from '../aligned-market';
import type { SymbolBasisInput } from '../research/research-data';
import { planWindows, type WindowPlanSpec } from '../walk-forward/window-plan';
import { summarizeSweep, type SweepReport } from './sweep-report';
import { expandSweep, type SweepSpec } from './sweep-space';
import type { SweepTrial, SweepTrialOk } from './sweep-run';

/**
 * A sweep as a job: the configurations are split into contiguous shards (more shards than
 * threads, so a slow slice does not idle the others), each shard runs on a worker against
 * the ONE shared copy of the bars (named input `barSet`), and the report is built in main
 * from every shard's trials. Progress and cancel are the job manager's.
 */

export interface SweepRequest {
  readonly base: Readonly<Record<string, unknown>>;
  readonly spec: SweepSpec;
  /** Where the shared bars come from: the runner's `barSet` loader resolves it. */
  readonly bars: BarSetRef;
  readonly actions?: ReadonlyMap<string, readonly CorporateAction[]>;
  readonly warnings?: readonly string[];
  /** Per symbol its basis and actions (the worker rebuilds the traded basis; research-data.ts). */
  readonly basis?: readonly SymbolBasisInput[];
  /** Walk-forward scoring of the sweep (formation = in sample, trading = out of sample). */
  readonly walkForward?: WindowPlanSpec;
  /** Default 16. */
  readonly shards?: number;
}

export function shardSweep(request: SweepRequest): BacktestSweepInput[] {
  const assignments = expandSweep(request.spec);
  const count = Math.max(1, Math.min(request.shards ?? 16, assignments.length));
  const actions = request.actions === undefined ? undefined : [...request.actions.entries()];
  const shards: BacktestSweepInput[] = [];
  for (let s = 0; s < count; s++) {
    const start = Math.floor((assignments.length * s) / count);
    const end = Math.floor((assignments.length * (s + 1)) / count);
    if (end <= start) continue;
    shards.push({ base: request.base, assignments: assignments.slice(start, end), firstIndex: start, ...(actions === undefined ? {} : { actions }), ...(request.warnings === undefined ? {} : { warnings: request.warnings }), ...(request.basis === undefined ? {} : { basis: request.basis }) });
  }
  return shards;
}

export function startSweepJob(jobs: JobManager, request: SweepRequest): StartedJob<SweepReport> {
  const job = jobs.fanOut({ kind: 'backtest-sweep', worker: backtestSweepWorker, shards: shardSweep(request), inputs: { barSet: request.bars } });
  return { jobId: job.jobId, result: job.result.then((outputs) => reportOf(outputs.flat(), request.walkForward)) };
}

/** The report of a sweep's trials; walk-forward windows are planned on the run's equity calendar. */
export function reportOf(trials: readonly SweepTrial[], walkForward: WindowPlanSpec | undefined): SweepReport {
  if (walkForward === undefined) return summarizeSweep(trials);
  const first = trials.find((trial): trial is SweepTrialOk => trial.ok);
  return summarizeSweep(trials, first === undefined ? [] : planWindows(first.days, walkForward));
}

/** A bar set (shared memory) as the backtest's data. */
export function barSetData(set: BarSet, actions?: readonly (readonly [string, readonly CorporateAction[]])[], warnings?: readonly string[]): BacktestData {
  const bars = new Map<string, OhlcvColumns>();
  set.symbols.forEach((symbol, index) => {
    const columns = set.bars[index];
    if (columns !== undefined) bars.set(symbol, columns);
  });
  return { bars, ...(actions === undefined ? {} : { actions: new Map(actions) }), ...(warnings === undefined ? {} : { warnings }) };
}
