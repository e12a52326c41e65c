import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BasisAction } from '../../../../src/main/data/actions/basis-factors';
import {
  adjustedPrice,
  factorsFor,
  priceFactor,
  toBasis,
  tradedPrice,
  tradedShares,
  type DailyBar,
} from '../../../../src/main/data/actions/price-basis';
import { parseIsoDate } from '../../../../src/main/core/time/epoch-day';
import type { AdjustmentBasis } from '../../../../src/shared/domain/market-data';
import { isAppError } from '../../../../src/shared/ipc/errors';

const day = (iso: string): number => parseIsoDate(iso) ?? Number.NaN;

/** Bars with open = high = low = close, enough for the factor arithmetic. */
function flatBars(start: string, closes: readonly number[], volume = 1000): DailyBar[] {
  return closes.map((close, i) => ({ day: day(start) + i, open: close, high: close, low: close, close, volume }));
}

const closesOf = (bars: readonly DailyBar[]): number[] => bars.map((b) => b.close);

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('toBasis, worked examples', () => {
  const start = '2014-06-02';
  const split: BasisAction = { kind: 'split', day: day(start) + 2, numerator: 2, denominator: 1, source: 'imported' };

  it('divides prices before a split by its ratio and multiplies volume by it', () => {
    const raw = flatBars(start, [100, 102, 50, 51]);
    const { series, warnings } = toBasis(raw, [split], 'raw', 'split');
    expect(closesOf(series)).toEqual([50, 51, 50, 51]);
    expect(series.map((b) => b.volume)).toEqual([2000, 2000, 1000, 1000]);
    expect(warnings).toEqual([]);
    expect(closesOf(toBasis(series, [split], 'split', 'raw').series)).toEqual([100, 102, 50, 51]);
  });

  it('handles a 1:10 reverse split', () => {
    const raw = flatBars(start, [1, 1.1, 11]);
    const reverse: BasisAction = { kind: 'split', day: day(start) + 2, numerator: 1, denominator: 10 };
    const { series } = toBasis(raw, [reverse], 'raw', 'split');
    expect(closesOf(series)[0]).toBeCloseTo(10, 12);
    expect(series[0]?.volume).toBeCloseTo(100, 12);
  });

  it('scales prices before an ex-date by 1 − D / previous close', () => {
    const raw = flatBars(start, [100, 100, 99]);
    const dividend: BasisAction = { kind: 'dividend', day: day(start) + 2, cashAmount: 1 };
    const { series, warnings } = toBasis(raw, [dividend], 'raw', 'split_dividend');
    expect(closesOf(series)).toEqual([99, 99, 99]);
    expect(series.map((b) => b.volume)).toEqual([1000, 1000, 1000]);
    expect(warnings).toEqual([]);
    const back = toBasis(series, [dividend], 'split_dividend', 'raw').series;
    closesOf(back).forEach((close, i) => expect(relativeError(close, closesOf(raw)[i] ?? NaN)).toBeLessThan(1e-12));
  });

  it('measures a dividend after a later split on the split basis', () => {
    // Raw 100 → dividend 2 → 2:1 split: split basis closes 50, 49, 24.5; cash 2 / 2 = 1 per adjusted share.
    const raw = flatBars(start, [100, 98, 49]);
    const actions: BasisAction[] = [
      { kind: 'dividend', day: day(start) + 1, cashAmount: 2 },
      { kind: 'split', day: day(start) + 2, numerator: 2, denominator: 1 },
    ];
    const { series } = toBasis(raw, actions, 'raw', 'split_dividend');
    expect(closesOf(series)[0]).toBeCloseTo(50 * (1 - 1 / 50), 12);
    expect(closesOf(series)[1]).toBeCloseTo(49, 12);
  });

  it('applies a split and a dividend going ex on the same day against the pre-split close in new shares', () => {
    const raw = flatBars(start, [100, 49]);
    const actions: BasisAction[] = [
      { kind: 'split', day: day(start) + 1, numerator: 2, denominator: 1 },
      { kind: 'dividend', day: day(start) + 1, cashAmount: 1 },
    ];
    const { series } = toBasis(raw, actions, 'raw', 'split_dividend');
    // Reference: 100 / 2 = 50 per new share; F = 1 − 1/50.
    expect(closesOf(series)[0]).toBeCloseTo(50 * 0.98, 12);
  });

  it('ignores actions after the last bar unless told the source was adjusted later', () => {
    const raw = flatBars(start, [100, 101]);
    const later: BasisAction = { kind: 'split', day: day(start) + 30, numerator: 4, denominator: 1 };
    const plain = toBasis(raw, [later], 'raw', 'split');
    expect(closesOf(plain.series)).toEqual([100, 101]);
    expect(plain.warnings.map((w) => w.code)).toEqual(['actions_after_applied_through']);
    const applied = toBasis(raw, [later], 'raw', 'split', { appliedThrough: day(start) + 60 });
    expect(closesOf(applied.series)).toEqual([25, 25.25]);
  });

  it('prefers an imported split to an inferred one on the same day, and flags an inferred-only split', () => {
    const raw = flatBars(start, [100, 102, 50, 51]);
    const inferred: BasisAction = { ...split, source: 'inferred' };
    const both = toBasis(raw, [inferred, split], 'raw', 'split');
    expect(closesOf(both.series)).toEqual([50, 51, 50, 51]);
    expect(both.warnings).toEqual([]);
    const alone = toBasis(raw, [inferred], 'raw', 'split');
    expect(alone.warnings.map((w) => w.code)).toEqual(['inferred_split_used']);
  });

  it('says when a dividend basis was derived without any known dividend', () => {
    const raw = flatBars(start, [100, 102, 50, 51]);
    expect(toBasis(raw, [split], 'raw', 'split').warnings).toEqual([]);
    const { series, warnings } = toBasis(raw, [split], 'raw', 'split_dividend');
    expect(closesOf(series)).toEqual([50, 51, 50, 51]);
    expect(warnings.map((w) => w.code)).toEqual(['no_dividend_actions']);
  });

  it('warns when a dividend goes ex after the last bar with trading days in between', () => {
    const raw = flatBars(start, [100, 101]);
    const dividend: BasisAction = { kind: 'dividend', day: day(start) + 5, cashAmount: 1 };
    const { warnings } = toBasis(raw, [dividend], 'raw', 'split_dividend', { appliedThrough: day(start) + 5 });
    expect(warnings.map((w) => w.code)).toEqual(['dividend_reference_estimated']);
  });

  it('refuses a dividend at or above the prior close, duplicate actions and unordered days', () => {
    const raw = flatBars(start, [10, 9]);
    const huge: BasisAction = { kind: 'dividend', day: day(start) + 1, cashAmount: 10 };
    const error = thrown(() => toBasis(raw, [huge], 'raw', 'split_dividend'));
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(isAppError(error) && error.message).toMatch(/wrong basis/);

    const twice = thrown(() => toBasis(raw, [split, { ...split, numerator: 3 }], 'raw', 'split'));
    expect(isAppError(twice) && twice.code).toBe('VALIDATION_FAILED');

    const unordered = thrown(() => toBasis([...raw].reverse(), [], 'raw', 'split'));
    expect(isAppError(unordered) && unordered.code).toBe('VALIDATION_FAILED');

    const badRatio = thrown(() => toBasis(raw, [{ kind: 'split', day: day(start) + 1, numerator: 0, denominator: 1 }], 'raw', 'split'));
    expect(isAppError(badRatio) && badRatio.code).toBe('VALIDATION_FAILED');
  });

  it('converts columnar series the same way as bar arrays', () => {
    const raw = flatBars(start, [100, 102, 50, 51]);
    const columns = {
      days: Int32Array.from(raw.map((b) => b.day)),
      open: Float64Array.from(closesOf(raw)),
      high: Float64Array.from(closesOf(raw)),
      low: Float64Array.from(closesOf(raw)),
      close: Float64Array.from(closesOf(raw)),
      volume: Float64Array.from(raw.map((b) => b.volume)),
    };
    const { series } = toBasis(columns, [split], 'raw', 'split');
    expect([...series.close]).toEqual([50, 51, 50, 51]);
    expect([...series.volume]).toEqual([2000, 2000, 1000, 1000]);
    expect([...series.days]).toEqual([...columns.days]);
  });

  it('gives the traded price and share count of an adjusted position, preserving the notional', () => {
    const raw = flatBars(start, [700, 714, 100, 102]);
    const seven: BasisAction = { kind: 'split', day: day(start) + 2, numerator: 7, denominator: 1 };
    const adjusted = toBasis(raw, [seven], 'raw', 'split').series;
    const factors = factorsFor(adjusted, 'split', [seven]);
    const firstDay = day(start);
    expect(tradedPrice(100, firstDay, factors, 'split')).toBeCloseTo(700, 12);
    expect(tradedShares(700, firstDay, factors, 'split')).toBeCloseTo(100, 12);
    expect(adjustedPrice(700, firstDay, factors, 'split')).toBeCloseTo(100, 12);
    // Between bars and after the split the factor is a step function of the calendar day.
    expect(tradedShares(700, firstDay + 2, factors, 'split')).toBe(700);
    expect(tradedPrice(100, firstDay + 1, factors, 'raw')).toBe(100);
  });
});

interface Scenario {
  readonly raw: DailyBar[];
  readonly actions: BasisAction[];
}

const splitRatios: ReadonlyArray<readonly [number, number]> = [
  [2, 1],
  [3, 2],
  [7, 1],
  [1, 10],
  [1, 2],
  [4, 1],
];

/** S(t) over splits with ex-date after t: how a raw price maps to the split basis. */
function splitProductAfter(actions: readonly BasisAction[], t: number): number {
  let product = 1;
  for (const a of actions) if (a.kind === 'split' && a.day > t) product *= a.numerator / a.denominator;
  return product;
}

/**
 * Random raw series with gaps, random splits on random days (bar days or gaps), and
 * dividends sized as a fraction of the previous raw close expressed in post-ex-date shares,
 * so every dividend factor lies in (0, 1).
 */
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    gaps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 40 }),
    closes: fc.array(fc.double({ min: 0.5, max: 2000, noNaN: true }), { minLength: 41, maxLength: 41 }),
    volumes: fc.array(fc.integer({ min: 0, max: 5e8 }), { minLength: 41, maxLength: 41 }),
    splits: fc.uniqueArray(fc.record({ at: fc.nat(60), ratio: fc.constantFrom(...splitRatios) }), { selector: (s) => s.at, maxLength: 4 }),
    dividends: fc.uniqueArray(fc.record({ bar: fc.nat(39), offset: fc.nat(3), fraction: fc.double({ min: 1e-4, max: 0.5, noNaN: true }) }), {
      selector: (d) => `${d.bar}:${d.offset}`,
      maxLength: 6,
    }),
  })
  .map(({ gaps, closes, volumes, splits, dividends }) => {
    const days = [day('2014-01-02')];
    for (const gap of gaps) days.push((days[days.length - 1] ?? 0) + gap);
    const raw = days.map((d, i) => {
      const close = closes[i] ?? 1;
      return { day: d, open: close * 1.01, high: close * 1.02, low: close * 0.98, close, volume: volumes[i] ?? 0 };
    });
    const first = days[0] ?? 0;
    const actions: BasisAction[] = splits.map((s) => ({ kind: 'split', day: first + s.at, numerator: s.ratio[0], denominator: s.ratio[1], source: 'imported' }));
    const seen = new Set<number>();
    for (const d of dividends) {
      const reference = Math.min(d.bar, raw.length - 2);
      const next = days[reference + 1] ?? 0;
      const exDay = Math.min((days[reference] ?? 0) + 1 + d.offset, next);
      if (seen.has(exDay)) continue;
      seen.add(exDay);
      // Cash per post-ex share: the reference close in post-ex shares, times the fraction.
      const referenceDay = days[reference] ?? 0;
      const perNewShare = (raw[reference]?.close ?? 1) * (splitProductAfter(actions, exDay) / splitProductAfter(actions, referenceDay));
      actions.push({ kind: 'dividend', day: exDay, cashAmount: perNewShare * d.fraction * 0.2, source: 'imported' });
    }
    return { raw, actions };
  });

const fields = ['open', 'high', 'low', 'close', 'volume'] as const;

function expectSeriesClose(actual: readonly DailyBar[], expected: readonly DailyBar[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((bar, i) => {
    const want = expected[i];
    expect(bar.day).toBe(want?.day);
    for (const field of fields) {
      const a = bar[field];
      const b = want?.[field] ?? NaN;
      if (a === 0 && b === 0) continue;
      expect(relativeError(a, b), `${field} at index ${i}`).toBeLessThan(tolerance);
    }
  });
}

describe('toBasis properties', () => {
  const options = { numRuns: 300 };
  const bases: AdjustmentBasis[] = ['split', 'split_dividend'];

  it('round-trips raw → split → raw and raw → split_dividend → raw within 1e-9', () => {
    fc.assert(
      fc.property(scenario, ({ raw, actions }) => {
        for (const basis of bases) {
          const adjusted = toBasis(raw, actions, 'raw', basis).series;
          expectSeriesClose(toBasis(adjusted, actions, basis, 'raw').series, raw, 1e-9);
        }
        const split = toBasis(raw, actions, 'raw', 'split').series;
        const viaSplit = toBasis(split, actions, 'split', 'split_dividend').series;
        expectSeriesClose(viaSplit, toBasis(raw, actions, 'raw', 'split_dividend').series, 1e-9);
      }),
      options,
    );
  });

  it('keeps the notional: traded price × traded shares = adjusted price × adjusted shares, and traded price = raw', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 1, max: 1e6, noNaN: true }), ({ raw, actions }, shares) => {
        for (const basis of bases) {
          const adjusted = toBasis(raw, actions, 'raw', basis).series;
          const factors = factorsFor(adjusted, basis, actions);
          adjusted.forEach((bar, i) => {
            const price = tradedPrice(bar.close, bar.day, factors, basis);
            expect(relativeError(price, raw[i]?.close ?? NaN)).toBeLessThan(1e-9);
            const notional = price * tradedShares(shares, bar.day, factors, basis);
            expect(relativeError(notional, bar.close * shares)).toBeLessThan(1e-9);
          });
        }
      }),
      options,
    );
  });

  it('derives the same factors from any basis of the same series', () => {
    fc.assert(
      fc.property(scenario, ({ raw, actions }) => {
        const fromRaw = factorsFor(raw, 'raw', actions);
        for (const basis of bases) {
          const fromAdjusted = factorsFor(toBasis(raw, actions, 'raw', basis).series, basis, actions);
          for (const bar of raw) {
            expect(relativeError(priceFactor(fromAdjusted, bar.day, basis), priceFactor(fromRaw, bar.day, basis))).toBeLessThan(1e-9);
          }
        }
      }),
      options,
    );
  });

  it('leaves bars on or after the last action untouched, and keeps OHLC ordering', () => {
    fc.assert(
      fc.property(scenario, ({ raw, actions }) => {
        const last = Math.max(...actions.map((a) => a.day), -Infinity);
        const adjusted = toBasis(raw, actions, 'raw', 'split_dividend').series;
        adjusted.forEach((bar, i) => {
          if (bar.day >= last) expect(bar).toEqual(raw[i]);
          expect(bar.low).toBeLessThanOrEqual(bar.close);
          expect(bar.close).toBeLessThanOrEqual(bar.high);
        });
      }),
      options,
    );
  });
});
