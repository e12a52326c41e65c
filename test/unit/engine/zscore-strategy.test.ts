import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prng } from '../backtest/market-fixtures';
import type { PairPositionView } from '../../../src/main/engine/strategy';
import { ZScoreStrategy, rollingSpreadStats, validateZScoreParams } from '../../../src/main/engine/zscore-strategy';
import { rollingOls } from '../../../src/main/stats/rolling-ols';

/*
 * Hand-computable windows (lookback 4). With log x = [0, 1, 2, 3], the OLS residuals of any
 * log y live in the span of u = [1, −1, −1, 1] and v = [1, −3, 3, −1] (both orthogonal to the
 * constant and to x). So log y = 0.7 + 1.1·x + a·u + b·v has α = 0.7, β = 1.1 and spread
 * e = a·u + b·v, mean 0, Σe² = 4a² + 20b², std = √((4a² + 20b²)/3), last value a − b:
 *   z = (a − b) / √((4a² + 20b²)/3).
 *   a = 1,  b = 0    → z = 1/√(4/3)      = +0.8660
 *   a = 1,  b = −0.2 → z = 1.2/√1.6      = +0.9487
 *   a = 0,  b = −0.5 → z = 0.5/√(5/3)    = +0.3873
 *   a = b            → z = 0
 */
const logX = Float64Array.from([0, 1, 2, 3]);
function logY(a: number, b: number): Float64Array {
  const u = [1, -1, -1, 1];
  const v = [1, -3, 3, -1];
  return Float64Array.from([0, 1, 2, 3].map((x, i) => 0.7 + 1.1 * x + a * (u[i] as number) + b * (v[i] as number)));
}
const flat: PairPositionView = { side: 'flat', barsHeld: 0, entryHalfLife: Number.POSITIVE_INFINITY, pnlReturn: 0, peakPnlReturn: 0 };
const long: PairPositionView = { side: 'long', barsHeld: 3, entryHalfLife: 2, pnlReturn: 0, peakPnlReturn: 0 };
const short: PairPositionView = { side: 'short', barsHeld: 3, entryHalfLife: 2, pnlReturn: 0, peakPnlReturn: 0 };
const params = { lookback: 4, entry: 0.8, exit: 0.3, stop: 0.9 };

describe('rollingSpreadStats', () => {
  it('matches the hand-computed window', () => {
    const result = rollingSpreadStats(logY(1, 0), logX, 3, 4);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.stats.alpha).toBeCloseTo(0.7, 12);
    expect(result.stats.beta).toBeCloseTo(1.1, 12);
    expect(result.stats.mean).toBeCloseTo(0, 12);
    expect(result.stats.std).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(result.stats.z).toBeCloseTo(0.866_025_403_8, 9);
    const mixed = rollingSpreadStats(logY(1, -0.2), logX, 3, 4);
    expect(mixed.ok && mixed.stats.z).toBeCloseTo(1.2 / Math.sqrt(1.6), 12);
  });

  it('agrees with a naive recomputation on random windows ending anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: 1, max: 5, noNaN: true })), { minLength: 8, maxLength: 30 }), fc.integer({ min: 3, max: 8 }), (points, lookback) => {
        const ys = Float64Array.from(points.map((p) => p[0]));
        const xs = Float64Array.from(points.map((p) => p[1]));
        const end = points.length - 1;
        const result = rollingSpreadStats(ys, xs, end, lookback);
        if (!result.ok) return;
        const wy = [...ys.slice(end - lookback + 1)];
        const wx = [...xs.slice(end - lookback + 1)];
        const mx = wx.reduce((s, v) => s + v, 0) / lookback;
        const my = wy.reduce((s, v) => s + v, 0) / lookback;
        const beta = wx.reduce((s, v, i) => s + (v - mx) * ((wy[i] as number) - my), 0) / wx.reduce((s, v) => s + (v - mx) ** 2, 0);
        const alpha = my - beta * mx;
        const spread = wy.map((v, i) => v - alpha - beta * (wx[i] as number));
        const mean = spread.reduce((s, v) => s + v, 0) / lookback;
        const std = Math.sqrt(spread.reduce((s, v) => s + (v - mean) ** 2, 0) / (lookback - 1));
        expect(result.stats.beta).toBeCloseTo(beta, 6);
        expect(result.stats.z).toBeCloseTo(((spread[lookback - 1] as number) - mean) / std, 6);
      }),
    );
  });

  it('is the same window OLS as stats/rolling-ols: bit for bit where rollingOls recomputes exactly, within 1e-9 relative between (its Welford updates)', () => {
    const random = prng(11);
    const n = 400;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    let level = Math.log(40);
    let spread = 0;
    for (let i = 0; i < n; i++) {
      level += 0.01 * (random() - 0.5);
      spread = 0.9 * spread + 0.01 * (random() - 0.5);
      xs[i] = level;
      ys[i] = 0.3 + 1.1 * level + spread;
    }
    const lookback = 30;
    const rolling = rollingOls(ys, xs, lookback);
    expect(rolling.ok).toBe(true);
    if (!rolling.ok) return;
    for (let end = lookback - 1; end < n; end++) {
      const engine = rollingSpreadStats(ys, xs, end, lookback);
      expect(engine.ok).toBe(true);
      if (!engine.ok) return;
      if ((end - (lookback - 1)) % lookback === 0) {
        expect(Object.is(engine.stats.beta, rolling.value.beta[end])).toBe(true);
        expect(Object.is(engine.stats.alpha, rolling.value.alpha[end])).toBe(true);
      } else {
        expect(Math.abs(engine.stats.beta / (rolling.value.beta[end] as number) - 1)).toBeLessThan(1e-9);
        expect(Math.abs(engine.stats.alpha / (rolling.value.alpha[end] as number) - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('refuses short, NaN and degenerate windows with a reason', () => {
    expect(rollingSpreadStats(logY(1, 0), logX, 2, 4)).toEqual({ ok: false, reason: 'warmup' });
    const withNaN = logY(1, 0);
    withNaN[1] = Number.NaN;
    expect(rollingSpreadStats(withNaN, logX, 3, 4)).toEqual({ ok: false, reason: 'missing_data' });
    expect(rollingSpreadStats(logY(1, 0), Float64Array.from([1, 1, 1, 1]), 3, 4)).toEqual({ ok: false, reason: 'degenerate_window' });
    expect(rollingSpreadStats(Float64Array.from([0.7, 1.8, 2.9, 4.0]), logX, 3, 4)).toEqual({ ok: false, reason: 'degenerate_window' });
  });

  it('gives a finite half-life for a mean-reverting spread and Infinity for a trending one', () => {
    const n = 40;
    const xs = Float64Array.from({ length: n }, (_, i) => i * 0.01);
    const alternating = Float64Array.from({ length: n }, (_, i) => i * 0.01 + (i % 2 === 0 ? 0.02 : -0.02));
    const result = rollingSpreadStats(alternating, xs, n - 1, n);
    expect(result.ok && result.stats.halfLife).toBeLessThan(2);
  });
});

describe('z-score strategy decisions', () => {
  it('shorts the spread at z ≥ entry and goes long at z ≤ −entry', () => {
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(1, 0), logX, position: flat })).toMatchObject({ kind: 'enter', direction: 'short' });
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(-1, 0), logX, position: flat })).toMatchObject({ kind: 'enter', direction: 'long' });
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(0, -0.5), logX, position: flat })).toMatchObject({ kind: 'none', reason: 'in_band' });
  });

  it('does not enter beyond the stop', () => {
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(1, -0.2), logX, position: flat })).toMatchObject({ kind: 'none', reason: 'beyond_stop' });
  });

  it('stops a SHORT spread when z rises to +stop (the losing side), not when it falls', () => {
    const strategy = new ZScoreStrategy(params);
    // z = +0.9487 ≥ 0.9: the spread widened against a short → stop
    expect(strategy.decide({ day: 1, logY: logY(1, -0.2), logX, position: short })).toMatchObject({ kind: 'exit', reason: 'stop' });
    // z = −0.9487: a short spread that fell this far has reverted past the band → exit, not stop
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(-1, 0.2), logX, position: short })).toMatchObject({ kind: 'exit', reason: 'exit' });
    // z = +0.866: still above exit and below stop → hold
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(1, 0), logX, position: short })).toMatchObject({ kind: 'none', reason: 'holding' });
  });

  it('stops a LONG spread when z falls to −stop (the losing side), not when it rises', () => {
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(-1, 0.2), logX, position: long })).toMatchObject({ kind: 'exit', reason: 'stop' });
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(1, -0.2), logX, position: long })).toMatchObject({ kind: 'exit', reason: 'exit' });
    // z = +0.3873 ≥ −0.3: reverted past the band (overshoot) → exit
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(0, -0.5), logX, position: long })).toMatchObject({ kind: 'exit', reason: 'exit' });
    expect(new ZScoreStrategy(params).decide({ day: 1, logY: logY(-1, 0), logX, position: long })).toMatchObject({ kind: 'none', reason: 'holding' });
  });

  it('blocks re-entry after a stop until |z| ≤ exit', () => {
    const strategy = new ZScoreStrategy(params);
    expect(strategy.decide({ day: 1, logY: logY(1, -0.2), logX, position: short })).toMatchObject({ reason: 'stop' });
    expect(strategy.decide({ day: 2, logY: logY(1, 0), logX, position: flat })).toMatchObject({ kind: 'none', reason: 'cooldown_after_stop' });
    expect(strategy.decide({ day: 3, logY: logY(0, -0.5), logX, position: flat })).toMatchObject({ kind: 'none', reason: 'cooldown_after_stop' }); // |z| 0.387 > 0.3
    expect(strategy.decide({ day: 4, logY: logY(0.5, 0.5), logX, position: flat })).toMatchObject({ kind: 'none', reason: 'in_band' }); // z = 0 releases
    expect(strategy.decide({ day: 5, logY: logY(1, 0), logX, position: flat })).toMatchObject({ kind: 'enter', direction: 'short' });
  });

  it('P&L stop: a long spread and a short spread each stop at the same loss, and not before', () => {
    const pnl = { ...params, pnlStop: 0.05 };
    // z = −0.866 (long) / +0.866 (short): inside the holding zone, so only the P&L decides
    expect(new ZScoreStrategy(pnl).decide({ day: 1, logY: logY(-1, 0), logX, position: { ...long, pnlReturn: -0.05 } })).toMatchObject({ kind: 'exit', reason: 'pnl_stop' });
    expect(new ZScoreStrategy(pnl).decide({ day: 1, logY: logY(-1, 0), logX, position: { ...long, pnlReturn: -0.049 } })).toMatchObject({ reason: 'holding' });
    expect(new ZScoreStrategy(pnl).decide({ day: 1, logY: logY(1, 0), logX, position: { ...short, pnlReturn: -0.06 } })).toMatchObject({ kind: 'exit', reason: 'pnl_stop' });
    expect(new ZScoreStrategy(pnl).decide({ day: 1, logY: logY(1, 0), logX, position: { ...short, pnlReturn: 0.06 } })).toMatchObject({ reason: 'holding' });
  });

  it('trailing stop: each direction exits after giving back the trail from its best close', () => {
    const trail = { ...params, trailingStop: 0.02 };
    expect(new ZScoreStrategy(trail).decide({ day: 1, logY: logY(-1, 0), logX, position: { ...long, peakPnlReturn: 0.035, pnlReturn: 0.01 } })).toMatchObject({ kind: 'exit', reason: 'trailing_stop' });
    expect(new ZScoreStrategy(trail).decide({ day: 1, logY: logY(-1, 0), logX, position: { ...long, peakPnlReturn: 0.03, pnlReturn: 0.015 } })).toMatchObject({ reason: 'holding' });
    const strategy = new ZScoreStrategy(trail);
    expect(strategy.decide({ day: 1, logY: logY(1, 0), logX, position: { ...short, peakPnlReturn: 0.025, pnlReturn: 0.004 } })).toMatchObject({ kind: 'exit', reason: 'trailing_stop' });
    // a trailing stop is a stop: no re-entry until |z| ≤ exit
    expect(strategy.decide({ day: 2, logY: logY(1, 0), logX, position: flat })).toMatchObject({ reason: 'cooldown_after_stop' });
    // never from a loss that was never a gain (that is the P&L stop's job)
    expect(new ZScoreStrategy(trail).decide({ day: 1, logY: logY(1, 0), logX, position: { ...short, peakPnlReturn: -0.01, pnlReturn: -0.04 } })).toMatchObject({ reason: 'holding' });
  });

  it('applies the optional time stop as a multiple of the entry half-life', () => {
    const strategy = new ZScoreStrategy({ ...params, timeStopHalfLives: 1.5 });
    // held 3 bars ≥ 1.5 × 2
    expect(strategy.decide({ day: 1, logY: logY(1, 0), logX, position: short })).toMatchObject({ kind: 'exit', reason: 'time_stop' });
    expect(strategy.decide({ day: 1, logY: logY(1, 0), logX, position: { ...short, barsHeld: 2 } })).toMatchObject({ kind: 'none', reason: 'holding' });
  });

  it('validates its parameters, naming the field', () => {
    expect(() => validateZScoreParams({ lookback: 60, entry: 0.5, exit: 0.5, stop: 4 })).toThrow(/strategy\.entry/);
    expect(() => validateZScoreParams({ lookback: 60, entry: 2, exit: 0.5, stop: 1 })).toThrow(/strategy\.stop/);
    expect(() => validateZScoreParams({ lookback: 2, entry: 2, exit: 0.5, stop: 4 })).toThrow(/strategy\.lookback/);
    expect(() => validateZScoreParams({ lookback: 60, entry: 2, exit: -1, stop: 4 })).toThrow(/strategy\.exit/);
    expect(() => validateZScoreParams({ lookback: 60, entry: 2, exit: 0.5, stop: 4, timeStopHalfLives: 0 })).toThrow(/timeStopHalfLives/);
    expect(() => validateZScoreParams({ lookback: 60, entry: 2, exit: 0.5, stop: 4, pnlStop: 0 })).toThrow(/strategy\.pnlStop/);
    expect(() => validateZScoreParams({ lookback: 60, entry: 2, exit: 0.5, stop: 4, trailingStop: -1 })).toThrow(/strategy\.trailingStop/);
  });
});
