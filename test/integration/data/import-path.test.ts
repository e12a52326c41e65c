import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIsoDate, parseIsoDate } from '../../../src/main/core/time/epoch-day';
import { resolveConflicts } from '../../../src/main/data/conflicts/resolve-conflicts';
import { toWireBars } from '../../../src/main/data/data-wire';
import { importPath } from '../../../src/main/data/import/import-path';
import type { Store } from '../../../src/main/store/db';
import { BarsRepo } from '../../../src/main/store/repos/bars.repo';
import { CorporateActionsRepo } from '../../../src/main/store/repos/corporate-actions.repo';
import { DataIssuesRepo } from '../../../src/main/store/repos/data-issues.repo';
import { DatasetsRepo } from '../../../src/main/store/repos/datasets.repo';
import { InstrumentsRepo } from '../../../src/main/store/repos/instruments.repo';
import { isAppError } from '../../../src/shared/ipc/errors';
import { databaseDigest } from '../../helpers/db-snapshot';
import { makeTempHome } from '../../helpers/temp-home';
import { captureError, copyPrices, dataRows, editLine, importOptions, openStore, tableCounts, withClose } from './data-test-kit';

const subset = ['AAPL', 'APTV', 'KO', 'MSFT', 'PEP'];

/** The stored bars and series cache, byte for byte. */
function databaseDigestOfBars(store: Store): string {
  return JSON.stringify([
    store.db.prepare('SELECT * FROM bars ORDER BY instrument_id, day').raw().all(),
    store.db.prepare('SELECT instrument_id, hex(closes) FROM series_cache ORDER BY instrument_id').raw().all(),
  ]);
}

describe('importPath', () => {
  let home: { dir: string; cleanup: () => void };
  let store: Store;
  let prices: string;

  beforeEach(() => {
    home = makeTempHome('arbdesk-import-');
    store = openStore(home.dir);
    prices = copyPrices(path.join(home.dir, 'prices'), subset);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('imports a directory of real files with counts matching the files', async () => {
    const progress: Array<{ phase: string; filesDone: number }> = [];
    const report = await importPath(store, prices, importOptions({ onProgress: (p) => progress.push(p) }));
    const expectedRows = subset.reduce((sum, ticker) => sum + dataRows(path.join(prices, `${ticker}.csv`)), 0);

    expect(report.noOp).toBe(false);
    expect(report.dataset).toMatchObject({
      source: prices,
      version: 1,
      format: 'sp500-kaggle',
      adjustment: 'split',
      policy: 'lenient',
      rowsRead: expectedRows,
      rowsAccepted: expectedRows,
      rowsRejected: 0,
      barsInserted: expectedRows,
      barsChanged: 0,
      barsUnchanged: 0,
      symbolCount: 5,
      firstDay: parseIsoDate('2013-02-08'),
      lastDay: parseIsoDate('2018-02-07'),
    });
    expect(report.dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(tableCounts(store.db)).toMatchObject({ instruments: 5, datasets: 1, bars: expectedRows, series_cache: 5, bar_revisions: 0 });
    expect(progress.filter((p) => p.phase === 'parse').map((p) => p.filesDone)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)).toMatchObject({ phase: 'write', symbolsDone: 5, symbolsTotal: 5, rows: expectedRows });

    const instruments = new InstrumentsRepo(store.db);
    expect(instruments.get('APTV')).toMatchObject({ barCount: 44, lastDay: parseIsoDate('2018-02-07'), sector: 'Consumer Discretionary', basis: 'split' });
    expect(instruments.get('KO')).toMatchObject({ name: 'Coca-Cola Company (The)', sector: 'Consumer Staples', barCount: 1259 });
    expect(report.constituentsFile).toBe(path.join(prices, 'constituents.csv'));

    const bars = new BarsRepo(store.db);
    expect(toWireBars(bars.bars('AAPL', { to: parseIsoDate('2013-02-08') ?? 0 }))).toEqual([
      { date: '2013-02-08', open: 67.7142, high: 68.4014, low: 66.8928, close: 67.8542, volume: 158168416 },
    ]);
  });

  it('treats an identical re-import of the same source as a no-op reporting the existing dataset', async () => {
    const first = await importPath(store, prices, importOptions());
    const digest = databaseDigest(store.db);
    let committed = 0;
    const again = await importPath(store, prices, importOptions({ onCommitted: () => (committed += 1) }));
    expect(again.noOp).toBe(true);
    expect(again.dataset).toEqual(first.dataset);
    expect(committed).toBe(0);
    expect(databaseDigest(store.db)).toBe(digest);
  });

  it('records a changed close as a new version with exactly that revision', async () => {
    const first = await importPath(store, prices, importOptions());
    const { before } = editLine(path.join(prices, 'KO.csv'), 100, (row) => withClose(row, '40.8'));
    expect(before).toBe('2013-07-01,40.5,40.92,40.36,40.46,10754383,KO');

    const second = await importPath(store, prices, importOptions());
    expect(second.noOp).toBe(false);
    expect(second.dataset).toMatchObject({ source: prices, version: 2, barsChanged: 1, barsInserted: 0 });
    expect(second.dataset.barsUnchanged).toBe(first.dataset.rowsAccepted - 1);
    expect(second.changedSymbols).toEqual(['KO']);

    const diff = new BarsRepo(store.db).diffDataset(second.dataset.id);
    expect(diff).toEqual({
      total: 1,
      revisions: [
        {
          symbol: 'KO',
          day: parseIsoDate('2013-07-01'),
          before: { open: 40.5, high: 40.92, low: 40.36, close: 40.46, volume: 10754383 },
          after: { open: 40.5, high: 40.92, low: 40.36, close: 40.8, volume: 10754383 },
          previousDatasetId: first.dataset.id,
        },
      ],
    });
    expect(tableCounts(store.db).bar_revisions).toBe(1);
    const stored = store.db
      .prepare("SELECT close, dataset_id FROM bars WHERE instrument_id = (SELECT id FROM instruments WHERE symbol = 'KO') AND day = ?")
      .get(parseIsoDate('2013-07-01'));
    expect(stored).toEqual({ close: 40.8, dataset_id: second.dataset.id });
    expect(new BarsRepo(store.db).loadCloses('KO').closes).toContain(40.8);
    const revised = new DataIssuesRepo(store.db).query({ datasetId: second.dataset.id, kind: 'bar_revised' }, { limit: 10, offset: 0 });
    expect(revised.items).toMatchObject([{ symbol: 'KO', day: parseIsoDate('2013-07-01'), field: 'close', line: 100, severity: 'info' }]);
    expect(new BarsRepo(store.db).diffDataset(first.dataset.id).total).toBe(0);
  });

  it('strict: one bad row throws VALIDATION_FAILED naming file, line and field, and writes nothing', async () => {
    await importPath(store, path.join(prices, 'AAPL.csv'), importOptions());
    const counts = tableCounts(store.db);
    const digest = databaseDigest(store.db);
    editLine(path.join(prices, 'PEP.csv'), 50, (row) => withClose(row, 'abc'));

    const error = await captureError(importPath(store, prices, importOptions({ policy: 'strict' })));
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(isAppError(error) && error.details).toMatchObject({ file: path.join(prices, 'PEP.csv'), line: 50, field: 'close' });
    expect(tableCounts(store.db)).toEqual(counts);
    expect(databaseDigest(store.db)).toBe(digest);
  });

  it('lenient: writes the good rows and records the bad row with file, line, field and reason', async () => {
    editLine(path.join(prices, 'PEP.csv'), 50, (row) => withClose(row, 'abc'));
    const report = await importPath(store, prices, importOptions());
    expect(report.dataset.rowsRejected).toBe(1);
    expect(report.dataset.rowsAccepted).toBe(report.dataset.rowsRead - 1);
    expect(report.issueSummary['bad_number']).toBe(1);
    expect(report.rejectedSample).toMatchObject([
      { datasetId: report.dataset.id, symbol: 'PEP', kind: 'bad_number', severity: 'error', file: path.join(prices, 'PEP.csv'), line: 50, field: 'close' },
    ]);
    const stored = new DataIssuesRepo(store.db).query({ symbol: 'PEP', kind: 'bad_number' }, { limit: 10, offset: 0 });
    expect(stored.total).toBe(1);
    expect(stored.items[0]?.detail).toMatch(/abc/);
    expect(new InstrumentsRepo(store.db).get('PEP')?.barCount).toBe(1258);
  });

  it('skips non-CSV entries with an info issue', async () => {
    writeFileSync(path.join(prices, 'README.txt'), 'not prices');
    mkdirSync(path.join(prices, 'nested'));
    const report = await importPath(store, prices, importOptions());
    const skipped = new DataIssuesRepo(store.db)
      .forDataset(report.dataset.id)
      .filter((issue) => issue.severity === 'info' && /Skipped/.test(issue.detail));
    expect(skipped.map((issue) => path.basename(issue.file ?? ''))).toEqual(['README.txt', 'nested']);
    expect(report.dataset.symbolCount).toBe(5);
  });

  describe('with an unreadable file', () => {
    beforeEach(() => {
      // Tests run as root, where chmod 000 does not stop reads: a directory named like a CSV
      // and a dangling symlink both fail when opened.
      mkdirSync(path.join(prices, 'BROKEN.csv'));
      symlinkSync(path.join(home.dir, 'does-not-exist.csv'), path.join(prices, 'GONE.csv'));
    });

    it('lenient: records an issue per file and imports the rest', async () => {
      const report = await importPath(store, prices, importOptions());
      expect(report.dataset.symbolCount).toBe(5);
      const fileIssues = report.rejectedSample.filter((issue) => issue.line === null && issue.symbol === null);
      expect(fileIssues.map((issue) => path.basename(issue.file ?? ''))).toEqual(['BROKEN.csv', 'GONE.csv']);
      expect(fileIssues[0]?.detail).toMatch(/directory/);
      expect(fileIssues[1]?.detail).toMatch(/not found/i);
    });

    it('strict: throws and writes nothing', async () => {
      const digest = databaseDigest(store.db);
      const error = await captureError(importPath(store, prices, importOptions({ policy: 'strict' })));
      expect(isAppError(error)).toBe(true);
      expect(isAppError(error) && error.details?.['file']).toBe(path.join(prices, 'BROKEN.csv'));
      expect(tableCounts(store.db)).toMatchObject({ datasets: 0, bars: 0, instruments: 0, data_issues: 0 });
      expect(databaseDigest(store.db)).toBe(digest);
    });
  });

  it('reports a path that does not exist as NOT_FOUND naming it', async () => {
    const missing = path.join(home.dir, 'no-such-dir');
    const error = await captureError(importPath(store, missing, importOptions()));
    expect(isAppError(error) && error.code).toBe('NOT_FOUND');
    expect(isAppError(error) && error.message).toContain(missing);
    expect(isAppError(error) && error.details).toEqual({ path: missing });
  });

  it('holds another source whose bars disagree beyond the tolerance; taking them revises, with the diff', async () => {
    const vendorA = await importPath(store, path.join(prices, 'KO.csv'), importOptions({ source: 'vendor-a' }));
    const vendorDir = path.join(home.dir, 'vendor-b');
    copyPrices(vendorDir, ['KO'], false);
    editLine(path.join(vendorDir, 'KO.csv'), 100, (row) => withClose(row, '40.50')); // +0.1%: within 0.5%
    // 2013-07-02,40.47,40.74,40.175,40.37: every price +10%, beyond the tolerance.
    editLine(path.join(vendorDir, 'KO.csv'), 101, () => '2013-07-02,44.517,44.814,44.1925,44.407,12248784,KO');
    const before = databaseDigestOfBars(store);

    const vendorB = await importPath(store, path.join(vendorDir, 'KO.csv'), importOptions({ source: 'vendor-b' }));
    expect(vendorB.dataset).toMatchObject({ source: 'vendor-b', version: 1, barsChanged: 0, barsInserted: 0 });
    expect(vendorB.held).toMatchObject([{ symbol: 'KO', bars: 1259, classification: 'corrupt_rows' }]);
    expect(databaseDigestOfBars(store)).toBe(before);
    const issues = new DataIssuesRepo(store.db).forDataset(vendorB.dataset.id);
    expect(issues.filter((issue) => issue.kind === 'source_conflict')).toMatchObject([
      { symbol: 'KO', day: parseIsoDate('2013-07-02'), severity: 'warning', line: 101, file: path.join(vendorDir, 'KO.csv') },
    ]);

    const taken = resolveConflicts(store.db, { symbol: 'KO', choice: 'take' }, 1_700_000_000_001);
    expect(taken.resolutions[0]?.dataset).toMatchObject({ source: 'vendor-b', version: 2, barsChanged: 2, resolvesDatasetId: vendorB.dataset.id });
    const diff = new BarsRepo(store.db).diffDataset(taken.resolutions[0]?.dataset.id ?? -1);
    expect(diff.revisions.map((r) => [formatIsoDate(r.day), r.before.close, r.after.close, r.previousDatasetId])).toEqual([
      ['2013-07-01', 40.46, 40.5, vendorA.dataset.id],
      ['2013-07-02', 40.37, 44.407, vendorA.dataset.id],
    ]);
    const day = parseIsoDate('2013-07-02') ?? 0;
    expect(new BarsRepo(store.db).bars('KO', { from: day, to: day }).close[0]).toBe(44.407);
  });

  it('fills name and sector through the known renames (CBG is listed as CBRE)', async () => {
    const dir = copyPrices(path.join(home.dir, 'renamed'), ['CBG']);
    await importPath(store, dir, importOptions());
    expect(new InstrumentsRepo(store.db).get('CBG')).toMatchObject({ name: 'CBRE Group', sector: 'Real Estate' });
  });

  it('records a split inferred from the prices as a corporate action', async () => {
    // Real trading days from KO.csv with synthetic prices: a 2-for-1 split after day 40.
    const days = readFileSync(path.join(prices, 'KO.csv'), 'utf8').split('\n').slice(1, 61).map((row) => row.split(',')[0]);
    const rows = days.map((date, i) => {
      const close = (i < 40 ? 100 : 50) * (1 + 0.004 * Math.sin(i));
      return `${date},${close},${close * 1.01},${close * 0.99},${close},1000000,SPLT`;
    });
    const dir = path.join(home.dir, 'split');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'SPLT.csv'), `date,open,high,low,close,volume,Name\n${rows.join('\n')}\n`);
    const report = await importPath(store, dir, importOptions());
    expect(report.issueSummary['split_suspected']).toBe(1);
    expect(new CorporateActionsRepo(store.db).forSymbol('SPLT')).toEqual([
      { kind: 'split', day: parseIsoDate(days[40] ?? ''), numerator: 2, denominator: 1, source: 'inferred', datasetId: report.dataset.id },
    ]);
  });

  it('stops with CANCELLED and writes nothing when the signal fires', async () => {
    const controller = new AbortController();
    const error = await captureError(
      importPath(
        store,
        prices,
        importOptions({
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'write' && p.symbolsDone === 2) controller.abort();
          },
        }),
      ),
    );
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    expect(tableCounts(store.db)).toMatchObject({ datasets: 0, bars: 0, instruments: 0 });
    expect(new DatasetsRepo(store.db).list()).toEqual([]);
  });
});
