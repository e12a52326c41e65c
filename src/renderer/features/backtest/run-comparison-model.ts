import { METRICS, formatMetric, type MetricFormat } from './metric-format';
import type { EquityPoint } from './equity-model';

/**
 * Two runs side by side: the metrics table (both values, the difference, which is better)
 * and both equity curves on one date axis. Curves are cumulative returns (equity / capital −
 * 1) so runs with different capital compare on one scale.
 */

export interface ComparedRun {
  readonly label: string;
  readonly capital: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly equity: readonly EquityPoint[];
}

export interface ComparisonRow {
  readonly key: string;
  readonly label: string;
  readonly format: MetricFormat;
  readonly a: string;
  readonly b: string;
  /** b − a in the metric's own format; '—' when either side has no value. */
  readonly difference: string;
  readonly better: 'a' | 'b' | 'same' | null;
}

function finite(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

export function comparisonRows(a: ComparedRun, b: ComparedRun): ComparisonRow[] {
  return METRICS.filter((metric) => metric.key in a.metrics || metric.key in b.metrics).map((metric) => {
    const left = a.metrics[metric.key];
    const right = b.metrics[metric.key];
    const bothFinite = finite(left) && finite(right);
    const shownA = formatMetric(left, metric.format);
    const shownB = formatMetric(right, metric.format);
    let better: ComparisonRow['better'] = null;
    // What reads the same is the same: a difference below the shown precision picks no side.
    if (metric.better !== null && shownA === shownB) better = 'same';
    else if (metric.better !== null && left !== null && left !== undefined && right !== null && right !== undefined && !Number.isNaN(left) && !Number.isNaN(right)) {
      // Infinity compares correctly here (a profit factor with no losers beats any finite one).
      if (left === right) better = 'same';
      else if (metric.better === 'higher') better = right > left ? 'b' : 'a';
      else better = right < left ? 'b' : 'a';
    }
    const difference = bothFinite ? signed(formatMetric(right - left, metric.format), right - left) : '—';
    return { key: metric.key, label: metric.label, format: metric.format, a: shownA, b: shownB, difference, better };
  });
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text;
}

export interface AlignedCurves {
  /** Every date either run has, ascending. */
  readonly dates: readonly string[];
  /** Cumulative return of each run on each date; null where that run has no row. */
  readonly a: readonly (number | null)[];
  readonly b: readonly (number | null)[];
}

export function alignEquityCurves(a: ComparedRun, b: ComparedRun): AlignedCurves {
  const dates = [...new Set([...a.equity.map((row) => row.date), ...b.equity.map((row) => row.date)])].sort();
  const curve = (run: ComparedRun): (number | null)[] => {
    const byDate = new Map(run.equity.map((row) => [row.date, row.equity / run.capital - 1]));
    return dates.map((date) => byDate.get(date) ?? null);
  };
  return { dates, a: curve(a), b: curve(b) };
}
