import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIsoDate, parseIsoDate } from '../../../src/main/core/time/epoch-day';
import { importCorporateActions } from '../../../src/main/data/actions/import-actions';
import { resolveConflicts } from '../../../src/main/data/conflicts/resolve-conflicts';
import { importPath } from '../../../src/main/data/import/import-path';
import type { Store } from '../../../src/main/store/db';
import { BarsRepo } from '../../../src/main/store/repos/bars.repo';
import { ConflictsRepo } from '../../../src/main/store/repos/conflicts.repo';
import { DataIssuesRepo } from '../../../src/main/store/repos/data-issues.repo';
import { DatasetsRepo } from '../../../src/main/store/repos/datasets.repo';
import { InstrumentsRepo } from '../../../src/main/store/repos/instruments.repo';
import { strictAssert } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { importOptions, openStore, repoRoot, tableCounts } from './data-test-kit';

/**
 * One price basis per series, and a second source that never silently rewrites the first
 * (issue 11 §6), on real files: the committed AAPL, DHR fixtures and the bundled sample.
 */

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'data');
const samplePrices = path.join(repoRoot, 'resources', 'sample-data', 'prices');
const splitDay = parseIsoDate('2014-06-09') ?? 0;

interface Row {
  readonly cells: string[];
}

function readRows(file: string): { header: string; rows: Row[] } {
  const [header = '', ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header, rows: lines.map((line) => ({ cells: line.split(',') })) };
}

/** Scales OHLC (columns 1..4) by `price` and volume (5) by `volume` where `when` holds. */
function scaled(file: string, out: string, price: number, volume: number, when: (date: string, index: number) => boolean = () => true): string {
  const { header, rows } = readRows(file);
  const body = rows.map(({ cells }, index) => {
    if (!when(cells[0] ?? '', index)) return cells.join(',');
    const next = [...cells];
    for (let c = 1; c <= 4; c += 1) next[c] = String(Number((Number(cells[c]) * price).toPrecision(10)));
    next[5] = String(Math.round(Number(cells[5]) * volume));
    return next.join(',');
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${header}\n${body.join('\n')}\n`);
  return out;
}

/** The AAPL fixture as traded: before the 7:1 split of 2014-06-09 prices were 7× and volumes 1/7. */
function aaplRaw(dir: string): string {
  return scaled(path.join(fixtures, 'AAPL.csv'), path.join(dir, 'AAPL.csv'), 7, 1 / 7, (date) => (parseIsoDate(date) ?? 0) < splitDay);
}

function storedBars(store: Store): string {
  return JSON.stringify([
    store.db.prepare('SELECT * FROM bars ORDER BY instrument_id, day').raw().all(),
    store.db.prepare('SELECT instrument_id, hex(days), hex(closes) FROM series_cache ORDER BY instrument_id').raw().all(),
  ]);
}

function closes(store: Store, symbol: string): number[] {
  return Array.from(new BarsRepo(store.db).bars(symbol).close);
}

describe('a second source in another basis or with corrupt rows', () => {
  let home: { dir: string; cleanup: () => void };
  let store: Store;

  beforeEach(() => {
    home = makeTempHome('arbdesk-multi-');
    store = openStore(home.dir);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  describe('(a) a split-adjusted series plus an overlapping raw-basis file', () => {
    beforeEach(async () => {
      await importPath(store, path.join(fixtures, 'AAPL.csv'), importOptions({ source: 'vendor-a', adjustment: 'split' }));
    });

    it('holds the raw file (labelled split) as a ×7 basis mismatch and leaves the series unchanged', async () => {
      const before = storedBars(store);
      const raw = aaplRaw(path.join(home.dir, 'vendor-raw'));
      const report = await importPath(store, raw, importOptions({ source: 'vendor-raw', adjustment: 'split' }));
      expect(report.dataset).toMatchObject({ barsInserted: 0, barsChanged: 0 });
      expect(report.held).toMatchObject([{ symbol: 'AAPL', bars: 12, classification: 'basis_mismatch' }]);
      expect(report.held[0]?.factor).toBeCloseTo(7, 6);
      expect(storedBars(store)).toBe(before);

      const [conflict] = new ConflictsRepo(store.db).list({ status: 'held' });
      expect(conflict).toMatchObject({ symbol: 'AAPL', source: 'vendor-raw', classification: 'basis_mismatch', overlapDays: 12, differingDays: 12, barCount: 12 });
      expect(conflict?.detail).toMatch(/×7 .*likely a basis or split mismatch \(7:1 split/);
    });

    it('keep: the stored series stays, the decision is a new version of the source, and the hold is settled', async () => {
      const raw = aaplRaw(path.join(home.dir, 'vendor-raw'));
      const held = await importPath(store, raw, importOptions({ source: 'vendor-raw', adjustment: 'split' }));
      const before = storedBars(store);
      const kept = resolveConflicts(store.db, { symbol: 'AAPL', choice: 'keep' }, 1_700_000_000_500);
      expect(kept.resolutions).toHaveLength(1);
      expect(kept.resolutions[0]?.dataset).toMatchObject({ source: 'vendor-raw', version: 2, barsChanged: 0, barsInserted: 0, resolvesDatasetId: held.dataset.id });
      expect(kept.resolutions[0]?.held).toMatchObject({ status: 'kept', resolvedByDatasetId: kept.resolutions[0]?.dataset.id });
      expect(storedBars(store)).toBe(before);
      expect(new ConflictsRepo(store.db).list({ status: 'held' })).toEqual([]);
      // The decision stands: the same file again is a no-op, not a new hold.
      const again = await importPath(store, raw, importOptions({ source: 'vendor-raw', adjustment: 'split' }));
      expect(again.noOp).toBe(true);
    });

    it('take: the held values replace the stored ones, as a new version with every revision', async () => {
      const raw = aaplRaw(path.join(home.dir, 'vendor-raw'));
      const held = await importPath(store, raw, importOptions({ source: 'vendor-raw', adjustment: 'split' }));
      const original = closes(store, 'AAPL');
      const taken = resolveConflicts(store.db, { symbol: 'AAPL', choice: 'take' }, 1_700_000_000_500);
      const version = taken.resolutions[0]?.dataset;
      expect(version).toMatchObject({ source: 'vendor-raw', version: 2, barsChanged: 12, resolvesDatasetId: held.dataset.id });
      const now = closes(store, 'AAPL');
      now.forEach((close, i) => expect(close / (original[i] ?? Number.NaN)).toBeCloseTo(7, 6));
      const diff = new BarsRepo(store.db).diffDataset(version?.id ?? -1);
      expect(diff.total).toBe(12);
      expect(diff.revisions[0]).toMatchObject({ day: parseIsoDate('2013-02-08'), before: { close: 67.8542 }, after: { close: 474.9794 } });
      // The series cache follows the bars.
      expect(Array.from(new BarsRepo(store.db).loadCloses('AAPL').closes)).toEqual(now);
    });

    it('converts a raw file with the imported splits onto the split series: nothing held, nothing changed', async () => {
      // The whole bundled AAPL series (2013-2018, across the split) as the stored one.
      await importPath(store, path.join(samplePrices, 'AAPL.csv'), importOptions({ source: 'vendor-a', adjustment: 'split' }));
      await importCorporateActions(store, path.join(fixtures, 'actions', 'actions-long.csv'), { policy: 'lenient' });
      const before = storedBars(store);
      const raw = scaled(path.join(samplePrices, 'AAPL.csv'), path.join(home.dir, 'vendor-raw', 'AAPL.csv'), 7, 1 / 7, (date) => (parseIsoDate(date) ?? 0) < splitDay);
      const report = await importPath(store, raw, importOptions({ source: 'vendor-raw', adjustment: 'raw' }));
      expect(report.held).toEqual([]);
      expect(report.refused).toEqual([]);
      expect(report.dataset).toMatchObject({ barsChanged: 0, barsUnchanged: 1259, barsInserted: 0 });
      expect(storedBars(store)).toBe(before);
      const converted = new DataIssuesRepo(store.db).query({ datasetId: report.dataset.id, kind: 'basis_converted' }, { limit: 5, offset: 0 });
      expect(converted.items[0]?.detail).toMatch(/converted 1259 bars from raw \(as traded\) to the series' split-adjusted basis with the 7:1 split of 2014-06-09/);
      expect(new InstrumentsRepo(store.db).get('AAPL')?.basis).toBe('split');
    });

    it('refuses a dividend-adjusted file for the symbol when no dividend is known to convert it', async () => {
      const before = storedBars(store);
      const file = scaled(path.join(fixtures, 'AAPL.csv'), path.join(home.dir, 'adj', 'AAPL.csv'), 0.97, 1);
      const report = await importPath(store, file, importOptions({ source: 'vendor-adj', adjustment: 'split_dividend' }));
      expect(report.refused).toMatchObject([{ symbol: 'AAPL', bars: 12 }]);
      expect(report.refused[0]?.reason).toMatch(/no dividend of AAPL is known/);
      expect(report.dataset.rowsRejected).toBe(12);
      expect(storedBars(store)).toBe(before);
      const strict = await importPath(store, file, importOptions({ source: 'vendor-adj-2', adjustment: 'split_dividend', policy: 'strict' })).catch((error: unknown) => error);
      expect(strict).toMatchObject({ code: 'VALIDATION_FAILED', details: { symbol: 'AAPL', field: 'adjustment' } });
    });
  });

  describe('(b) a file with a constant ×0.5 error', () => {
    let halfFile: string;
    beforeEach(async () => {
      await importPath(store, path.join(fixtures, 'DHR.csv'), importOptions({ source: 'vendor-a' }));
      halfFile = scaled(path.join(fixtures, 'DHR.csv'), path.join(home.dir, 'vendor-half', 'DHR.csv'), 0.5, 1);
    });

    it('holds it as corrupt rows at ×0.5 and leaves the series unchanged', async () => {
      const before = storedBars(store);
      const report = await importPath(store, halfFile, importOptions({ source: 'vendor-half' }));
      expect(report.held).toMatchObject([{ symbol: 'DHR', bars: 11, classification: 'corrupt_rows', factor: 0.5 }]);
      expect(storedBars(store)).toBe(before);
      const [conflict] = new ConflictsRepo(store.db).list({ status: 'held', symbol: 'DHR' });
      expect(conflict).toMatchObject({ factor: 0.5, classification: 'corrupt_rows', differingDays: 11 });
      expect(conflict?.detail).toMatch(/×0\.5 on the differing days, but not as a split would leave it: likely corrupt rows/);
      const sample = new ConflictsRepo(store.db).sample(conflict?.datasetId ?? -1, new InstrumentsRepo(store.db).idOf('DHR') ?? -1, 2);
      expect(sample[0]).toMatchObject({ day: parseIsoDate('2015-02-27'), existing: { close: 87.28 }, incoming: { close: 43.64 }, differs: true });
    });

    it('keep leaves it unchanged with a new version; take applies ×0.5 with a version and its revisions', async () => {
      await importPath(store, halfFile, importOptions({ source: 'vendor-half' }));
      const before = storedBars(store);
      const original = closes(store, 'DHR');
      expect(resolveConflicts(store.db, { symbol: 'DHR', choice: 'keep' }, 1).resolutions[0]?.dataset).toMatchObject({ source: 'vendor-half', version: 2, barsChanged: 0 });
      expect(storedBars(store)).toBe(before);

      // The source sends the same corrupt data under a new name: held again, then taken.
      const renamed = scaled(halfFile, path.join(home.dir, 'vendor-half-2', 'DHR.csv'), 1, 1);
      writeFileSync(renamed, `${readFileSync(renamed, 'utf8')}`);
      const second = await importPath(store, path.dirname(renamed), importOptions({ source: 'vendor-half' }));
      expect(second.held).toHaveLength(1);
      const taken = resolveConflicts(store.db, { symbol: 'DHR', choice: 'take' }, 2);
      const version = taken.resolutions[0]?.dataset;
      expect(version).toMatchObject({ source: 'vendor-half', barsChanged: 11, resolvesDatasetId: second.dataset.id });
      expect(closes(store, 'DHR')).toEqual(original.map((close) => Number((close * 0.5).toPrecision(10))));
      expect(new BarsRepo(store.db).diffDataset(version?.id ?? -1).total).toBe(11);
    });
  });

  it('revises as before when the SAME source re-imports corrected data', async () => {
    await importPath(store, path.join(fixtures, 'DHR.csv'), importOptions({ source: 'vendor-a' }));
    const corrected = scaled(path.join(fixtures, 'DHR.csv'), path.join(home.dir, 'fix', 'DHR.csv'), 0.5, 1, (_date, index) => index === 3);
    const report = await importPath(store, corrected, importOptions({ source: 'vendor-a' }));
    expect(report.held).toEqual([]);
    expect(report.dataset).toMatchObject({ version: 2, barsChanged: 1 });
  });

  it('the measured case: a second-source one-year file does not silently rewrite the first', async () => {
    // The first source: bundled sample prices (real, split-adjusted, 2013-02 to 2018-02).
    const first = path.join(home.dir, 'first');
    mkdirSync(first);
    for (const symbol of ['NKE', 'KO', 'PEP', 'MSFT']) writeFileSync(path.join(first, `${symbol}.csv`), readFileSync(path.join(samplePrices, `${symbol}.csv`)));
    await importPath(store, first, importOptions({ source: 'sample' }));
    const before = storedBars(store);

    // A second source's 2015 file for the same tickers (long layout): NKE quoted before its
    // 2:1 split of 2015-12-23, KO corrupt at half price, PEP sparse (every other day) but
    // identical, MSFT identical.
    const nkeSplit = parseIsoDate('2015-12-23') ?? 0;
    const lines = ['date,open,high,low,close,volume,symbol'];
    for (const symbol of ['NKE', 'KO', 'PEP', 'MSFT']) {
      const { rows } = readRows(path.join(samplePrices, `${symbol}.csv`));
      rows
        .filter(({ cells }) => (cells[0] ?? '').startsWith('2015-'))
        .forEach(({ cells }, index) => {
          const day = parseIsoDate(cells[0] ?? '') ?? 0;
          if (symbol === 'PEP' && index % 2 === 1) return;
          const factor = symbol === 'NKE' && day < nkeSplit ? 2 : symbol === 'KO' ? 0.5 : 1;
          const prices = cells.slice(1, 5).map((v) => String(Number((Number(v) * factor).toPrecision(10))));
          lines.push([cells[0], ...prices, String(Math.round(Number(cells[5]) / (symbol === 'NKE' && day < nkeSplit ? 2 : 1))), symbol].join(','));
        });
    }
    const second = path.join(home.dir, 'second', 'one-year-2015.csv');
    mkdirSync(path.dirname(second));
    writeFileSync(second, `${lines.join('\n')}\n`);
    const report = await importPath(store, second, importOptions({ source: 'other-vendor' }));

    expect(storedBars(store)).toBe(before);
    expect(report.dataset).toMatchObject({ barsChanged: 0, barsInserted: 0 });
    const held = Object.fromEntries(report.held.map((h) => [h.symbol, h]));
    expect(Object.keys(held).sort()).toEqual(['KO', 'NKE']);
    expect(held['NKE']).toMatchObject({ classification: 'basis_mismatch', factor: 2 });
    expect(held['KO']).toMatchObject({ classification: 'corrupt_rows', factor: 0.5 });
    // NKE's bars from 2015-12-23 on agree, yet they are held with the rest: never appended at another scale.
    const nke = new ConflictsRepo(store.db).list({ symbol: 'NKE' })[0];
    strictAssert(nke !== undefined, 'NKE is held');
    const nkeHeld = new ConflictsRepo(store.db).bars(nke.datasetId, new InstrumentsRepo(store.db).idOf('NKE') ?? -1);
    expect(formatIsoDate(nkeHeld.days[nkeHeld.days.length - 1] ?? 0)).toBe('2015-12-31');
    expect(nkeHeld.differs[nkeHeld.days.length - 1]).toBe(0);
    // Gaps are judged on the merged series: sparse PEP adds no missing-trading-day warning.
    expect(report.issueSummary['missing_trading_day'] ?? 0).toBe(0);
    expect(report.issueSummary['source_conflict']).toBe(2);
    expect(tableCounts(store.db).bar_revisions).toBe(0);
    expect(new DatasetsRepo(store.db).list()).toHaveLength(2);
  });

  it('a sparse file alone still reports its gaps when it is a new series', async () => {
    const { header, rows } = readRows(path.join(samplePrices, 'PEP.csv'));
    const sparse = path.join(home.dir, 'sparse', 'PEP.csv');
    mkdirSync(path.dirname(sparse));
    writeFileSync(sparse, `${header}\n${rows.filter((_, i) => i < 40 && i % 2 === 0).map((r) => r.cells.join(',')).join('\n')}\n`);
    const report = await importPath(store, sparse, importOptions());
    expect(report.issueSummary['missing_trading_day']).toBe(19);
  });
});
