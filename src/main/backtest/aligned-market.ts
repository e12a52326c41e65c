import { AppError } from '../../shared/ipc/errors';
import type { EpochDay } from '../core/time/epoch-day';
import type { OhlcvColumns } from '../core/market/series';
import type { PriceBasisPort } from '../engine/ports';
import type { MarketStats, SessionBar } from './simulated-venue';

/**
 * The backtest's market data, aligned on one calendar (the union of the pairs' trading days
 * up to `to`). A bar is valid only when open, high, low and close are finite and > 0 and the
 * volume is finite and ≥ 0; nothing is ever zero-filled (audit 4.3). For the signal, a
 * missing close is carried forward for at most `maxForwardFillDays` calendar rows, then it is
 * NaN and the window refuses (no-decision "missing_data"). Marks use the last valid close.
 * σ and ADV for the impact model at row i use only rows before i.
 */

export type CorporateAction =
  | { readonly day: EpochDay; readonly kind: 'split'; readonly ratio: number }
  | { readonly day: EpochDay; readonly kind: 'dividend'; readonly amount: number };

export interface BacktestData {
  /** Daily bars per symbol on the stored basis. */
  readonly bars: ReadonlyMap<string, OhlcvColumns>;
  /**
   * Corporate actions expressed on the stored basis: splits only for a raw basis (they
   * rescale open positions), dividends only for a basis that is not dividend-adjusted.
   */
  readonly actions?: ReadonlyMap<string, readonly CorporateAction[]>;
  readonly priceBasis?: PriceBasisPort;
  /** Notes from whoever built the data (e.g. "AAPL: no known actions, taken as traded"). */
  readonly warnings?: readonly string[];
}

export interface SymbolColumns {
  readonly symbol: string;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly valid: Uint8Array;
  /** log of the forward-filled close (NaN past the gap limit). */
  readonly logClose: Float64Array;
  /** Last valid close at or before each row (NaN before the first). */
  readonly mark: Float64Array;
  readonly sigma: Float64Array;
  readonly adv: Float64Array;
  readonly actionsByDay: ReadonlyMap<EpochDay, readonly CorporateAction[]>;
}

export class AlignedMarket {
  readonly days: Int32Array;
  private readonly columns = new Map<string, SymbolColumns>();

  constructor(data: BacktestData, symbols: readonly string[], toDay: EpochDay, maxForwardFillDays: number, impactWindow: number) {
    const daySet = new Set<number>();
    for (const symbol of symbols) {
      const bars = data.bars.get(symbol);
      if (bars === undefined) throw new AppError('NOT_FOUND', `unknown symbol ${symbol}: no bars in the data`, { field: 'pairs', symbol });
      for (const day of bars.days) if (day <= toDay) daySet.add(day);
    }
    this.days = Int32Array.from([...daySet].sort((a, b) => a - b));
    for (const symbol of symbols) {
      if (this.columns.has(symbol)) continue;
      const bars = data.bars.get(symbol);
      strictDefined(bars, symbol);
      this.columns.set(symbol, this.align(symbol, bars, data.actions?.get(symbol) ?? [], maxForwardFillDays, impactWindow));
    }
  }

  symbol(symbol: string): SymbolColumns {
    const columns = this.columns.get(symbol);
    strictDefined(columns, symbol);
    return columns;
  }

  bar(columns: SymbolColumns, index: number): SessionBar | undefined {
    if (columns.valid[index] !== 1) return undefined;
    return {
      open: columns.open[index] as number,
      high: columns.high[index] as number,
      low: columns.low[index] as number,
      close: columns.close[index] as number,
      volume: columns.volume[index] as number,
    };
  }

  stats(columns: SymbolColumns, index: number): MarketStats {
    return { sigma: columns.sigma[index] as number, adv: columns.adv[index] as number };
  }

  private align(symbol: string, bars: OhlcvColumns, actions: readonly CorporateAction[], maxGap: number, window: number): SymbolColumns {
    const n = this.days.length;
    const make = (): Float64Array => new Float64Array(n).fill(Number.NaN);
    const open = make();
    const high = make();
    const low = make();
    const close = make();
    const volume = make();
    const valid = new Uint8Array(n);
    let row = 0;
    for (let k = 0; k < bars.days.length; k++) {
      const day = bars.days[k] as number;
      while (row < n && (this.days[row] as number) < day) row++;
      if (row >= n || this.days[row] !== day) continue;
      const o = bars.open[k] as number;
      const h = bars.high[k] as number;
      const l = bars.low[k] as number;
      const c = bars.close[k] as number;
      const v = bars.volume[k] as number;
      open[row] = o;
      high[row] = h;
      low[row] = l;
      close[row] = c;
      volume[row] = v;
      if (o > 0 && h > 0 && l > 0 && c > 0 && Number.isFinite(o + h + l + c) && v >= 0 && Number.isFinite(v)) valid[row] = 1;
    }
    const logClose = make();
    const mark = make();
    let lastValid = -1;
    for (let i = 0; i < n; i++) {
      if (valid[i] === 1) lastValid = i;
      if (lastValid < 0) continue;
      mark[i] = close[lastValid] as number;
      if (i - lastValid <= maxGap) logClose[i] = Math.log(close[lastValid] as number);
    }
    const { sigma, adv } = trailingStats(close, volume, valid, window);
    const actionsByDay = new Map<EpochDay, CorporateAction[]>();
    for (const action of actions) {
      const list = actionsByDay.get(action.day) ?? [];
      list.push(action);
      actionsByDay.set(action.day, list);
    }
    return { symbol, open, high, low, close, volume, valid, logClose, mark, sigma, adv, actionsByDay };
  }
}

/** σ of log returns and mean volume over the `window` rows before each row. */
function trailingStats(close: Float64Array, volume: Float64Array, valid: Uint8Array, window: number): { sigma: Float64Array; adv: Float64Array } {
  const n = close.length;
  const sigma = new Float64Array(n).fill(Number.NaN);
  const adv = new Float64Array(n).fill(Number.NaN);
  // Each row's return once (NaN where it or the row before is not a valid bar), not once per window it falls in.
  const returns = new Float64Array(n).fill(Number.NaN);
  for (let j = 1; j < n; j++) {
    if (valid[j] === 1 && valid[j - 1] === 1) returns[j] = Math.log((close[j] as number) / (close[j - 1] as number));
  }
  for (let i = 1; i < n; i++) {
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    let volumeSum = 0;
    let volumeCount = 0;
    for (let j = Math.max(1, i - window); j < i; j++) {
      if (valid[j] === 1) {
        volumeSum += volume[j] as number;
        volumeCount++;
        const r = returns[j] as number;
        if (!Number.isNaN(r)) {
          count++;
          sum += r;
          sumSq += r * r;
        }
      }
    }
    if (count > 1) sigma[i] = Math.sqrt(Math.max(0, (sumSq - (sum * sum) / count) / (count - 1)));
    if (volumeCount > 0) adv[i] = volumeSum / volumeCount;
  }
  return { sigma, adv };
}

function strictDefined<T>(value: T | undefined, symbol: string): asserts value is T {
  if (value === undefined) throw new AppError('NOT_FOUND', `unknown symbol ${symbol}`, { symbol });
}
