import type { BrokerOrder, BrokerPosition } from '../../../shared/domain/broker';
import { sideSign } from '../../engine/domain';
import type { RiskPosition } from './risk-inputs';

/**
 * The broker holds positions per symbol; the desk trades pairs. Each order carries its pair
 * and leg, so a pair's book of a symbol is the signed sum of its orders' filled shares. What
 * the orders do not explain (shares bought outside ArbDesk, or before its orders were kept)
 * is kept as its own book under UNATTRIBUTED_PAIR rather than dropped or spread over pairs,
 * so exposure and VaR still count every share the broker reports.
 * Average price: the broker's average cost of the symbol for every book of it (the broker
 * keeps no per-pair cost); only the unrealized P&L per book depends on it.
 */

export const UNATTRIBUTED_PAIR = 'unattributed';

export function attributePositions(positions: readonly BrokerPosition[], orders: readonly BrokerOrder[]): RiskPosition[] {
  const books = new Map<string, { pairId: string; leg: RiskPosition['leg']; symbol: string; quantity: number }>();
  for (const order of orders) {
    if (order.filledQuantity === 0) continue;
    const key = `${order.pairId}\u0000${order.symbol}`;
    const book = books.get(key) ?? { pairId: order.pairId, leg: order.leg, symbol: order.symbol, quantity: 0 };
    book.quantity += sideSign(order.side) * order.filledQuantity;
    books.set(key, book);
  }
  const out: RiskPosition[] = [];
  for (const position of [...positions].sort((a, b) => a.symbol.localeCompare(b.symbol))) {
    const own = [...books.values()].filter((book) => book.symbol === position.symbol && book.quantity !== 0).sort((a, b) => a.pairId.localeCompare(b.pairId));
    let explained = 0;
    for (const book of own) {
      out.push({ pairId: book.pairId, leg: book.leg, symbol: book.symbol, quantity: book.quantity, averagePrice: position.averageCost });
      explained += book.quantity;
    }
    const rest = position.quantity - explained;
    if (rest !== 0) out.push({ pairId: UNATTRIBUTED_PAIR, leg: 'y', symbol: position.symbol, quantity: rest, averagePrice: position.averageCost });
  }
  return out;
}
