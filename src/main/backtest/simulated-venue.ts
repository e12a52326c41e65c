import type { EpochDay } from '../core/time/epoch-day';
import type { Order } from '../engine/domain';
import type { PriceBasisPort, Venue, VenueEvent, VenueListener } from '../engine/ports';
import type { BorrowTable } from './borrow-table';
import type { CostModel } from './cost-model';
import { matchSession, type FillMode, type MarketStats, type SessionBar } from './fill-rules';

export { referencePrice, type FillMode, type MarketStats, type SessionBar } from './fill-rules';

/**
 * The simulated exchange behind the Venue port. Orders are for a session (the next one after
 * the decision close); runSession fills them against that session's bar by the shared fill
 * rules (fill-rules.ts, also the paper broker's):
 *   - reference price by `fill`: next_open (default) = the open, next_close = the close,
 *     vwap_proxy = (high + low + close) / 3;
 *   - a LIMIT buy fills only when the bar trades through it (low < limit), at min(ref, limit);
 *     a LIMIT sell only when high > limit, at max(ref, limit);
 *   - at most floor(participationRate × bar volume) shares fill; a DAY order's remainder
 *     expires at the end of the session (GTC stays working);
 *   - no fill on a missing, invalid (NaN, ≤ 0) or zero-volume bar: the order expires;
 *   - a short sale is rejected at submission when the borrow table says unavailable.
 */

export interface SimulatedVenueOptions {
  readonly fill: FillMode;
  readonly participationRate: number;
  readonly costModel: CostModel;
  readonly borrow: BorrowTable;
  readonly priceBasis: PriceBasisPort;
}

interface WorkingOrder {
  order: Order;
  remaining: number;
}

export class SimulatedVenue implements Venue {
  private readonly listeners = new Set<VenueListener>();
  private readonly working = new Map<string, WorkingOrder>();

  constructor(private readonly options: SimulatedVenueOptions) {}

  onEvent(listener: VenueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  submit(order: Order): void {
    if (order.side === 'SELL_SHORT' && !this.options.borrow.terms(order.symbol, order.forSession).available) {
      return this.emit({ kind: 'rejected', orderId: order.id, reason: `borrow unavailable for ${order.symbol}` });
    }
    if (!Number.isInteger(order.quantity) || order.quantity <= 0) {
      return this.emit({ kind: 'rejected', orderId: order.id, reason: `quantity must be a positive integer, got ${order.quantity}` });
    }
    if (order.type === 'LIMIT' && !(order.limitPrice !== undefined && order.limitPrice > 0)) {
      return this.emit({ kind: 'rejected', orderId: order.id, reason: 'a LIMIT order needs a positive limit price' });
    }
    this.working.set(order.id, { order, remaining: order.quantity });
    this.emit({ kind: 'accepted', orderId: order.id });
  }

  cancel(orderId: string): void {
    if (this.working.delete(orderId)) this.emit({ kind: 'cancelled', orderId, reason: 'cancel requested' });
    else this.emit({ kind: 'cancel_rejected', orderId, reason: 'order is not working' });
  }

  /** Working orders of `symbol` follow a split: more shares, lower limit. */
  applySplit(symbol: string, ratio: number): void {
    for (const item of this.working.values()) {
      if (item.order.symbol !== symbol) continue;
      const limitPrice = item.order.limitPrice;
      item.order = { ...item.order, quantity: Math.round(item.order.quantity * ratio), ...(limitPrice === undefined ? {} : { limitPrice: limitPrice / ratio }) };
      item.remaining = Math.round(item.remaining * ratio);
    }
  }

  workingCount(): number {
    return this.working.size;
  }

  /** Fills the orders for `day` against its bars; `barOf` returns undefined for no valid bar. */
  runSession(day: EpochDay, barOf: (symbol: string) => SessionBar | undefined, statsOf: (symbol: string) => MarketStats): void {
    for (const [id, item] of [...this.working]) {
      const order = item.order;
      if (order.forSession > day) continue;
      const match = matchSession(order, item.remaining, day, barOf(order.symbol), statsOf(order.symbol), this.options);
      if (match.kind === 'none') {
        this.endOfDay(id, item, match.reason);
        continue;
      }
      item.remaining = match.remaining;
      if (item.remaining === 0) this.working.delete(id);
      this.emit({ kind: 'fill', orderId: id, fill: match.fill });
      if (item.remaining > 0) this.endOfDay(id, item, `session ended with ${item.remaining} unfilled (participation cap ${match.cap})`);
    }
  }

  private endOfDay(id: string, item: WorkingOrder, reason: string): void {
    if (item.order.timeInForce === 'GTC') return;
    this.working.delete(id);
    this.emit({ kind: 'expired', orderId: id, reason });
  }

  private emit(event: VenueEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
