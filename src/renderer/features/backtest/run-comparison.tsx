import { useMemo } from 'react';
import type { BacktestRunDetail } from '../../../shared/ipc/sections/backtest';
import { backtestStore, useBacktest, useTheme } from '../../stores/app-stores';
import { LineChart, type LineSpec } from '../pairs/line-chart';
import { alignEquityCurves, comparisonRows, type ComparedRun } from './run-comparison-model';
import { metricValues } from './metric-format';

function percentOrNull(value: number | null): number | null {
  return value === null ? null : value * 100;
}

function compared(detail: BacktestRunDetail): ComparedRun | null {
  if (detail.report === null) return null;
  return { label: `Run ${detail.run.id}`, capital: detail.run.capital, metrics: metricValues(detail.report.metrics), equity: detail.report.equity };
}

/** The open run beside the one chosen to compare: metrics side by side and both equity curves. */
export function RunComparison() {
  const detail = useBacktest((state) => state.detail);
  const other = useBacktest((state) => state.compareDetail);
  const compareRunId = useBacktest((state) => state.compareRunId);
  const theme = useTheme((state) => state.resolved);
  const a = useMemo(() => (detail === null ? null : compared(detail)), [detail]);
  const b = useMemo(() => (other === null ? null : compared(other)), [other]);
  const curves = useMemo(() => (a === null || b === null ? null : alignEquityCurves(a, b)), [a, b]);
  const lines = useMemo<LineSpec[]>(
    () => (curves === null || a === null || b === null ? [] : [
      { name: `${a.label} return %`, values: curves.a.map(percentOrNull), colorVar: '--chart-up' },
      { name: `${b.label} return %`, values: curves.b.map(percentOrNull), colorVar: '--chart-action' },
    ]),
    [curves, a, b],
  );
  if (compareRunId === null) return null;
  if (a === null || b === null || curves === null) return <p className="muted">Loading run {compareRunId} to compare…</p>;
  const rows = comparisonRows(a, b);
  return (
    <section className="bt-comparison" aria-label={`Comparison of ${a.label} and ${b.label}`} data-testid="run-comparison">
      <div className="bt-sheet-head">
        <h2>
          {a.label} vs {b.label}
        </h2>
        <button type="button" className="btn btn-small" onClick={() => void backtestStore.getState().compareWith(null)}>
          Close comparison
        </button>
      </div>
      <table className="grid" aria-label="Run comparison">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="num">{a.label}</th>
            <th scope="col" className="num">{b.label}</th>
            <th scope="col" className="num">
              {b.label} − {a.label}
            </th>
            <th scope="col">Better</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-metric={row.key}>
              <th scope="row">{row.label}</th>
              <td className={row.better === 'a' ? 'num bt-better' : 'num'}>{row.a}</td>
              <td className={row.better === 'b' ? 'num bt-better' : 'num'}>{row.b}</td>
              <td className="num">{row.difference}</td>
              <td>{row.better === null ? '' : row.better === 'same' ? 'same' : row.better === 'a' ? a.label : b.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LineChart label={`Cumulative return of ${a.label} and ${b.label}, in percent`} testId="comparison-chart" dates={curves.dates} lines={lines} theme={theme} />
    </section>
  );
}
