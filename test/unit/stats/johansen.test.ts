import { describe, expect, it } from 'vitest';
import { johansen } from '../../../src/main/stats/johansen';
import { caseSeries, golden, relativeError, STAT_RELATIVE } from './golden-fixture';

describe('Johansen against statsmodels coint_johansen', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const { y, x } = caseSeries(testCase);
    for (const expected of testCase.johansen) {
      const label = `${testCase.name} det_order=${expected.detOrder} k_ar_diff=${expected.kArDiff}`;
      const result = johansen([y, x], expected.detOrder, expected.kArDiff);
      if (!result.ok) throw new Error(`${label}: ${JSON.stringify(result.reason)}`);
      const r = result.value;
      expect(r.nobs, label).toBe(expected.nobs);
      for (let i = 0; i < 2; i += 1) {
        expect(relativeError(r.traceStatistic[i] as number, expected.traceStat[i] as number), label).toBeLessThanOrEqual(STAT_RELATIVE);
        expect(relativeError(r.maxEigenStatistic[i] as number, expected.maxEigStat[i] as number), label).toBeLessThanOrEqual(STAT_RELATIVE);
        expect(relativeError(r.eigenvalues[i] as number, expected.eig[i] as number), label).toBeLessThanOrEqual(STAT_RELATIVE);
        expect(r.traceCritical[i]).toEqual(expected.traceCrit[i]);
        expect(r.maxEigenCritical[i]).toEqual(expected.maxEigCrit[i]);
      }
      // Column 0 matches exactly (statsmodels makes its first entry positive); column 1's
      // sign in statsmodels is LAPACK's choice, so it is compared up to sign.
      for (let j = 0; j < 2; j += 1) {
        const sign = j === 0 ? 1 : Math.sign(r.eigenvectors[j] as number) * Math.sign(expected.evec[0]?.[j] as number);
        for (let i = 0; i < 2; i += 1) {
          const want = expected.evec[i]?.[j] as number;
          const scale = Math.max(Math.abs(expected.evec[0]?.[j] as number), Math.abs(expected.evec[1]?.[j] as number));
          expect(Math.abs(sign * (r.eigenvectors[i * 2 + j] as number) - want) / scale, `${label} evec[${i}][${j}]`).toBeLessThanOrEqual(1e-6);
        }
      }
    }
  });
});
