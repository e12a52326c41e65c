import { describe, expect, it } from 'vitest';
import { adfuller } from '../../../src/main/stats/adf';
import { mackinnonCrit } from '../../../src/main/stats/mackinnon-crit';
import { mackinnonP } from '../../../src/main/stats/mackinnon-p';
import { caseSeries, golden, P_ABSOLUTE, relativeError, STAT_RELATIVE } from './golden-fixture';

const autolagOf = { AIC: 'aic', BIC: 'bic', 't-stat': 't-stat' } as const;

describe('mackinnonP and mackinnonCrit against statsmodels 0.13.5', () => {
  it('p-values agree over the whole tau range for every regression and N = 1..6', () => {
    let checked = 0;
    for (const row of golden.mackinnon.pvalues) {
      row.stats.forEach((stat, index) => {
        expect(Math.abs(mackinnonP(stat, row.regression, row.N) - (row.pvalues[index] as number))).toBeLessThanOrEqual(1e-12);
        checked += 1;
      });
    }
    expect(checked).toBe(4 * 6 * 18);
  });

  it('critical values agree for every N, regression and sample size', () => {
    for (const row of golden.mackinnon.crit) {
      const crit = mackinnonCrit(row.N, row.regression, row.nobs === 'inf' ? Number.POSITIVE_INFINITY : row.nobs);
      [crit['1%'], crit['5%'], crit['10%']].forEach((value, index) => expect(relativeError(value, row.crit[index] as number)).toBeLessThanOrEqual(1e-14));
    }
  });

  it('refuses an N without published coefficients', () => {
    expect(() => mackinnonCrit(2, 'n', 100)).toThrow(RangeError);
    expect(() => mackinnonP(-3, 'c', 7)).toThrow(RangeError);
  });
});

describe('adfuller against statsmodels 0.13.5 on real closes', () => {
  const cases = golden.cases.filter((c) => c.adf);
  it.each(cases.map((c) => [c.name, c] as const))('%s: n/c/ct × AIC/BIC/t-stat', (_name, testCase) => {
    const { y } = caseSeries(testCase);
    for (const expected of testCase.adf ?? []) {
      const result = adfuller(y, { regression: expected.regression, autolag: autolagOf[expected.autolag] });
      if (!result.ok) throw new Error(`${testCase.name} ${expected.regression}/${expected.autolag}: ${JSON.stringify(result.reason)}`);
      const label = `${testCase.name} ${expected.regression}/${expected.autolag}`;
      expect(result.value.usedLag, label).toBe(expected.usedlag);
      expect(result.value.nobs, label).toBe(expected.nobs);
      expect(relativeError(result.value.statistic, expected.stat), label).toBeLessThanOrEqual(STAT_RELATIVE);
      expect(Math.abs(result.value.pValue - expected.pvalue), label).toBeLessThanOrEqual(P_ABSOLUTE);
      expect(relativeError(result.value.icBest ?? Number.NaN, expected.icbest), label).toBeLessThanOrEqual(STAT_RELATIVE);
      for (const level of ['1%', '5%', '10%'] as const) expect(relativeError(result.value.criticalValues[level], expected.crit[level]), label).toBeLessThanOrEqual(1e-12);
    }
  });
});
