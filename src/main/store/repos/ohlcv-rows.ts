import type { OhlcvColumns } from '../../core/market/series';

/** A raw OHLCV row as the repositories select it, with one trailing integer tag (a dataset id, a flag). */
export type TaggedOhlcvRow = readonly [day: number, open: number, high: number, low: number, close: number, volume: number, tag: number];

/**
 * Rows → columns, the one place the store turns its `.raw()` OHLCV rows into typed arrays.
 * The caller supplies the tag column's array so each repository keeps its own type
 * (dataset ids as Int32, "differs" flags as Uint8).
 */
export function ohlcvColumnsOf<T extends Int32Array | Uint8Array>(rows: readonly TaggedOhlcvRow[], tags: T): OhlcvColumns & { readonly tags: T } {
  const n = rows.length;
  const out = {
    days: new Int32Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    tags,
  };
  rows.forEach(([day, open, high, low, close, volume, tag], i) => {
    out.days[i] = day;
    out.open[i] = open;
    out.high[i] = high;
    out.low[i] = low;
    out.close[i] = close;
    out.volume[i] = volume;
    out.tags[i] = tag;
  });
  return out;
}
