import { assertNever } from '../../shared/ipc/errors';
import type { EpochDay } from '../core/time/epoch-day';
import type { Fill, Order } from '../engine/domain';
import type { PriceBasisPort, Venue, VenueEvent, VenueListener } from '../engine/ports';
import type { BorrowTable } from './borrow-table';
import type { CostModel } from './cost-model';

/**
 * The simulated exchange behind the Venue port. Orders are for a session (the next one after
 * the decision close); runSession fills them against that session's bar:
 *   - reference price by `fill`: next_open (default) = the open, next_close = the close,
 *     vwap_proxy = (high + low + close) / 3;
 *   - a LIMIT buy fills only when the bar trades through it (low < limit), at min(ref, limit);
 *     a LIMIT sell only when high > limit, at max(ref, limit);
 *   - at most floor(participationRate × bar volume) shares fill; a DAY order's remainder
 *     expires at the end of the session (GTC stays working);
 *   - no fill on a missing, invalid (NaN, ≤ 0) or zero-volume bar: the order expires;
 *   - a short sale is rejected at submission when the borrow table says unavailable.
 */

export type FillMode = 'next_open' | 'next_close' | 'vwap_proxy';

export interface SessionBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface MarketStats {
  readonly sigma: number;
  readonly adv: number;
}

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

export function referencePrice(bar: SessionBar, mode: FillMode): number {
  switch (mode) {
    case 'next_open':
      return bar.open;
    case 'next_close':
      return bar.close;
    case 'vwap_proxy':
      return (bar.high + bar.low + bar.close) / 3;
    default:
      return assertNever(mode, 'fill mode');
  }
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
      const bar = barOf(order.symbol);
      const outcome = bar === undefined ? `no valid bar for ${order.symbol}` : bar.volume <= 0 ? `zero volume in ${order.symbol}` : undefined;
      if (outcome !== undefined || bar === undefined) {
        this.endOfDay(id, item, outcome ?? 'no bar');
        continue;
      }
      const reference = referencePrice(bar, this.options.fill);
      const price = this.limitPrice(order, bar, reference);
      if (price === undefined) {
        this.endOfDay(id, item, `limit ${order.limitPrice} not traded through`);
        continue;
      }
      const cap = this.participationCap(order.symbol, day, bar.volume);
      const quantity = Math.min(item.remaining, cap);
      if (quantity <= 0) {
        this.endOfDay(id, item, `participation cap ${cap} shares`);
        continue;
      }
      const stats = statsOf(order.symbol);
      const tradedPrice = this.options.priceBasis.tradedPrice(order.symbol, day, price);
      const tradedQuantity = wholeIfNoise(this.options.priceBasis.tradedShares(order.symbol, day, quantity));
      const fill: Fill = {
        orderId: id,
        pairId: order.pairId,
        leg: order.leg,
        symbol: order.symbol,
        side: order.side,
        quantity,
        price,
        tradedPrice,
        tradedQuantity,
        signalDay: order.decidedOn,
        fillDay: day,
        costs: this.options.costModel.costs({ side: order.side, day, quantity, price, tradedQuantity, tradedPrice, sigma: stats.sigma, adv: stats.adv }),
      };
      item.remaining -= quantity;
      if (item.remaining === 0) this.working.delete(id);
      this.emit({ kind: 'fill', orderId: id, fill });
      if (item.remaining > 0) this.endOfDay(id, item, `session ended with ${item.remaining} unfilled (participation cap ${cap})`);
    }
  }

  /**
   * At most floor(participationRate × volume) shares, counted in TRADED shares so that a
   * partial fill is a whole number of shares actually traded, expressed back as the stored
   * quantity (φ = traded per stored share; 1 on the raw basis, where this is the plain cap).
   */
  private participationCap(symbol: string, day: EpochDay, storedVolume: number): number {
    const phi = this.options.priceBasis.tradedShares(symbol, day, 1);
    if (phi === 1) return Math.floor(this.options.participationRate * storedVolume);
    if (!(phi > 0) || !Number.isFinite(phi)) return 0;
    const tradedCap = Math.floor(this.options.participationRate * storedVolume * phi + 1e-9);
    return Math.floor(tradedCap / phi + 1e-9);
  }

  private limitPrice(order: Order, bar: SessionBar, reference: number): number | undefined {
    if (order.type === 'MARKET' || order.limitPrice === undefined) return reference;
    const limit = order.limitPrice;
    const buying = order.side === 'BUY' || order.side === 'BUY_TO_COVER';
    if (buying) return bar.low < limit ? Math.min(reference, limit) : undefined;
    return bar.high > limit ? Math.max(reference, limit) : undefined;
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

/**
 * A traded count within 1e-9 of a whole number is that number: 700 stored AAPL shares at
 * φ = 1/7 are 100 traded, not 100.00000000000001 (the float of 1/7 is not exact).
 */
function wholeIfNoise(shares: number): number {
  const nearest = Math.round(shares);
  return Math.abs(shares - nearest) <= 1e-9 * Math.max(1, Math.abs(shares)) ? nearest : shares;
}
