import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseActionsFile, type ParseActionsOptions } from '../../../../src/main/data/actions/parse-actions';
import { parseIsoDate } from '../../../../src/main/core/time/epoch-day';
import { makeTempHome } from '../../../helpers/temp-home';
import { rejectionOf } from '../../../helpers/app-error';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/data/actions');
const lenient: ParseActionsOptions = { policy: 'lenient' };
const strict: ParseActionsOptions = { policy: 'strict' };
const day = (iso: string): number => parseIsoDate(iso) ?? Number.NaN;

describe('parseActionsFile', () => {
  let home: { dir: string; cleanup: () => void };
  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(home.dir, name);
    writeFileSync(file, content);
    return file;
  };
  beforeEach(() => {
    home = makeTempHome('arbdesk-actions-');
  });
  afterEach(() => home.cleanup());

  describe('layouts', () => {
    it('reads the long layout for several symbols', async () => {
      const parsed = await parseActionsFile(path.join(FIXTURES, 'actions-long.csv'), lenient);
      expect(parsed.layout).toBe('long');
      expect(parsed.issues).toEqual([]);
      expect(parsed.symbols).toEqual(['AAPL', 'DISCA']);
      expect(parsed.actions).toEqual([
        { symbol: 'AAPL', line: 2, action: { kind: 'split', day: day('2014-06-09'), numerator: 7, denominator: 1 } },
        { symbol: 'AAPL', line: 3, action: { kind: 'dividend', day: day('2014-05-08'), cashAmount: 3.29 } },
        { symbol: 'DISCA', line: 4, action: { kind: 'split', day: day('2014-08-07'), numerator: 2, denominator: 1 } },
      ]);
    });

    it('reads Yahoo split and dividend histories, taking the symbol from the file name', async () => {
      const splits = await parseActionsFile(path.join(FIXTURES, 'AAPL_splits.csv'), lenient);
      expect(splits.layout).toBe('yahoo-splits');
      expect(splits.symbols).toEqual(['AAPL']);
      expect(splits.actions.map((a) => a.action)).toContainEqual({ kind: 'split', day: day('2014-06-09'), numerator: 7, denominator: 1 });
      expect(splits.actions).toHaveLength(4);

      const dividends = await parseActionsFile(path.join(FIXTURES, 'AAPL_dividends.csv'), lenient);
      expect(dividends.layout).toBe('yahoo-dividends');
      expect(dividends.actions.map((a) => a.action)).toEqual([
        { kind: 'dividend', day: day('2014-05-08'), cashAmount: 3.29 },
        { kind: 'dividend', day: day('2014-08-07'), cashAmount: 0.47 },
        { kind: 'dividend', day: day('2014-11-06'), cashAmount: 0.47 },
      ]);
    });

    it('reads yfinance Ticker.actions, where 0 means no event, with timestamps', async () => {
      const file = write(
        'AAPL.csv',
        'Date,Dividends,Stock Splits\n2014-05-08 00:00:00-04:00,0.47,0.0\n2014-06-09 00:00:00-04:00,0.0,7.0\n2014-08-07 00:00:00-04:00,0.47,0\n',
      );
      const parsed = await parseActionsFile(file, lenient);
      expect(parsed.layout).toBe('yahoo-actions');
      expect(parsed.actions.map((a) => a.action)).toEqual([
        { kind: 'dividend', day: day('2014-05-08'), cashAmount: 0.47 },
        { kind: 'split', day: day('2014-06-09'), numerator: 7, denominator: 1 },
        { kind: 'dividend', day: day('2014-08-07'), cashAmount: 0.47 },
      ]);
    });

    it('ignores header case, a BOM, CRLF line ends, quoted fields and blank lines', async () => {
      const file = write(
        'mixed.csv',
        Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from('"Symbol","Date","Type","Ratio","Amount"\r\n"BRK-B","2014-06-09","Split","3-for-2",""\r\n\r\n"KO",2014-06-12,DIVIDEND,,"0.305"\r\n'),
        ]),
      );
      const parsed = await parseActionsFile(file, lenient);
      expect(parsed.issues).toEqual([]);
      expect(parsed.actions).toEqual([
        { symbol: 'BRK.B', line: 2, action: { kind: 'split', day: day('2014-06-09'), numerator: 3, denominator: 2 } },
        { symbol: 'KO', line: 4, action: { kind: 'dividend', day: day('2014-06-12'), cashAmount: 0.305 } },
      ]);
      expect(parsed.rowsRead).toBe(2);
    });

    it('accepts a Yahoo split file written with slashes and a reverse split', async () => {
      const file = write('XYZ_splits.csv', 'date,stock_splits\n2015-01-02,1/10\n');
      const parsed = await parseActionsFile(file, lenient);
      expect(parsed.actions[0]?.action).toEqual({ kind: 'split', day: day('2015-01-02'), numerator: 1, denominator: 10 });
    });
  });

  describe('bad rows', () => {
    const header = 'symbol,date,type,ratio,amount\n';
    it.each([
      ['bad ISO date', 'AAPL,2014-02-30,split,7:1,', 'bad_date', 'date'],
      ['bad US date', 'AAPL,13/45/2014,split,7:1,', 'bad_date', 'date'],
      ['missing date', 'AAPL,,split,7:1,', 'missing_field', 'date'],
      ['zero ratio', 'AAPL,2014-06-09,split,0:1,', 'bad_number', 'ratio'],
      ['zero denominator', 'AAPL,2014-06-09,split,7:0,', 'bad_number', 'ratio'],
      ['negative ratio', 'AAPL,2014-06-09,split,-7,', 'bad_number', 'ratio'],
      ['garbage ratio', 'AAPL,2014-06-09,split,seven,', 'bad_number', 'ratio'],
      ['missing ratio', 'AAPL,2014-06-09,split,,', 'missing_field', 'ratio'],
      ['amount on a split', 'AAPL,2014-06-09,split,7:1,3', 'bad_number', 'amount'],
      ['zero dividend', 'KO,2014-06-12,dividend,,0', 'bad_number', 'amount'],
      ['negative dividend', 'KO,2014-06-12,dividend,,-0.3', 'bad_number', 'amount'],
      ['non-numeric dividend', 'KO,2014-06-12,dividend,,$0.30', 'bad_number', 'amount'],
      ['missing dividend', 'KO,2014-06-12,dividend,,', 'missing_field', 'amount'],
      ['ratio on a dividend', 'KO,2014-06-12,dividend,2:1,0.3', 'bad_number', 'ratio'],
      ['unknown type', 'KO,2014-06-12,spinoff,,0.3', 'bad_value', 'type'],
      ['missing type', 'KO,2014-06-12,,,0.3', 'missing_field', 'type'],
      ['missing symbol', ',2014-06-12,dividend,,0.3', 'missing_field', 'symbol'],
      ['invalid symbol', '^GSPC,2014-06-12,dividend,,0.3', 'bad_symbol', 'symbol'],
    ])('%s: lenient reports it and keeps the good row; strict names file, line and field', async (_, row, kind, field) => {
      const file = write('actions.csv', `${header}PEP,2014-06-04,dividend,,0.655\n${row}\n`);
      const parsed = await parseActionsFile(file, lenient);
      expect(parsed.actions).toHaveLength(1);
      expect(parsed.rowsRejected).toBe(1);
      expect(parsed.issues).toEqual([expect.objectContaining({ kind, field, line: 3, file, severity: 'error' })]);

      const error = await rejectionOf(parseActionsFile(file, strict));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain('actions.csv line 3');
      expect(error.message).toContain(`(field ${field})`);
      expect(error.details).toMatchObject({ file, line: 3, field, kind });
    });

    it('reports every bad field of one row', async () => {
      const file = write('actions.csv', `${header},2014-02-30,split,0:1,\n`);
      const parsed = await parseActionsFile(file, lenient);
      expect(parsed.issues.map((i) => i.field).sort()).toEqual(['date', 'ratio', 'symbol']);
      expect(parsed.rowsRejected).toBe(1);
    });

    it('refuses a date in the other convention once the first fixed it', async () => {
      const file = write('actions.csv', `${header}AAPL,2014-06-09,split,7:1,\nKO,6/12/2014,dividend,,0.305\n`);
      const parsed = await parseActionsFile(file, lenient);
      expect(parsed.issues).toEqual([expect.objectContaining({ kind: 'mixed_date_formats', line: 3 })]);
    });

    it('keeps one of two identical rows and withdraws both of two conflicting ones', async () => {
      const file = write(
        'actions.csv',
        `${header}AAPL,2014-06-09,split,7:1,\nAAPL,2014-06-09,split,14:2,\nKO,2014-06-12,dividend,,0.305\nKO,2014-06-12,dividend,,0.35\nPEP,2014-06-04,dividend,,0.655\n`,
      );
      const parsed = await parseActionsFile(file, lenient);
      expect(parsed.actions.map((a) => a.symbol)).toEqual(['AAPL', 'PEP']);
      expect(parsed.issues).toEqual([
        expect.objectContaining({ kind: 'duplicate_identical', severity: 'info', line: 3 }),
        expect.objectContaining({ kind: 'duplicate_conflict', severity: 'error', line: 5, field: 'amount', detail: expect.stringContaining('line 4') }),
        expect.objectContaining({ kind: 'duplicate_conflict', severity: 'error', line: 4, detail: expect.stringContaining('line(s) 5') }),
      ]);
      expect(parsed.rowsRejected).toBe(2);

      const error = await rejectionOf(parseActionsFile(file, strict));
      expect(error.details).toMatchObject({ line: 5, kind: 'duplicate_conflict' });
    });

    it('treats a split and a dividend on the same day as two actions, not a duplicate', async () => {
      const file = write('actions.csv', `${header}AAPL,2014-06-09,split,7:1,\nAAPL,2014-06-09,dividend,,0.47\n`);
      const parsed = await parseActionsFile(file, strict);
      expect(parsed.actions).toHaveLength(2);
    });
  });

  describe('whole-file problems', () => {
    it.each([
      ['an empty file', 'empty.csv', '', 'empty_file'],
      ['a header only', 'header.csv', 'symbol,date,type,ratio,amount\n', 'header_only'],
      ['an unknown layout', 'prices.csv', 'date,open,high,low,close,volume\n2014-06-09,1,2,0.5,1.5,100\n', 'unknown_columns'],
      ['a Yahoo file without a ticker in its name', '^GSPC_splits.csv', 'Date,Stock Splits\n2014-06-09,7:1\n', 'no_symbol'],
      ['binary junk', 'junk.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3]), 'binary'],
      ['NUL bytes', 'nul.csv', Buffer.from('symbol,date\u0000,type\n'), 'binary'],
      ['invalid UTF-8', 'latin1.csv', Buffer.from([0x73, 0x79, 0x6d, 0xe9, 0x0a]), 'invalid_utf8'],
    ])('refuses %s as VALIDATION_FAILED naming the file', async (_, name, content, problem) => {
      const file = write(name, content);
      for (const options of [lenient, strict]) {
        const error = await rejectionOf(parseActionsFile(file, options));
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.message).toContain(name);
        expect(error.details).toMatchObject({ file, problem });
      }
    });

    it('refuses a file over the size cap before reading it', async () => {
      const file = write('big.csv', `symbol,date,type,ratio,amount\n${'AAPL,2014-06-09,split,7:1,\n'.repeat(100)}`);
      const error = await rejectionOf(parseActionsFile(file, { policy: 'lenient', maxBytes: 1000 }));
      expect(error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(error.message).toContain('big.csv');
      expect(error.details).toMatchObject({ file, maxBytes: 1000 });
    });

    it('reports a missing file as NOT_FOUND and honours cancellation', async () => {
      expect((await rejectionOf(parseActionsFile(path.join(home.dir, 'absent.csv'), lenient))).code).toBe('NOT_FOUND');
      const controller = new AbortController();
      controller.abort();
      const file = path.join(FIXTURES, 'actions-long.csv');
      expect((await rejectionOf(parseActionsFile(file, { policy: 'lenient', signal: controller.signal }))).code).toBe('CANCELLED');
    });
  });
});
