import { describe, expect, it } from 'vitest';
import { detectFormat, resolveColumns } from '../../../src/main/data/csv/format-detection';
import { isAppError, type AppError } from '../../../src/shared/ipc/errors';

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('detectFormat', () => {
  it('recognises the S&P 500 Kaggle layout exactly', () => {
    const format = detectFormat(['date', 'open', 'high', 'low', 'close', 'volume', 'Name'], '/x/AAPL.csv');
    expect(format).toEqual({
      name: 'sp500-kaggle',
      mapping: { date: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', symbol: 'Name' },
    });
  });

  it('recognises Yahoo and takes the ticker from the file name', () => {
    const format = detectFormat(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'], '/downloads/BRK-B.csv');
    expect(format).toEqual({
      name: 'yahoo',
      mapping: { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume', adjClose: 'Adj Close' },
      symbolFromFileName: 'BRK.B',
    });
  });

  it('recognises a long layout in any order and case', () => {
    const format = detectFormat([' TICKER', 'Volume', 'CLOSE', 'low', 'High', 'open', 'Date '], 'all.csv');
    expect(format.name).toBe('long');
    expect(format.mapping).toEqual({ date: 'Date', open: 'open', high: 'High', low: 'low', close: 'CLOSE', volume: 'Volume', symbol: 'TICKER' });
  });

  it('maps date + OHLCV without a symbol column to the file-name ticker', () => {
    const format = detectFormat(['Date', 'Open', 'High', 'Low', 'Close', 'Volume'], 'MSFT_daily.csv');
    expect(format).toMatchObject({ name: 'mapped', symbolFromFileName: 'MSFT' });
  });

  it('lists found, missing and unknown columns so the dialog can offer a mapping', () => {
    const error = failure(() => detectFormat(['Date', 'Open', 'Hi', 'Lo', 'Close', 'Volume', 'Ticker'], '/x/prices.csv'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('prices.csv');
    expect(error.details).toEqual({
      file: '/x/prices.csv',
      problem: 'missing_columns',
      columns: ['Date', 'Open', 'Hi', 'Lo', 'Close', 'Volume', 'Ticker'],
      missing: ['high', 'low'],
      unknown: ['Hi', 'Lo'],
      duplicates: [],
    });
    const unknown = failure(() => detectFormat(['Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'Ticker', 'Dividends'], 'p.csv'));
    expect(unknown.details).toMatchObject({ problem: 'unknown_columns', unknown: ['Dividends'], missing: [] });
  });

  it('refuses a header-less file, duplicate columns and an unnamed single-symbol file', () => {
    expect(failure(() => detectFormat(['2013-02-08', '67.71', '68.40', '66.89', '67.85', '158168416', 'AAPL'], 'AAPL.csv')).details).toMatchObject({
      problem: 'no_header',
    });
    expect(failure(() => detectFormat(['Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'Symbol', 'Ticker'], 'x.csv')).details).toMatchObject({
      problem: 'duplicate_columns',
    });
    expect(failure(() => detectFormat(['Date', 'Open', 'High', 'Low', 'Close', 'Volume'], 'my prices.csv')).details).toMatchObject({
      problem: 'no_symbol',
    });
  });
});

describe('resolveColumns', () => {
  it('resolves an explicit mapping and fails naming the columns the file lacks', () => {
    const header = ['Day', 'O', 'H', 'L', 'C', 'Shares'];
    const mapping = { date: 'Day', open: 'O', high: 'H', low: 'L', close: 'C', volume: 'Shares' };
    const columns = resolveColumns(header, { name: 'mapped', mapping, symbolFromFileName: 'brk-b' }, 'export.csv');
    expect(columns).toEqual({ date: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, symbol: -1, fixedSymbol: 'BRK.B', width: 6 });
    const error = failure(() => resolveColumns(header, { name: 'mapped', mapping: { ...mapping, volume: 'Vol' } }, 'SPY.csv'));
    expect(error.details).toMatchObject({ problem: 'missing_columns', missing: ['volume → "Vol"'] });
  });
});
