import { describe, expect, it } from 'vitest';
import { runSweepTrials, type SweepTrialOk } from '../../../src/main/backtest/sweep/sweep-run';
import { quantiles, summarizeSweep } from '../../../src/main/backtest/sweep/sweep-report';
import { applyAssignment, expandSweep, parseSweepSpec } from '../../../src/main/backtest/sweep/sweep-space';
import { planWindows, windowPlanSchema } from '../../../src/main/backtest/walk-forward/window-plan';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { deflatedSharpe } from '../../../src/main/stats/deflated-sharpe';
import { cointegratedPair, weekdays } from './market-fixtures';

const days = weekdays('2015-01-05', 400);
const pair = cointegratedPair(days, 3, { noise: 0.03 });
const data = { bars: new Map([['AAA', pair.y], ['BBB', pair.x]]) };
const base = {
  pairs: [{ y: 'AAA', x: 'BBB' }],
  from: formatIsoDate(days[40] as number),
  to: formatIsoDate(days[399] as number),
  capital: 1_000_000,
  strategy: { kind: 'zscore', lookback: 30, entry: 2, exit: 0.5, stop: 4 },
  costs: 'none',
};

describe('sweep space', () => {
  it('a grid is every combination, the last parameter fastest', () => {
    const spec = parseSweepSpec({ parameters: [{ path: 'strategy.lookback', values: [20, 40] }, { path: 'strategy.entry', values: [1.5, 2, 2.5] }] });
    expect(expandSweep(spec)).toEqual([
      { 'strategy.lookback': 20, 'strategy.entry': 1.5 },
      { 'strategy.lookback': 20, 'strategy.entry': 2 },
      { 'strategy.lookback': 20, 'strategy.entry': 2.5 },
      { 'strategy.lookback': 40, 'strategy.entry': 1.5 },
      { 'strategy.lookback': 40, 'strategy.entry': 2 },
      { 'strategy.lookback': 40, 'strategy.entry': 2.5 },
    ]);
  });

  it('random draws are seeded, inside their ranges, integers where asked', () => {
    const spec = parseSweepSpec({ mode: 'random', count: 50, seed: 9, parameters: [{ path: 'strategy.lookback', min: 10, max: 90, integer: true }, { path: 'strategy.entry', min: 1, max: 3 }] });
    const a = expandSweep(spec);
    expect(expandSweep(spec)).toEqual(a);
    expect(expandSweep({ ...spec, seed: 10 })).not.toEqual(a);
    for (const assignment of a) {
      const lookback = assignment['strategy.lookback'] as number;
      const entry = assignment['strategy.entry'] as number;
      expect(Number.isInteger(lookback) && lookback >= 10 && lookback <= 90).toBe(true);
      expect(entry >= 1 && entry <= 3).toBe(true);
    }
    expect(new Set(a.map((x) => x['strategy.lookback'])).size).toBeGreaterThan(10);
  });

  it('refuses a bad spec naming the field, and a grid beyond maxConfigs', () => {
    expect(() => parseSweepSpec({ parameters: [{ path: 'costs.slippageBps', values: [1] }] })).toThrow(/sweep\.parameters\.0\.path/);
    expect(() => parseSweepSpec({ mode: 'random', parameters: [{ path: 'strategy.entry', min: 1, max: 2 }] })).toThrow(/sweep\.count/);
    expect(() => expandSweep(parseSweepSpec({ maxConfigs: 5, parameters: [{ path: 'strategy.entry', values: [1, 2, 3] }, { path: 'strategy.exit', values: [0, 0.5] }] }))).toThrow(/6 configurations exceed maxConfigs 5/);
  });

  it('applies an assignment to a copy of the base', () => {
    const applied = applyAssignment(base, { 'strategy.entry': 1.5, 'sizing.fraction': 0.2 });
    expect(applied['strategy']).toEqual({ ...base.strategy, entry: 1.5 });
    expect(applied['sizing']).toEqual({ fraction: 0.2 });
    expect(base.strategy.entry).toBe(2);
  });
});

describe('sweep run and report', () => {
  const spec = parseSweepSpec({ parameters: [{ path: 'strategy.entry', values: [0.4, 1.25, 1.5, 2, 2.5] }, { path: 'strategy.lookback', values: [20, 40] }] });
  const assignments = expandSweep(spec);
  const trials = runSweepTrials(base, assignments, 0, data);

  it('a shared aligned market (the sweep reuses one per shard) changes no result', async () => {
    const { runBacktest } = await import('../../../src/main/backtest/backtest-runner');
    const { parseBacktestConfig } = await import('../../../src/main/backtest/backtest-config');
    const cache = new Map();
    for (const assignment of assignments.slice(2, 6)) {
      const config = parseBacktestConfig(applyAssignment(base, assignment));
      const alone = runBacktest(config, data);
      const shared = runBacktest(config, data, { marketCache: cache });
      expect(shared).toEqual(alone);
    }
    expect(cache.size).toBe(1);
  });

  it('records configurations the schema refuses, with the message, and runs the rest', () => {
    // entry 0.4 lies inside the exit band ±0.5
    expect(trials.filter((trial) => !trial.ok).map((trial) => trial.index)).toEqual([0, 1]);
    expect(trials[0]).toMatchObject({ ok: false, error: expect.stringMatching(/strategy\.entry: entry 0\.4 lies inside the exit band/) });
    const ok = trials.filter((trial): trial is SweepTrialOk => trial.ok);
    expect(ok).toHaveLength(8);
    expect(ok.some((trial) => trial.trades > 0)).toBe(true);
  });

  it('the best is the highest Sharpe; its DSR deflates by every valid trial; quantiles interpolate', () => {
    const report = summarizeSweep(trials);
    const ok = trials.filter((trial): trial is SweepTrialOk => trial.ok);
    const top = Math.max(...ok.map((trial) => trial.sharpe));
    expect(report.best?.sharpe).toBe(top);
    const chosen = ok.find((trial) => trial.index === report.best?.index);
    if (chosen === undefined) throw new Error('best missing');
    const direct = deflatedSharpe(chosen.returns, ok.map((trial) => trial.moments.sharpe));
    expect(report.deflated?.dsr).toBe(direct.dsr);
    expect(report.deflated?.trials).toBe(8);
    expect(report.invalid).toHaveLength(2);
    expect(quantiles([1, 2, 3, 4, 5])).toEqual({ p05: 1.2, p25: 2, p50: 3, p75: 4, p95: 4.8 });
  });

  it('walk-forward scoring chooses on formation days only and stitches the chosen trading days', () => {
    const ok = trials.filter((trial): trial is SweepTrialOk => trial.ok);
    const windows = planWindows((ok[0] as SweepTrialOk).days, windowPlanSchema.parse({ formationDays: 100, tradingDays: 50, purgeDays: 3, embargoDays: 2 }));
    const report = summarizeSweep(trials, windows);
    const oos = report.outOfSample;
    if (oos === null) throw new Error('no OOS report');
    expect(oos.windows).toHaveLength(windows.length);
    const tradingDayCount = windows.reduce((sum, w) => sum + (w.trading.end - w.trading.start + 1), 0);
    expect(oos.days.length).toBe(tradingDayCount);
    for (const day of oos.days) expect(windows.some((w) => day >= w.tradingDays.from && day <= w.tradingDays.to)).toBe(true);
    // For each window, poison every return after its formation end: its choice cannot move.
    for (const window of windows) {
      const poisoned = trials.map((trial) => (trial.ok ? { ...trial, returns: Float64Array.from(trial.returns, (r, i) => ((trial.days[i] as number) > window.formationDays.to ? r + 0.02 * Math.sin(i * (trial.index + 1)) : r)) } : trial));
      const again = summarizeSweep(poisoned, windows).outOfSample?.windows[window.index];
      const before = oos.windows[window.index];
      expect([again?.chosen, again?.inSampleSharpe]).toEqual([before?.chosen, before?.inSampleSharpe]);
    }
    expect(oos.probabilityOfOverfitting).toBeGreaterThanOrEqual(0);
    expect(oos.probabilityOfOverfitting).toBeLessThanOrEqual(1);
  });
});
