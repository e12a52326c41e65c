import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBarFile, type BarFileSummary, type ParseBarFileOptions } from '../../../src/main/data/csv/bar-file-parser';
import { formatIsoDate, parseIsoDate } from '../../../src/main/core/time/epoch-day';
import type { ImportIssue, ParsedBar } from '../../../src/main/data/core/pipeline-types';
import { isAppError, type AppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/data');
const TODAY = parseIsoDate('2025-01-01') ?? 0;

interface Parsed {
  bars: ParsedBar[];
  issues: ImportIssue[];
  summary: BarFileSummary;
}

async function parseAll(file: string, options: Partial<ParseBarFileOptions> = {}): Promise<Parsed> {
  const bars: ParsedBar[] = [];
  const issues: ImportIssue[] = [];
  let summary: BarFileSummary | null = null;
  for await (const event of parseBarFile(file, { today: TODAY, ...options })) {
    switch (event.type) {
      case 'batch':
        bars.push(...event.bars);
        issues.push(...event.issues);
        break;
      case 'end':
        summary = event.summary;
        break;
    }
  }
  if (summary === null) throw new Error('no end event');
  return { bars, issues, summary };
}

async function parseFailure(file: string, options: Partial<ParseBarFileOptions> = {}): Promise<AppError> {
  try {
    await parseAll(file, options);
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${file} to fail`);
}

const brief = (i: ImportIssue): string => `${i.line} ${i.kind} ${i.severity} ${i.field ?? '-'}`;

describe('parseBarFile on real S&P 500 rows', () => {
  it('parses AAPL rows, hashing the same bytes it parses', async () => {
    const file = path.join(FIXTURES, 'AAPL.csv');
    const { bars, issues, summary } = await parseAll(file);
    expect(issues).toEqual([]);
    expect(bars).toHaveLength(12);
    expect(bars[0]).toEqual({
      symbol: 'AAPL',
      day: parseIsoDate('2013-02-08'),
      open: 67.7142,
      high: 68.4014,
      low: 66.8928,
      close: 67.8542,
      volume: 158168416,
      line: 2,
    });
    expect(summary).toMatchObject({
      format: { name: 'sp500-kaggle' },
      dateFormat: 'iso',
      rowsRead: 12,
      rowsAccepted: 12,
      rowsRejected: 0,
      symbols: ['AAPL'],
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    });
  });

  it('rejects the real BHF row with empty open, high and low, one issue per field', async () => {
    const { bars, issues, summary } = await parseAll(path.join(FIXTURES, 'BHF.csv'));
    expect(bars).toHaveLength(11);
    expect(issues).toEqual(
      ['open', 'high', 'low'].map((field) => ({
        kind: 'missing_field',
        severity: 'error',
        symbol: 'BHF',
        day: parseIsoDate('2017-07-26'),
        detail: `${field} is empty`,
        file: path.join(FIXTURES, 'BHF.csv'),
        line: 9,
        field,
      })),
    );
    expect(summary).toMatchObject({ rowsRead: 12, rowsAccepted: 11, rowsRejected: 1 });
  });

  it('reads a long file with quoted, differently written tickers', async () => {
    const { bars, summary } = await parseAll(path.join(FIXTURES, 'long-mixed.csv'));
    expect(summary.format.name).toBe('long');
    expect(summary.symbols).toEqual(['AAPL', 'BRK.B']);
    expect(bars.map((b) => `${b.symbol} ${formatIsoDate(b.day)} ${b.close} ${b.line}`)).toEqual([
      'AAPL 2013-02-08 67.8542 2',
      'BRK.B 2013-02-08 97.25 3',
      'AAPL 2013-02-11 68.5614 4',
      'BRK.B 2013-02-11 97.13 5',
      'AAPL 2013-02-12 66.8428 6',
      'BRK.B 2013-02-12 97.7 7',
    ]);
  });
});

describe('parseBarFile row checks', () => {
  it('reports every crafted problem on its line, with the precise detail', async () => {
    const { bars, issues, summary } = await parseAll(path.join(FIXTURES, 'AAPL_bad-rows.csv'));
    expect(issues.map(brief)).toEqual([
      '4 missing_field error open',
      '6 bad_number error high',
      '8 mixed_date_formats error date',
      '9 bad_date error date',
      '10 non_positive_price error close',
      '11 ohlc_inconsistent error -',
      '12 negative_volume error volume',
      '13 fractional_volume warning volume',
      '15 non_trading_day error date',
      '16 future_date error date',
      '17 bad_symbol error symbol',
      '18 bad_number error -',
      '19 missing_field error -',
      '20 non_trading_day error date',
      '22 missing_field error volume',
      '23 bad_number error volume',
    ]);
    const detail = (line: number): string => issues.find((i) => i.line === line)?.detail ?? '';
    expect(detail(6)).toBe('high "abc" is not a number');
    expect(detail(8)).toBe('"2/19/2013" is a US (M/D/YYYY) date but this file\'s dates are ISO (YYYY-MM-DD) (from line 2)');
    expect(detail(9)).toBe('"2013-02-30" is not a calendar date');
    expect(detail(11)).toBe('high 64 is below low 64.5; low 64.5 is above open 63.9; low 64.5 is above close 63.7');
    expect(detail(13)).toBe('volume 1234.5 is not a whole number of shares; kept as 1235');
    expect(detail(15)).toBe('2013-02-23 is a Saturday; the market was closed');
    expect(detail(16)).toBe('2031-01-02 is after today (2025-01-01)');
    expect(detail(19)).toBe('row has 3 field(s) but the header has 7; no low, close, volume, symbol');
    expect(detail(20)).toBe("2013-02-18 is an NYSE holiday (Washington's Birthday); the market was closed");
    expect(issues.find((i) => i.line === 10)).toMatchObject({ symbol: 'AAPL', day: parseIsoDate('2013-02-20') });
    expect(bars.map((b) => [b.line, b.volume])).toEqual([
      [2, 158168416],
      [3, 129029425],
      [5, 118721995],
      [7, 97924631],
      [13, 1235],
      [14, 1_500_000],
    ]);
    // Line 21 is a blank spreadsheet row: skipped, not counted.
    expect(summary).toMatchObject({ rowsRead: 21, rowsAccepted: 6, rowsRejected: 15, dateFormat: 'iso' });
  });

  it('keeps weekend and holiday bars as warnings when asked to', async () => {
    const { bars, issues } = await parseAll(path.join(FIXTURES, 'AAPL_bad-rows.csv'), { nonTradingDaySeverity: 'warning' });
    expect(issues.filter((i) => i.kind === 'non_trading_day').map((i) => [i.line, i.severity])).toEqual([
      [15, 'warning'],
      [20, 'warning'],
    ]);
    expect(bars.map((b) => b.line)).toEqual([2, 3, 5, 7, 13, 14, 15, 20]);
  });
});

describe('parseBarFile formats and encodings', () => {
  let dir = '';
  let cleanup = (): void => {};
  beforeEach(() => {
    ({ dir, cleanup } = makeTempHome('arbdesk-csv-'));
  });
  afterEach(() => cleanup());

  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('reads a Yahoo download with BOM, CRLF, quotes and null rows', async () => {
    const file = write(
      'AAPL.csv',
      '\uFEFFDate,Open,High,Low,Close,Adj Close,Volume\r\n' +
        '2013-02-08,67.7142,68.4014,66.8928,67.8542,59.01,158168416\r\n' +
        '2013-02-11,null,null,null,null,null,null\r\n' +
        '"2013-02-12","68.5014","68.9114","66.8205","66.8428","58.13","151829363"\r\n',
    );
    const { bars, issues, summary } = await parseAll(file);
    expect(summary.format).toMatchObject({ name: 'yahoo', symbolFromFileName: 'AAPL' });
    expect(bars.map((b) => [b.symbol, formatIsoDate(b.day), b.close, b.line])).toEqual([
      ['AAPL', '2013-02-08', 67.8542, 2],
      ['AAPL', '2013-02-12', 66.8428, 4],
    ]);
    expect(issues.map(brief)).toEqual([
      '3 missing_field error open',
      '3 missing_field error high',
      '3 missing_field error low',
      '3 missing_field error close',
      '3 missing_field error volume',
    ]);
  });

  it('reads US dates and reports the format', async () => {
    const file = write('SPY.csv', 'Date,Open,High,Low,Close,Volume\n2/8/2013,1,2,0.5,1.5,10\n02/11/2013,1,2,0.5,1.5,10\n2013-02-12,1,2,0.5,1.5,10\n');
    const { bars, issues, summary } = await parseAll(file);
    expect(summary.dateFormat).toBe('us');
    expect(bars.map((b) => formatIsoDate(b.day))).toEqual(['2013-02-08', '2013-02-11']);
    expect(issues.map(brief)).toEqual(['4 mixed_date_formats error date']);
  });

  it('applies an explicit column mapping', async () => {
    const file = write('export.csv', 'Day,Junk,O,H,L,C,Shares\n2013-02-08,?,1,2,0.5,1.5,10\n');
    const { bars, summary } = await parseAll(file, {
      format: {
        name: 'mapped',
        mapping: { date: 'Day', open: 'O', high: 'H', low: 'L', close: 'C', volume: 'Shares' },
        symbolFromFileName: 'SPY',
      },
    });
    expect(summary.format.name).toBe('mapped');
    expect(bars).toMatchObject([{ symbol: 'SPY', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }]);
  });

  it.each([
    ['empty.csv', '', 'empty_file'],
    ['blank.csv', '\n\r\n\n', 'empty_file'],
    ['AAPL.csv', 'date,open,high,low,close,volume,Name\n', 'header_only'],
    ['nul.csv', Buffer.from('date,open\n2013-02-08,\u0000\u0000\n'), 'binary'],
    ['book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'binary'],
    ['latin1.csv', Buffer.from('date,open,Caf\xe9\n', 'latin1'), 'invalid_utf8'],
    ['cut.csv', Buffer.from([0x61, 0x2c, 0xc3]), 'invalid_utf8'],
    ['prices.csv', 'Date,Open,High,Low,Close,Volume,Ticker,Dividends\n', 'unknown_columns'],
    ['quote.csv', 'date,open,high,low,close,volume,Name\n"2013-02-08,1,2,0.5,1.5,10,AAPL\n', 'csv_syntax'],
  ])('refuses %s as a whole (%s)', async (name, content, problem) => {
    const file = write(name, content);
    const error = await parseFailure(file);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message.startsWith(`${name}: `)).toBe(true);
    expect(error.details).toMatchObject({ file, problem });
  });

  it('says NOT_FOUND for a missing file and CANCELLED when aborted', async () => {
    const missing = path.join(dir, 'nope.csv');
    const notFound = await parseFailure(missing);
    expect(notFound.code).toBe('NOT_FOUND');
    expect(notFound.details).toEqual({ file: missing });
    const controller = new AbortController();
    controller.abort();
    expect((await parseFailure(path.join(FIXTURES, 'AAPL.csv'), { signal: controller.signal })).code).toBe('CANCELLED');
  });
});
