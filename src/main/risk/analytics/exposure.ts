import type { MarkedPosition } from './risk-inputs';

/**
 * Exposure of today's positions by symbol, sector and pair. Long is the sum of positive
 * market values, short the sum of the absolute negative ones; gross = long + short and
 * net = long − short. Overlapping pairs that hold the same symbol keep their own books, so a
 * symbol row sums every pair's shares of it (a long in one pair and a short in another net).
 */

export interface ExposureRow {
  readonly key: string;
  readonly long: number;
  readonly short: number;
  readonly gross: number;
  readonly net: number;
  /** gross / total gross (0 when flat): the row's share of the book. */
  readonly grossShare: number;
}

export interface ExposureTotals {
  readonly long: number;
  readonly short: number;
  readonly gross: number;
  readonly net: number;
  /** gross / equity and net / equity (0 when equity is not positive). */
  readonly grossLeverage: number;
  readonly netLeverage: number;
}

export interface ExposureReport {
  readonly bySymbol: readonly ExposureRow[];
  readonly bySector: readonly ExposureRow[];
  readonly byPair: readonly ExposureRow[];
  readonly totals: ExposureTotals;
}

export function computeExposure(positions: readonly MarkedPosition[], equity: number): ExposureReport {
  const totals = sideTotals(positions.map((position) => position.marketValue));
  const gross = totals.long + totals.short;
  return {
    bySymbol: group(positions, (position) => position.symbol, gross),
    bySector: group(positions, (position) => position.sector, gross),
    byPair: group(positions, (position) => position.pairId, gross),
    totals: {
      ...totals,
      gross,
      net: totals.long - totals.short,
      grossLeverage: equity > 0 ? gross / equity : 0,
      netLeverage: equity > 0 ? (totals.long - totals.short) / equity : 0,
    },
  };
}

function group(positions: readonly MarkedPosition[], keyOf: (position: MarkedPosition) => string, totalGross: number): ExposureRow[] {
  // A symbol row nets the books first (one symbol is one exposure); sector and pair rows sum
  // the netted symbol values within them, so a sector's gross never counts offsetting books.
  const bySymbolInGroup = new Map<string, Map<string, number>>();
  for (const position of positions) {
    const key = keyOf(position);
    const symbols = bySymbolInGroup.get(key) ?? new Map<string, number>();
    symbols.set(position.symbol, (symbols.get(position.symbol) ?? 0) + position.marketValue);
    bySymbolInGroup.set(key, symbols);
  }
  const rows = [...bySymbolInGroup.entries()].map(([key, symbols]): ExposureRow => {
    const { long, short } = sideTotals([...symbols.values()]);
    return { key, long, short, gross: long + short, net: long - short, grossShare: totalGross > 0 ? (long + short) / totalGross : 0 };
  });
  return rows.sort((a, b) => b.gross - a.gross || a.key.localeCompare(b.key));
}

function sideTotals(values: readonly number[]): { long: number; short: number } {
  let long = 0;
  let short = 0;
  for (const value of values) {
    if (value > 0) long += value;
    else short -= value;
  }
  return { long, short };
}
