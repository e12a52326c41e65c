import type { z } from 'zod';
import { parseSymbol } from '../../shared/domain/symbol';
import type { columnMappingSchema, filePreviewSchema, formatSpecSchema } from '../../shared/ipc/sections/data';

export type FilePreview = z.infer<typeof filePreviewSchema>;
export type FormatSpec = z.infer<typeof formatSpecSchema>;
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const REQUIRED_FIELDS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
export const MAPPING_FIELDS = [...REQUIRED_FIELDS, 'symbol'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** The editor's state: a header column per field, '' when not chosen. */
export type MappingForm = Readonly<Record<MappingField, string>>;

export const EMPTY_MAPPING: MappingForm = { date: '', open: '', high: '', low: '', close: '', volume: '', symbol: '' };

const SYNONYMS: Readonly<Record<MappingField, readonly string[]>> = {
  date: ['date', 'day', 'timestamp', 'time', 'datetime', 'tradedate'],
  open: ['open', 'o', 'openprice'],
  high: ['high', 'h', 'highprice'],
  low: ['low', 'l', 'lowprice'],
  close: ['close', 'c', 'closeprice', 'last', 'price'],
  volume: ['volume', 'vol', 'v', 'qty', 'quantity'],
  symbol: ['symbol', 'ticker', 'name', 'sym', 'code'],
};

function normalize(column: string): string {
  return column.toLowerCase().replaceAll(/[^a-z]/g, '');
}

/** A first guess from the header names, which the user then confirms or corrects. */
export function suggestMapping(header: readonly string[]): MappingForm {
  const taken = new Set<string>();
  const guess: Record<MappingField, string> = { ...EMPTY_MAPPING };
  for (const field of MAPPING_FIELDS) {
    for (const synonym of SYNONYMS[field]) {
      const column = header.find((candidate) => !taken.has(candidate) && normalize(candidate) === synonym);
      if (column !== undefined) {
        guess[field] = column;
        taken.add(column);
        break;
      }
    }
  }
  return guess;
}

export type FormatChoice =
  | { readonly ok: true; readonly format: FormatSpec | undefined }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * What to send as `format`: nothing when main detected the layout itself, otherwise the
 * explicit mapping, which must name a distinct header column for every required field.
 */
export function chooseFormat(preview: FilePreview, form: MappingForm, symbolForFile: string): FormatChoice {
  if (preview.detected !== null) return { ok: true, format: undefined };
  const problems: string[] = [];
  const header = new Set(preview.header);
  for (const field of REQUIRED_FIELDS) {
    if (form[field] === '') problems.push(`Choose the column for ${field}.`);
    else if (!header.has(form[field])) problems.push(`Column "${form[field]}" (${field}) is not in the file's header.`);
  }
  const chosen = MAPPING_FIELDS.map((field) => form[field]).filter((column) => column !== '');
  const duplicates = [...new Set(chosen.filter((column, index) => chosen.indexOf(column) !== index))];
  for (const column of duplicates) problems.push(`Column "${column}" is used for more than one field.`);
  const symbol = symbolForFile.trim() === '' ? null : parseSymbol(symbolForFile);
  if (symbol !== null && !symbol.ok) problems.push(`"${symbolForFile}" is not a valid symbol: ${symbol.reason}.`);
  if (problems.length > 0) return { ok: false, problems };

  const mapping: ColumnMapping = {
    date: form.date,
    open: form.open,
    high: form.high,
    low: form.low,
    close: form.close,
    volume: form.volume,
    ...(form.symbol !== '' ? { symbol: form.symbol } : {}),
  };
  const format: FormatSpec = { name: 'mapped', mapping, ...(symbol?.ok === true ? { symbolFromFileName: symbol.symbol } : {}) };
  return { ok: true, format };
}
