import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BasisAction } from '../../../../src/main/data/actions/basis-factors';
import { parseActionsFile } from '../../../../src/main/data/actions/parse-actions';
import { factorsFor, toBasis, tradedPrice, tradedShares } from '../../../../src/main/data/actions/price-basis';
import type { ParsedBar } from '../../../../src/main/data/core/pipeline-types';
import { sp500PricesDir } from '../../../helpers/sp500';
import { AAPL_CSV, day, loadBars } from '../bar-loading';

/**
 * Against the vendored S&P 500 set, which is split-adjusted (AAPL's 7:1 of 2014-06-09 is
 * applied backwards) except where the source missed a split (DISCA/DISCK's 2:1 of 2014-08-07
 * is left unadjusted, so the file jumps from ~83 to ~41).
 */

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/data/actions');
const PRICES = sp500PricesDir();

function logReturns(bars: readonly { readonly close: number }[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < bars.length; i++) out.push(Math.log((bars[i]?.close ?? NaN) / (bars[i - 1]?.close ?? NaN)));
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function importedActions(file: string, symbol: string): Promise<BasisAction[]> {
  const parsed = await parseActionsFile(file, { policy: 'strict' });
  return parsed.actions.filter((a) => a.symbol === symbol).map((a) => ({ ...a.action, source: 'imported' }));
}

describe('price basis on the real AAPL series', () => {
  it('recovers the raw 2013-02-08 close from the split-adjusted file and an imported 7:1 split', async () => {
    const bars = await loadBars(AAPL_CSV);
    const splits = (await importedActions(path.join(FIXTURES, 'actions-long.csv'), 'AAPL')).filter((a) => a.kind === 'split');
    expect(splits).toEqual([{ kind: 'split', day: day('2014-06-09'), numerator: 7, denominator: 1, source: 'imported' }]);

    const { series: raw, warnings } = toBasis(bars, splits, 'split', 'raw');
    expect(warnings).toEqual([]);
    const first = raw[0];
    expect(first?.day).toBe(day('2013-02-08'));
    expect(Math.abs((first?.close ?? NaN) / (67.8542 * 7) - 1)).toBeLessThan(1e-9);
    expect(first?.close).toBeCloseTo(474.98, 2);

    const exDay = day('2014-06-09');
    bars.forEach((bar: ParsedBar, i) => {
      const converted = raw[i];
      if (bar.day >= exDay) {
        expect(converted).toEqual(bar);
      } else {
        expect(Math.abs((converted?.close ?? NaN) / (bar.close * 7) - 1)).toBeLessThan(1e-12);
        expect(Math.abs((converted?.volume ?? NaN) / (bar.volume / 7) - 1)).toBeLessThan(1e-12);
      }
    });
    // The raw series shows the split as the ~86% drop AAPL really printed.
    const exIndex = raw.findIndex((b) => b.day === exDay);
    expect((raw[exIndex]?.close ?? NaN) / (raw[exIndex - 1]?.close ?? NaN)).toBeCloseTo(93.7 / (92.2242 * 7), 9);
  });

  it('reports the traded price and share count of a 2013 position sized on adjusted prices', async () => {
    const bars = await loadBars(AAPL_CSV);
    const splits = (await importedActions(path.join(FIXTURES, 'AAPL_splits.csv'), 'AAPL'));
    // The file also lists 2020's 4:1, after the data ends: not applied, and said so.
    const factors = factorsFor(bars, 'split', splits);
    expect(factors.warnings.map((w) => w.code)).toContain('actions_after_applied_through');
    const firstDay = day('2013-02-08');
    expect(tradedPrice(67.8542, firstDay, factors, 'split')).toBeCloseTo(474.9794, 9);
    expect(tradedShares(700, firstDay, factors, 'split')).toBeCloseTo(100, 12);
  });
});

describe('an unadjusted split in the shared data (DISCA, DISCK 2:1 on 2014-08-07)', () => {
  it.each(['DISCA', 'DISCK'])('%s: importing the split as an action yields a split-adjusted series with no jump', async (symbol) => {
    const bars = await loadBars(path.join(PRICES, `${symbol}.csv`));
    const exDay = day('2014-08-07');
    const exIndex = bars.findIndex((b) => b.day === exDay);
    expect(exIndex).toBeGreaterThan(0);
    const jump = Math.log((bars[exIndex]?.close ?? NaN) / (bars[exIndex - 1]?.close ?? NaN));
    expect(jump).toBeLessThan(-0.6);

    // The file is raw with respect to this split (and, 2013–2018, it had no other), so
    // converting raw → split with the actual action fixes it.
    const split: BasisAction = { kind: 'split', day: exDay, numerator: 2, denominator: 1, source: 'imported' };
    const { series, warnings } = toBasis(bars, [split], 'raw', 'split');
    expect(warnings).toEqual([]);
    const returns = logReturns(series);
    const across = Math.abs(returns[exIndex - 1] ?? NaN);
    const typical = median(returns.map(Math.abs));
    expect(across).toBeLessThan(0.05);
    expect(across).toBeLessThan(6 * typical);
    // And the largest absolute move of the corrected series is no longer the ex-date.
    const largest = returns.reduce((best, r, i) => (Math.abs(r) > Math.abs(returns[best] ?? 0) ? i : best), 0);
    expect(largest).not.toBe(exIndex - 1);
    // Volume before the ex-date is now in post-split shares.
    expect(series[exIndex - 1]?.volume).toBe((bars[exIndex - 1]?.volume ?? NaN) * 2);
  });
});
