import { sideSign, type Order, type Position } from '../../engine/domain';
import { isWorking } from '../../engine/order-state';

/**
 * Account figures the ticket and the risk port need, from the desk's books and orders. Pure:
 * the marks come in as a function (last trade, else mid; the average cost when unknown).
 */
export function exposuresOf(positions: readonly Position[], markOf: (symbol: string) => number | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const position of positions) {
    const mark = markOf(position.symbol) ?? position.averageCost;
    out.set(position.symbol, (out.get(position.symbol) ?? 0) + position.quantity * mark);
  }
  return out;
}

/** Pairs with a position or a working order, leaving `except` out (the risk port's openPairs). */
export function openPairsOf(positions: readonly Position[], orders: readonly Order[], except: string): number {
  const pairs = new Set(positions.filter((position) => position.quantity !== 0).map((position) => position.pairId));
  for (const order of orders) if (isWorking(order.status)) pairs.add(order.pairId);
  pairs.delete(except);
  return pairs.size;
}

/** Signed shares still to fill on working orders of one book (optionally leaving one out). */
export function workingSignedOf(orders: readonly Order[], pairId: string, symbol: string, exceptOrderId?: string): number {
  let total = 0;
  for (const order of orders) {
    if (order.pairId !== pairId || order.symbol !== symbol || order.id === exceptOrderId || !isWorking(order.status)) continue;
    total += sideSign(order.side) * (order.quantity - order.filledQuantity);
  }
  return total;
}

export function hasWorkingOrderOf(orders: readonly Order[], pairId: string): boolean {
  return orders.some((order) => order.pairId === pairId && isWorking(order.status));
}

/** Signed shares per symbol across every pair, flat symbols left out (reconciliation, the risk snapshot). */
export function sharesBySymbol(positions: readonly Position[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const position of positions) out.set(position.symbol, (out.get(position.symbol) ?? 0) + position.quantity);
  for (const [symbol, quantity] of [...out]) if (quantity === 0) out.delete(symbol);
  return out;
}

/** Each held pair but `except`, with its signed dollar exposure per symbol at the marks (symbols without a mark are left out). */
export function pairExposuresOf(positions: readonly Position[], markOf: (symbol: string) => number | null, except: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const position of positions) {
    const mark = markOf(position.symbol);
    if (position.pairId === except || position.quantity === 0 || mark === null) continue;
    const legs = out.get(position.pairId) ?? new Map<string, number>();
    legs.set(position.symbol, (legs.get(position.symbol) ?? 0) + position.quantity * mark);
    out.set(position.pairId, legs);
  }
  return out;
}
