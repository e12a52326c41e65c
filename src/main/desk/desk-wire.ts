import type { BlotterSnapshot, DeskCosts, DeskFill, DeskOrder, DeskPairPosition, DeskQuote, HaltOutcome, TicketLeg } from '../../shared/domain/desk';
import type { TicketLegPlan } from './core/ticket';
import { formatIsoDate } from '../core/time/epoch-day';
import { totalCost, type CostBreakdown, type Fill, type Order, type Position } from '../engine/domain';
import { isWorking } from '../engine/order-state';
import { pairLegs } from './core/desk-scope';
import type { DeskQuoteRecord } from './desk-ports';

/** Domain → wire for the desk (the IPC layer sends these as they are). */

export interface OrderMeta {
  readonly pairOrderId: string;
  readonly intent: 'open' | 'close';
  readonly reason: string;
  readonly strategy: string | null;
  readonly queuedForOpen: boolean;
  readonly flatten: boolean;
  detail: string | null;
  updatedAt: number;
}

export function toWireCosts(costs: CostBreakdown): DeskCosts {
  return { ...costs, total: roundSum(totalCost(costs)) };
}

export function sumCosts(list: readonly DeskCosts[]): DeskCosts {
  const sum = (key: keyof DeskCosts): number => roundSum(list.reduce((total, costs) => total + costs[key], 0));
  return { commission: sum('commission'), secFee: sum('secFee'), finraTaf: sum('finraTaf'), slippage: sum('slippage'), impact: sum('impact'), total: sum('total') };
}

/** Cent amounts summed in floating point: rounded back to the cent they are made of. */
function roundSum(value: number): number {
  return Math.round(value * 100) / 100;
}

export function toWireQuote(quote: DeskQuoteRecord, now: number): DeskQuote {
  return { symbol: quote.symbol, bid: quote.bid, ask: quote.ask, last: quote.last, time: quote.time, ageMs: Math.max(0, now - quote.time) };
}

export function toWireOrder(order: Order, meta: OrderMeta | undefined): DeskOrder {
  return {
    id: order.id,
    pairOrderId: meta?.pairOrderId ?? order.id.slice(0, order.id.lastIndexOf('/')),
    pair: order.pairId,
    leg: order.leg,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    type: order.type,
    limitPrice: order.limitPrice ?? null,
    status: order.status,
    reason: meta?.reason ?? 'engine',
    detail: meta?.detail ?? null,
    forSession: formatIsoDate(order.forSession),
    queuedForOpen: meta?.queuedForOpen ?? false,
    updatedAt: meta?.updatedAt ?? order.history.at(-1)?.at ?? 0,
  };
}

export function toWireFill(fill: Fill): DeskFill {
  return {
    orderId: fill.orderId,
    pair: fill.pairId,
    leg: fill.leg,
    symbol: fill.symbol,
    side: fill.side,
    quantity: fill.quantity,
    price: fill.price,
    costs: toWireCosts(fill.costs),
    fillDay: formatIsoDate(fill.fillDay),
  };
}

/** The mark of a symbol: last trade, else the mid, else nothing. */
export function markOf(quote: DeskQuoteRecord | undefined): number | null {
  if (quote === undefined) return null;
  if (quote.last !== null) return quote.last;
  if (quote.bid !== null && quote.ask !== null) return (quote.bid + quote.ask) / 2;
  return null;
}

export function pairPositions(positions: readonly Position[], quoteOf: (symbol: string) => DeskQuoteRecord | undefined): DeskPairPosition[] {
  const byPair = new Map<string, Position[]>();
  for (const position of positions) {
    const list = byPair.get(position.pairId) ?? [];
    list.push(position);
    byPair.set(position.pairId, list);
  }
  const out: DeskPairPosition[] = [];
  for (const [pair, list] of [...byPair].sort(([a], [b]) => a.localeCompare(b))) {
    const legs = pairLegs(pair);
    const wireLegs = list.map((position) => {
      const last = markOf(quoteOf(position.symbol));
      return {
        leg: legs !== null && position.symbol === legs.x ? ('x' as const) : ('y' as const),
        symbol: position.symbol,
        quantity: position.quantity,
        averageCost: position.averageCost,
        lastPrice: last,
        realizedPnl: position.realizedPnl,
        unrealizedPnl: last === null ? 0 : (last - position.averageCost) * position.quantity,
      };
    });
    const holding = wireLegs.filter((leg) => leg.quantity !== 0).length;
    out.push({
      pair,
      legs: wireLegs.sort((a, b) => a.leg.localeCompare(b.leg) * -1),
      realizedPnl: wireLegs.reduce((sum, leg) => sum + leg.realizedPnl, 0),
      unrealizedPnl: wireLegs.reduce((sum, leg) => sum + leg.unrealizedPnl, 0),
      naked: holding === 1,
    });
  }
  return out;
}

export function blotterSnapshot(input: {
  orders: readonly Order[];
  metaOf: (orderId: string) => OrderMeta | undefined;
  fills: readonly Fill[];
  positions: readonly DeskPairPosition[];
  costs: number;
  /** Realized P&L of every book, closed ones included (the portfolio's total). */
  realized: number;
  lastHalt: HaltOutcome | null;
  revision: number;
  maxFinalOrders?: number;
}): BlotterSnapshot {
  const wire = input.orders.map((order) => ({ order, dto: toWireOrder(order, input.metaOf(order.id)) }));
  const working = wire.filter(({ order }) => isWorking(order.status)).map(({ dto }) => dto);
  const final = wire
    .filter(({ order }) => !isWorking(order.status))
    .map(({ dto }) => dto)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, input.maxFinalOrders ?? 200);
  const realized = input.realized;
  const unrealized = input.positions.reduce((sum, pair) => sum + pair.unrealizedPnl, 0);
  return {
    orders: [...working, ...final],
    fills: input.fills.slice(-200).map(toWireFill).reverse(),
    positions: [...input.positions],
    pnl: { realized, unrealized, costs: input.costs, total: realized + unrealized - input.costs },
    lastHalt: input.lastHalt,
    revision: input.revision,
  };
}

export function toWireTicketLeg(plan: TicketLegPlan, quote: DeskQuoteRecord | undefined, now: number, costs: CostBreakdown): TicketLeg {
  const price = plan.referencePrice;
  return {
    leg: plan.leg,
    symbol: plan.symbol,
    side: plan.side,
    quantity: plan.quantity,
    quote: quote === undefined ? null : toWireQuote(quote, now),
    referencePrice: price,
    notional: price === null ? 0 : price * plan.quantity,
    estimatedCosts: toWireCosts(costs),
  };
}

/** Legs holding shares without their sibling: a halt names every one of them. */
export function nakedLegsOf(positions: readonly DeskPairPosition[], hasWorking: (pairId: string) => boolean): HaltOutcome['nakedLegs'] {
  return positions
    .filter((pair) => pair.naked)
    .flatMap((pair) =>
      pair.legs
        .filter((leg) => leg.quantity !== 0)
        .map((leg) => ({ pair: pair.pair, symbol: leg.symbol, quantity: leg.quantity, detail: `${leg.symbol} holds ${leg.quantity} shares without its sibling leg${hasWorking(pair.pair) ? '; a closing order is working' : ''}` })),
    );
}
