import { cleanField } from '../csv/field-parsers';
import { fileError } from '../csv/file-errors';
import { symbolFromFileName } from '../symbols';

/**
 * The column layouts a corporate-actions file may have, recognised from the header alone
 * (case, surrounding spaces, `_` versus space, and a BOM do not matter):
 *
 * - `long`: one action per row for any number of symbols,
 *   `symbol,date,type,ratio,amount` (type `split` or `dividend`; ratio for splits, cash
 *   amount per share for dividends). Columns may come in any order; extra columns are
 *   ignored; ratio or amount may be absent when the file holds only the other kind.
 * - `yahoo-splits`: Yahoo's split history, `Date,Stock Splits`, one symbol per file.
 * - `yahoo-dividends`: Yahoo's dividend history, `Date,Dividends`.
 * - `yahoo-actions`: yfinance's `Ticker.actions`, `Date,Dividends,Stock Splits`, where 0 in a
 *   column means "no such event that day".
 * Single-symbol layouts take the symbol from the file name (`AAPL.csv`, `AAPL_splits.csv`).
 */

export type ActionLayoutName = 'long' | 'yahoo-splits' | 'yahoo-dividends' | 'yahoo-actions';

export interface ActionLayout {
  readonly name: ActionLayoutName;
  /** Header names as written, for issue fields. */
  readonly header: readonly string[];
  readonly date: number;
  /** Absent for single-symbol layouts. */
  readonly symbol?: number;
  readonly type?: number;
  /** Split ratio column (`ratio` or `Stock Splits`). */
  readonly ratio?: number;
  /** Dividend cash column (`amount` or `Dividends`). */
  readonly amount?: number;
  /** Symbol taken from the file name, for single-symbol layouts. */
  readonly fileSymbol?: string;
}

const ALIASES: Readonly<Record<string, 'symbol' | 'date' | 'type' | 'ratio' | 'amount' | 'splits' | 'dividends'>> = {
  symbol: 'symbol',
  ticker: 'symbol',
  date: 'date',
  'ex date': 'date',
  exdate: 'date',
  type: 'type',
  action: 'type',
  ratio: 'ratio',
  'split ratio': 'ratio',
  amount: 'amount',
  'cash amount': 'amount',
  'stock splits': 'splits',
  'stock split': 'splits',
  splits: 'splits',
  dividends: 'dividends',
  dividend: 'dividends',
};

function normaliseName(name: string): string {
  return cleanField(name).toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** The layout of a header row; a whole-file VALIDATION_FAILED when it is none of ours. */
export function detectActionLayout(header: readonly string[], file: string): ActionLayout {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    const role = ALIASES[normaliseName(name)];
    if (role === undefined) return;
    if (positions.has(role)) {
      throw fileError(file, 'duplicate_columns', `the header names the ${role} column twice`, { header: [...header] });
    }
    positions.set(role, index);
  });
  const date = positions.get('date');
  const symbol = positions.get('symbol');
  const type = positions.get('type');
  const ratio = positions.get('ratio');
  const amount = positions.get('amount');
  const splits = positions.get('splits');
  const dividends = positions.get('dividends');
  const base = { header: [...header] };

  if (date !== undefined && symbol !== undefined && type !== undefined && (ratio !== undefined || amount !== undefined)) {
    return { ...base, name: 'long', date, symbol, type, ...(ratio === undefined ? {} : { ratio }), ...(amount === undefined ? {} : { amount }) };
  }
  if (date !== undefined && symbol === undefined && type === undefined && (splits !== undefined || dividends !== undefined)) {
    const fileSymbol = symbolFromFileName(file);
    if (!fileSymbol.ok) {
      throw fileError(file, 'no_symbol', `a single-symbol actions file must be named after its ticker (AAPL_splits.csv): ${fileSymbol.reason}`);
    }
    const name: ActionLayoutName = splits !== undefined && dividends !== undefined ? 'yahoo-actions' : splits !== undefined ? 'yahoo-splits' : 'yahoo-dividends';
    return {
      ...base,
      name,
      date,
      fileSymbol: fileSymbol.symbol,
      ...(splits === undefined ? {} : { ratio: splits }),
      ...(dividends === undefined ? {} : { amount: dividends }),
    };
  }
  throw fileError(
    file,
    'unknown_columns',
    `unrecognised corporate-actions header "${header.join(',')}"; expected symbol,date,type,ratio,amount or ` +
      'Yahoo\'s Date,Stock Splits / Date,Dividends',
    { header: [...header] },
  );
}
