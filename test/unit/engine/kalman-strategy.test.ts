import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import type { OhlcvColumns } from '../../../src/main/core/market/series';
import { KalmanStrategy, validateKalmanParams } from '../../../src/main/engine/kalman-strategy';
import type { PairPositionView, StrategyOutput } from '../../../src/main/engine/strategy';
import { cointegratedPair, prng, weekdays } from '../backtest/market-fixtures';

/*
 * Three bars worked by hand (exact fractions), δ = 0.5 → Vw = δ/(1 − δ) = 1, Ve = 1, start
 * β = α = 0, P = I. Observation row F = [x, 1]; R = P + Vw·I; e = y − (β·x + α);
 * Q = F·R·Fᵀ + Ve; K = R·Fᵀ/Q; state += K·e; P = R − K·F·R.
 *   bar 0 (x = 1, y = 2): R = 2I, e = 2, R·Fᵀ = [2, 2], Q = 2 + 2 + 1 = 5, K = [2/5, 2/5]
 *     → β = 4/5, α = 4/5, P = [[6/5, −4/5], [−4/5, 6/5]]
 *   bar 1 (x = 2, y = 3): R = [[11/5, −4/5], [−4/5, 11/5]], e = 3 − 12/5 = 3/5,
 *     R·Fᵀ = [18/5, 3/5], Q = 36/5 + 3/5 + 1 = 44/5, K = [9/22, 3/44]
 *     → β = 23/22, α = 37/44, P = [[8/11, −23/22], [−23/22, 95/44]]
 *   bar 2 (x = 3, y = 6): R = [[19/11, −23/22], [−23/22, 139/44]], e = 6 − 175/44 = 89/44,
 *     R·Fᵀ = [91/22, 1/44], Q = 546/44 + 1/44 + 44/44 = 591/44
 *     → β = 986/591, α = 499/591.
 *   innovation z at bar 2 = (89/44)/√(591/44) = 0.551912115776…
 *   spread under today's state: s = y − 499/591 − (986/591)·x = [−303/591, −698/591, 89/591]
 *     mean −304/591, variance (ddof 1) 154843/349281, z = (393/591)/√(154843/349281) = 0.998726933…
 *   daily changes Δs = [−395/591, 787/591]: their std (ddof 1) is exactly √2; the lag
 *   regression through two points has slope (787 + 395)/(−698 + 303) = −2.99 ≤ −1 → half-life 1.
 */
const logX = Float64Array.of(1, 2, 3);
const logY = Float64Array.of(2, 3, 6);
const flat: PairPositionView = { side: 'flat', barsHeld: 0, entryHalfLife: Number.POSITIVE_INFINITY, pnlReturn: 0, peakPnlReturn: 0 };
const short: PairPositionView = { side: 'short', barsHeld: 2, entryHalfLife: 1, pnlReturn: 0, peakPnlReturn: 0 };
const golden = { lookback: 3, delta: 0.5, observationVariance: 1, entry: 0.8, exit: 0.1, stop: 2 };

describe('Kalman strategy: hand-computed bars', () => {
  it('zSource spread: z 0.99873 ≥ 0.8 shorts the spread with the filtered β, α', () => {
    const strategy = new KalmanStrategy({ ...golden, zSource: 'spread' });
    expect(strategy.decide({ day: 0, logY: logY.subarray(0, 1), logX: logX.subarray(0, 1), position: flat })).toEqual({ kind: 'none', reason: 'warmup' });
    expect(strategy.decide({ day: 1, logY: logY.subarray(0, 2), logX: logX.subarray(0, 2), position: flat })).toEqual({ kind: 'none', reason: 'warmup' });
    const out = strategy.decide({ day: 2, logY, logX, position: flat });
    expect(out.kind).toBe('enter');
    if (out.kind !== 'enter') return;
    expect(out.direction).toBe('short');
    expect(out.z).toBeCloseTo(393 / 591 / Math.sqrt(154843 / 349281), 12);
    expect(out.z).toBeCloseTo(0.998_726_933, 8);
    expect(out.beta).toBeCloseTo(986 / 591, 13);
    expect(out.alpha).toBeCloseTo(499 / 591, 13);
    expect(out.spreadStd).toBeCloseTo(Math.sqrt(154843 / 349281), 12);
    expect(out.spreadVolatility).toBeCloseTo(Math.SQRT2, 12);
    expect(out.halfLife).toBe(1);
  });

  it('zSource innovation: z = e/√Q = 0.55191 stays in band at entry 0.8, enters at 0.5, exits a short at exit 0.6', () => {
    const z = 89 / 44 / Math.sqrt(591 / 44);
    const inBand = new KalmanStrategy({ ...golden, zSource: 'innovation' }).decide({ day: 2, logY, logX, position: flat });
    expect(inBand).toMatchObject({ kind: 'none', reason: 'in_band' });
    expect((inBand as { z: number }).z).toBeCloseTo(z, 12);
    expect(new KalmanStrategy({ ...golden, entry: 0.5, zSource: 'innovation' }).decide({ day: 2, logY, logX, position: flat })).toMatchObject({ kind: 'enter', direction: 'short' });
    expect(new KalmanStrategy({ ...golden, exit: 0.6, entry: 0.9, zSource: 'innovation' }).decide({ day: 2, logY, logX, position: short })).toMatchObject({ kind: 'exit', reason: 'exit' });
  });

  /*
   * observationVariance 'auto' on the same bars, lookback 3 (the first decision is bar 2):
   * OLS of y on x over bars 0..2: x̄ = 2, ȳ = 11/3, Sxx = 2, Sxy = 4, Syy = 26/3 → β̂ = 2,
   * SSR = Syy − Sxy²/Sxx = 2/3, Ve = SSR/(n − 2) = 2/3. Then the filter with δ = 0.5, Ve = 2/3:
   *   bar 0: R = 2I, e = 2, Q = 2 + 2 + 2/3 = 14/3, K = [3/7, 3/7] → β = α = 6/7, P = [[8/7, −6/7], [−6/7, 8/7]]
   *   bar 1: R = [[15/7, −6/7], [−6/7, 15/7]], e = 3 − 18/7 = 3/7, R·Fᵀ = [24/7, 3/7],
   *     Q = 48/7 + 3/7 + 2/3 = 167/21, K = [72/167, 9/167] → β = 174/167, α = 147/167,
   *     P = [[111/167, −174/167], [−174/167, 354/167]]
   *   bar 2: R = [[278/167, −174/167], [−174/167, 521/167]], e = 6 − 669/167 = 333/167,
   *     R·Fᵀ = [660/167, −1/167], Q = 1980/167 − 1/167 + 2/3 = 6271/501
   *     → β = 10482/6271, α = 5514/6271; innovation z = (333/167)/√(6271/501) = 0.563609396…
   */
  it("observationVariance 'auto': Ve = the warm-up window's OLS residual variance, then the filter as above", () => {
    const strategy = new KalmanStrategy({ ...golden, observationVariance: 'auto', entry: 0.5, zSource: 'innovation' });
    expect(strategy.decide({ day: 1, logY: logY.subarray(0, 2), logX: logX.subarray(0, 2), position: flat })).toEqual({ kind: 'none', reason: 'warmup' });
    expect(strategy.effectiveObservationVariance).toBeNaN();
    const out = strategy.decide({ day: 2, logY, logX, position: flat });
    expect(strategy.effectiveObservationVariance).toBeCloseTo(2 / 3, 14);
    expect(out.kind).toBe('enter');
    if (out.kind !== 'enter') return;
    expect(out.direction).toBe('short');
    expect(out.z).toBeCloseTo(333 / 167 / Math.sqrt(6271 / 501), 12);
    expect(out.beta).toBeCloseTo(10482 / 6271, 13);
    expect(out.alpha).toBeCloseTo(5514 / 6271, 13);
  });

  it('the config defaults: δ = 1e-7, Ve estimated, z from the innovation', () => {
    const base = { pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-02-10', to: '2018-02-07', capital: 1_000_000, costs: 'none' };
    expect(parseBacktestConfig({ ...base, strategy: { kind: 'kalman' } }).strategy).toMatchObject({ kind: 'kalman', delta: 1e-7, observationVariance: 'auto', zSource: 'innovation' });
    expect(parseBacktestConfig({ ...base, strategy: { kind: 'kalman', observationVariance: 1e-3 } }).strategy).toMatchObject({ observationVariance: 1e-3 });
    expect(() => parseBacktestConfig({ ...base, strategy: { kind: 'kalman', observationVariance: 'estimate' } })).toThrow(/strategy\.observationVariance/);
  });

  it('bar-by-bar prefixes and one call on the whole history give the same decision', () => {
    const incremental = new KalmanStrategy({ ...golden, zSource: 'spread' });
    let last: StrategyOutput | undefined;
    for (let t = 0; t < 3; t++) last = incremental.decide({ day: t, logY: logY.subarray(0, t + 1), logX: logX.subarray(0, t + 1), position: flat });
    const fresh = new KalmanStrategy({ ...golden, zSource: 'spread' }).decide({ day: 2, logY: Float64Array.from(logY), logX: Float64Array.from(logX), position: flat });
    expect(last).toEqual(fresh);
  });

  it('a missing close inside the window is a counted no-decision', () => {
    const holed = Float64Array.of(2, Number.NaN, 6);
    expect(new KalmanStrategy({ ...golden, zSource: 'spread' }).decide({ day: 2, logY: holed, logX, position: flat })).toEqual({ kind: 'none', reason: 'missing_data' });
  });

  it('validates its parameters naming the field', () => {
    expect(() => validateKalmanParams({ ...golden, zSource: 'spread', delta: 1 })).toThrow(/strategy\.delta/);
    expect(() => validateKalmanParams({ ...golden, zSource: 'spread', observationVariance: 0 })).toThrow(/strategy\.observationVariance/);
    expect(() => validateKalmanParams({ ...golden, zSource: 'spread', entry: 0.05 })).toThrow(/strategy\.entry/);
  });
});

const DAYS = 120;
const days = weekdays('2015-01-05', DAYS);

describe('Kalman strategy in the backtest', () => {
  it('no look-ahead: changing any data after bar t changes no decision, order, fill or equity value up to t', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 40, max: DAYS - 3 }),
        fc.constantFrom('innovation' as const, 'spread' as const),
        fc.double({ min: 1e-8, max: 1e-2, noNaN: true }),
        fc.constantFrom(1e-3, 'auto' as const),
        (seed, t, zSource, delta, observationVariance) => {
          const pair = cointegratedPair(days, seed, { noise: 0.03 });
          const bars = new Map<string, OhlcvColumns>([['AAA', pair.y], ['BBB', pair.x]]);
          const config = parseBacktestConfig({
            pairs: [{ y: 'AAA', x: 'BBB' }],
            from: formatIsoDate(days[30] as number),
            to: formatIsoDate(days[DAYS - 1] as number),
            capital: 1_000_000,
            strategy: { kind: 'kalman', lookback: 20, entry: 1, exit: 0.2, stop: 3.5, delta, observationVariance, zSource },
            costs: 'none',
          });
          const random = prng(seed + 9);
          const changed = new Map<string, OhlcvColumns>();
          for (const [symbol, columns] of bars) {
            const scale = (column: Float64Array): Float64Array => Float64Array.from(column, (v, i) => (i > t ? v * (0.5 + random()) : v));
            changed.set(symbol, { ...columns, open: scale(columns.open), high: scale(columns.high), low: scale(columns.low), close: scale(columns.close), volume: scale(columns.volume) });
          }
          const before = runBacktest(config, { bars });
          const after = runBacktest(config, { bars: changed });
          const cutoff = days[t] as number;
          expect(after.equity.filter((row) => row.day <= cutoff)).toEqual(before.equity.filter((row) => row.day <= cutoff));
          expect(after.fills.filter((f) => f.fillDay <= cutoff)).toEqual(before.fills.filter((f) => f.fillDay <= cutoff));
          const decided = (orders: typeof before.orders) => orders.filter((o) => o.decidedOn <= cutoff).map((o) => [o.symbol, o.side, o.quantity, o.forSession]);
          expect(decided(after.orders)).toEqual(decided(before.orders));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('trades a cointegrated pair (the property above is not vacuous)', () => {
    let trading = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const pair = cointegratedPair(days, seed, { noise: 0.03 });
      const config = parseBacktestConfig({
        pairs: [{ y: 'AAA', x: 'BBB' }],
        from: formatIsoDate(days[30] as number),
        to: formatIsoDate(days[DAYS - 1] as number),
        capital: 1_000_000,
        strategy: { kind: 'kalman', lookback: 20, entry: 1, exit: 0.2, stop: 3.5, zSource: 'spread' },
        costs: 'none',
      });
      if (runBacktest(config, { bars: new Map([['AAA', pair.y], ['BBB', pair.x]]) }).fills.length > 0) trading++;
    }
    expect(trading).toBeGreaterThan(5);
  });
});
