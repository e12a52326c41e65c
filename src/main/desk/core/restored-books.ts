import { zeroCosts, type Fill, type Order } from '../../engine/domain';
import type { PairIntent } from '../../engine/order-manager';
import { isWorking } from '../../engine/order-state';
import type { OrderMeta } from '../desk-wire';

/**
 * What a restarted desk takes back from the broker's orders (pure). Every filled quantity
 * becomes one fill at the order's average price, oldest first, so the books per pair and leg
 * (pair and leg are each order's own fields, its pair order the id's prefix) hold what the
 * broker holds; the working orders are adopted as they stand. Costs are not re-booked: the
 * desk's equity is the broker account's, not the rebuilt books'.
 */
export function restoredBooks(
  known: ReadonlyArray<{ readonly order: Order; readonly averageFillPrice: number | null }>,
  alreadyKnown: (orderId: string) => boolean,
  now: number,
): { fills: Fill[]; working: Order[]; knownIds: string[]; meta: Map<string, OrderMeta>; intentOf: (order: Order) => PairIntent } {
  const intentOf = (order: Order): PairIntent => (order.side === 'BUY' || order.side === 'SELL_SHORT' ? 'open' : 'close');
  const fresh = known.filter((entry) => !alreadyKnown(entry.order.id));
  const byTime = [...fresh].sort((a, b) => (a.order.history.at(-1)?.at ?? 0) - (b.order.history.at(-1)?.at ?? 0));
  const fills: Fill[] = [];
  for (const { order, averageFillPrice: price } of byTime) {
    if (order.filledQuantity === 0 || price === null) continue;
    const quantity = order.filledQuantity;
    fills.push({ orderId: order.id, pairId: order.pairId, leg: order.leg, symbol: order.symbol, side: order.side, quantity, price, tradedPrice: price, tradedQuantity: quantity, signalDay: order.decidedOn, fillDay: order.forSession, costs: zeroCosts });
  }
  const working = fresh.map((entry) => entry.order).filter((order) => isWorking(order.status));
  const meta = new Map<string, OrderMeta>();
  for (const order of working) {
    const pairOrderId = order.id.slice(0, order.id.lastIndexOf('/'));
    meta.set(order.id, { pairOrderId, intent: intentOf(order), reason: 'restored', strategy: null, queuedForOpen: false, flatten: false, detail: 're-read from the broker at start', updatedAt: now });
  }
  return { fills, working, knownIds: known.map((entry) => entry.order.id), meta, intentOf };
}
