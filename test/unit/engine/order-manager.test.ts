import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { zeroCosts, type Fill, type Order } from '../../../src/main/engine/domain';
import { OrderManager, closingSide, type LegRiskConfig, type LegRiskEvent, type PairLegRequest } from '../../../src/main/engine/order-manager';
import type { PriceBasisPort, Venue, VenueEvent, VenueListener } from '../../../src/main/engine/ports';

/** A broker stand-in: it records what it is sent and reports only what the test tells it to. */
class ScriptedVenue implements Venue {
  readonly submitted: Order[] = [];
  readonly cancels: string[] = [];
  private listener: VenueListener | undefined;
  onAccept = true;
  submit(order: Order): void {
    this.submitted.push(order);
    if (this.onAccept) this.emit({ kind: 'accepted', orderId: order.id });
  }
  cancel(orderId: string): void {
    this.cancels.push(orderId);
    this.emit({ kind: 'cancelled', orderId, reason: 'ok' });
  }
  onEvent(listener: VenueListener): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  emit(event: VenueEvent): void {
    this.listener?.(event);
  }
  fill(order: Order, quantity: number): void {
    const fill: Fill = { orderId: order.id, pairId: order.pairId, leg: order.leg, symbol: order.symbol, side: order.side, quantity, price: 10, tradedPrice: 10, tradedQuantity: quantity, signalDay: order.decidedOn, fillDay: order.forSession, costs: zeroCosts };
    this.emit({ kind: 'fill', orderId: order.id, fill });
  }
  last(symbol: string): Order {
    const order = [...this.submitted].reverse().find((o) => o.symbol === symbol);
    if (order === undefined) throw new Error(`no order for ${symbol}`);
    return order;
  }
}

const legs: PairLegRequest[] = [
  { leg: 'y', symbol: 'KO', side: 'BUY', quantity: 100 },
  { leg: 'x', symbol: 'PEP', side: 'SELL_SHORT', quantity: 200 },
];

function setup(legRisk: LegRiskConfig, priceBasis?: PriceBasisPort) {
  const venue = new ScriptedVenue();
  const fills: Fill[] = [];
  const events: LegRiskEvent[] = [];
  const manager = new OrderManager({ venue, clock: new ManualClock(0), legRisk, onFill: (fill) => fills.push(fill), onLegRisk: (event) => events.push(event), ...(priceBasis === undefined ? {} : { priceBasis }) });
  return { venue, fills, events, manager };
}

describe('order manager: pair orders and leg risk', () => {
  it('fills both legs and settles with no follow-up', () => {
    const { venue, manager, fills } = setup({ policy: 'retry', maxRetries: 1 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 100);
    venue.fill(venue.last('PEP'), 200);
    manager.endOfSession(2, 3);
    expect(fills.map((f) => f.quantity)).toEqual([100, 200]);
    expect(manager.hasWorking('KO/PEP')).toBe(false);
    expect(venue.submitted).toHaveLength(2);
    expect(manager.order(venue.last('KO').id)?.history.map((t) => t.to)).toEqual(['submitted', 'accepted', 'filled']);
  });

  it('retry: resubmits the unfilled leg for the next session, then unwinds when retries run out', () => {
    const { venue, manager, events } = setup({ policy: 'retry', maxRetries: 1 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 100);
    venue.emit({ kind: 'expired', orderId: venue.last('PEP').id, reason: 'no volume' });
    manager.endOfSession(2, 3);
    expect(venue.last('PEP')).toMatchObject({ side: 'SELL_SHORT', quantity: 200, forSession: 3 });
    expect(events.map((e) => e.kind)).toEqual(['retry']);
    venue.emit({ kind: 'expired', orderId: venue.last('PEP').id, reason: 'no volume' });
    manager.endOfSession(3, 4);
    // out of retries: unwind what filled (100 KO bought → SELL 100)
    expect(events.map((e) => e.kind)).toEqual(['retry', 'unwind']);
    expect(venue.last('KO')).toMatchObject({ side: 'SELL', quantity: 100, forSession: 4 });
    expect(manager.hasWorking('KO/PEP')).toBe(true);
  });

  it('hedge: trims the further-filled leg to the other leg’s filled fraction', () => {
    const { venue, manager, events } = setup({ policy: 'hedge', maxRetries: 0 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 60); // 60 % of y
    venue.emit({ kind: 'expired', orderId: venue.last('KO').id, reason: 'participation' });
    venue.fill(venue.last('PEP'), 200); // 100 % of x
    manager.endOfSession(2, 3);
    // keep floor(200 × 0.6) = 120 of x: cover 80
    expect(events.map((e) => e.kind)).toEqual(['hedge']);
    expect(venue.last('PEP')).toMatchObject({ side: 'BUY_TO_COVER', quantity: 80, forSession: 3 });
    expect(venue.submitted).toHaveLength(3);
  });

  it('hedge on a split-adjusted basis keeps whole traded shares', () => {
    // PEP stored split-adjusted with φ = 1/4 (4 stored shares per traded one): 200 stored = 50 traded.
    const quarter: PriceBasisPort = { tradedPrice: (symbol, _day, price) => (symbol === 'PEP' ? price * 4 : price), tradedShares: (symbol, _day, shares) => (symbol === 'PEP' ? shares / 4 : shares) };
    const { venue, manager } = setup({ policy: 'hedge', maxRetries: 0 }, quarter);
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 61); // 61 % of y
    venue.emit({ kind: 'expired', orderId: venue.last('KO').id, reason: 'participation' });
    venue.fill(venue.last('PEP'), 200);
    manager.endOfSession(2, 3);
    // keep ⌊50 traded × 0.61⌋ = 30 traded = 120 stored (the stored floor ⌊200 × 0.61⌋ = 122 would be 30.5 traded): cover 80
    expect(venue.last('PEP')).toMatchObject({ side: 'BUY_TO_COVER', quantity: 80 });
  });

  it('hedge with nothing on the other leg unwinds', () => {
    const { venue, manager, events } = setup({ policy: 'hedge', maxRetries: 0 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 100);
    venue.emit({ kind: 'expired', orderId: venue.last('PEP').id, reason: 'halted' });
    manager.endOfSession(2, 3);
    expect(events.map((e) => e.kind)).toEqual(['unwind']);
    expect(venue.last('KO')).toMatchObject({ side: 'SELL', quantity: 100 });
  });

  it('unwind: closes what filled on both legs', () => {
    const { venue, manager } = setup({ policy: 'unwind', maxRetries: 3 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 100);
    venue.fill(venue.last('PEP'), 50);
    venue.emit({ kind: 'expired', orderId: venue.last('PEP').id, reason: 'participation' });
    manager.endOfSession(2, 3);
    expect(venue.submitted.slice(2).map((o) => [o.symbol, o.side, o.quantity])).toEqual([
      ['KO', 'SELL', 100],
      ['PEP', 'BUY_TO_COVER', 50],
    ]);
  });

  it('never resubmits a leg while its outcome is unknown; retries once it is confirmed final', () => {
    const { venue, manager, events } = setup({ policy: 'retry', maxRetries: 2 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 100);
    const pep = venue.last('PEP');
    venue.emit({ kind: 'unknown', orderId: pep.id, reason: 'ack lost' });
    manager.endOfSession(2, 3);
    manager.endOfSession(3, 4);
    expect(venue.submitted).toHaveLength(2);
    expect(events.map((e) => e.kind)).toEqual(['waiting_unknown', 'waiting_unknown']);
    venue.emit({ kind: 'expired', orderId: pep.id, reason: 'reconciled: expired' });
    manager.endOfSession(4, 5);
    expect(venue.submitted).toHaveLength(3);
    expect(venue.last('PEP')).toMatchObject({ quantity: 200, forSession: 5 });
    expect(manager.order(pep.id)?.history.map((t) => t.to)).toEqual(['submitted', 'accepted', 'unknown', 'expired']);
  });

  it('lists as working exactly the orders not in a final state, unknown included, in submission order', () => {
    const { venue, manager } = setup({ policy: 'retry', maxRetries: 2 });
    const working = (): string[] => manager.workingOrders().map((order) => order.id);
    const same = (): string[] => manager.allOrders().filter((order) => !['filled', 'cancelled', 'rejected', 'expired', 'replaced'].includes(order.status)).map((order) => order.id);
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    const ko = venue.last('KO');
    const pep = venue.last('PEP');
    expect(working()).toEqual([ko.id, pep.id]);
    venue.fill(ko, 40);
    expect(working()).toEqual([ko.id, pep.id]);
    venue.fill(ko, 60);
    venue.emit({ kind: 'unknown', orderId: pep.id, reason: 'ack lost' });
    expect(working()).toEqual([pep.id]);
    expect(manager.workingOrders()[0]?.status).toBe('unknown');
    venue.emit({ kind: 'expired', orderId: pep.id, reason: 'reconciled: expired' });
    expect(working()).toEqual([]);
    manager.endOfSession(2, 3);
    expect(working()).toEqual([venue.last('PEP').id]);
    expect(working()).toEqual(same());
  });

  it('waits while a leg is still working', () => {
    const { venue, manager } = setup({ policy: 'retry', maxRetries: 2 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.fill(venue.last('KO'), 100);
    manager.endOfSession(2, 3);
    expect(venue.submitted).toHaveLength(2);
    expect(manager.hasWorking('KO/PEP')).toBe(true);
  });

  it('cancels the sibling when a leg is rejected (a refused short leaves no naked long)', () => {
    const { venue, manager, events, fills } = setup({ policy: 'retry', maxRetries: 2 });
    venue.onAccept = false; // a broker rejects at submission, before any acknowledgement
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    venue.emit({ kind: 'rejected', orderId: venue.last('PEP').id, reason: 'borrow unavailable for PEP' });
    expect(venue.cancels).toEqual([venue.last('KO').id]);
    expect(events.map((e) => e.kind)).toEqual(['sibling_cancel']);
    expect(manager.order(venue.last('KO').id)?.history.map((t) => t.to)).toEqual(['submitted', 'pending_cancel', 'cancelled']);
    manager.endOfSession(2, 3);
    expect(fills).toEqual([]);
    expect(manager.hasWorking('KO/PEP')).toBe(false);
    expect(venue.submitted).toHaveLength(2);
  });

  it('a closing pair order always retries its remainder', () => {
    const { venue, manager } = setup({ policy: 'unwind', maxRetries: 0 });
    manager.submitPair('KO/PEP', 'close', 'exit', [{ leg: 'y', symbol: 'KO', side: 'SELL', quantity: 100 }], 1, 2);
    venue.fill(venue.last('KO'), 30);
    venue.emit({ kind: 'expired', orderId: venue.last('KO').id, reason: 'participation' });
    manager.endOfSession(2, 3);
    expect(venue.last('KO')).toMatchObject({ side: 'SELL', quantity: 70, forSession: 3 });
  });

  it('a refused cancel returns the order to its working state; split rescales working orders', () => {
    const { venue, manager } = setup({ policy: 'retry', maxRetries: 0 });
    manager.submitPair('KO/PEP', 'open', 'entry_long', legs, 1, 2);
    const ko = venue.last('KO');
    venue.emit({ kind: 'cancel_rejected', orderId: ko.id, reason: 'too late' });
    expect(manager.order(ko.id)?.status).toBe('accepted');
    manager.applySplit('KO', 2);
    expect(manager.order(ko.id)?.quantity).toBe(200);
    expect(() => venue.emit({ kind: 'accepted', orderId: 'nope' })).toThrow(/unknown order/);
  });

  it('names the closing side of every side', () => {
    expect(closingSide('BUY')).toBe('SELL');
    expect(closingSide('SELL_SHORT')).toBe('BUY_TO_COVER');
    expect(closingSide('SELL')).toBe('BUY');
    expect(closingSide('BUY_TO_COVER')).toBe('SELL_SHORT');
  });
});
