import type { SweepReportWire, WalkForwardReportWire } from '../../../shared/ipc/sections/backtest-research';
import { formatIsoDate, parseIsoDate } from '../../core/time/epoch-day';
import { fillRow } from '../output/run-report';
import type { Quantiles, SweepReport } from '../sweep/sweep-report';
import type { SweepTrial } from '../sweep/sweep-run';
import type { WalkForwardReport } from '../walk-forward/walk-forward';

/**
 * From the pure reports (typed arrays, NaN for undefined statistics) to the stored wire
 * shapes (plain arrays, ISO dates, null for undefined). Pure and deterministic, so the same
 * report always serialises to the same bytes.
 */

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

function quantilesWire(q: Quantiles): SweepReportWire['sharpeQuantiles'] & object {
  return { p05: finiteOrNull(q.p05), p25: finiteOrNull(q.p25), p50: finiteOrNull(q.p50), p75: finiteOrNull(q.p75), p95: finiteOrNull(q.p95) };
}

/**
 * A stitched series as rows: equity chains the returns from `capital`, drawdown is against
 * the running peak (capital included), window is the index of the window each day traded in.
 */
function stitched(days: Int32Array, returns: Float64Array, capital: number, windowOf: (day: number) => number): WalkForwardReportWire['equity'] {
  const rows: WalkForwardReportWire['equity'] = [];
  let level = capital;
  let peak = capital;
  for (let i = 0; i < days.length; i++) {
    const r = returns[i] as number;
    level *= 1 + r;
    peak = Math.max(peak, level);
    const day = days[i] as number;
    rows.push({ date: formatIsoDate(day), return: r, equity: level, drawdown: 1 - level / peak, window: windowOf(day) });
  }
  return rows;
}

function windowFinder(ranges: readonly { readonly window: number; readonly from: number; readonly to: number }[]): (day: number) => number {
  return (day) => ranges.find((range) => day >= range.from && day <= range.to)?.window ?? -1;
}

export function sweepReportWire(report: SweepReport, trials: readonly SweepTrial[], capital: number, windows: readonly { readonly window: number; readonly from: number; readonly to: number }[], warnings: readonly string[]): SweepReportWire {
  const oos = report.outOfSample;
  return {
    configs: report.configs,
    valid: report.valid,
    best: report.best,
    deflated:
      report.deflated === null
        ? null
        : { dsr: finiteOrNull(report.deflated.dsr), expectedMaxSharpe: finiteOrNull(report.deflated.expectedMaxSharpe), trials: report.deflated.trials, trialSharpeVariance: finiteOrNull(report.deflated.trialSharpeVariance) },
    sharpeQuantiles: report.sharpeQuantiles === null ? null : quantilesWire(report.sharpeQuantiles),
    trials: [...trials]
      .sort((a, b) => a.index - b.index)
      .map((trial) =>
        trial.ok
          ? { index: trial.index, assignment: trial.assignment, ok: true, sharpe: finiteOrNull(trial.sharpe), totalReturn: finiteOrNull(trial.totalReturn), maxDrawdown: finiteOrNull(trial.maxDrawdown), trades: trial.trades, error: null }
          : { index: trial.index, assignment: trial.assignment, ok: false, sharpe: null, totalReturn: null, maxDrawdown: null, trades: null, error: trial.error },
      ),
    outOfSample:
      oos === null
        ? null
        : {
            windows: oos.windows.map((w) => ({ ...w, inSampleSharpe: finiteOrNull(w.inSampleSharpe), outOfSampleSharpe: finiteOrNull(w.outOfSampleSharpe) })),
            equity: stitched(oos.days, oos.returns, capital, windowFinder(windows)),
            sharpe: finiteOrNull(oos.sharpe),
            totalReturn: oos.totalReturn,
            sharpeQuantiles: quantilesWire(oos.sharpeQuantiles),
            probabilityOfOverfitting: oos.probabilityOfOverfitting,
          },
    warnings: [...warnings],
  };
}

export function walkForwardReportWire(report: WalkForwardReport, capital: number, warnings: readonly string[]): WalkForwardReportWire {
  const ranges = report.windows.map((w) => ({ window: w.window, from: parseIsoDate(w.trading.from) ?? Number.NaN, to: parseIsoDate(w.trading.to) ?? Number.NaN }));
  return {
    windows: report.windows.map((w) => ({
      window: w.window,
      formation: w.formation,
      trading: w.trading,
      pairs: w.pairs.map((p) => ({ y: p.y, x: p.x, pValue: p.pValue, beta: p.beta, halfLife: finiteOrNull(p.halfLife), correlation: finiteOrNull(p.correlation) })),
      assignment: w.assignment,
      inSampleSharpe: finiteOrNull(w.inSampleSharpe),
      candidatesTested: w.candidatesTested,
      configsTried: w.configsTried,
      outOfSample: { totalReturn: w.outOfSample.totalReturn, sharpe: finiteOrNull(w.outOfSample.sharpe), trades: w.outOfSample.trades, fills: w.outOfSample.fills },
      fills: w.outOfSampleFills.map(fillRow),
    })),
    equity: stitched(report.days, report.returns, capital, windowFinder(ranges)),
    totalReturn: report.totalReturn,
    sharpe: finiteOrNull(report.sharpe),
    maxDrawdown: report.maxDrawdown,
    windowReturnQuantiles: quantilesWire(report.windowReturnQuantiles),
    warnings: [...warnings],
  };
}
