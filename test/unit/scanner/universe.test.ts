import { describe, expect, it } from 'vitest';
import { sameSector, selectUniverse, type UniverseCandidate } from '../../../src/main/scanner/core/universe';

const days = Int32Array.from({ length: 5 }, (_, i) => 16_000 + i);

function candidate(symbol: string, overrides: Partial<UniverseCandidate> = {}): UniverseCandidate {
  return {
    symbol,
    sector: 'Energy',
    closes: Float64Array.from([10, 11, 12, 11, 10]),
    volumes: Float64Array.from([1e6, 1e6, 1e6, 1e6, 1e6]),
    historyDays: 300,
    errorIssues: 0,
    openConflicts: 0,
    ...overrides,
  };
}

describe('selectUniverse', () => {
  it('keeps clean symbols in order and names every exclusion with its reason', () => {
    const result = selectUniverse(
      [
        candidate('XOM'),
        candidate('GAP', { closes: Float64Array.from([10, Number.NaN, 12, 11, 10]) }),
        candidate('NEW', { historyDays: 4 }),
        candidate('THIN', { volumes: Float64Array.from([10, 10, 10, 10, 10]) }),
        candidate('PENNY', { closes: Float64Array.from([0.9, 1, 1, 1, 1]), volumes: new Float64Array(5).fill(1e8) }),
        candidate('BAD', { errorIssues: 2 }),
        candidate('HELD', { openConflicts: 3 }),
        candidate('CVX'),
      ],
      { formationDays: days, filters: { minHistoryDays: 250, minAvgDollarVolume: 1e6, priceFloor: 5 } },
    );
    expect(result.symbols).toEqual(['XOM', 'CVX']);
    expect(result.excluded.map((e) => `${e.symbol}:${e.reason}`)).toEqual([
      'GAP:missing_closes',
      'NEW:short_history',
      'THIN:low_dollar_volume',
      'PENNY:below_price_floor',
      'BAD:data_errors',
      'HELD:source_conflicts',
    ]);
    expect(result.excluded[0]?.detail).toBe('no close on 1 of the 5 formation days');
    expect(result.overridden).toEqual([]);
  });

  it('lets data-quality exclusions through for one run when overridden, and records them', () => {
    const result = selectUniverse([candidate('BAD', { errorIssues: 1 }), candidate('GAP', { closes: new Float64Array(5).fill(Number.NaN) })], {
      formationDays: days,
      overrideQualityGate: true,
    });
    expect(result.symbols).toEqual(['BAD']);
    expect(result.overridden.map((e) => e.reason)).toEqual(['data_errors']);
    expect(result.excluded.map((e) => e.reason)).toEqual(['missing_closes']);
  });

  it('an empty formation window includes nothing', () => {
    expect(selectUniverse([candidate('XOM')], { formationDays: new Int32Array(0) }).symbols).toEqual([]);
  });

  it('pairs only within a known sector when asked', () => {
    const sectors = new Map<string, string | null>([['XOM', 'Energy'], ['CVX', 'Energy'], ['KO', 'Consumer Staples'], ['ZZZ', null]]);
    expect(sameSector(sectors, 'XOM', 'CVX')).toBe(true);
    expect(sameSector(sectors, 'XOM', 'KO')).toBe(false);
    expect(sameSector(sectors, 'ZZZ', 'ZZZ')).toBe(false);
  });
});
