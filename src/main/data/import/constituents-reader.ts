import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../../shared/ipc/errors';
import { parseSymbol } from '../../../shared/domain/symbol';

/** Name and sector of an index member, as a constituents list gives them. */
export interface ConstituentInfo {
  readonly name: string | null;
  readonly sector: string | null;
}

/**
 * Tickers renamed between the price snapshot and the constituents list (README of the shared
 * S&P 500 set): the prices use the old ticker, the list the new one. Old → new.
 */
export const knownRenames: ReadonlyMap<string, string> = new Map([
  ['CBG', 'CBRE'],
  ['HCN', 'WELL'],
  ['PCLN', 'BKNG'],
]);

export interface ConstituentsLookup {
  readonly file: string;
  /** SHA-256 of the file's bytes, part of the import's input hash. */
  readonly sha256: string;
  readonly size: number;
  /** By symbol, falling back to the renamed ticker (prices say CBG, the list says CBRE). */
  lookup(symbol: string): ConstituentInfo | undefined;
}

const newToOld = new Map([...knownRenames].map(([oldSymbol, newSymbol]) => [newSymbol, oldSymbol]));

/**
 * Reads a `Symbol,Name,Sector` list (header names matched case-insensitively; extra columns
 * ignored). Throws VALIDATION_FAILED naming the file when the Symbol column is missing, and
 * NOT_FOUND/UNAVAILABLE when it cannot be read; the importer decides what that means under
 * its policy.
 */
export async function readConstituents(file: string): Promise<ConstituentsLookup> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'UNAVAILABLE',
      `Cannot read the constituents file ${file}: ${code ?? String(error)}.`,
      { path: file, errno: code ?? null },
      { cause: error },
    );
  }
  const rows = parse(bytes.toString('utf8'), { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  const header = (rows[0] ?? []).map((cell) => cell.toLowerCase());
  const column = (name: string): number => header.indexOf(name);
  const symbolAt = column('symbol');
  const nameAt = column('name');
  const sectorAt = column('sector');
  if (symbolAt < 0) {
    throw new AppError('VALIDATION_FAILED', `The constituents file ${file} has no Symbol column (header: ${rows[0]?.join(',') ?? 'empty'}).`, {
      path: file,
      field: 'Symbol',
      line: 1,
    });
  }
  const bySymbol = new Map<string, ConstituentInfo>();
  for (const row of rows.slice(1)) {
    const parsed = parseSymbol(row[symbolAt] ?? '');
    if (!parsed.ok) continue;
    bySymbol.set(parsed.symbol, { name: cell(row, nameAt), sector: cell(row, sectorAt) });
  }
  return {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bySymbol.size,
    lookup(symbol) {
      const direct = bySymbol.get(symbol);
      if (direct !== undefined) return direct;
      const renamed = knownRenames.get(symbol) ?? newToOld.get(symbol);
      return renamed === undefined ? undefined : bySymbol.get(renamed);
    },
  };
}

function cell(row: readonly string[], index: number): string | null {
  if (index < 0) return null;
  const value = row[index];
  return value === undefined || value === '' ? null : value;
}
