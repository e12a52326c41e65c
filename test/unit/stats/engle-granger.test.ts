import { describe, expect, it } from 'vitest';
import { createEngleGrangerCore, createEngleGrangerWorkspace, engleGrangerBothWays, engleGrangerInto, engleGrangerPairInto, type engleGranger } from '../../../src/main/stats/engle-granger';
import { olsWithIntercept } from '../../../src/main/stats/ols';
import { caseSeries, golden, P_ABSOLUTE, relativeError, STAT_RELATIVE, toNumber, type GoldenCoint } from './golden-fixture';

function expectCoint(actual: ReturnType<typeof engleGranger>, expected: GoldenCoint, label: string): void {
  if (!actual.ok) throw new Error(`${label}: ${JSON.stringify(actual.reason)}`);
  expect(actual.value.usedLag, label).toBe(expected.usedlag);
  expect(actual.value.adfNobs, label).toBe(expected.nobs);
  expect(relativeError(actual.value.statistic, expected.stat), label).toBeLessThanOrEqual(STAT_RELATIVE);
  expect(Math.abs(actual.value.pValue - expected.pvalue), label).toBeLessThanOrEqual(P_ABSOLUTE);
  const crit = actual.value.criticalValues;
  [crit['1%'], crit['5%'], crit['10%']].forEach((value, index) => expect(relativeError(value, expected.crit[index] as number), label).toBeLessThanOrEqual(1e-12));
}

describe('OLS with intercept against statsmodels', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const { y, x } = caseSeries(testCase);
    const result = olsWithIntercept(y, x);
    if (!result.ok) throw new Error(JSON.stringify(result.reason));
    const expected = testCase.ols;
    expect(relativeError(result.value.beta, expected.beta)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(result.value.alpha, expected.alpha)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(result.value.seBeta, expected.seBeta)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(result.value.seAlpha, expected.seAlpha)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(result.value.rSquared, expected.rSquared)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(result.value.ssr, expected.ssr)).toBeLessThanOrEqual(1e-9);
    const n = result.value.residuals.length;
    expected.residHead.forEach((value, index) => expect(Math.abs((result.value.residuals[index] as number) - value)).toBeLessThanOrEqual(1e-9 * Math.sqrt(expected.ssr)));
    expected.residTail.forEach((value, index) => expect(Math.abs((result.value.residuals[n - 5 + index] as number) - value)).toBeLessThanOrEqual(1e-9 * Math.sqrt(expected.ssr)));
  });
});

describe('Engle-Granger against statsmodels coint(trend="c", autolag="aic")', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s, both directions', (_name, testCase) => {
    const { y, x } = caseSeries(testCase);
    const both = engleGrangerBothWays(y, x);
    expectCoint(both.yOnX, testCase.cointYX, `${testCase.name} y on x`);
    expectCoint(both.xOnY, testCase.cointXY, `${testCase.name} x on y`);
    if (both.yOnX.ok) {
      expect(relativeError(both.yOnX.value.beta, testCase.ols.beta)).toBeLessThanOrEqual(1e-9);
      expect(relativeError(both.yOnX.value.alpha, testCase.ols.alpha)).toBeLessThanOrEqual(1e-9);
      const halfLife = toNumber(testCase.halfLife.halfLife);
      if (Number.isFinite(halfLife)) expect(relativeError(both.yOnX.value.halfLife, halfLife)).toBeLessThanOrEqual(1e-8);
      else expect(both.yOnX.value.halfLife).toBe(Number.POSITIVE_INFINITY);
    }
  });
});

describe('engleGrangerPairInto (both directions in one call)', () => {
  it('gives exactly the two single-direction results', () => {
    const testCase = golden.cases.find((c) => c.name === 'XOM/CVX full log');
    if (!testCase) throw new Error('fixture case missing');
    const { y, x } = caseSeries(testCase);
    const ws = createEngleGrangerWorkspace(y.length);
    const aOnB = createEngleGrangerCore();
    const bOnA = createEngleGrangerCore();
    expect(engleGrangerPairInto(ws, y, x, y.length, aOnB, bOnA)).toBe(2);
    expect(aOnB.failure).toBeNull();
    expect(bOnA.failure).toBeNull();
    const single = createEngleGrangerCore();
    expect(engleGrangerInto(ws, y, x, y.length, single)).toBeNull();
    expect(aOnB).toEqual(single);
    expect(engleGrangerInto(ws, x, y, y.length, single)).toBeNull();
    expect(bOnA).toEqual(single);
    expect(relativeError(bOnA.statistic, testCase.cointXY.stat)).toBeLessThanOrEqual(STAT_RELATIVE);
  });

  it('names the constant series from each direction', () => {
    const ws = createEngleGrangerWorkspace(100);
    const flat = new Float64Array(100).fill(1);
    const ramp = Float64Array.from({ length: 100 }, (_, t) => Math.sin(t));
    const aOnB = createEngleGrangerCore();
    const bOnA = createEngleGrangerCore();
    expect(engleGrangerPairInto(ws, flat, ramp, 100, aOnB, bOnA)).toBe(0);
    expect(aOnB.failure).toEqual({ kind: 'constant-series', series: 'y' });
    expect(bOnA.failure).toEqual({ kind: 'constant-series', series: 'x' });
  });
});

describe('Engle-Granger on every ordered pair of the ten golden symbols (log and raw)', () => {
  const { closes, results } = golden.crossPairs;
  it(`matches statsmodels coint on all ${results.length} ordered tests`, () => {
    expect(results.length).toBe(180);
    const ws = createEngleGrangerWorkspace(closes['KO']?.length ?? 0);
    const series = (symbol: string, transform: 'log' | 'raw') => Float64Array.from(closes[symbol] ?? [], transform === 'log' ? Math.log : (v: number) => v);
    for (const expected of results) {
      const out = createEngleGrangerCore();
      const y = series(expected.y, expected.transform);
      const failure = engleGrangerInto(ws, y, series(expected.x, expected.transform), y.length, out);
      const label = `${expected.y}/${expected.x} ${expected.transform}`;
      expect(failure, label).toBeNull();
      expect(out.usedLag, label).toBe(expected.usedlag);
      expect(relativeError(out.statistic, expected.stat), label).toBeLessThanOrEqual(STAT_RELATIVE);
      expect(Math.abs(out.pValue - expected.pvalue), label).toBeLessThanOrEqual(P_ABSOLUTE);
    }
  });
});
