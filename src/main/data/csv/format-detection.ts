import type { ColumnMapping, FormatSpec } from '../core/pipeline-types';
import { detectDateFormat } from '../../core/time/epoch-day';
import { parseSymbol } from '../../../shared/domain/symbol';
import { symbolFromFileName } from '../symbols';
import { cleanField, parseDecimal } from './field-parsers';
import { fileError } from './file-errors';

/**
 * Column layout detection from the header row. Known layouts:
 * - `sp500-kaggle`: exactly `date,open,high,low,close,volume,Name` (one file per ticker, the
 *   ticker repeated in Name);
 * - `yahoo`: `Date,Open,High,Low,Close,Adj Close,Volume`, the ticker from the file name;
 * - `long`: a symbol column (symbol, ticker or name) plus date and OHLCV, any order and case;
 * - `mapped`: an explicit ColumnMapping from the caller, or date + OHLCV with no symbol
 *   column, where the ticker comes from the file name.
 * A column that is none of these is refused rather than ignored, so the user maps it
 * explicitly; details list the columns found, missing and unknown for the mapping dialog.
 */

export type BarField = 'date' | 'open' | 'high' | 'low' | 'close' | 'volume';
export const BAR_FIELDS: readonly BarField[] = ['date', 'open', 'high', 'low', 'close', 'volume'];
export const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

type KnownField = BarField | 'symbol' | 'adjClose';

/** Header names compared on letters and digits only: "Adj Close", "adj_close", "AdjClose" are one. */
function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const ALIASES: ReadonlyMap<string, KnownField> = new Map<string, KnownField>([
  ['date', 'date'],
  ['tradedate', 'date'],
  ['open', 'open'],
  ['high', 'high'],
  ['low', 'low'],
  ['close', 'close'],
  ['volume', 'volume'],
  ['vol', 'volume'],
  ['symbol', 'symbol'],
  ['ticker', 'symbol'],
  ['adjclose', 'adjClose'],
  ['adjustedclose', 'adjClose'],
]);

const SP500_KAGGLE_HEADER = ['date', 'open', 'high', 'low', 'close', 'volume', 'Name'];

/** Column positions for one file, resolved from a FormatSpec against its header. */
export interface ResolvedColumns {
  readonly date: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** -1 when the symbol comes from the file name. */
  readonly symbol: number;
  /** Set when symbol is -1. */
  readonly fixedSymbol: string | null;
  /** Number of header columns (to spot rows with extra fields). */
  readonly width: number;
}

function looksLikeData(cell: string): boolean {
  return detectDateFormat(cell) !== null || !Number.isNaN(parseDecimal(cell));
}

/** The given symbol (normalised) or, without one, the ticker in the file name. */
function fileSymbol(file: string, given?: string): string {
  const parsed = given === undefined ? symbolFromFileName(file) : parseSymbol(given);
  if (!parsed.ok) {
    throw fileError(file, 'no_symbol', `${parsed.reason}; add a symbol column or rename the file to TICKER.csv`, {
      reason: parsed.reason,
    });
  }
  return parsed.symbol;
}

/** Detects the layout from the header row; throws VALIDATION_FAILED naming what is wrong. */
export function detectFormat(header: readonly string[], file: string): FormatSpec {
  const columns = header.map(cleanField);
  const named = columns.filter((c) => c.length > 0);
  if (named.length === 0) throw fileError(file, 'no_header', 'the first line is empty; a header row is required');
  if (named.some(looksLikeData)) {
    throw fileError(file, 'no_header', `the first line looks like data (${named.join(',')}); a header row is required`, {
      columns: named,
    });
  }
  if (columns.length === SP500_KAGGLE_HEADER.length && columns.every((c, i) => c === SP500_KAGGLE_HEADER[i])) {
    return {
      name: 'sp500-kaggle',
      mapping: { date: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', symbol: 'Name' },
    };
  }

  const byField = new Map<KnownField, string>();
  const unknown: string[] = [];
  const duplicates: string[] = [];
  let nameColumn: string | null = null;
  for (const column of named) {
    const key = headerKey(column);
    const field = ALIASES.get(key);
    if (field === undefined) {
      // "Name" is a ticker in the Kaggle layout but often a company name elsewhere; it counts
      // as the symbol only when no symbol or ticker column exists.
      if (key === 'name' && nameColumn === null) nameColumn = column;
      else unknown.push(column);
      continue;
    }
    const existing = byField.get(field);
    if (existing !== undefined) duplicates.push(`${existing} / ${column}`);
    else byField.set(field, column);
  }
  if (nameColumn !== null) {
    if (byField.has('symbol')) unknown.push(nameColumn);
    else byField.set('symbol', nameColumn);
  }
  const missing = BAR_FIELDS.filter((f) => !byField.has(f));
  const details = { columns: named, missing, unknown, duplicates };
  if (duplicates.length > 0) {
    throw fileError(file, 'duplicate_columns', `columns name the same field twice: ${duplicates.join('; ')}`, details);
  }
  if (missing.length > 0) {
    throw fileError(
      file,
      'missing_columns',
      `missing required column(s) ${missing.join(', ')}; found ${named.join(', ')}. Map the columns explicitly`,
      details,
    );
  }
  if (unknown.length > 0) {
    throw fileError(
      file,
      'unknown_columns',
      `unknown column(s) ${unknown.join(', ')}; map the columns explicitly to import this file`,
      details,
    );
  }

  const pick = (f: KnownField): string => byField.get(f) ?? '';
  const base = {
    date: pick('date'),
    open: pick('open'),
    high: pick('high'),
    low: pick('low'),
    close: pick('close'),
    volume: pick('volume'),
  };
  const symbolColumn = byField.get('symbol');
  const adjClose = byField.get('adjClose');
  if (symbolColumn !== undefined) {
    const mapping: ColumnMapping = adjClose === undefined ? { ...base, symbol: symbolColumn } : { ...base, symbol: symbolColumn, adjClose };
    return { name: 'long', mapping };
  }
  const symbol = fileSymbol(file);
  if (adjClose !== undefined) return { name: 'yahoo', mapping: { ...base, adjClose }, symbolFromFileName: symbol };
  return { name: 'mapped', mapping: base, symbolFromFileName: symbol };
}

function findColumn(columns: readonly string[], name: string): number {
  const exact = columns.indexOf(name);
  if (exact !== -1) return exact;
  const key = headerKey(name);
  return columns.findIndex((c) => headerKey(c) === key);
}

/**
 * Positions of the mapped columns in this header. Used for detected and explicit formats
 * alike, so an explicit mapping naming a column the file lacks fails here, listing it.
 */
export function resolveColumns(header: readonly string[], format: FormatSpec, file: string): ResolvedColumns {
  const columns = header.map(cleanField);
  const { mapping } = format;
  const wanted: readonly (readonly [string, string | undefined])[] = [
    ['date', mapping.date],
    ['open', mapping.open],
    ['high', mapping.high],
    ['low', mapping.low],
    ['close', mapping.close],
    ['volume', mapping.volume],
    ['symbol', mapping.symbol],
  ];
  const positions = new Map<string, number>();
  const missing: string[] = [];
  for (const [field, column] of wanted) {
    if (column === undefined) continue;
    const index = findColumn(columns, column);
    if (index === -1) missing.push(`${field} → "${column}"`);
    else positions.set(field, index);
  }
  if (missing.length > 0) {
    throw fileError(file, 'missing_columns', `the header has no column for ${missing.join(', ')}`, {
      columns: columns.filter((c) => c.length > 0),
      missing,
      unknown: [],
      duplicates: [],
    });
  }
  const at = (field: string): number => positions.get(field) ?? -1;
  const symbol = at('symbol');
  return {
    date: at('date'),
    open: at('open'),
    high: at('high'),
    low: at('low'),
    close: at('close'),
    volume: at('volume'),
    symbol,
    fixedSymbol: symbol === -1 ? fileSymbol(file, format.symbolFromFileName) : null,
    width: columns.length,
  };
}
