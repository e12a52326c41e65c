import { AppError } from '../../shared/ipc/errors';
import type { EpochDay } from '../core/time/epoch-day';
import { CompensatedSum } from './compensated-sum';
import {
  costKinds,
  sideSign,
  type Accrual,
  type AccrualKind,
  type CostKind,
  type Fill,
  type LedgerEntry,
  type Position,
} from './domain';

/** One row of equity.csv: costs and accruals are cumulative. */
export interface EquityRow {
  readonly day: EpochDay;
  readonly cash: number;
  readonly marketValue: number;
  readonly equity: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly costs: number;
  readonly accruals: number;
}

/** The mark for a symbol; undefined when no valid price has been seen (never a zero fill). */
export type MarkPrice = (symbol: string) => number | undefined;

interface Book {
  readonly pairId: string;
  readonly symbol: string;
  quantity: number;
  averageCost: number;
  realizedPnl: number;
}

function bookKey(pairId: string, symbol: string): string {
  return `${pairId}\u0000${symbol}`;
}

/**
 * Cash, position books, realized P&L (average cost), cumulative costs and accruals, and the
 * ledger. The identity every snapshot satisfies (checked by the property tests):
 *   capital + realized + unrealized − costs + accruals = equity = cash + market value,
 * because cash moves only through the ledger (trades at reference prices, costs, accruals)
 * and realized + unrealized is, by the average-cost rule, exactly the trades' cash flows plus
 * the market value of what is still held.
 */
export class Portfolio {
  readonly capital: number;
  private readonly cashBalance: CompensatedSum;
  private readonly realized = new CompensatedSum();
  private readonly cumulativeCosts = new CompensatedSum();
  private readonly cumulativeAccruals = new CompensatedSum();
  private readonly books = new Map<string, Book>();
  private readonly byPair = new Map<string, Map<string, Book>>();
  private readonly costTotals: Record<CostKind, number> = { commission: 0, secFee: 0, finraTaf: 0, slippage: 0, impact: 0 };
  private readonly accrualTotals: Record<AccrualKind, number> = { borrow_fee: 0, margin_interest: 0, short_rebate: 0, dividend: 0 };
  private readonly entries: LedgerEntry[] = [];

  constructor(capital: number, day: EpochDay, private readonly keepLedger = true) {
    if (!(capital > 0) || !Number.isFinite(capital)) throw new AppError('VALIDATION_FAILED', `capital must be a positive number, got ${capital}`, { field: 'capital' });
    this.capital = capital;
    this.cashBalance = new CompensatedSum(capital);
    this.record({ kind: 'capital', day, amount: capital });
  }

  get cash(): number {
    return this.cashBalance.value;
  }

  get realizedPnl(): number {
    return this.realized.value;
  }

  get costs(): number {
    return this.cumulativeCosts.value;
  }

  get accruals(): number {
    return this.cumulativeAccruals.value;
  }

  costsByKind(): Readonly<Record<CostKind, number>> {
    return { ...this.costTotals };
  }

  accrualsByKind(): Readonly<Record<AccrualKind, number>> {
    return { ...this.accrualTotals };
  }

  ledger(): readonly LedgerEntry[] {
    return this.entries;
  }

  /**
   * A live read-only view of one pair's book, created empty if needed: hot loops hold it
   * instead of looking the book up by key every bar.
   */
  book(pairId: string, symbol: string): Readonly<Position> {
    return this.bookFor(pairId, symbol);
  }

  /** Signed shares in one pair's book (0 when none). */
  quantityOf(pairId: string, symbol: string): number {
    return this.byPair.get(pairId)?.get(symbol)?.quantity ?? 0;
  }

  position(pairId: string, symbol: string): Position | undefined {
    const book = this.byPair.get(pairId)?.get(symbol);
    return book === undefined ? undefined : { ...book };
  }

  /** Realized P&L of one pair's book (0 when none). */
  realizedOf(pairId: string, symbol: string): number {
    return this.byPair.get(pairId)?.get(symbol)?.realizedPnl ?? 0;
  }

  /** The open books as live read-only views, without copying (for per-bar loops). */
  openBooks(): Readonly<Position>[] {
    // An array, not a generator: this runs twice a bar, and a generator allocates per book.
    const open: Readonly<Position>[] = [];
    for (const book of this.books.values()) if (book.quantity !== 0) open.push(book);
    return open;
  }

  positions(): Position[] {
    return [...this.books.values()].filter((book) => book.quantity !== 0).map((book) => ({ ...book }));
  }

  /** Signed shares of `symbol` summed over every pair's book (what a broker would show). */
  netQuantity(symbol: string): number {
    let total = 0;
    for (const book of this.books.values()) if (book.symbol === symbol) total += book.quantity;
    return total;
  }

  /**
   * Books a fill. The side must match the book: BUY/SELL_SHORT open or add, SELL/
   * BUY_TO_COVER reduce and may not cross zero (a reversal is two orders, as at a broker).
   */
  applyFill(fill: Fill): void {
    if (!Number.isInteger(fill.quantity) || fill.quantity <= 0) throw new AppError('VALIDATION_FAILED', `fill ${fill.orderId}: quantity must be a positive integer, got ${fill.quantity}`, { field: 'quantity' });
    if (!(fill.price > 0) || !Number.isFinite(fill.price)) throw new AppError('VALIDATION_FAILED', `fill ${fill.orderId}: price must be positive, got ${fill.price}`, { field: 'price' });
    const book = this.bookFor(fill.pairId, fill.symbol);
    const signed = sideSign(fill.side) * fill.quantity;
    this.checkSide(fill, book.quantity);
    const opening = fill.side === 'BUY' || fill.side === 'SELL_SHORT';
    if (opening) {
      const held = Math.abs(book.quantity);
      book.averageCost = (book.averageCost * held + fill.price * fill.quantity) / (held + fill.quantity);
    } else {
      const pnl = (fill.price - book.averageCost) * fill.quantity * Math.sign(book.quantity);
      book.realizedPnl += pnl;
      this.realized.add(pnl);
    }
    book.quantity += signed;
    if (book.quantity === 0) book.averageCost = 0;
    const flow = -signed * fill.price;
    this.cashBalance.add(flow);
    this.record({ kind: 'trade', day: fill.fillDay, amount: flow, orderId: fill.orderId, symbol: fill.symbol });
    for (const kind of costKinds) {
      const amount = fill.costs[kind];
      if (!(amount >= 0)) throw new AppError('VALIDATION_FAILED', `fill ${fill.orderId}: ${kind} must be ≥ 0, got ${amount}`, { field: kind });
      if (amount === 0) continue;
      this.cashBalance.add(-amount);
      this.cumulativeCosts.add(amount);
      this.costTotals[kind] += amount;
      this.record({ kind: 'cost', day: fill.fillDay, amount: -amount, orderId: fill.orderId, cost: kind });
    }
  }

  /** Books a signed accrual (negative is paid) against cash. */
  applyAccrual(accrual: Accrual): void {
    if (!Number.isFinite(accrual.amount)) throw new AppError('VALIDATION_FAILED', `accrual ${accrual.kind} on ${accrual.symbol}: amount must be finite`, { field: 'amount' });
    if (accrual.amount === 0) return;
    this.cashBalance.add(accrual.amount);
    this.cumulativeAccruals.add(accrual.amount);
    this.accrualTotals[accrual.kind] += accrual.amount;
    this.record({ kind: 'accrual', day: accrual.day, amount: accrual.amount, accrual: accrual.kind, symbol: accrual.symbol });
  }

  /**
   * A split effective `day` with `ratio` new shares per old share (2 for a 2-for-1, 0.5 for
   * a 1-for-2 reverse): every open book of the symbol is rescaled with its cost basis kept.
   * A fractional remainder is paid as cash in lieu at `postSplitPrice`, booked as a sale.
   */
  applySplit(symbol: string, ratio: number, day: EpochDay, postSplitPrice: number): void {
    if (!(ratio > 0) || !Number.isFinite(ratio)) throw new AppError('VALIDATION_FAILED', `split of ${symbol}: ratio must be positive, got ${ratio}`, { field: 'ratio' });
    for (const book of this.books.values()) {
      if (book.symbol !== symbol || book.quantity === 0) continue;
      const exact = book.quantity * ratio;
      // Guard the float product: 3 × (1/3) must stay 1 share, not 0.9999999.
      const nearest = Math.round(exact);
      const whole = Math.abs(exact - nearest) < 1e-9 ? nearest : Math.trunc(exact);
      book.averageCost /= ratio;
      const fraction = exact - whole;
      book.quantity = whole;
      if (fraction !== 0 && Math.abs(fraction) >= 1e-9) {
        const pnl = (postSplitPrice - book.averageCost) * fraction;
        book.realizedPnl += pnl;
        this.realized.add(pnl);
        const flow = fraction * postSplitPrice;
        this.cashBalance.add(flow);
        this.record({ kind: 'trade', day, amount: flow, orderId: `split-${symbol}-${day}`, symbol });
      }
      if (book.quantity === 0) book.averageCost = 0;
    }
  }

  /** Market value and unrealized P&L at the given marks; a book with no mark is an error. */
  valuation(markOf: MarkPrice): { marketValue: number; unrealizedPnl: number; long: number; short: number } {
    let marketValue = 0;
    let unrealizedPnl = 0;
    let long = 0;
    let short = 0;
    for (const book of this.books.values()) {
      if (book.quantity === 0) continue;
      const mark = markOf(book.symbol);
      if (mark === undefined || !(mark > 0)) throw new AppError('VALIDATION_FAILED', `no price to mark ${book.symbol} (pair ${book.pairId})`, { field: 'symbol', symbol: book.symbol });
      const value = book.quantity * mark;
      marketValue += value;
      unrealizedPnl += book.quantity * (mark - book.averageCost);
      if (value > 0) long += value;
      else short -= value;
    }
    return { marketValue, unrealizedPnl, long, short };
  }

  snapshot(day: EpochDay, markOf: MarkPrice): EquityRow {
    const { marketValue, unrealizedPnl } = this.valuation(markOf);
    return {
      day,
      cash: this.cash,
      marketValue,
      equity: this.cash + marketValue,
      realizedPnl: this.realizedPnl,
      unrealizedPnl,
      costs: this.costs,
      accruals: this.accruals,
    };
  }

  private bookFor(pairId: string, symbol: string): Book {
    const key = bookKey(pairId, symbol);
    let book = this.books.get(key);
    if (book === undefined) {
      book = { pairId, symbol, quantity: 0, averageCost: 0, realizedPnl: 0 };
      this.books.set(key, book);
      const pair = this.byPair.get(pairId) ?? new Map<string, Book>();
      pair.set(symbol, book);
      this.byPair.set(pairId, pair);
    }
    return book;
  }

  private checkSide(fill: Fill, held: number): void {
    const after = held + sideSign(fill.side) * fill.quantity;
    const ok =
      fill.side === 'BUY' ? held >= 0
      : fill.side === 'SELL_SHORT' ? held <= 0
      : fill.side === 'SELL' ? held > 0 && after >= 0
      : held < 0 && after <= 0;
    if (!ok) throw new AppError('CONFLICT', `fill ${fill.orderId}: ${fill.side} ${fill.quantity} ${fill.symbol} does not fit a position of ${held}`, { field: 'side', held });
  }

  private record(entry: LedgerEntry): void {
    if (this.keepLedger) this.entries.push(entry);
  }
}

