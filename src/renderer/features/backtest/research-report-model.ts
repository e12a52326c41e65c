import type { SweepReportWire, WalkForwardReportWire } from '../../../shared/ipc/sections/backtest-research';

/**
 * View models of a stored research run's report (backtest:research-get): the sweep's trials
 * sorted by a column, its quantiles as rows, the walk-forward's per-window rows and its
 * stitched out-of-sample equity as chart lines. Pure: no formatting beyond the text of a
 * parameter assignment, so the page shows the served numbers and tests compare them.
 */

type TrialRow = SweepReportWire['trials'][number];
type Quantiles = NonNullable<SweepReportWire['sharpeQuantiles']>;

export type TrialSortKey = 'index' | 'sharpe' | 'totalReturn' | 'maxDrawdown' | 'trades';

export interface TrialSort {
  readonly key: TrialSortKey;
  readonly descending: boolean;
}

export const DEFAULT_TRIAL_SORT: TrialSort = { key: 'sharpe', descending: true };

/** A click on a column: the same column flips its direction, another starts descending (index ascending). */
export function nextTrialSort(current: TrialSort, key: TrialSortKey): TrialSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'index' };
}

/**
 * The trials ordered by `sort`. A trial without the value (failed, or a Sharpe nobody could
 * compute) sorts last in either direction; ties keep the sweep's order (by index).
 */
export function sortTrials(trials: readonly TrialRow[], sort: TrialSort): TrialRow[] {
  const valueOf = (trial: TrialRow): number | null => (sort.key === 'index' ? trial.index : trial[sort.key]);
  return [...trials].sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === null || vb === null) return va === vb ? a.index - b.index : va === null ? 1 : -1;
    if (va !== vb) return sort.descending ? vb - va : va - vb;
    return a.index - b.index;
  });
}

/** "strategy.entry = 1.5, strategy.lookback = 40", in the sweep's parameter order. */
export function assignmentText(assignment: Readonly<Record<string, number>>): string {
  const entries = Object.entries(assignment);
  return entries.length === 0 ? '(the base config)' : entries.map(([path, value]) => `${path} = ${value}`).join(', ');
}

export interface QuantileRow {
  readonly key: keyof Quantiles;
  readonly label: string;
  readonly value: number | null;
}

const QUANTILE_LABELS: ReadonlyArray<readonly [keyof Quantiles, string]> = [
  ['p05', '5th percentile'],
  ['p25', '25th percentile'],
  ['p50', 'Median'],
  ['p75', '75th percentile'],
  ['p95', '95th percentile'],
];

export function quantileRows(quantiles: Quantiles): QuantileRow[] {
  return QUANTILE_LABELS.map(([key, label]) => ({ key, label, value: quantiles[key] }));
}

export interface WindowRow {
  readonly window: number;
  readonly formation: string;
  readonly trading: string;
  readonly pairs: string;
  readonly params: string;
  readonly inSampleSharpe: number | null;
  readonly outOfSampleReturn: number;
  readonly outOfSampleSharpe: number | null;
  readonly trades: number;
}

export function windowRows(report: WalkForwardReportWire): WindowRow[] {
  return report.windows.map((window) => ({
    window: window.window,
    formation: `${window.formation.from} – ${window.formation.to}`,
    trading: `${window.trading.from} – ${window.trading.to}`,
    pairs: window.pairs.length === 0 ? '(none passed the formation scan)' : window.pairs.map((pair) => `${pair.y}/${pair.x}`).join(', '),
    params: assignmentText(window.assignment),
    inSampleSharpe: window.inSampleSharpe,
    outOfSampleReturn: window.outOfSample.totalReturn,
    outOfSampleSharpe: window.outOfSample.sharpe,
    trades: window.outOfSample.trades,
  }));
}

export interface StitchedLines {
  readonly dates: string[];
  readonly equity: number[];
  readonly drawdownPercent: number[];
}

/** The stitched out-of-sample series as chart lines (drawdown as a percentage, ≤ 0). */
export function stitchedLines(equity: WalkForwardReportWire['equity']): StitchedLines {
  return {
    dates: equity.map((day) => day.date),
    equity: equity.map((day) => day.equity),
    drawdownPercent: equity.map((day) => -Math.abs(day.drawdown) * 100),
  };
}
