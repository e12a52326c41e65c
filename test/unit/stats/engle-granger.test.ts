import { describe, expect, it } from 'vitest';
import type { engleGranger} from '../../../src/main/stats/engle-granger';
import { engleGrangerBothWays } from '../../../src/main/stats/engle-granger';
import { olsWithIntercept } from '../../../src/main/stats/ols';
import { caseSeries, golden, P_ABSOLUTE, relativeError, STAT_RELATIVE, type GoldenCoint } from './golden-fixture';

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
    }
  });
});
