import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OhlcvColumns } from '../../../../src/main/core/market/series';
import { parseIsoDate } from '../../../../src/main/core/time/epoch-day';
import { compareWithOtherSources } from '../../../../src/main/data/import/source-conflicts';
import { missingTradingDays } from '../../../../src/main/data/validation/series-validator';
import { loadBars } from '../bar-loading';

const FIXTURES = path.resolve('test', 'fixtures', 'data');

/** Real DHR bars as columns, with OHLC scaled by `factor(i)`. */
async function dhr(factor: (i: number) => number = () => 1): Promise<OhlcvColumns> {
  const bars = await loadBars(path.join(FIXTURES, 'DHR.csv'));
  const pick = (f: (b: (typeof bars)[number], i: number) => number): Float64Array => Float64Array.from(bars, f);
  return {
    days: Int32Array.from(bars, (b) => b.day),
    open: pick((b, i) => b.open * factor(i)),
    high: pick((b, i) => b.high * factor(i)),
    low: pick((b, i) => b.low * factor(i)),
    close: pick((b, i) => b.close * factor(i)),
    volume: pick((b) => b.volume),
  };
}

const base = { otherSource: () => true, tolerance: 0.005, splitRatioTolerance: 0.04 };

describe('compareWithOtherSources', () => {
  it('agrees when every price is within the tolerance, and ignores bars of the same source', async () => {
    const stored = await dhr();
    expect(compareWithOtherSources({ ...base, stored, incoming: await dhr(() => 1.004) })).toMatchObject({ differingDays: 0, classification: null, overlapDays: 11 });
    expect(compareWithOtherSources({ ...base, otherSource: () => false, stored, incoming: await dhr(() => 2) })).toMatchObject({ differingDays: 0, overlapDays: 0 });
  });

  it('calls a constant ×3 on the first days up to a date, agreeing after, a basis or split mismatch', async () => {
    const verdict = compareWithOtherSources({ ...base, stored: await dhr(), incoming: await dhr((i) => (i < 6 ? 3 : 1)) });
    expect(verdict).toMatchObject({ classification: 'basis_mismatch', differingDays: 6, overlapDays: 11 });
    expect(verdict.factor).toBeCloseTo(3, 9);
    expect(Array.from(verdict.differs)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('calls a uniform ×0.5 corrupt rows, unless a known split explains it', async () => {
    const stored = await dhr();
    const incoming = await dhr(() => 0.5);
    expect(compareWithOtherSources({ ...base, stored, incoming })).toMatchObject({ classification: 'corrupt_rows', factor: 0.5 });
    const withSplit = compareWithOtherSources({ ...base, stored, incoming, knownSplitFactor: () => 2 });
    expect(withSplit).toMatchObject({ classification: 'basis_mismatch', factor: 0.5 });
    expect(withSplit.detail).toMatch(/a split known for the symbol/);
  });

  it('calls scattered or unequal differences corrupt rows, with no factor when there is none', async () => {
    const scattered = compareWithOtherSources({ ...base, stored: await dhr(), incoming: await dhr((i) => (i % 2 === 1 ? 2 : 1)) });
    expect(scattered).toMatchObject({ classification: 'corrupt_rows', factor: 2, differingDays: 5 });
    const mixed = compareWithOtherSources({ ...base, stored: await dhr(), incoming: await dhr((i) => (i === 0 ? 2 : i === 1 ? 3 : 1)) });
    expect(mixed).toMatchObject({ classification: 'corrupt_rows', factor: null, differingDays: 2 });
    expect(mixed.detail).toMatch(/no single factor/);
  });
});

describe('missingTradingDays within a span', () => {
  it('reports only the gaps that touch the span an import brought', () => {
    const day = (iso: string): number => parseIsoDate(iso) ?? 0;
    // Stored Jan 2-3 and Jan 10, imported Jan 16-17: gaps Jan 4-9 (before the span) and
    // Jan 11-12 (touching it; the 13th-14th are a weekend and the 15th is Martin Luther King Day).
    const merged = [day('2018-01-02'), day('2018-01-03'), day('2018-01-10'), day('2018-01-16'), day('2018-01-17')];
    const all = missingTradingDays('KO', merged);
    const within = missingTradingDays('KO', merged, { within: { from: day('2018-01-16'), to: day('2018-01-17') } });
    expect(all).toHaveLength(2);
    expect(within.map((issue) => issue.detail)).toEqual(['no bars for 2 trading days 2018-01-11 to 2018-01-12 (between 2018-01-10 and 2018-01-16)']);
  });
});
