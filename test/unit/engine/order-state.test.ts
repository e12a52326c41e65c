import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import type { Order, OrderStatus } from '../../../src/main/engine/domain';
import { OrderTransitionError, canTransition, isFinal, isWorking, transition } from '../../../src/main/engine/order-state';

const clock = new ManualClock(1_000);

function order(status: OrderStatus = 'new'): Order {
  return {
    id: 'P#1/y1', pairId: 'P', leg: 'y', symbol: 'KO', side: 'BUY', quantity: 100, type: 'MARKET', timeInForce: 'DAY',
    forSession: 16_000, decidedOn: 15_999, status, filledQuantity: 0, history: [],
  };
}

describe('order state machine', () => {
  it('walks new → submitted → accepted → partially_filled → filled and records every step with the clock time and reason', () => {
    let o = transition(order(), 'submitted', clock, 'sent');
    clock.advance(5);
    o = transition(o, 'accepted', clock, 'ack');
    clock.advance(5);
    o = transition(o, 'partially_filled', clock, 'fill 40', 40);
    o = transition(o, 'filled', clock, 'fill 60', 100);
    expect(o.status).toBe('filled');
    expect(o.filledQuantity).toBe(100);
    expect(o.history.map((t) => [t.from, t.to, t.at, t.reason])).toEqual([
      ['new', 'submitted', 1_000, 'sent'],
      ['submitted', 'accepted', 1_005, 'ack'],
      ['accepted', 'partially_filled', 1_010, 'fill 40'],
      ['partially_filled', 'filled', 1_010, 'fill 60'],
    ]);
  });

  it('refuses an illegal transition with a typed error naming both states', () => {
    const filled = order('filled');
    expect(() => transition(filled, 'cancelled', clock, 'late cancel')).toThrow(OrderTransitionError);
    const error = (() => {
      try {
        transition(order('new'), 'filled', clock, 'skip');
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(OrderTransitionError);
    expect(error).toMatchObject({ from: 'new', to: 'filled', code: 'CONFLICT' });
  });

  it('refuses a filled quantity that shrinks or exceeds the order', () => {
    const partial = transition(transition(order(), 'submitted', clock, 's'), 'partially_filled', clock, 'f', 50);
    expect(() => transition(partial, 'partially_filled', clock, 'shrink', 40)).toThrow(OrderTransitionError);
    expect(() => transition(partial, 'filled', clock, 'over', 101)).toThrow(OrderTransitionError);
  });

  it('covers the live-broker states: pending_cancel, pending_replace, replaced and unknown', () => {
    expect(canTransition('accepted', 'pending_cancel')).toBe(true);
    expect(canTransition('pending_cancel', 'filled')).toBe(true); // a fill racing the cancel
    expect(canTransition('pending_cancel', 'accepted')).toBe(true); // a refused cancel
    expect(canTransition('accepted', 'pending_replace')).toBe(true);
    expect(canTransition('pending_replace', 'replaced')).toBe(true);
    expect(canTransition('submitted', 'unknown')).toBe(true);
    expect(canTransition('unknown', 'filled')).toBe(true);
    expect(canTransition('unknown', 'submitted')).toBe(false);
    for (const status of ['filled', 'cancelled', 'rejected', 'expired', 'replaced'] as const) {
      expect(isFinal(status)).toBe(true);
      expect(canTransition(status, 'accepted')).toBe(false);
    }
    expect(isFinal('unknown')).toBe(false);
    expect(isWorking('unknown')).toBe(true);
  });
});
