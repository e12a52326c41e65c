import type { EpochDay } from '../core/time/epoch-day';
import type { Position } from '../engine/domain';
import type { MarkPrice, Portfolio } from '../engine/portfolio';
import type { PairPositionView, PairStrategy } from '../engine/strategy';
import type { SymbolColumns } from './aligned-market';

/** One round trip of a pair (trades.csv). Costs are positive; accruals are signed. */
export interface TradeRecord {
  readonly pairId: string;
  readonly y: string;
  readonly x: string;
  readonly direction: 'long' | 'short';
  readonly entryDay: EpochDay;
  /** Null for a position still open at `to` (marked to market, not closed). */
  readonly exitDay: EpochDay | null;
  /** Signed shares at entry (after the entry session's fills). */
  readonly quantityY: number;
  readonly quantityX: number;
  /** P&L at reference prices: realized, plus unrealized for a trade open at the end. */
  readonly grossPnl: number;
  readonly costs: number;
  readonly accruals: number;
  /** gross − costs + accruals. */
  readonly netPnl: number;
  readonly exitReason: string;
}

interface Totals {
  realized: number;
  costs: number;
  accruals: number;
}

function bookUnrealized(book: Readonly<Position>, markOf: MarkPrice): number {
  if (book.quantity === 0) return 0;
  const mark = markOf(book.symbol);
  return mark === undefined ? 0 : book.quantity * (mark - book.averageCost);
}

// Most pair-days are flat: one shared, frozen view instead of an object per bar.
const flatView: PairPositionView = Object.freeze({ side: 'flat', barsHeld: 0, entryHalfLife: Number.POSITIVE_INFINITY, pnlReturn: 0, peakPnlReturn: 0 });

/**
 * A pair's running state in the backtest: its strategy, the cost and accrual totals booked
 * to it, and the round-trip bookkeeping (a trade opens when the pair's books leave zero and
 * closes when they are back at zero; the exit reason is that of the last closing order).
 */
export class PairBook {
  costs = 0;
  accruals = 0;
  lastCloseReason = 'exit';
  pendingHalfLife = Number.POSITIVE_INFINITY;
  private wasOpen = false;
  private entryIndex = -1;
  private entryDay: EpochDay = 0;
  private entryHalfLife = Number.POSITIVE_INFINITY;
  private entryQuantities = { y: 0, x: 0 };
  private entryNotional = 0;
  private pnlReturn = 0;
  private peakPnlReturn = Number.NEGATIVE_INFINITY;
  private flatBase: Totals = { realized: 0, costs: 0, accruals: 0 };
  private tradeBase: Totals = { realized: 0, costs: 0, accruals: 0 };
  private readonly records: TradeRecord[] = [];

  /** Live views of the pair's two books in the portfolio. */
  readonly bookY: Readonly<Position>;
  readonly bookX: Readonly<Position>;

  constructor(
    readonly id: string,
    readonly y: SymbolColumns,
    readonly x: SymbolColumns,
    readonly strategy: PairStrategy,
    portfolio: Portfolio,
  ) {
    this.bookY = portfolio.book(id, y.symbol);
    this.bookX = portfolio.book(id, x.symbol);
  }

  get open(): boolean {
    return this.bookY.quantity !== 0 || this.bookX.quantity !== 0;
  }

  observe(index: number, day: EpochDay, open: boolean, markOf: MarkPrice): void {
    if (!this.wasOpen && open) {
      this.entryNotional = Math.abs(this.bookY.quantity) * this.bookY.averageCost + Math.abs(this.bookX.quantity) * this.bookX.averageCost;
      this.peakPnlReturn = Number.NEGATIVE_INFINITY;
      this.entryIndex = index;
      this.entryDay = day;
      this.entryHalfLife = this.pendingHalfLife;
      this.entryQuantities = { y: this.bookY.quantity, x: this.bookX.quantity };
      this.tradeBase = { ...this.flatBase };
      this.lastCloseReason = 'exit';
    }
    if (this.wasOpen && !open) this.records.push(this.record(day, this.totals(), 0, this.lastCloseReason));
    if (!open) {
      // Updated in place: this runs for every flat pair on every bar.
      this.flatBase.realized = this.bookY.realizedPnl + this.bookX.realizedPnl;
      this.flatBase.costs = this.costs;
      this.flatBase.accruals = this.accruals;
    } else {
      const pnl = this.bookY.realizedPnl + this.bookX.realizedPnl - this.tradeBase.realized + this.unrealized(markOf);
      this.pnlReturn = this.entryNotional > 0 ? pnl / this.entryNotional : 0;
      this.peakPnlReturn = Math.max(this.peakPnlReturn, this.pnlReturn);
    }
    this.wasOpen = open;
  }

  private unrealized(markOf: MarkPrice): number {
    return bookUnrealized(this.bookY, markOf) + bookUnrealized(this.bookX, markOf);
  }

  positionView(index: number): PairPositionView {
    const y = this.bookY.quantity;
    const x = this.bookX.quantity;
    if (y === 0 && x === 0) return flatView;
    const side = y > 0 || (y === 0 && x < 0) ? 'long' : 'short';
    return { side, barsHeld: index - this.entryIndex, entryHalfLife: this.entryHalfLife, pnlReturn: this.pnlReturn, peakPnlReturn: this.peakPnlReturn };
  }

  /** The closed round trips, plus the open one marked to market at the last bar. */
  finish(markOf: MarkPrice): TradeRecord[] {
    if (!this.wasOpen) return [...this.records];
    return [...this.records, this.record(null, this.totals(), this.unrealized(markOf), 'open_at_end')];
  }

  private record(exitDay: EpochDay | null, now: Totals, unrealized: number, exitReason: string): TradeRecord {
    const grossPnl = now.realized - this.tradeBase.realized + unrealized;
    const costs = now.costs - this.tradeBase.costs;
    const accruals = now.accruals - this.tradeBase.accruals;
    return {
      pairId: this.id,
      y: this.y.symbol,
      x: this.x.symbol,
      direction: this.entryQuantities.y > 0 || (this.entryQuantities.y === 0 && this.entryQuantities.x < 0) ? 'long' : 'short',
      entryDay: this.entryDay,
      exitDay,
      quantityY: this.entryQuantities.y,
      quantityX: this.entryQuantities.x,
      grossPnl,
      costs,
      accruals,
      netPnl: grossPnl - costs + accruals,
      exitReason,
    };
  }

  private totals(): Totals {
    return { realized: this.bookY.realizedPnl + this.bookX.realizedPnl, costs: this.costs, accruals: this.accruals };
  }
}
