import { describe, expect, it } from 'vitest';
import { BacktestRiskCheck, defaultRiskLimits, drawdownBreached, drawdownOf, type RiskRequest } from '../../../src/main/engine/risk-check';

const base: RiskRequest = {
  pairId: 'KO/PEP',
  intent: 'open',
  legs: [
    { symbol: 'KO', signedNotional: 10_000 },
    { symbol: 'PEP', signedNotional: -10_000 },
  ],
  equity: 100_000,
  peakEquity: 100_000,
  openPairs: 0,
  exposures: new Map(),
};
const check = new BacktestRiskCheck({ maxOpenPairs: 2, maxGrossExposure: 1, maxNetExposure: 0.1, maxSymbolExposure: 0.15, maxDrawdown: 0.2 });

function failed(request: RiskRequest): string[] {
  return check.check(request).checks.filter((c) => !c.passed).map((c) => c.name);
}

describe('backtest risk check', () => {
  it('allows an order inside every limit and reports each check with its numbers', () => {
    const decision = check.check(base);
    expect(decision.allowed).toBe(true);
    const gross = decision.checks.find((c) => c.name === 'gross_exposure');
    expect(gross).toMatchObject({ passed: true, value: 0.2, limit: 1 }); // (10 000 + 10 000) / 100 000
  });

  it('denies beyond max open pairs', () => {
    expect(failed({ ...base, openPairs: 2 })).toEqual(['max_open_pairs']);
  });

  it('denies beyond gross exposure', () => {
    // existing 45 000 long AAA and 45 000 short BBB: gross after = 110 000 → 1.1× > 1×
    expect(failed({ ...base, exposures: new Map([['AAA', 45_000], ['BBB', -45_000]]) })).toEqual(['gross_exposure']);
  });

  it('denies beyond net exposure', () => {
    const request = { ...base, legs: [{ symbol: 'KO', signedNotional: 12_000 }, { symbol: 'PEP', signedNotional: -1_000 }] };
    const decision = check.check(request);
    expect(decision.allowed).toBe(false);
    expect(decision.checks.find((c) => c.name === 'net_exposure')).toMatchObject({ passed: false, value: 0.11 });
  });

  it('sums a symbol across overlapping pairs', () => {
    // KO already 6 000 long from another pair: 16 000 / 100 000 = 0.16 > 0.15
    expect(failed({ ...base, exposures: new Map([['KO', 6_000]]) })).toEqual(['symbol_exposure:KO']);
  });

  it('denies opening orders past the drawdown limit and says to flatten', () => {
    expect(failed({ ...base, equity: 79_000, peakEquity: 100_000 })).toContain('drawdown');
    expect(drawdownBreached(79_000, 100_000, { ...defaultRiskLimits, maxDrawdown: 0.2 })).toBe(true);
    expect(drawdownBreached(81_000, 100_000, { ...defaultRiskLimits, maxDrawdown: 0.2 })).toBe(false);
    expect(drawdownOf(undefined, 100)).toBe(1);
  });

  it('fails closed when equity is ≤ 0, NaN or missing (audit 5.1)', () => {
    for (const equity of [0, -5, Number.NaN, undefined, Number.POSITIVE_INFINITY]) {
      const decision = check.check({ ...base, equity });
      expect(decision.allowed).toBe(false);
      expect(decision.checks[0]).toMatchObject({ name: 'equity', passed: false });
    }
  });

  it('never throws: an internal error becomes a deny', () => {
    const decision = check.check({ ...base, legs: [{ symbol: 'KO', signedNotional: Number.NaN }] });
    expect(decision.allowed).toBe(false);
    expect(decision.checks[0]?.name).toBe('internal');
    const broken: RiskRequest = Object.defineProperty({ ...base }, 'exposures', {
      get() {
        throw new Error('exposure feed down');
      },
    });
    const denied = check.check(broken);
    expect(denied.allowed).toBe(false);
    expect(denied.checks[0]?.message).toContain('exposure feed down');
  });

  it('lets closing orders through even when the account is in trouble', () => {
    expect(check.check({ ...base, intent: 'close', equity: -1 }).allowed).toBe(true);
  });
});
