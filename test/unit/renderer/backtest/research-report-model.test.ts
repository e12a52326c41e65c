import { describe, expect, it } from 'vitest';
import type { SweepReportWire, WalkForwardReportWire } from '../../../../src/shared/ipc/sections/backtest-research';
import { DEFAULT_TRIAL_SORT, assignmentText, nextTrialSort, quantileRows, sortTrials, stitchedLines, windowRows } from '../../../../src/renderer/features/backtest/research-report-model';

type Trial = SweepReportWire['trials'][number];

function trial(index: number, sharpe: number | null, trades: number | null = 3): Trial {
  return { index, assignment: { 'strategy.entry': 1 + index / 2 }, ok: sharpe !== null, sharpe, totalReturn: sharpe === null ? null : sharpe / 10, maxDrawdown: sharpe === null ? null : 0.05, trades, error: sharpe === null ? 'no trades' : null };
}

describe('sweep trials', () => {
  const trials = [trial(0, 0.4), trial(1, null, null), trial(2, 1.2), trial(3, 0.4), trial(4, -0.3)];

  it('sorts by Sharpe descending by default, ties in sweep order, missing values last', () => {
    expect(sortTrials(trials, DEFAULT_TRIAL_SORT).map((t) => t.index)).toEqual([2, 0, 3, 4, 1]);
    expect(sortTrials(trials, { key: 'sharpe', descending: false }).map((t) => t.index)).toEqual([4, 0, 3, 2, 1]);
    expect(sortTrials(trials, { key: 'index', descending: false }).map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('flips on the same column and starts a new one descending (index ascending)', () => {
    expect(nextTrialSort(DEFAULT_TRIAL_SORT, 'sharpe')).toEqual({ key: 'sharpe', descending: false });
    expect(nextTrialSort(DEFAULT_TRIAL_SORT, 'trades')).toEqual({ key: 'trades', descending: true });
    expect(nextTrialSort(DEFAULT_TRIAL_SORT, 'index')).toEqual({ key: 'index', descending: false });
  });

  it('writes an assignment in its parameter order', () => {
    expect(assignmentText({ 'strategy.lookback': 40, 'strategy.entry': 1.5 })).toBe('strategy.lookback = 40, strategy.entry = 1.5');
    expect(assignmentText({})).toBe('(the base config)');
  });

  it('lists the quantiles low to high, null kept as null', () => {
    expect(quantileRows({ p05: -1, p25: 0, p50: 0.5, p75: null, p95: 2 }).map((row) => [row.key, row.value])).toEqual([
      ['p05', -1],
      ['p25', 0],
      ['p50', 0.5],
      ['p75', null],
      ['p95', 2],
    ]);
  });
});

describe('walk-forward report', () => {
  const report: WalkForwardReportWire = {
    windows: [
      {
        window: 0,
        formation: { from: '2014-01-02', to: '2014-12-31' },
        trading: { from: '2015-01-09', to: '2015-06-30' },
        pairs: [{ y: 'KO', x: 'PEP', pValue: 0.01, beta: 0.9, halfLife: 12, correlation: 0.8 }],
        assignment: { 'strategy.entry': 2 },
        inSampleSharpe: 1.1,
        candidatesTested: 6,
        configsTried: 2,
        outOfSample: { totalReturn: 0.012, sharpe: 0.7, trades: 2, fills: 8 },
        fills: [],
      },
      {
        window: 1,
        formation: { from: '2014-07-01', to: '2015-06-30' },
        trading: { from: '2015-07-09', to: '2015-12-31' },
        pairs: [],
        assignment: {},
        inSampleSharpe: null,
        candidatesTested: 6,
        configsTried: 0,
        outOfSample: { totalReturn: 0, sharpe: null, trades: 0, fills: 0 },
        fills: [],
      },
    ],
    equity: [
      { date: '2015-01-09', return: 0.01, equity: 1_010_000, drawdown: 0, window: 0 },
      { date: '2015-01-12', return: -0.02, equity: 989_800, drawdown: 0.02, window: 0 },
    ],
    totalReturn: -0.0102,
    sharpe: null,
    maxDrawdown: 0.02,
    windowReturnQuantiles: { p05: 0, p25: 0, p50: 0.006, p75: 0.009, p95: 0.011 },
    warnings: [],
  };

  it('gives one row per window with its dates, pairs, parameters and numbers as served', () => {
    expect(windowRows(report)).toEqual([
      { window: 0, formation: '2014-01-02 – 2014-12-31', trading: '2015-01-09 – 2015-06-30', pairs: 'KO/PEP', params: 'strategy.entry = 2', inSampleSharpe: 1.1, outOfSampleReturn: 0.012, outOfSampleSharpe: 0.7, trades: 2 },
      { window: 1, formation: '2014-07-01 – 2015-06-30', trading: '2015-07-09 – 2015-12-31', pairs: '(none passed the formation scan)', params: '(the base config)', inSampleSharpe: null, outOfSampleReturn: 0, outOfSampleSharpe: null, trades: 0 },
    ]);
  });

  it('charts the stitched equity and its drawdown below zero', () => {
    expect(stitchedLines(report.equity)).toEqual({ dates: ['2015-01-09', '2015-01-12'], equity: [1_010_000, 989_800], drawdownPercent: [-0, -2] });
  });
});
