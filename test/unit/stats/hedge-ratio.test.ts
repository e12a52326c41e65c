import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { kalmanHedge } from '../../../src/main/stats/kalman-hedge';
import { olsWithIntercept } from '../../../src/main/stats/ols';
import { rollingOls, rollingSpreadZ } from '../../../src/main/stats/rolling-ols';
import { caseSeries, golden, relativeError } from './golden-fixture';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.reason));
  return result.value;
}

describe('rolling OLS hedge ratio', () => {
  const full = golden.cases.find((c) => c.name === 'KO/PEP full log');
  if (!full) throw new Error('fixture case missing');
  const { y, x } = caseSeries(full);

  it.each([20, 60, 252])('equals a direct OLS on each trailing window of %i days, with no look-ahead', (window) => {
    const rolling = unwrap(rollingOls(y, x, window));
    for (let t = 0; t < window - 1; t += 1) expect(Number.isNaN(rolling.beta[t] as number)).toBe(true);
    for (let t = window - 1; t < y.length; t += 7) {
      const direct = unwrap(olsWithIntercept(y.slice(t - window + 1, t + 1), x.slice(t - window + 1, t + 1)));
      expect(relativeError(rolling.beta[t] as number, direct.beta)).toBeLessThanOrEqual(1e-9);
      expect(relativeError(rolling.alpha[t] as number, direct.alpha)).toBeLessThanOrEqual(1e-9);
      // The spread y − β·x over the window: mean α, sample std (ddof 1).
      const spread = y.slice(t - window + 1, t + 1).map((value, i) => value - direct.beta * (x[t - window + 1 + i] as number));
      const mean = spread.reduce((s, v) => s + v, 0) / window;
      const std = Math.sqrt(spread.reduce((s, v) => s + (v - mean) ** 2, 0) / (window - 1));
      expect(relativeError(rolling.spreadMean[t] as number, mean)).toBeLessThanOrEqual(1e-9);
      expect(relativeError(rolling.spreadStd[t] as number, std)).toBeLessThanOrEqual(1e-7);
      expect(Math.abs((rolling.zScore[t] as number) - ((spread[window - 1] as number) - mean) / std)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('changing a future value does not change any earlier output', () => {
    const changed = Float64Array.from(y);
    changed[900] = (changed[900] as number) + 0.5;
    const a = unwrap(rollingSpreadZ(y, x, 60));
    const b = unwrap(rollingSpreadZ(changed, x, 60));
    for (let t = 0; t < 900; t += 1) expect(Object.is(a.zScore[t], b.zScore[t])).toBe(true);
    expect(a.zScore[900]).not.toBe(b.zScore[900]);
  });
});

describe('Kalman-filter hedge ratio', () => {
  it('tracks a hedge ratio that shifts, and its forecast errors use only the past', () => {
    const random = createSeededRandom(7);
    const n = 1500;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    let level = 50;
    for (let t = 0; t < n; t += 1) {
      level += random.nextNormal();
      x[t] = level;
      const trueBeta = t < 750 ? 1.5 : 0.8;
      y[t] = 2 + trueBeta * level + 0.5 * random.nextNormal();
    }
    const result = unwrap(kalmanHedge(y, x, { delta: 1e-4, observationVariance: 0.25 }));
    expect(Math.abs((result.beta[740] as number) - 1.5)).toBeLessThan(0.05);
    expect(Math.abs((result.beta[n - 1] as number) - 0.8)).toBeLessThan(0.05);
    const changed = Float64Array.from(y);
    changed[1000] = (changed[1000] as number) + 10;
    const other = unwrap(kalmanHedge(changed, x, { delta: 1e-4, observationVariance: 0.25 }));
    for (let t = 0; t <= 1000; t += 1) expect(Object.is(other.forecastError[t], result.forecastError[t]) || t === 1000).toBe(true);
  });

  it('with a frozen state (δ → 0) and a diffuse start it converges to the full-sample OLS', () => {
    const full = golden.cases.find((c) => c.name === 'XOM/CVX full raw');
    if (!full) throw new Error('fixture case missing');
    const { y, x } = caseSeries(full);
    const ols = unwrap(olsWithIntercept(y, x));
    const result = unwrap(kalmanHedge(y, x, { delta: 1e-14, observationVariance: 1, initialVariance: 1e8 }));
    expect(relativeError(result.beta[y.length - 1] as number, ols.beta)).toBeLessThanOrEqual(1e-4);
  });

  it('refuses settings outside their ranges', () => {
    const v = Float64Array.of(1, 2, 3);
    expect(() => kalmanHedge(v, v, { delta: 0, observationVariance: 1 })).toThrow(RangeError);
    expect(() => kalmanHedge(v, v, { delta: 0.1, observationVariance: 0 })).toThrow(RangeError);
  });
});
