import path from 'node:path';
import { parseSymbol, type SymbolParse } from '../../shared/domain/symbol';
import { AppError } from '../../shared/ipc/errors';

/** parseSymbol for callers that cannot continue without a valid symbol; throws VALIDATION_FAILED. */
export function normalizeSymbol(raw: string): string {
  const parsed = parseSymbol(raw);
  if (!parsed.ok) {
    throw new AppError('VALIDATION_FAILED', `Invalid symbol: ${parsed.reason}`, { field: 'symbol', value: raw });
  }
  return parsed.symbol;
}

const DATA_FILE_EXTENSION = /\.(csv|txt)$/i;

/**
 * The ticker a single-symbol file is named after: `TICKER.csv` or `TICKER_anything.csv`
 * (AAPL_data.csv → AAPL). Dots before the extension belong to the ticker (BRK.B.csv → BRK.B),
 * so only the last `.csv`/`.txt` is the extension.
 */
export function symbolFromFileName(filePath: string): SymbolParse {
  const base = path.basename(filePath);
  const stem = base.replace(DATA_FILE_EXTENSION, '');
  const underscore = stem.indexOf('_');
  const candidate = underscore === -1 ? stem : stem.slice(0, underscore);
  const parsed = parseSymbol(candidate);
  if (parsed.ok) return parsed;
  return { ok: false, input: base, reason: `no ticker in file name "${base}": ${parsed.reason}` };
}
