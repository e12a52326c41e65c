import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../src/main/core/time/epoch-day';
import { importPath } from '../../../src/main/data/import/import-path';
import { toWireBars } from '../../../src/main/data/data-wire';
import type { Store } from '../../../src/main/store/db';
import { BarsRepo } from '../../../src/main/store/repos/bars.repo';
import { isAppError, strictAssert } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { copyPrices, importOptions, openStore } from './data-test-kit';

function day(iso: string): number {
  const d = parseIsoDate(iso);
  strictAssert(d !== null, `${iso} is a date`);
  return d;
}

/** A small sp500-kaggle file: rows of [date, close]. */
function writeSeries(dir: string, symbol: string, rows: ReadonlyArray<readonly [string, number]>): void {
  mkdirSync(dir, { recursive: true });
  const body = rows.map(([date, close]) => `${date},${close},${close},${close},${close},1000,${symbol}`).join('\n');
  writeFileSync(path.join(dir, `${symbol}.csv`), `date,open,high,low,close,volume,Name\n${body}\n`);
}

describe('close series queries', () => {
  let home: { dir: string; cleanup: () => void };
  let store: Store;
  let bars: BarsRepo;

  beforeEach(() => {
    home = makeTempHome('arbdesk-queries-');
    store = openStore(home.dir);
    bars = new BarsRepo(store.db);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('aligns symbols with different histories on the union of days, NaN where missing', async () => {
    // AAPL covers the whole period; APTV (a spin-off) has only its last 44 days.
    await importPath(store, copyPrices(path.join(home.dir, 'real'), ['AAPL', 'APTV'], false), importOptions());
    const aapl = bars.loadCloses('AAPL');
    const aptv = bars.loadCloses('APTV');
    expect(aapl.days.length).toBe(1259);
    expect(aptv.days.length).toBe(44);

    const matrix = bars.loadCloseMatrix('all');
    expect(matrix.symbols).toEqual(['AAPL', 'APTV']);
    expect(Array.from(matrix.days)).toEqual(Array.from(aapl.days));
    expect(matrix.closes.length).toBe(1259 * 2);
    const firstAptvRow = matrix.days.indexOf(aptv.days[0] ?? -1);
    expect(firstAptvRow).toBe(1259 - 44);
    for (let row = 0; row < matrix.days.length; row += 1) {
      expect(matrix.closes[row * 2]).toBe(aapl.closes[row]);
      const value = matrix.closes[row * 2 + 1];
      if (row < firstAptvRow) expect(value).toBeNaN();
      else expect(value).toBe(aptv.closes[row - firstAptvRow]);
    }
  });

  it('takes the union when no symbol covers every day, keeps a given order and honours the range', async () => {
    const dir = path.join(home.dir, 'synthetic');
    writeSeries(dir, 'AAA', [['2015-03-02', 10], ['2015-03-03', 11], ['2015-03-05', 13]]);
    writeSeries(dir, 'BBB', [['2015-03-03', 20], ['2015-03-04', 21], ['2015-03-06', 23]]);
    await importPath(store, dir, importOptions());

    const matrix = bars.loadCloseMatrix(['BBB', 'AAA']);
    expect(matrix.symbols).toEqual(['BBB', 'AAA']);
    expect(Array.from(matrix.days)).toEqual(['2015-03-02', '2015-03-03', '2015-03-04', '2015-03-05', '2015-03-06'].map(day));
    expect(Array.from(matrix.closes)).toEqual([NaN, 10, 20, 11, 21, NaN, NaN, 13, 23, NaN]);

    const ranged = bars.loadCloseMatrix('all', { from: day('2015-03-03'), to: day('2015-03-05') });
    expect(ranged.symbols).toEqual(['AAA', 'BBB']);
    expect(Array.from(ranged.days)).toEqual(['2015-03-03', '2015-03-04', '2015-03-05'].map(day));
    expect(Array.from(ranged.closes)).toEqual([11, 20, NaN, 21, 13, NaN]);

    const empty = bars.loadCloseMatrix('all', { from: day('2016-01-01') });
    expect(empty.days.length).toBe(0);
    expect(empty.closes.length).toBe(0);
  });

  it('serves the cached close series equal to the bar table', async () => {
    await importPath(store, copyPrices(path.join(home.dir, 'real'), ['KO'], false), importOptions());
    const series = bars.loadCloses('KO');
    const columns = bars.bars('KO');
    expect(Array.from(series.closes)).toEqual(Array.from(columns.close));
    expect(Array.from(series.days)).toEqual(Array.from(columns.days));
    expect(toWireBars(bars.bars('KO', { from: day('2018-02-06') }))).toEqual([
      { date: '2018-02-06', open: 43.87, high: 44.74, low: 43.44, close: 44.67, volume: 25184306 },
      { date: '2018-02-07', open: 44.58, high: 45.495, low: 44.28, close: 44.56, volume: 18041614 },
    ]);
  });

  it('reports unknown symbols as NOT_FOUND, listing them', async () => {
    await importPath(store, copyPrices(path.join(home.dir, 'real'), ['KO'], false), importOptions());
    for (const attempt of [() => bars.loadCloses('ZZZ'), () => bars.bars('ZZZ'), () => bars.loadCloseMatrix(['KO', 'ZZZ', 'YYY'])]) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(isAppError(thrown) && thrown.code).toBe('NOT_FOUND');
    }
    let thrown: unknown;
    try {
      bars.loadCloseMatrix(['KO', 'ZZZ', 'YYY']);
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown) && thrown.details).toEqual({ symbols: ['ZZZ', 'YYY'] });
    let diffError: unknown;
    try {
      bars.diffDataset(999);
    } catch (error) {
      diffError = error;
    }
    expect(isAppError(diffError) && diffError.code).toBe('NOT_FOUND');
  });
});
