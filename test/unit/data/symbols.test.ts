import { describe, expect, it } from 'vitest';
import { parseSymbol } from '../../../src/shared/domain/symbol';
import { normalizeSymbol, symbolFromFileName } from '../../../src/main/data/symbols';
import { isAppError } from '../../../src/shared/ipc/errors';

describe('symbol normalisation', () => {
  it('trims, upper-cases and splits off an exchange prefix', () => {
    expect(parseSymbol('  aapl ')).toEqual({ ok: true, symbol: 'AAPL', exchange: null });
    expect(parseSymbol('NYSE:LMT')).toEqual({ ok: true, symbol: 'LMT', exchange: 'NYSE' });
    expect(parseSymbol('nasdaq: aapl')).toEqual({ ok: true, symbol: 'AAPL', exchange: 'NASDAQ' });
  });

  it('writes class shares with a dot whatever the source separator', () => {
    for (const raw of ['BRK.B', 'BRK-B', 'BRK/B', 'brk-b', 'NYSE:BRK/B']) {
      expect(normalizeSymbol(raw), raw).toBe('BRK.B');
    }
    expect(normalizeSymbol('BF.B')).toBe('BF.B');
  });

  it('keeps a Yahoo preferred distinct from a class share', () => {
    expect(normalizeSymbol('BAC-PL')).toBe('BAC.PL');
    expect(normalizeSymbol('BAC.L')).toBe('BAC.L');
  });

  it('rejects what cannot be a ticker, saying why', () => {
    for (const raw of ['', '   ', '^GSPC', 'AA PL', 'BRK..B', '.B', 'B.', 'ABCDEFGHIJKLM', '$AAPL', 'NYSE:']) {
      const parsed = parseSymbol(raw);
      expect(parsed.ok, raw).toBe(false);
      if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
    }
    try {
      normalizeSymbol('^GSPC');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
      expect(isAppError(error) && error.details).toEqual({ field: 'symbol', value: '^GSPC' });
    }
  });

  it('reads the ticker from a file name', () => {
    const name = (file: string): string | null => {
      const parsed = symbolFromFileName(file);
      return parsed.ok ? parsed.symbol : null;
    };
    expect(name('/data/prices/AAPL.csv')).toBe('AAPL');
    expect(name('BRK.B.csv')).toBe('BRK.B');
    expect(name('BRK-B.csv')).toBe('BRK.B');
    expect(name('aapl_data.csv')).toBe('AAPL');
    expect(name('C:\\x\\MSFT.CSV'.split('\\').join('/'))).toBe('MSFT');
    expect(name('GOOG.txt')).toBe('GOOG');
    expect(name('my prices.csv')).toBeNull();
    expect(name('_x.csv')).toBeNull();
  });
});
