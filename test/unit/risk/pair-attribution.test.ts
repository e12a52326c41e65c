import { describe, expect, it } from 'vitest';
import { attributePositions, UNATTRIBUTED_PAIR } from '../../../src/main/risk/analytics/pair-attribution';
import type { BrokerOrder, BrokerPosition } from '../../../src/shared/domain/broker';

function position(symbol: string, quantity: number, averageCost: number): BrokerPosition {
  return { accountId: 'paper', symbol, quantity, averageCost, markPrice: null, marketValue: 0, unrealizedPnl: 0, realizedPnl: 0 };
}

function order(pairId: string, leg: 'y' | 'x', symbol: string, side: BrokerOrder['side'], filledQuantity: number): BrokerOrder {
  return { id: `${pairId}-${symbol}-${side}`, accountId: 'paper', pairId, leg, symbol, side, quantity: Math.max(1, filledQuantity), type: 'MARKET', limitPrice: null, timeInForce: 'DAY', forSession: 0, decidedOn: 0, status: 'filled', filledQuantity, averageFillPrice: 1, reason: null, updatedAt: 0 };
}

describe('attributePositions', () => {
  it('splits a symbol over the pairs whose orders filled it and keeps the rest unattributed', () => {
    // KO: pair KO/PEP bought 100, pair KO/MO shorted 30 then covered 10 → books +100 and −20,
    // together 80; the broker holds 95, so 15 shares are nobody's order.
    const orders = [order('KO/PEP', 'y', 'KO', 'BUY', 100), order('KO/MO', 'x', 'KO', 'SELL_SHORT', 30), order('KO/MO', 'x', 'KO', 'BUY_TO_COVER', 10), order('KO/PEP', 'x', 'PEP', 'SELL_SHORT', 40), order('KO/PEP', 'x', 'PEP', 'SELL_SHORT', 0)];
    const books = attributePositions([position('PEP', -40, 110), position('KO', 95, 44)], orders);
    expect(books).toEqual([
      { pairId: 'KO/MO', leg: 'x', symbol: 'KO', quantity: -20, averagePrice: 44 },
      { pairId: 'KO/PEP', leg: 'y', symbol: 'KO', quantity: 100, averagePrice: 44 },
      { pairId: UNATTRIBUTED_PAIR, leg: 'y', symbol: 'KO', quantity: 15, averagePrice: 44 },
      { pairId: 'KO/PEP', leg: 'x', symbol: 'PEP', quantity: -40, averagePrice: 110 },
    ]);
  });

  it('reports nothing for a symbol the broker no longer holds', () => {
    expect(attributePositions([], [order('KO/PEP', 'y', 'KO', 'BUY', 100)])).toEqual([]);
  });
});
