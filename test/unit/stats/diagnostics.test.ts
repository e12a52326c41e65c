import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { returnCorrelation } from '../../../src/main/stats/correlation';
import { halfLife } from '../../../src/main/stats/half-life';
import { hurstExponent } from '../../../src/main/stats/hurst';
import { benjaminiHochberg, bonferroni, countSignificant } from '../../../src/main/stats/multiple-testing';
import { olsWithIntercept } from '../../../src/main/stats/ols';
import { caseSeries, golden, relativeError, toNumber } from './golden-fixture';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.reason));
  return result.value;
}

describe('half-life against statsmodels OLS of Δs on s_{t−1}', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const { y, x } = caseSeries(testCase);
    const spread = unwrap(olsWithIntercept(y, x)).residuals;
    const result = unwrap(halfLife(spread));
    expect(relativeError(result.b, testCase.halfLife.b)).toBeLessThanOrEqual(1e-8);
    // a is ~0 (the spread is a residual), so compare it on the scale of the spread's changes.
    expect(Math.abs(result.a - testCase.halfLife.a)).toBeLessThanOrEqual(1e-10);
    const expected = toNumber(testCase.halfLife.halfLife);
    if (Number.isFinite(expected)) expect(relativeError(result.halfLife, expected)).toBeLessThanOrEqual(1e-8);
    else expect(result.halfLife).toBe(Number.POSITIVE_INFINITY);
  });

  it('is infinite for a spread that drifts away (b ≥ 0)', () => {
    const spread = Float64Array.from({ length: 50 }, (_, t) => 1.05 ** t);
    expect(unwrap(halfLife(spread)).halfLife).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Hurst exponent (lag-variance estimator, lags 2–99)', () => {
  it.each(golden.cases.filter((c) => c.hurst !== undefined).map((c) => [c.name, c] as const))('%s matches the numpy estimator', (_name, testCase) => {
    expect(relativeError(unwrap(hurstExponent(caseSeries(testCase).y)), testCase.hurst as number)).toBeLessThanOrEqual(1e-9);
  });

  const steps = 1259;
  function simulate(seed: number, next: (previous: number, shock: number, t: number) => number): Float64Array {
    const random = createSeededRandom(seed);
    const out = new Float64Array(steps);
    for (let t = 1; t < steps; t += 1) out[t] = next(out[t - 1] as number, random.nextNormal(), t);
    return out;
  }

  it('random walks average within [0.45, 0.55]', () => {
    const values = Array.from({ length: 40 }, (_, seed) => unwrap(hurstExponent(simulate(1000 + seed, (p, e) => p + e))));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThanOrEqual(0.45);
    expect(mean).toBeLessThanOrEqual(0.55);
  });

  it('an AR(1) with φ = 0.5 is below 0.35', () => {
    for (let seed = 0; seed < 10; seed += 1) expect(unwrap(hurstExponent(simulate(2000 + seed, (p, e) => 0.5 * p + e)))).toBeLessThan(0.35);
  });

  it('a trending series is above 0.5', () => {
    // Trending = persistent increments (Δx_t = 0.8·Δx_{t−1} + ε): moves tend to continue, so
    // the spread of τ-step changes grows faster than √τ. (A constant drift alone would not do:
    // the estimator's standard deviation removes the mean change.)
    for (let seed = 0; seed < 10; seed += 1) {
      let increment = 0;
      const series = simulate(3000 + seed, (p, e) => {
        increment = 0.8 * increment + e;
        return p + increment;
      });
      expect(unwrap(hurstExponent(series))).toBeGreaterThan(0.5);
    }
  });
});

describe('return correlation', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s matches numpy corrcoef of log returns', (_name, testCase) => {
    const value = unwrap(returnCorrelation(Float64Array.from(testCase.yCloses), Float64Array.from(testCase.xCloses)));
    expect(relativeError(value, testCase.returnCorrelation)).toBeLessThanOrEqual(1e-10);
  });
});

describe('multiple testing against statsmodels multipletests', () => {
  const expected = golden.multipleTesting;
  const p = Float64Array.from(expected.pvalues);
  it('Benjamini-Hochberg q-values and rejections', () => {
    const q = benjaminiHochberg(p);
    expected.bh.forEach((value, index) => expect(Math.abs((q[index] as number) - value)).toBeLessThanOrEqual(1e-12));
    expected.bhReject.forEach((reject, index) => expect((q[index] as number) <= 0.05).toBe(reject));
    expect(countSignificant(q, 0.05)).toBe(expected.bhReject.filter(Boolean).length);
  });
  it('Bonferroni', () => {
    const adjusted = bonferroni(p);
    expected.bonferroni.forEach((value, index) => expect(Math.abs((adjusted[index] as number) - value)).toBeLessThanOrEqual(1e-12));
    expected.bonferroniReject.forEach((reject, index) => expect((adjusted[index] as number) <= 0.05).toBe(reject));
  });
  it('refuses a p-value outside [0, 1]', () => {
    expect(() => benjaminiHochberg(Float64Array.of(0.1, Number.NaN))).toThrow(RangeError);
  });
});
