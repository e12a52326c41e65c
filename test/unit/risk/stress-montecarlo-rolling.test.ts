import { describe, expect, it } from 'vitest';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { BlockBootstrap, bootstrapHorizonPnl, histogram, quantileSorted } from '../../../src/main/risk/analytics/monte-carlo';
import { markPositions } from '../../../src/main/risk/analytics/risk-inputs';
import { checkPerformanceFloors, rollingSharpeSortino } from '../../../src/main/risk/analytics/rolling-performance';
import { applyUserShocks, HISTORICAL_SCENARIOS, replayAllHistoricalScenarios } from '../../../src/main/risk/analytics/stress-scenarios';
import { AppError } from '../../../src/shared/ipc/errors';
import { BOOK, DAYS, HISTORY, SECTORS } from './risk-fixtures';

const marked = markPositions(BOOK, HISTORY, SECTORS);

describe('historical stress scenarios', () => {
  it('replays 24 Aug 2015 through today’s positions and marks the days not stored', () => {
    const [china, brexit, feb2018] = replayAllHistoricalScenarios(marked, HISTORY, 10_000);
    expect(HISTORICAL_SCENARIOS.map((scenario) => scenario.day)).toEqual(['2015-08-24', '2016-06-24', '2018-02-05'].map(epochDayFromIso));
    // 2015-08-24: rA = 99/99 − 1 = 0, rB = 44/55 − 1 = −0.2 → 1089 · 0 + (−880) · (−0.2) = +176.
    expect(china?.available).toBe(true);
    expect(china?.pnl).toBeCloseTo(176, 9);
    expect(china?.pnlFraction).toBeCloseTo(0.0176, 12);
    expect(china?.lines.map((line) => line.shock)).toEqual([0, expect.closeTo(-0.2, 12)]);
    expect(china?.byPair).toEqual([{ pairId: 'A/B', pnl: expect.closeTo(176, 9) }]);
    // The other two days are not in this five-day history.
    expect(brexit?.available).toBe(false);
    expect(brexit?.missingSymbols).toEqual(['A', 'B']);
    expect(feb2018?.pnl).toBe(0);
  });
});

describe('user shocks', () => {
  it('applies the most specific shock: symbol, then sector, then market', () => {
    const result = applyUserShocks({ market: -0.1, sectors: { Tech: -0.2 }, symbols: { B: 0.05 } }, marked, 10_000);
    // A (Tech): 1089 · −0.2 = −217.8; B (its own +5%): −880 · 0.05 = −44; total −261.8.
    expect(result.lines.map((line) => line.source)).toEqual(['sector', 'symbol']);
    expect(result.lines[0]?.pnl).toBeCloseTo(-217.8, 9);
    expect(result.lines[1]?.pnl).toBeCloseTo(-44, 9);
    expect(result.pnl).toBeCloseTo(-261.8, 9);
    // A market move alone: (1089 − 880) · −0.1 = −20.9.
    expect(applyUserShocks({ market: -0.1 }, marked, 10_000).pnl).toBeCloseTo(-20.9, 9);
    expect(applyUserShocks({}, marked, 10_000).lines.map((line) => line.source)).toEqual(['none', 'none']);
  });
});

describe('Monte Carlo bootstrap', () => {
  const options = { horizonDays: 10, paths: 2000, blockLength: 5, seed: 42, bins: 20 };

  it('interpolates quantiles like numpy (type 7) and bins every outcome', () => {
    // [1, 2, 3, 4]: p = 0.5 → position 1.5 → 2.5; p = 0.25 → position 0.75 → 1.75.
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    const bins = histogram([0, 1, 2, 3, 4], 4);
    expect(bins.edges).toEqual([0, 1, 2, 3, 4]);
    // The top edge falls into the last bin.
    expect(bins.counts).toEqual([1, 1, 1, 2]);
  });

  it('is a point mass at Σ P&L when one wrapped block covers the whole history', () => {
    // Each path starts anywhere and takes n consecutive days circularly: always every day once.
    const pnl = Float64Array.from([108.9, -196.9, 176, 108.9]);
    const result = bootstrapHorizonPnl(pnl, { horizonDays: 4, paths: 50, blockLength: 4, seed: 1, bins: 5 });
    for (const quantile of result.quantiles) expect(quantile.value).toBeCloseTo(196.9, 9);
    expect(result.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(50);
  });

  it('is reproducible from its seed and centred on horizon × the daily mean', () => {
    const pnl = Float64Array.from({ length: 250 }, (_, k) => Math.sin(k * 1.7) * 100 + 3);
    const first = bootstrapHorizonPnl(pnl, options);
    expect(bootstrapHorizonPnl(pnl, options)).toEqual(first);
    expect(bootstrapHorizonPnl(pnl, { ...options, seed: 43 }).quantiles).not.toEqual(first.quantiles);
    const dailyMean = pnl.reduce((sum, value) => sum + value, 0) / pnl.length;
    // The bootstrap mean estimates 10 × the daily mean; its standard error is about
    // σ√10/√2000 ≈ 71 · 3.2 / 45 ≈ 5, so 25 is five standard errors.
    expect(Math.abs(first.mean - 10 * dailyMean)).toBeLessThan(25);
    const values = first.quantiles.map((quantile) => quantile.value);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(first.var99).toBeGreaterThanOrEqual(first.var95);
    expect(first.cvar95).toBeGreaterThanOrEqual(first.var95);
  });

  it('reports progress, can be cancelled and refuses bad options', () => {
    const pnl = Float64Array.from({ length: 30 }, (_, k) => k - 15);
    const seen: number[] = [];
    bootstrapHorizonPnl(pnl, { ...options, paths: 200 }, (done) => {
      seen.push(done);
      return true;
    });
    expect(seen.at(-1)).toBe(200);
    expect(() => bootstrapHorizonPnl(pnl, options, (done) => done < 500)).toThrow(/cancelled after 500 of 2000/);
    expect(() => bootstrapHorizonPnl(pnl, { ...options, blockLength: 0 })).toThrow(AppError);
    expect(() => bootstrapHorizonPnl(Float64Array.from([1]), options)).toThrow(/at least 2 days/);
  });
});

describe('rolling Sharpe and Sortino', () => {
  it('matches the hand-worked window and raises a breach below the floor', () => {
    const history = [100, 110, 99, 108.9].map((equity, k) => ({ day: DAYS[k] ?? 0, equity }));
    const points = rollingSharpeSortino(history, 3);
    // Returns +0.1, −0.1, +0.1: mean 1/30, sd √(((2/30)² · 2 + (4/30)²) / 2) = √(0.04/3) = 0.11547;
    // Sharpe = (1/30) / 0.11547 · √252 = 0.288675 · 15.874508 = 4.582576.
    // Downside √(0.01 / 3) = 0.057735 → Sortino = 0.577350 · 15.874508 = 9.165151.
    expect(points.map((point) => point.sharpe)).toEqual([null, null, expect.closeTo(4.58257569495584, 10)]);
    expect(points[2]?.sortino).toBeCloseTo(9.16515138991168, 10);
    expect(checkPerformanceFloors(points, { sharpe: 5, sortino: 5 })).toEqual([{ metric: 'sharpe', value: expect.closeTo(4.5826, 4), floor: 5, day: DAYS[3] }]);
    expect(checkPerformanceFloors(points, {})).toEqual([]);
    expect(checkPerformanceFloors([], { sharpe: 1 })).toEqual([]);
  });

  it('has no value while the window is not yet full or flat', () => {
    const flat = [100, 100, 100, 100].map((equity, k) => ({ day: DAYS[k] ?? 0, equity }));
    expect(rollingSharpeSortino(flat, 2).map((point) => point.sharpe)).toEqual([null, null, null]);
    expect(checkPerformanceFloors(rollingSharpeSortino(flat, 2), { sharpe: 0 })).toEqual([]);
  });
});

describe('BlockBootstrap in steps', () => {
  it('gives exactly the one-go result whatever the slice sizes', () => {
    const pnl = Float64Array.from({ length: 120 }, (_, k) => Math.cos(k * 0.9) * 50 - 2);
    const options = { horizonDays: 7, paths: 1000, blockLength: 3, seed: 99, bins: 10 };
    const stepped = new BlockBootstrap(pnl, options);
    for (const slice of [1, 10, 333, 1000]) stepped.step(slice);
    expect(stepped.done).toBe(1000);
    expect(stepped.finish()).toEqual(bootstrapHorizonPnl(pnl, options));
    expect(() => new BlockBootstrap(pnl, options).finish()).toThrow(/after 0 of 1000/);
  });
});
