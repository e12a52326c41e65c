import { describe, expect, it } from 'vitest';
import { BorrowTable } from '../../../src/main/backtest/borrow-table';
import { CostModel, zeroTransactionCosts } from '../../../src/main/backtest/cost-model';
import { SimulatedVenue, referencePrice, type FillMode, type SessionBar } from '../../../src/main/backtest/simulated-venue';
import type { Order, OrderSide } from '../../../src/main/engine/domain';
import { storedIsTraded, type VenueEvent } from '../../../src/main/engine/ports';

const bar: SessionBar = { open: 10, high: 12, low: 9, close: 11, volume: 1_000 };
let id = 0;
function order(side: OrderSide, quantity: number, extra: Partial<Order> = {}): Order {
  id++;
  return { id: `o${id}`, pairId: 'P', leg: 'y', symbol: 'KO', side, quantity, type: 'MARKET', timeInForce: 'DAY', forSession: 2, decidedOn: 1, status: 'submitted', filledQuantity: 0, history: [], ...extra };
}
function venue(fill: FillMode = 'next_open', borrow = new BorrowTable(0, [])) {
  const v = new SimulatedVenue({ fill, participationRate: 0.1, costModel: new CostModel(zeroTransactionCosts), borrow, priceBasis: storedIsTraded });
  const events: VenueEvent[] = [];
  v.onEvent((event) => events.push(event));
  return { v, events };
}
const stats = () => ({ sigma: Number.NaN, adv: Number.NaN });

describe('simulated venue', () => {
  it('fills a decision of the close of t at the open of t+1 (next_open), the close (next_close) or (H+L+C)/3', () => {
    expect(referencePrice(bar, 'next_open')).toBe(10);
    expect(referencePrice(bar, 'next_close')).toBe(11);
    expect(referencePrice(bar, 'vwap_proxy')).toBeCloseTo(32 / 3, 12);
    const { v, events } = venue('next_close');
    v.submit(order('BUY', 50));
    v.runSession(1, () => bar, stats); // not its session yet
    expect(events.map((e) => e.kind)).toEqual(['accepted']);
    v.runSession(2, () => bar, stats);
    const fill = events.find((e) => e.kind === 'fill');
    expect(fill?.kind === 'fill' && [fill.fill.price, fill.fill.quantity, fill.fill.signalDay, fill.fill.fillDay]).toEqual([11, 50, 1, 2]);
    expect(v.workingCount()).toBe(0);
  });

  it('caps a fill at participation × volume and expires the DAY remainder (a partial fill)', () => {
    const { v, events } = venue();
    v.submit(order('BUY', 250));
    v.runSession(2, () => bar, stats);
    // 10 % of 1 000 = 100 shares
    expect(events.map((e) => (e.kind === 'fill' ? `fill ${e.fill.quantity}` : e.kind))).toEqual(['accepted', 'fill 100', 'expired']);
  });

  it('counts the participation cap in traded shares on a split-adjusted basis', () => {
    // φ = 1/4: 1 000 stored shares of volume are 250 traded; 10 % = 25 traded shares = 100 stored.
    // With volume 1 010 the stored cap would be 101 = 25.25 traded; in traded shares it is ⌊25.25⌋ = 25 → 100 stored.
    const v = new SimulatedVenue({ fill: 'next_open', participationRate: 0.1, costModel: new CostModel(zeroTransactionCosts), borrow: new BorrowTable(0, []), priceBasis: {
      tradedPrice: (_symbol, _day, price) => price * 4,
      tradedShares: (_symbol, _day, shares) => shares / 4,
    } });
    const events: VenueEvent[] = [];
    v.onEvent((event) => events.push(event));
    v.submit(order('BUY', 400));
    v.runSession(2, () => ({ ...bar, volume: 1_010 }), stats);
    const fill = events.find((e) => e.kind === 'fill');
    expect(fill?.kind === 'fill' && [fill.fill.quantity, fill.fill.tradedQuantity, fill.fill.tradedPrice]).toEqual([100, 25, 40]);
  });

  it('fills limits only when the bar trades through them', () => {
    const { v, events } = venue();
    v.submit(order('BUY', 10, { type: 'LIMIT', limitPrice: 9 })); // low 9 is not < 9
    v.submit(order('BUY', 10, { type: 'LIMIT', limitPrice: 9.5 })); // trades through: min(open 10, 9.5)
    v.submit(order('SELL', 10, { type: 'LIMIT', limitPrice: 12 })); // high 12 is not > 12
    v.submit(order('SELL', 10, { type: 'LIMIT', limitPrice: 9.8 })); // max(open 10, 9.8) = 10
    v.runSession(2, () => bar, stats);
    const outcomes = events.filter((e) => e.kind !== 'accepted').map((e) => (e.kind === 'fill' ? `fill@${e.fill.price}` : e.kind));
    expect(outcomes).toEqual(['expired', 'fill@9.5', 'expired', 'fill@10']);
  });

  it('does not fill on a zero-volume or missing bar', () => {
    const { v, events } = venue();
    v.submit(order('BUY', 10));
    v.submit(order('BUY', 10, { symbol: 'PEP' }));
    v.runSession(2, (symbol) => (symbol === 'KO' ? { ...bar, volume: 0 } : undefined), stats);
    expect(events.filter((e) => e.kind === 'expired').map((e) => (e.kind === 'expired' ? e.reason : ''))).toEqual(['zero volume in KO', 'no valid bar for PEP']);
  });

  it('keeps a GTC order working across sessions', () => {
    const { v, events } = venue();
    v.submit(order('BUY', 10, { timeInForce: 'GTC' }));
    v.runSession(2, () => undefined, stats);
    expect(v.workingCount()).toBe(1);
    v.runSession(3, () => bar, stats);
    expect(events.some((e) => e.kind === 'fill')).toBe(true);
  });

  it('rejects a short sale without borrow, and malformed orders', () => {
    const { v, events } = venue('next_open', new BorrowTable(0, [{ symbol: 'KO', from: '1970-01-01', available: false }]));
    v.submit(order('SELL_SHORT', 10));
    v.submit(order('BUY', 0));
    v.submit(order('BUY', 5, { type: 'LIMIT' }));
    expect(events.map((e) => (e.kind === 'rejected' ? e.reason : e.kind))).toEqual([
      'borrow unavailable for KO',
      'quantity must be a positive integer, got 0',
      'a LIMIT order needs a positive limit price',
    ]);
  });

  it('cancels a working order and refuses to cancel one that is not working; follows a split', () => {
    const { v, events } = venue();
    const o = order('BUY', 10, { type: 'LIMIT', limitPrice: 20 });
    v.submit(o);
    v.applySplit('KO', 2);
    v.runSession(2, () => ({ open: 5, high: 6, low: 4, close: 5, volume: 10_000 }), stats);
    const fill = events.find((e) => e.kind === 'fill');
    expect(fill?.kind === 'fill' && fill.fill.quantity).toBe(20);
    const p = order('BUY', 10);
    v.submit(p);
    v.cancel(p.id);
    v.cancel(p.id);
    expect(events.slice(-2).map((e) => e.kind)).toEqual(['cancelled', 'cancel_rejected']);
  });
});
