import { describe, expect, it } from 'vitest';
import { correlationCheck } from '../../../src/main/risk/core/checks/correlation.check';
import { input } from './pre-trade-fixture';

const n = 60;
/** +1%, −1%, +1% … */
const alternating = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.01 : -0.01));
/** +1%, +1%, −1%, −1% …: uncorrelated with `alternating` over any multiple of 4 days. */
const paired = Float64Array.from({ length: n }, (_, i) => (i % 4 < 2 ? 0.01 : -0.01));

function evaluate(candidate: Float64Array, openPairs: Map<string, Float64Array>, limits: { maxPortfolioVolatility?: number; maxPairCorrelation?: number } = {}) {
  return [...correlationCheck.evaluate(input({}, { returns: { candidate, openPairs } }, { limits: { correlationLookbackDays: n, ...limits } }))];
}

describe('correlation limit (audit 5.1)', () => {
  it('refuses a pair that mirrors an open one, even though it would cut the book volatility to zero', () => {
    const mirror = alternating.map((value) => -value);
    const [volatility, correlation] = evaluate(alternating, new Map([['XOM/CVX', mirror]]));
    expect(volatility).toMatchObject({ name: 'portfolio_volatility', passed: true, value: 0 });
    expect(correlation).toMatchObject({ name: 'pair_correlation', passed: false, limit: 0.8 });
    expect(correlation?.value).toBeCloseTo(1, 12);
    expect(correlation?.message).toBe('KO/PEP correlates -1.000 with open pair XOM/CVX vs limit 0.8');
  });

  it('refuses an uncorrelated pair when the book volatility with it exceeds the limit, with the numbers', () => {
    // Book daily returns 2%, 0, 0, −2% repeating: sample variance (15 × 2 × 0.0004) / 59, × 252 a year.
    const expected = Math.sqrt(((15 * 2 * 0.0004) / 59) * 252);
    const refused = evaluate(alternating, new Map([['XOM/CVX', paired]]), { maxPortfolioVolatility: 0.2 });
    expect(refused[0]?.passed).toBe(false);
    expect(refused[0]?.value).toBeCloseTo(expected, 12);
    expect(refused[1]).toMatchObject({ name: 'pair_correlation', passed: true });
    expect(refused[1]?.value).toBeCloseTo(0, 12);
    expect(evaluate(alternating, new Map([['XOM/CVX', paired]]), { maxPortfolioVolatility: 0.25 })[0]?.passed).toBe(true);
  });

  it('fails closed without return history or with too little of it', () => {
    expect([...correlationCheck.evaluate(input())][0]).toMatchObject({ passed: false, message: 'no return history for KO/PEP and the open pairs: failing closed' });
    expect(evaluate(alternating.subarray(0, 10), new Map())[0]).toMatchObject({ passed: false, value: 10, limit: 20 });
  });
});
