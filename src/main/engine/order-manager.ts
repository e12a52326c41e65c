import { AppError, assertNever, strictAssert } from '../../shared/ipc/errors';
import type { Clock } from '../core/time/clock';
import type { EpochDay } from '../core/time/epoch-day';
import type { Fill, Leg, Order, OrderSide, OrderStatus, OrderType } from './domain';
import { isFinal, transition } from './order-state';
import type { PriceBasisPort, Venue, VenueEvent } from './ports';

/**
 * Pair orders as linked legs, and what happens when the legs end unevenly (leg risk).
 *
 * A pair order is "settled" only when every leg's latest order is in a confirmed final state
 * (filled, cancelled, rejected, expired, replaced). While any leg is working or `unknown`
 * nothing is resubmitted: resubmitting a leg whose first order might still fill could double
 * the position. Once settled with uneven fills (filled fractions of the two legs differ):
 *   - retry: resubmit the unfilled remainders for the next session, up to maxRetries times,
 *     then unwind;
 *   - hedge: cut the further-filled leg back to the other leg's filled fraction, so the
 *     position stays hedged at a smaller size (no fill on the other leg = unwind);
 *   - unwind: close whatever did fill, on both legs.
 * Closing orders (exits, stops, hedges, unwinds, liquidations) always retry their remainder:
 * a half-closed pair is the risk the policy exists to remove.
 * When one leg of an opening order is rejected while its sibling has not filled, the sibling
 * is cancelled at once, so a refused short does not leave a naked long behind.
 */

export type LegRiskPolicy = 'retry' | 'hedge' | 'unwind';

export interface LegRiskConfig {
  readonly policy: LegRiskPolicy;
  readonly maxRetries: number;
}

export type PairIntent = 'open' | 'close';

export interface PairLegRequest {
  readonly leg: Leg;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly limitPrice?: number;
}

interface LegState {
  readonly request: PairLegRequest;
  /** Order ids in submission order; the last one is the live attempt. */
  readonly orderIds: string[];
  filled: number;
}

export interface PairOrder {
  readonly id: string;
  readonly pairId: string;
  readonly intent: PairIntent;
  /** Why it was placed: entry_long, exit, stop, unwind, hedge, margin_call, … */
  readonly reason: string;
  readonly signalDay: EpochDay;
  readonly legs: LegState[];
  retries: number;
  done: boolean;
}

/** What the order manager reports as leg risk is resolved (the runner counts these). */
export type LegRiskEvent =
  | { readonly kind: 'retry'; readonly pairOrderId: string; readonly pairId: string; readonly attempt: number }
  | { readonly kind: 'hedge' | 'unwind'; readonly pairOrderId: string; readonly pairId: string }
  | { readonly kind: 'sibling_cancel'; readonly pairOrderId: string; readonly pairId: string; readonly orderId: string }
  | { readonly kind: 'waiting_unknown'; readonly pairOrderId: string; readonly pairId: string; readonly orderId: string };

export interface OrderManagerOptions {
  readonly venue: Venue;
  readonly clock: Clock;
  readonly legRisk: LegRiskConfig;
  readonly orderType?: OrderType;
  readonly onFill: (fill: Fill, pairOrder: PairOrder) => void;
  readonly onLegRisk?: (event: LegRiskEvent) => void;
  /** Stored → traded shares, so a hedge keeps a whole number of traded shares; identity when absent. */
  readonly priceBasis?: PriceBasisPort;
}

/** One order the manager placed (or adopted): its latest state and where it belongs. */
interface OrderEntry {
  order: Order;
  readonly pairOrder: PairOrder;
  readonly leg: LegState;
}

export class OrderManager {
  /** Every order by id: one lookup per venue event, and a transition replaces `order` in place. */
  private readonly entries = new Map<string, OrderEntry>();
  /**
   * The entries whose order is not final, in submission order: a long session holds tens of
   * thousands of orders, and the desk asks for the working ones on every event.
   */
  private readonly live = new Map<string, OrderEntry>();
  /** Unsettled pair orders, in submission order (settled ones leave: the hot loop stays small). */
  private readonly working = new Set<PairOrder>();
  private readonly workingByPair = new Map<string, number>();
  private sequence = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: OrderManagerOptions) {
    this.unsubscribe = options.venue.onEvent((event) => this.handle(event));
  }

  dispose(): void {
    this.unsubscribe();
  }

  order(id: string): Order | undefined {
    return this.entries.get(id)?.order;
  }

  allOrders(): Order[] {
    return Array.from(this.entries.values(), (entry) => entry.order);
  }

  /** The orders not yet in a final state (`unknown` included: it may still fill), oldest first. */
  workingOrders(): Order[] {
    return Array.from(this.live.values(), (entry) => entry.order);
  }

  /** True while a pair has an unsettled pair order (the strategy then waits). */
  hasWorking(pairId: string): boolean {
    return (this.workingByPair.get(pairId) ?? 0) > 0;
  }

  /** Places both legs of a pair order for `forSession`. */
  submitPair(pairId: string, intent: PairIntent, reason: string, legs: readonly PairLegRequest[], signalDay: EpochDay, forSession: EpochDay): PairOrder {
    const pairOrder: PairOrder = {
      id: `${pairId}#${++this.sequence}`,
      pairId,
      intent,
      reason,
      signalDay,
      legs: legs.filter((leg) => leg.quantity > 0).map((request) => ({ request, orderIds: [], filled: 0 })),
      retries: 0,
      done: false,
    };
    if (pairOrder.legs.length === 0) {
      pairOrder.done = true;
      return pairOrder;
    }
    this.working.add(pairOrder);
    this.workingByPair.set(pairId, (this.workingByPair.get(pairId) ?? 0) + 1);
    for (const leg of pairOrder.legs) this.sendLeg(pairOrder, leg, leg.request.quantity, signalDay, forSession);
    return pairOrder;
  }

  /**
   * Takes back the working orders a previous run placed (the desk re-reads them from the broker
   * at start), grouped into their pair orders by id (`<pairOrderId>/<leg><attempt>`), and moves
   * the id sequence past every id the broker knows, so a new order never reuses one.
   */
  adopt(working: readonly Order[], known: readonly string[], intentOf: (order: Order) => PairIntent): void {
    for (const id of known) {
      const match = /#(\d+)\//.exec(id);
      if (match !== null) this.sequence = Math.max(this.sequence, Number(match[1]));
    }
    const byPairOrder = new Map<string, Order[]>();
    for (const order of working) {
      const pairOrderId = order.id.slice(0, order.id.lastIndexOf('/'));
      byPairOrder.set(pairOrderId, [...(byPairOrder.get(pairOrderId) ?? []), order]);
    }
    for (const [id, orders] of byPairOrder) {
      const first = orders[0];
      if (first === undefined || this.entries.has(first.id)) continue;
      const pairOrder: PairOrder = {
        id,
        pairId: first.pairId,
        intent: intentOf(first),
        reason: 'restored at start',
        signalDay: first.decidedOn,
        legs: orders.map((order) => ({ request: { leg: order.leg, symbol: order.symbol, side: order.side, quantity: order.quantity, ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }) }, orderIds: [order.id], filled: order.filledQuantity })),
        retries: 0,
        done: false,
      };
      this.working.add(pairOrder);
      this.workingByPair.set(pairOrder.pairId, (this.workingByPair.get(pairOrder.pairId) ?? 0) + 1);
      orders.forEach((order, index) => {
        const entry: OrderEntry = { order, pairOrder, leg: pairOrder.legs[index] as LegState };
        this.entries.set(order.id, entry);
        if (!isFinal(order.status)) this.live.set(order.id, entry);
      });
    }
  }

  /**
   * After a session: settles every pair order whose legs are all final and schedules the
   * leg-risk follow-ups for `nextSession`.
   */
  endOfSession(signalDay: EpochDay, nextSession: EpochDay): void {
    for (const pairOrder of [...this.working]) {
      const live = pairOrder.legs.map((leg) => this.liveOrder(leg));
      const unknown = live.find((order) => order !== undefined && order.status === 'unknown');
      if (unknown !== undefined) {
        this.options.onLegRisk?.({ kind: 'waiting_unknown', pairOrderId: pairOrder.id, pairId: pairOrder.pairId, orderId: unknown.id });
        continue;
      }
      if (live.some((order) => order !== undefined && !isFinal(order.status))) continue;
      this.settle(pairOrder, signalDay, nextSession);
      if (pairOrder.done) this.retire(pairOrder);
    }
  }

  private retire(pairOrder: PairOrder): void {
    this.working.delete(pairOrder);
    this.workingByPair.set(pairOrder.pairId, (this.workingByPair.get(pairOrder.pairId) ?? 1) - 1);
  }

  /** Rescales working orders of `symbol` for a split (ratio new shares per old share). */
  applySplit(symbol: string, ratio: number): void {
    for (const entry of this.entries.values()) {
      const { order } = entry;
      if (order.symbol !== symbol || isFinal(order.status)) continue;
      entry.order = {
        ...order,
        quantity: Math.round(order.quantity * ratio),
        filledQuantity: Math.round(order.filledQuantity * ratio),
        ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice / ratio }),
      };
    }
  }

  private settle(pairOrder: PairOrder, signalDay: EpochDay, nextSession: EpochDay): void {
    const remaining = pairOrder.legs.filter((leg) => leg.filled < leg.request.quantity);
    if (remaining.length === 0) {
      pairOrder.done = true;
      return;
    }
    if (pairOrder.intent === 'close') {
      pairOrder.retries += 1;
      this.options.onLegRisk?.({ kind: 'retry', pairOrderId: pairOrder.id, pairId: pairOrder.pairId, attempt: pairOrder.retries });
      for (const leg of remaining) this.sendLeg(pairOrder, leg, leg.request.quantity - leg.filled, signalDay, nextSession);
      return;
    }
    const fractions = pairOrder.legs.map((leg) => leg.filled / leg.request.quantity);
    const least = Math.min(...fractions);
    const most = Math.max(...fractions);
    // Nothing filled: no position and no leg risk; the strategy may decide again. Evenly
    // partial (every leg at the same fraction): still hedged, at a smaller size.
    if (most === 0 || (least === most && pairOrder.legs.length > 1)) {
      pairOrder.done = true;
      return;
    }
    const policy: LegRiskPolicy =
      this.options.legRisk.policy === 'retry' && pairOrder.retries >= this.options.legRisk.maxRetries ? 'unwind' : this.options.legRisk.policy;
    pairOrder.done = true;
    switch (policy) {
      case 'retry': {
        pairOrder.done = false;
        pairOrder.retries += 1;
        this.options.onLegRisk?.({ kind: 'retry', pairOrderId: pairOrder.id, pairId: pairOrder.pairId, attempt: pairOrder.retries });
        for (const leg of remaining) this.sendLeg(pairOrder, leg, leg.request.quantity - leg.filled, signalDay, nextSession);
        return;
      }
      case 'hedge': {
        if (least === 0) return this.unwind(pairOrder, signalDay, nextSession);
        this.options.onLegRisk?.({ kind: 'hedge', pairOrderId: pairOrder.id, pairId: pairOrder.pairId });
        const trims = pairOrder.legs
          .map((leg) => ({ leg, excess: leg.filled - this.keptShares(leg.request, least, signalDay) }))
          .filter(({ excess }) => excess > 0)
          .map(({ leg, excess }) => closingLeg(leg.request, excess));
        if (trims.length > 0) this.submitPair(pairOrder.pairId, 'close', 'hedge', trims, signalDay, nextSession);
        return;
      }
      case 'unwind':
        return this.unwind(pairOrder, signalDay, nextSession);
      default:
        assertNever(policy, 'leg-risk policy');
    }
  }

  /**
   * The stored shares a hedge keeps of a leg: ⌊requested × fraction⌋ counted in TRADED shares
   * (φ traded per stored share from the price-basis port; 1 on the raw basis, where this is
   * the plain floor), so the trim is a whole number of shares actually traded.
   */
  private keptShares(request: PairLegRequest, fraction: number, day: EpochDay): number {
    const phi = this.options.priceBasis?.tradedShares(request.symbol, day, 1) ?? 1;
    if (phi === 1 || !(phi > 0)) return Math.floor(request.quantity * fraction + 1e-9);
    return Math.round(Math.floor(request.quantity * phi * fraction + 1e-9) / phi);
  }

  private unwind(pairOrder: PairOrder, signalDay: EpochDay, nextSession: EpochDay): void {
    this.options.onLegRisk?.({ kind: 'unwind', pairOrderId: pairOrder.id, pairId: pairOrder.pairId });
    const legs = pairOrder.legs.filter((leg) => leg.filled > 0).map((leg) => closingLeg(leg.request, leg.filled));
    this.submitPair(pairOrder.pairId, 'close', 'unwind', legs, signalDay, nextSession);
  }

  private liveOrder(leg: LegState): Order | undefined {
    const id = leg.orderIds[leg.orderIds.length - 1];
    return id === undefined ? undefined : this.entries.get(id)?.order;
  }

  private sendLeg(pairOrder: PairOrder, leg: LegState, quantity: number, signalDay: EpochDay, forSession: EpochDay): void {
    const { request } = leg;
    const id = `${pairOrder.id}/${request.leg}${leg.orderIds.length + 1}`;
    const type = this.options.orderType ?? (request.limitPrice === undefined ? 'MARKET' : 'LIMIT');
    // Two literals rather than a conditional spread: a spread in the literal sends every order
    // (and every transition's copy of it) down V8's slow object-clone path.
    const order: Order =
      request.limitPrice === undefined
        ? { id, pairId: pairOrder.pairId, leg: request.leg, symbol: request.symbol, side: request.side, quantity, type, timeInForce: 'DAY', forSession, decidedOn: signalDay, status: 'new', filledQuantity: 0, history: [] }
        : { id, pairId: pairOrder.pairId, leg: request.leg, symbol: request.symbol, side: request.side, quantity, type, limitPrice: request.limitPrice, timeInForce: 'DAY', forSession, decidedOn: signalDay, status: 'new', filledQuantity: 0, history: [] };
    leg.orderIds.push(id);
    const entry: OrderEntry = { order: transition(order, 'submitted', this.options.clock, `${pairOrder.reason} for session ${forSession}`), pairOrder, leg };
    this.entries.set(id, entry);
    this.live.set(id, entry);
    this.options.venue.submit(entry.order);
  }

  private handle(event: VenueEvent): void {
    const entry = this.entries.get(event.orderId);
    if (entry === undefined) throw new AppError('NOT_FOUND', `venue reported ${event.kind} for unknown order ${event.orderId}`, { orderId: event.orderId });
    const { order, pairOrder, leg } = entry;
    switch (event.kind) {
      case 'accepted':
        this.update(order, 'accepted', 'venue accepted');
        return;
      case 'rejected':
        this.update(order, 'rejected', event.reason);
        this.cancelSiblings(pairOrder, order);
        return;
      case 'expired':
        this.update(order, 'expired', event.reason);
        return;
      case 'cancelled':
        this.update(order, 'cancelled', event.reason);
        return;
      case 'cancel_rejected':
        // Only a cancel the manager asked for moves the order back; otherwise nothing changed.
        if (order.status === 'pending_cancel') this.update(order, order.filledQuantity > 0 ? 'partially_filled' : 'accepted', event.reason);
        return;
      case 'unknown':
        this.update(order, 'unknown', event.reason);
        return;
      case 'fill': {
        const filled = order.filledQuantity + event.fill.quantity;
        this.update(order, filled >= order.quantity ? 'filled' : 'partially_filled', `filled ${event.fill.quantity} at ${event.fill.price}`, filled);
        leg.filled += event.fill.quantity;
        this.options.onFill(event.fill, pairOrder);
        return;
      }
      default:
        assertNever(event, 'venue event');
    }
  }

  private cancelSiblings(pairOrder: PairOrder, rejected: Order): void {
    if (pairOrder.intent !== 'open') return;
    for (const leg of pairOrder.legs) {
      const sibling = this.liveOrder(leg);
      if (sibling === undefined || sibling.id === rejected.id || isFinal(sibling.status) || sibling.filledQuantity > 0) continue;
      this.update(sibling, 'pending_cancel', `sibling ${rejected.id} rejected`);
      this.options.onLegRisk?.({ kind: 'sibling_cancel', pairOrderId: pairOrder.id, pairId: pairOrder.pairId, orderId: sibling.id });
      this.options.venue.cancel(sibling.id);
    }
  }

  private update(order: Order, to: OrderStatus, reason: string, filled = order.filledQuantity): void {
    // Re-read: a synchronous venue may already have moved the order on inside this call.
    const entry = this.entries.get(order.id);
    strictAssert(entry, `order ${order.id} exists`);
    entry.order = transition(entry.order, to, this.options.clock, reason, filled);
    if (isFinal(to)) this.live.delete(order.id);
  }
}

/** The order that closes `quantity` of what `request` opened. */
export function closingLeg(request: PairLegRequest, quantity: number): PairLegRequest {
  return { leg: request.leg, symbol: request.symbol, side: closingSide(request.side), quantity };
}

export function closingSide(side: OrderSide): OrderSide {
  switch (side) {
    case 'BUY':
      return 'SELL';
    case 'SELL_SHORT':
      return 'BUY_TO_COVER';
    case 'SELL':
      return 'BUY';
    case 'BUY_TO_COVER':
      return 'SELL_SHORT';
    default:
      return assertNever(side, 'order side');
  }
}

