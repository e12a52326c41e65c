import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCorporateActions } from '../../../../src/main/data/actions/import-actions';
import { toBasis } from '../../../../src/main/data/actions/price-basis';
import { parseIsoDate } from '../../../../src/main/core/time/epoch-day';
import { importPath } from '../../../../src/main/data/import/import-path';
import { openDatabase, type Store } from '../../../../src/main/store/db';
import { migrations } from '../../../../src/main/store/migrations';
import { BarsRepo } from '../../../../src/main/store/repos/bars.repo';
import { CorporateActionsRepo } from '../../../../src/main/store/repos/corporate-actions.repo';
import { InstrumentsRepo } from '../../../../src/main/store/repos/instruments.repo';
import { databaseDigest } from '../../../helpers/db-snapshot';
import { makeTempHome } from '../../../helpers/temp-home';
import { copyPrices, importOptions, openStore } from '../data-test-kit';
import { rejectionOf } from '../../../helpers/app-error';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/data/actions');
const day = (iso: string): number => parseIsoDate(iso) ?? Number.NaN;

type ActionRow = { symbol: string; day: number; kind: string; ratio_numerator: number | null; ratio_denominator: number | null; cash_amount: number | null; source: string; dataset_id: number | null };

function actionRows(store: Store): ActionRow[] {
  return store.db
    .prepare<[], ActionRow>(
      `SELECT i.symbol, a.day, a.kind, a.ratio_numerator, a.ratio_denominator, a.cash_amount, a.source, a.dataset_id
       FROM corporate_actions a JOIN instruments i ON i.id = a.instrument_id ORDER BY i.symbol, a.day, a.kind, a.source`,
    )
    .all();
}

describe('importCorporateActions', () => {
  let home: { dir: string; cleanup: () => void };
  let store: Store;
  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(home.dir, name);
    writeFileSync(file, content);
    return file;
  };

  beforeEach(() => {
    home = makeTempHome('arbdesk-actions-import-');
    store = openStore(home.dir);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('writes the long layout as imported actions, creating instruments', async () => {
    const result = await importCorporateActions(store, path.join(FIXTURES, 'actions-long.csv'), { policy: 'strict' });
    expect(result).toMatchObject({ layout: 'long', saved: 3, replaced: 0, rowsRead: 3, rowsRejected: 0, issues: [], symbols: ['AAPL', 'DISCA'] });
    expect(actionRows(store)).toEqual([
      { symbol: 'AAPL', day: day('2014-05-08'), kind: 'dividend', ratio_numerator: null, ratio_denominator: null, cash_amount: 3.29, source: 'imported', dataset_id: null },
      { symbol: 'AAPL', day: day('2014-06-09'), kind: 'split', ratio_numerator: 7, ratio_denominator: 1, cash_amount: null, source: 'imported', dataset_id: null },
      { symbol: 'DISCA', day: day('2014-08-07'), kind: 'split', ratio_numerator: 2, ratio_denominator: 1, cash_amount: null, source: 'imported', dataset_id: null },
    ]);
    expect(new InstrumentsRepo(store.db).list().map((i) => i.symbol)).toEqual(['AAPL', 'DISCA']);
    expect(new CorporateActionsRepo(store.db).forSymbol('AAPL')).toHaveLength(2);
  });

  it('writes Yahoo split and dividend histories for the symbol in the file name', async () => {
    const splits = await importCorporateActions(store, path.join(FIXTURES, 'AAPL_splits.csv'), { policy: 'strict' });
    const dividends = await importCorporateActions(store, path.join(FIXTURES, 'AAPL_dividends.csv'), { policy: 'strict' });
    expect(splits).toMatchObject({ layout: 'yahoo-splits', saved: 4, symbols: ['AAPL'] });
    expect(dividends).toMatchObject({ layout: 'yahoo-dividends', saved: 3, symbols: ['AAPL'] });
    const rows = actionRows(store);
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.source === 'imported' && r.dataset_id === null && r.symbol === 'AAPL')).toBe(true);
  });

  it('is idempotent on re-import and counts values a newer file changed', async () => {
    const file = path.join(FIXTURES, 'actions-long.csv');
    await importCorporateActions(store, file, { policy: 'strict' });
    const before = actionRows(store);
    expect(await importCorporateActions(store, file, { policy: 'strict' })).toMatchObject({ saved: 3, replaced: 0 });
    expect(actionRows(store)).toEqual(before);

    const revised = write('revised.csv', 'symbol,date,type,ratio,amount\nAAPL,2014-05-08,dividend,,3.3\n');
    expect(await importCorporateActions(store, revised, { policy: 'strict' })).toMatchObject({ saved: 1, replaced: 1 });
    expect(actionRows(store).find((r) => r.kind === 'dividend')?.cash_amount).toBe(3.3);
    expect(actionRows(store)).toHaveLength(3);
  });

  it('strict: one bad row refuses the file naming file, line and field, and leaves the table as it was', async () => {
    await importCorporateActions(store, path.join(FIXTURES, 'actions-long.csv'), { policy: 'strict' });
    const rowsBefore = actionRows(store);
    const digestBefore = databaseDigest(store.db);

    const error = await rejectionOf(importCorporateActions(store, path.join(FIXTURES, 'actions-one-bad.csv'), { policy: 'strict' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^actions-one-bad\.csv line 4: .*\(field date\); nothing was imported \(strict policy\)\.$/);
    expect(error.details).toMatchObject({ line: 4, field: 'date', kind: 'bad_date', symbol: 'MSFT' });
    expect(actionRows(store)).toEqual(rowsBefore);
    expect(databaseDigest(store.db)).toBe(digestBefore);
  });

  it('lenient: saves the good rows and returns the bad ones', async () => {
    const result = await importCorporateActions(store, path.join(FIXTURES, 'actions-one-bad.csv'), { policy: 'lenient' });
    expect(result).toMatchObject({ saved: 2, rowsRead: 4, rowsRejected: 2, symbols: ['AAPL', 'KO'] });
    expect(result.issues).toEqual([
      expect.objectContaining({ kind: 'bad_date', line: 4, field: 'date', symbol: 'MSFT' }),
      expect.objectContaining({ kind: 'bad_number', line: 5, field: 'amount', symbol: 'PEP', day: day('2014-06-04') }),
    ]);
    expect(actionRows(store).map((r) => [r.symbol, r.kind])).toEqual([
      ['AAPL', 'split'],
      ['KO', 'dividend'],
    ]);
    // No instrument is created for a symbol whose only row was rejected.
    expect(new InstrumentsRepo(store.db).idOf('MSFT')).toBeUndefined();
  });

  describe('every bad input leaves the store untouched under the strict policy', () => {
    const header = 'symbol,date,type,ratio,amount\n';
    const good = 'KO,2014-06-12,dividend,,0.305\n';
    it.each([
      ['bad date', `${header}${good}AAPL,2014-02-30,split,7:1,\n`, 'bad_date'],
      ['bad US date', `${header}${good}AAPL,2/30/2014,split,7:1,\n`, 'bad_date'],
      ['zero ratio', `${header}${good}AAPL,2014-06-09,split,0:1,\n`, 'bad_number'],
      ['negative ratio', `${header}${good}AAPL,2014-06-09,split,-2,\n`, 'bad_number'],
      ['non-numeric ratio', `${header}${good}AAPL,2014-06-09,split,x:1,\n`, 'bad_number'],
      ['zero dividend', `${header}${good}PEP,2014-06-04,dividend,,0\n`, 'bad_number'],
      ['negative dividend', `${header}${good}PEP,2014-06-04,dividend,,-1\n`, 'bad_number'],
      ['non-numeric dividend', `${header}${good}PEP,2014-06-04,dividend,,n/a?\n`, 'bad_number'],
      ['unknown type', `${header}${good}PEP,2014-06-04,merger,,1\n`, 'bad_value'],
      ['missing symbol', `${header}${good},2014-06-04,dividend,,1\n`, 'missing_field'],
      ['bad symbol', `${header}${good}$PEP,2014-06-04,dividend,,1\n`, 'bad_symbol'],
      ['conflicting duplicate', `${header}${good}KO,2014-06-12,dividend,,0.31\n`, 'duplicate_conflict'],
    ])('%s', async (_, content, kind) => {
      const file = write('bad.csv', content);
      const digest = databaseDigest(store.db);
      const error = await rejectionOf(importCorporateActions(store, file, { policy: 'strict' }));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toMatchObject({ file, line: 3, kind });
      expect(databaseDigest(store.db)).toBe(digest);

      const lenient = await importCorporateActions(store, file, { policy: 'lenient' });
      expect(lenient.issues.map((i) => i.kind)).toContain(kind);
      // The conflict withdraws the good row too: the file contradicts itself about it.
      expect(lenient.saved).toBe(kind === 'duplicate_conflict' ? 0 : 1);
    });

    it.each([
      ['an empty file', 'empty.csv', '', 'empty_file'],
      ['a header only', 'header.csv', header, 'header_only'],
      ['an unknown layout', 'prices.csv', 'date,open,close\n2014-06-09,1,2\n', 'unknown_columns'],
      ['binary junk', 'junk.csv', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), 'binary'],
    ])('%s is refused under either policy', async (_, name, content, problem) => {
      const file = write(name, content);
      const digest = databaseDigest(store.db);
      for (const policy of ['strict', 'lenient'] as const) {
        const error = await rejectionOf(importCorporateActions(store, file, { policy }));
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.message).toContain(name);
        expect(error.details).toMatchObject({ file, problem });
      }
      expect(databaseDigest(store.db)).toBe(digest);
    });
  });

  it('writes nothing when cancelled, and refuses a read-only store', async () => {
    const controller = new AbortController();
    controller.abort();
    const digest = databaseDigest(store.db);
    const file = path.join(FIXTURES, 'actions-long.csv');
    expect((await rejectionOf(importCorporateActions(store, file, { policy: 'lenient', signal: controller.signal }))).code).toBe('CANCELLED');
    expect(databaseDigest(store.db)).toBe(digest);

    const reader = openDatabase({ path: store.path, busyTimeoutMs: 1000, migrations, readonly: true });
    try {
      expect((await rejectionOf(importCorporateActions(reader, file, { policy: 'lenient' }))).code).toBe('BAD_REQUEST');
    } finally {
      reader.close();
    }
  });

  describe('with real prices in the store', () => {
    it('derives the raw AAPL history from the split-adjusted bars and the imported 7:1 split', async () => {
      const prices = copyPrices(path.join(home.dir, 'prices'), ['AAPL'], false);
      await importPath(store, prices, importOptions({ policy: 'strict', adjustment: 'split' }));
      await importCorporateActions(store, write('aapl.csv', 'symbol,date,type,ratio,amount\nAAPL,2014-06-09,split,7:1,\n'), { policy: 'strict' });

      const actions = new CorporateActionsRepo(store.db);
      const bars = new BarsRepo(store.db);
      const id = new InstrumentsRepo(store.db).idOf('AAPL');
      expect(id).toBeDefined();
      const stored = bars.readStored(id ?? -1);
      const { series, warnings } = toBasis(stored, actions.forSymbol('AAPL'), 'split', 'raw');
      expect(warnings).toEqual([]);
      expect(series.days[0]).toBe(day('2013-02-08'));
      expect(Math.abs((series.close[0] ?? NaN) / (67.8542 * 7) - 1)).toBeLessThan(1e-9);
      const exIndex = series.days.indexOf(day('2014-06-09'));
      expect(series.close.subarray(exIndex)).toEqual(stored.close.subarray(exIndex));
      expect(series.volume[0]).toBeCloseTo((stored.volume[0] ?? NaN) / 7, 6);
    });

    it('keeps the split the importer inferred for DISCA beside the imported one, and uses the imported one', async () => {
      const prices = copyPrices(path.join(home.dir, 'prices'), ['DISCA'], false);
      await importPath(store, prices, importOptions({ adjustment: 'split' }));
      const actions = new CorporateActionsRepo(store.db);
      expect(actions.forSymbol('DISCA')).toEqual([expect.objectContaining({ kind: 'split', day: day('2014-08-07'), numerator: 2, denominator: 1, source: 'inferred' })]);

      const agreeing = await importCorporateActions(store, path.join(FIXTURES, 'actions-long.csv'), { policy: 'strict' });
      expect(agreeing.issues).toEqual([]);
      const stored = actions.forSymbol('DISCA');
      expect(stored.map((a) => a.source).sort()).toEqual(['imported', 'inferred']);

      const id = new InstrumentsRepo(store.db).idOf('DISCA') ?? -1;
      const { series, warnings } = toBasis(new BarsRepo(store.db).readStored(id), stored, 'raw', 'split');
      expect(warnings).toEqual([]);
      const exIndex = series.days.indexOf(day('2014-08-07'));
      expect(Math.abs(Math.log((series.close[exIndex] ?? NaN) / (series.close[exIndex - 1] ?? NaN)))).toBeLessThan(0.05);

      const disagreeing = write('disca.csv', 'symbol,date,type,ratio,amount\nDISCA,2014-08-07,split,3:1,\n');
      const result = await importCorporateActions(store, disagreeing, { policy: 'strict' });
      expect(result.replaced).toBe(1);
      expect(result.issues).toEqual([expect.objectContaining({ kind: 'source_mismatch', severity: 'warning', symbol: 'DISCA', line: 2 })]);
    });
  });
});
