import type { OhlcvColumns } from '../../core/market/series';

/** A raw OHLCV row as the repositories select it. */
export type OhlcvRow = readonly [day: number, open: number, high: number, low: number, close: number, volume: number];
/** The same with one trailing integer tag (a dataset id, a flag). */
export type TaggedOhlcvRow = readonly [day: number, open: number, high: number, low: number, close: number, volume: number, tag: number];

/**
 * Rows → columns, the one place the store turns its `.raw()` OHLCV rows into typed arrays.
 * The caller supplies the tag column's array so each repository keeps its own type
 * (dataset ids as Int32, "differs" flags as Uint8).
 */
export function ohlcvColumnsOf(rows: readonly OhlcvRow[]): OhlcvColumns;
export function ohlcvColumnsOf<T extends Int32Array | Uint8Array>(rows: readonly TaggedOhlcvRow[], tags: T): OhlcvColumns & { readonly tags: T };
export function ohlcvColumnsOf(rows: readonly (OhlcvRow | TaggedOhlcvRow)[], tags?: Int32Array | Uint8Array): OhlcvColumns & { readonly tags?: Int32Array | Uint8Array } {
  const n = rows.length;
  const out = {
    days: new Int32Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  rows.forEach((row, i) => {
    out.days[i] = row[0];
    out.open[i] = row[1];
    out.high[i] = row[2];
    out.low[i] = row[3];
    out.close[i] = row[4];
    out.volume[i] = row[5];
    if (tags !== undefined) tags[i] = row[6] ?? 0;
  });
  return tags === undefined ? out : { ...out, tags };
}
