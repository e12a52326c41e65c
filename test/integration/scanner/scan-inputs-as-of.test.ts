import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochDayFromIso, formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { importPath } from '../../../src/main/data/import/import-path';
import type { Store } from '../../../src/main/store/db';
import { ScanInputsRepo } from '../../../src/main/store/repos/scan-inputs.repo';
import { makeTempHome } from '../../helpers/temp-home';
import { importOptions, openStore } from '../data/data-test-kit';

/**
 * "As of dataset D" rebuilt from the revisions, on one file imported three times: v2 revises
 * a day and adds one, v3 revises that day again and another. Each version must come back
 * exactly as it was imported, whatever was revised after it.
 */
const home = makeTempHome('arbdesk-as-of-');
const file = path.join(home.dir, 'ZZ.csv');
const days = ['2016-01-04', '2016-01-05', '2016-01-06', '2016-01-07', '2016-01-08'];
let store: Store;

function write(closes: readonly (number | null)[]): void {
  const rows = closes.flatMap((close, i) => (close === null ? [] : [`${days[i] ?? ''},${close},${close},${close},${close},1000,ZZ`]));
  writeFileSync(file, `date,open,high,low,close,volume,Name\n${rows.join('\n')}\n`);
}

const versions = [
  [10, 11, 12, 13, null],
  [10, 21, 12, 13, 15],
  [10, 31, 32, 13, 15],
] as const;

beforeAll(async () => {
  store = openStore(home.dir);
  for (const closes of versions) {
    write(closes);
    await importPath(store, file, importOptions({ constituents: null }));
  }
});

afterAll(() => {
  store.close();
  home.cleanup();
});

describe('scan inputs as of a dataset version', () => {
  it('rebuilds every version from the current bars and the revisions', () => {
    const repo = new ScanInputsRepo(store.db);
    const from = epochDayFromIso('2016-01-01');
    const to = epochDayFromIso('2016-01-31');
    versions.forEach((closes, index) => {
      const datasetId = index + 1;
      const series = repo.symbolSeriesAsOf('ZZ', datasetId, from, to);
      const expected = closes.flatMap((close, i) => (close === null ? [] : [{ day: days[i], close }]));
      expect(Array.from(series.days, (day, i) => ({ day: formatIsoDate(day), close: series.closes[i] }))).toEqual(expected);
      const all = repo.seriesAsOf(datasetId, from, to);
      expect(all.series.map((s) => s.symbol)).toEqual(['ZZ']);
      // The supplying versions: each bar's value came from the newest version ≤ D that set it.
      expect([...all.datasetIds].sort()).toEqual([[1], [1, 2], [1, 2, 3]][index]);
    });
  });

  it('keeps the window: nothing outside [from, to] is read', () => {
    const repo = new ScanInputsRepo(store.db);
    const series = repo.symbolSeriesAsOf('ZZ', 3, epochDayFromIso('2016-01-05'), epochDayFromIso('2016-01-06'));
    expect(Array.from(series.closes)).toEqual([31, 32]);
  });

  it('refuses an unknown dataset with a clear message', () => {
    expect(() => new ScanInputsRepo(store.db).requireDataset(9)).toThrow(/No dataset with id 9/);
  });
});
