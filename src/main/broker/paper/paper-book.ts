import { assertNever } from '../../../shared/ipc/errors';
import { sideSign, totalCost, type Fill, type Order, type OrderStatus, type OrderTransition } from '../../engine/domain';
import { canTransition } from '../../engine/order-state';
import type { EpochDay } from '../../core/time/epoch-day';
import type { BorrowTable } from '../../backtest/borrow-table';
import { matchSession, type FillRules, type MarketStats, type SessionBar } from '../../backtest/fill-rules';
import { BrokerError } from '../broker-error';

/**
 * The paper broker's matching core: pure, no I/O, time passed in. It holds one account's
 * orders, fills, positions and cash, and answers each request with the list of changes it
 * made; the shell (paper-broker.ts) writes those to SQLite in one transaction and publishes
 * them on the order-status stream. Restoring = replaying the persisted changes through
 * `apply`, the same function every live change goes through, so a restart resumes exactly.
 *
 * Session rules (the backtester's, via fill-rules.ts):
 *   - an order is for a session (`forSession`); it is accepted only while that session has
 *     not opened yet, and fills when the session opens, at its open for MARKET (next_open),
 *     a LIMIT only when the bar trades through it; at most the participation cap; no fill on
 *     a missing or zero-volume bar;
 *   - at the close: positions are marked at the close, and DAY orders still working expire;
 *   - a short sale is refused when the borrow table says unavailable.
 * Cash = initial cash − Σ signed notional − Σ costs; positions are per symbol (the account's
 * view; the engine keeps per-pair books), average cost on the stored basis, realized P&L at
 * reference prices before costs (costs are their own line, `costsPaid`).
 */

export interface PaperOrder {
  readonly order: Order;
  readonly remaining: number;
  /** Σ quantity × price of the fills so far (for the average fill price). */
  readonly filledNotional: number;
  readonly reason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PaperPosition {
  readonly symbol: string;
  readonly quantity: number;
  readonly averageCost: number;
  readonly realizedPnl: number;
}

export interface PaperMark {
  readonly price: number;
  readonly day: EpochDay;
}

/** Every change the book makes, in order; persisted append-only, replayed on restore. */
export type PaperChange =
  | { readonly kind: 'order'; readonly order: Order; readonly at: number }
  | { readonly kind: 'transition'; readonly orderId: string; readonly transition: OrderTransition; readonly filledQuantity: number; readonly replacedBy?: string }
  | { readonly kind: 'fill'; readonly fill: Fill; readonly at: number }
  | { readonly kind: 'cancel_rejected'; readonly orderId: string; readonly reason: string; readonly at: number }
  | { readonly kind: 'mark'; readonly symbol: string; readonly day: EpochDay; readonly price: number; readonly at: number }
  | { readonly kind: 'session'; readonly day: EpochDay; readonly phase: 'open' | 'close'; readonly at: number };

export interface PaperBookOptions {
  readonly accountId: string;
  readonly initialCash: number;
  readonly rules: FillRules;
  readonly borrow: BorrowTable;
}

export class PaperBook {
  private readonly orders = new Map<string, PaperOrder>();
  private readonly positions = new Map<string, PaperPosition>();
  private readonly marks = new Map<string, PaperMark>();
  private cash: number;
  private costsPaid = 0;
  private lastOpened: EpochDay | null = null;
  private lastClosed: EpochDay | null = null;

  constructor(readonly options: PaperBookOptions) {
    this.cash = options.initialCash;
  }

  // ---- reads -------------------------------------------------------------------------

  order(id: string): PaperOrder | undefined {
    return this.orders.get(id);
  }

  allOrders(): PaperOrder[] {
    return [...this.orders.values()];
  }

  workingOrders(): PaperOrder[] {
    return this.allOrders().filter((item) => isOpen(item.order.status));
  }

  openPositions(): PaperPosition[] {
    return [...this.positions.values()].filter((position) => position.quantity !== 0).sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  positionOf(symbol: string): PaperPosition {
    return this.positions.get(symbol) ?? { symbol, quantity: 0, averageCost: 0, realizedPnl: 0 };
  }

  flatPositions(): PaperPosition[] {
    return [...this.positions.values()].filter((position) => position.quantity === 0);
  }

  mark(symbol: string): PaperMark | undefined {
    return this.marks.get(symbol);
  }

  cashBalance(): number {
    return this.cash;
  }

  totalCostsPaid(): number {
    return this.costsPaid;
  }

  session(): { readonly lastOpened: EpochDay | null; readonly lastClosed: EpochDay | null } {
    return { lastOpened: this.lastOpened, lastClosed: this.lastClosed };
  }

  // ---- requests (each returns the changes it made, already applied) ---------------------

  place(order: Order, at: number): PaperChange[] {
    if (this.orders.has(order.id)) {
      throw new BrokerError('rejected', { request: `place order ${order.id}`, reason: `duplicate client order id ${order.id}`, orderId: order.id });
    }
    const changes: PaperChange[] = [];
    const record = (change: PaperChange): void => {
      this.apply(change);
      changes.push(change);
    };
    // The engine sends it `submitted`; the paper broker keeps its own copy from there.
    record({ kind: 'order', order: { ...order, status: 'submitted', filledQuantity: 0, history: [] }, at });
    const refusal = this.refusal(order);
    if (refusal !== null) {
      record(this.transitionChange(order.id, 'rejected', refusal, at));
      return changes;
    }
    record(this.transitionChange(order.id, 'accepted', 'paper broker accepted', at));
    return changes;
  }

  cancel(orderId: string, reason: string, at: number): PaperChange[] {
    const item = this.orders.get(orderId);
    if (item === undefined) throw new BrokerError('rejected', { request: `cancel order ${orderId}`, reason: `no such order ${orderId}`, orderId });
    const change: PaperChange = isOpen(item.order.status)
      ? this.transitionChange(orderId, 'cancelled', reason, at)
      : { kind: 'cancel_rejected', orderId, reason: `order is ${item.order.status}, not working`, at };
    this.apply(change);
    return [change];
  }

  /** Ends `orderId` as replaced and places `newOrderId` with the changed quantity/limit. */
  replace(orderId: string, newOrderId: string, change: { readonly quantity?: number; readonly limitPrice?: number }, at: number): PaperChange[] {
    const item = this.orders.get(orderId);
    const request = `replace order ${orderId}`;
    if (item === undefined) throw new BrokerError('rejected', { request, reason: `no such order ${orderId}`, orderId });
    if (!isOpen(item.order.status)) throw new BrokerError('rejected', { request, reason: `order is ${item.order.status}, not working`, orderId });
    const filled = item.order.filledQuantity;
    const quantity = change.quantity ?? item.order.quantity;
    if (!Number.isInteger(quantity) || quantity <= filled) {
      throw new BrokerError('rejected', { request, reason: `new quantity ${quantity} must be an integer above the ${filled} already filled`, orderId });
    }
    if (change.limitPrice !== undefined && item.order.type !== 'LIMIT') throw new BrokerError('rejected', { request, reason: 'only a LIMIT order takes a new limit price', orderId });
    // The state table routes a replace through pending_replace; the paper broker answers at once.
    const pending = this.transitionChange(orderId, 'pending_replace', `replace requested as ${newOrderId}`, at);
    this.apply(pending);
    const replaced = this.transitionChange(orderId, 'replaced', `replaced by ${newOrderId}`, at, newOrderId);
    this.apply(replaced);
    const next: Order = {
      ...item.order,
      id: newOrderId,
      quantity: quantity - filled,
      ...(change.limitPrice === undefined ? {} : { limitPrice: change.limitPrice }),
      status: 'submitted',
      filledQuantity: 0,
      history: [],
    };
    return [pending, replaced, ...this.place(next, at)];
  }

  /** Opens session `day`: every working order for it (or earlier, GTC) is matched against its bar. */
  openSession(day: EpochDay, barOf: (symbol: string) => SessionBar | undefined, statsOf: (symbol: string) => MarketStats, at: number): PaperChange[] {
    const changes: PaperChange[] = [];
    const record = (change: PaperChange): void => {
      this.apply(change);
      changes.push(change);
    };
    record({ kind: 'session', day, phase: 'open', at });
    for (const item of this.workingOrders()) {
      const order = item.order;
      if (order.forSession > day) continue;
      const match = matchSession(order, item.remaining, day, barOf(order.symbol), statsOf(order.symbol), this.options.rules);
      if (match.kind === 'none') {
        if (order.timeInForce === 'DAY') record(this.transitionChange(order.id, 'expired', match.reason, at));
        continue;
      }
      record({ kind: 'fill', fill: match.fill, at });
      const filledQuantity = order.filledQuantity + match.fill.quantity;
      record(this.transitionChange(order.id, match.remaining === 0 ? 'filled' : 'partially_filled', `filled ${match.fill.quantity} at ${match.fill.price}`, at, undefined, filledQuantity));
    }
    return changes;
  }

  /** Closes session `day`: marks at the close, then expires DAY orders still working. */
  closeSession(day: EpochDay, closeOf: (symbol: string) => number | undefined, symbols: readonly string[], at: number): PaperChange[] {
    const changes: PaperChange[] = [];
    const record = (change: PaperChange): void => {
      this.apply(change);
      changes.push(change);
    };
    for (const symbol of symbols) {
      const price = closeOf(symbol);
      if (price !== undefined && price > 0 && Number.isFinite(price)) record({ kind: 'mark', symbol, day, price, at });
    }
    for (const item of this.workingOrders()) {
      if (item.order.timeInForce === 'DAY' && item.order.forSession <= day) {
        const unfilled = item.order.quantity - item.order.filledQuantity;
        record(this.transitionChange(item.order.id, 'expired', `DAY order expired at the close of ${day} with ${unfilled} unfilled`, at));
      }
    }
    record({ kind: 'session', day, phase: 'close', at });
    return changes;
  }

  // ---- the one state transition ---------------------------------------------------------

  /** Applies one change; live requests and the restore both come through here. */
  apply(change: PaperChange): void {
    switch (change.kind) {
      case 'order':
        this.orders.set(change.order.id, { order: change.order, remaining: change.order.quantity, filledNotional: 0, reason: null, createdAt: change.at, updatedAt: change.at });
        return;
      case 'transition': {
        const item = this.mustOrder(change.orderId);
        const order: Order = { ...item.order, status: change.transition.to, filledQuantity: change.filledQuantity, history: [...item.order.history, change.transition] };
        const reason = change.transition.to === 'accepted' ? item.reason : change.transition.reason;
        this.orders.set(change.orderId, { ...item, order, remaining: order.quantity - order.filledQuantity, reason, updatedAt: change.transition.at });
        return;
      }
      case 'fill':
        return this.book(change.fill, change.at);
      case 'cancel_rejected':
        return;
      case 'mark':
        this.marks.set(change.symbol, { price: change.price, day: change.day });
        return;
      case 'session':
        if (change.phase === 'open') this.lastOpened = change.day;
        else this.lastClosed = change.day;
        return;
      default:
        return assertNever(change, 'paper change');
    }
  }

  private book(fill: Fill, at: number): void {
    const item = this.mustOrder(fill.orderId);
    this.orders.set(fill.orderId, { ...item, filledNotional: item.filledNotional + fill.quantity * fill.price, updatedAt: at });
    const signed = sideSign(fill.side) * fill.quantity;
    const costs = totalCost(fill.costs);
    this.cash -= signed * fill.price + costs;
    this.costsPaid += costs;
    const current = this.positions.get(fill.symbol) ?? { symbol: fill.symbol, quantity: 0, averageCost: 0, realizedPnl: 0 };
    this.positions.set(fill.symbol, addToPosition(current, signed, fill.price));
  }

  private refusal(order: Order): string | null {
    if (!Number.isInteger(order.quantity) || order.quantity <= 0) return `quantity must be a positive integer, got ${order.quantity}`;
    if (order.type === 'LIMIT' && !(order.limitPrice !== undefined && order.limitPrice > 0)) return 'a LIMIT order needs a positive limit price';
    if (this.lastOpened !== null && order.forSession <= this.lastOpened) {
      return `session ${order.forSession} has already opened (last opened ${this.lastOpened}); orders are for a coming session`;
    }
    if (order.side === 'SELL_SHORT' && !this.options.borrow.terms(order.symbol, order.forSession).available) return `borrow unavailable for ${order.symbol}`;
    return null;
  }

  private transitionChange(orderId: string, to: OrderStatus, reason: string, at: number, replacedBy?: string, filledQuantity?: number): PaperChange {
    const item = this.mustOrder(orderId);
    if (!canTransition(item.order.status, to)) {
      throw new BrokerError('rejected', { request: `order ${orderId} → ${to}`, reason: `order is ${item.order.status}`, orderId });
    }
    return {
      kind: 'transition',
      orderId,
      transition: { from: item.order.status, to, at, reason },
      filledQuantity: filledQuantity ?? item.order.filledQuantity,
      ...(replacedBy === undefined ? {} : { replacedBy }),
    };
  }

  private mustOrder(id: string): PaperOrder {
    const item = this.orders.get(id);
    if (item === undefined) throw new BrokerError('rejected', { request: `order ${id}`, reason: `no such order ${id}`, orderId: id });
    return item;
  }
}

/** Working at the paper broker: accepted or partly filled (the paper broker never goes unknown). */
function isOpen(status: OrderStatus): boolean {
  return status === 'accepted' || status === 'partially_filled' || status === 'submitted' || status === 'pending_cancel' || status === 'pending_replace';
}

/** A position after `signed` shares at `price`: average cost on adds, realized P&L on reductions. */
export function addToPosition(position: PaperPosition, signed: number, price: number): PaperPosition {
  const { quantity, averageCost } = position;
  if (quantity === 0 || Math.sign(quantity) === Math.sign(signed)) {
    const total = quantity + signed;
    return { ...position, quantity: total, averageCost: (Math.abs(quantity) * averageCost + Math.abs(signed) * price) / Math.abs(total) };
  }
  const closed = Math.min(Math.abs(signed), Math.abs(quantity));
  const realized = position.realizedPnl + closed * (price - averageCost) * Math.sign(quantity);
  const total = quantity + signed;
  if (total === 0) return { ...position, quantity: 0, averageCost: 0, realizedPnl: realized };
  // Flipped through zero: the excess opens at this price.
  if (Math.sign(total) !== Math.sign(quantity)) return { ...position, quantity: total, averageCost: price, realizedPnl: realized };
  return { ...position, quantity: total, averageCost, realizedPnl: realized };
}
