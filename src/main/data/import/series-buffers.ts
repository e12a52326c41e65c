import { strictAssert } from '../../../shared/ipc/errors';
import type { ParsedBar } from '../core/pipeline-types';
import type { EpochDay } from '../../core/time/epoch-day';
import type { OhlcvColumns } from '../../core/market/series';

/**
 * One symbol's accepted rows, columnar. Typed arrays keep the full 619k-row universe near
 * 30 MB (48 bytes a row) where ParsedBar objects would cost several times that, which is
 * what lets the importer parse everything before it opens its write transaction.
 */
export interface ColumnarSeries extends OhlcvColumns {
  readonly symbol: string;
  readonly length: number;
  /** 1-based source line of each row. */
  readonly lines: Int32Array;
  /** Index into the importer's file list of each row. */
  readonly files: Int32Array;
}

/**
 * Appends rows to one symbol's columns. Capacity is reserved per parser batch, exactly what
 * the batch brings when the columns are empty: a price file is usually one batch holding one
 * symbol's whole history, so its columns are allocated once at their final size and `finish`
 * can hand them over without a copy. Later batches grow geometrically (amortized O(1) a row).
 */
export class ColumnarSeriesBuilder {
  length = 0;
  days = new Int32Array(0);
  open = new Float64Array(0);
  high = new Float64Array(0);
  low = new Float64Array(0);
  close = new Float64Array(0);
  volume = new Float64Array(0);
  lines = new Int32Array(0);
  files = new Int32Array(0);

  constructor(readonly symbol: string) {}

  /** Makes room for `rows` more rows. */
  reserve(rows: number): void {
    const needed = this.length + rows;
    const capacity = this.days.length;
    if (needed <= capacity) return;
    this.grow(capacity === 0 ? needed : Math.max(needed, capacity * 2));
  }

  push(bar: ParsedBar, file: number): void {
    if (this.length === this.days.length) this.grow(Math.max(16, this.length * 2));
    const i = this.length;
    this.days[i] = bar.day;
    this.open[i] = bar.open;
    this.high[i] = bar.high;
    this.low[i] = bar.low;
    this.close[i] = bar.close;
    this.volume[i] = bar.volume;
    this.lines[i] = bar.line;
    this.files[i] = file;
    this.length = i + 1;
  }

  private grow(capacity: number): void {
    const resize = <T extends Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(array.subarray(0, this.length));
      return next;
    };
    this.days = resize(this.days, (n) => new Int32Array(n));
    this.open = resize(this.open, (n) => new Float64Array(n));
    this.high = resize(this.high, (n) => new Float64Array(n));
    this.low = resize(this.low, (n) => new Float64Array(n));
    this.close = resize(this.close, (n) => new Float64Array(n));
    this.volume = resize(this.volume, (n) => new Float64Array(n));
    this.lines = resize(this.lines, (n) => new Int32Array(n));
    this.files = resize(this.files, (n) => new Int32Array(n));
  }

  /**
   * Trimmed to length and sorted by day, stable, so duplicates stay in file order
   * (validation reports the later row of a duplicate pair). Columns already sorted and
   * exactly full are handed over as they are (no second copy of the universe alive while
   * the first waits for the collector), so the builder must not be used afterwards.
   */
  finish(): ColumnarSeries {
    const n = this.length;
    let sorted = true;
    for (let i = 1; i < n && sorted; i += 1) sorted = (this.days[i - 1] ?? 0) <= (this.days[i] ?? 0);
    if (sorted) {
      const exact = this.days.length === n;
      const trim = <T extends Int32Array | Float64Array>(array: T): T => (exact ? array : (array.slice(0, n) as T));
      return {
        symbol: this.symbol,
        length: n,
        days: trim(this.days),
        open: trim(this.open),
        high: trim(this.high),
        low: trim(this.low),
        close: trim(this.close),
        volume: trim(this.volume),
        lines: trim(this.lines),
        files: trim(this.files),
      };
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (this.days[a] ?? 0) - (this.days[b] ?? 0) || a - b);
    const pickInt = (src: Int32Array): Int32Array => Int32Array.from(order, (i) => src[i] ?? 0);
    const pickFloat = (src: Float64Array): Float64Array => Float64Array.from(order, (i) => src[i] ?? Number.NaN);
    return {
      symbol: this.symbol,
      length: n,
      days: pickInt(this.days),
      open: pickFloat(this.open),
      high: pickFloat(this.high),
      low: pickFloat(this.low),
      close: pickFloat(this.close),
      volume: pickFloat(this.volume),
      lines: pickInt(this.lines),
      files: pickInt(this.files),
    };
  }
}

/** A position to roll back to when a file fails part-way under the lenient policy. */
export type BuffersMark = ReadonlyMap<string, number>;

/** Accepted rows of every symbol, grouped by symbol as they stream in from the parser. */
export class SeriesBuffers {
  private readonly bySymbol = new Map<string, ColumnarSeriesBuilder>();
  private rowCount = 0;

  push(bar: ParsedBar, file: number): void {
    this.builder(bar.symbol).push(bar, file);
    this.rowCount += 1;
  }

  /** One parser batch: each symbol's columns grow once, by exactly the rows it brings. */
  pushBatch(bars: readonly ParsedBar[], file: number): void {
    const counts = new Map<string, number>();
    for (const bar of bars) counts.set(bar.symbol, (counts.get(bar.symbol) ?? 0) + 1);
    for (const [symbol, rows] of counts) this.builder(symbol).reserve(rows);
    for (const bar of bars) this.push(bar, file);
  }

  private builder(symbol: string): ColumnarSeriesBuilder {
    let series = this.bySymbol.get(symbol);
    if (series === undefined) {
      series = new ColumnarSeriesBuilder(symbol);
      this.bySymbol.set(symbol, series);
    }
    return series;
  }

  get rows(): number {
    return this.rowCount;
  }

  mark(): BuffersMark {
    return new Map([...this.bySymbol].map(([symbol, series]) => [symbol, series.length]));
  }

  /** Drops every row pushed since the mark (symbols first seen after it disappear). */
  rollback(mark: BuffersMark): void {
    for (const [symbol, series] of [...this.bySymbol]) {
      const keep = mark.get(symbol) ?? 0;
      strictAssert(keep <= series.length, 'a rollback mark never exceeds the buffer');
      this.rowCount -= series.length - keep;
      if (keep === 0) this.bySymbol.delete(symbol);
      else series.length = keep;
    }
  }

  /** Every symbol's series sorted by day, in symbol order; the buffers are emptied. */
  drain(): ColumnarSeries[] {
    const symbols = [...this.bySymbol.keys()].sort();
    const out = symbols.map((symbol) => {
      const series = this.bySymbol.get(symbol);
      strictAssert(series !== undefined, `buffer for ${symbol} exists`);
      this.bySymbol.delete(symbol);
      return series.finish();
    });
    this.rowCount = 0;
    return out;
  }
}

/** The day range a set of series covers, or nulls when empty. */
export function dayBounds(series: readonly ColumnarSeries[]): { first: EpochDay | null; last: EpochDay | null } {
  let first: EpochDay | null = null;
  let last: EpochDay | null = null;
  for (const s of series) {
    const a = s.days[0];
    const b = s.days[s.length - 1];
    if (a !== undefined && (first === null || a < first)) first = a;
    if (b !== undefined && (last === null || b > last)) last = b;
  }
  return { first, last };
}
