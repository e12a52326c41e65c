import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/events/event-bus';
import { retryDelay } from '../../../src/main/desk/core/cancel-backoff';
import { inScope, pairLegs } from '../../../src/main/desk/core/desk-scope';
import { flattenLegs } from '../../../src/main/desk/core/flatten-plan';
import { legReduces, pairReduces } from '../../../src/main/desk/core/reduce-only';
import { followHalts } from '../../../src/main/desk/halt-follower';
import { tradingStateWith } from '../../helpers/trading-state';

describe('REDUCE_ONLY rule', () => {
  it('passes an order that shrinks a book without crossing zero', () => {
    expect(legReduces(100, 0, { symbol: 'KO', side: 'SELL', quantity: 40 })).toBe(true);
    expect(legReduces(100, 0, { symbol: 'KO', side: 'SELL', quantity: 100 })).toBe(true);
    expect(legReduces(-50, 0, { symbol: 'PEP', side: 'BUY_TO_COVER', quantity: 50 })).toBe(true);
  });

  it('refuses adding, crossing zero, trading a flat book, and over-closing on top of working closes', () => {
    expect(legReduces(100, 0, { symbol: 'KO', side: 'BUY', quantity: 1 })).toBe(false);
    expect(legReduces(100, 0, { symbol: 'KO', side: 'SELL', quantity: 101 })).toBe(false);
    expect(legReduces(0, 0, { symbol: 'KO', side: 'SELL', quantity: 1 })).toBe(false);
    expect(legReduces(100, -80, { symbol: 'KO', side: 'SELL', quantity: 30 })).toBe(false);
    expect(legReduces(100, -80, { symbol: 'KO', side: 'SELL', quantity: 20 })).toBe(true);
  });

  it('a pair reduces only when every leg does', () => {
    const books = new Map([
      ['KO', 100],
      ['PEP', -50],
    ]);
    const position = (symbol: string) => books.get(symbol) ?? 0;
    expect(pairReduces([{ symbol: 'KO', side: 'SELL', quantity: 100 }, { symbol: 'PEP', side: 'BUY_TO_COVER', quantity: 50 }], position, () => 0)).toBe(true);
    expect(pairReduces([{ symbol: 'KO', side: 'SELL', quantity: 100 }, { symbol: 'PEP', side: 'SELL_SHORT', quantity: 1 }], position, () => 0)).toBe(false);
    expect(pairReduces([], position, () => 0)).toBe(false);
  });
});

describe('halt scopes', () => {
  it('global covers everything, a pair its own legs, a strategy what it placed', () => {
    expect(inScope('global', { pairId: 'KO/PEP', strategy: null })).toBe(true);
    expect(inScope('pair:KO/PEP', { pairId: 'KO/PEP', strategy: null })).toBe(true);
    expect(inScope('pair:KO/PEP', { pairId: 'PEP/KO', strategy: null })).toBe(false);
    expect(inScope('strategy:zs', { pairId: 'KO/PEP', strategy: 'zs' })).toBe(true);
    expect(inScope('strategy:zs', { pairId: 'KO/PEP', strategy: null })).toBe(false);
    expect(pairLegs('KO/PEP')).toEqual({ y: 'KO', x: 'PEP' });
    expect(pairLegs('KO/KO')).toBeNull();
  });
});

describe('cancel backoff', () => {
  it('doubles from the initial delay and stays at the cap', () => {
    const backoff = { initialMs: 100, maxMs: 2_000, maxAttempts: 10, confirmTimeoutMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((attempt) => retryDelay(attempt, backoff))).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000, 2_000]);
  });
});

describe('flatten plan', () => {
  const quote = (symbol: string) => (symbol === 'KO' ? { bid: 49.99, ask: 50.01, last: 50 } : symbol === 'PEP' ? { bid: 99.99, ask: 100.01, last: 100 } : null);

  it('in regular hours closes each leg at market', () => {
    const legs = flattenLegs([{ leg: 'y', symbol: 'KO', quantity: 100 }, { leg: 'x', symbol: 'PEP', quantity: -50 }], { regularHours: true }, quote);
    expect(legs).toEqual([
      { leg: 'y', symbol: 'KO', side: 'SELL', quantity: 100, pending: false },
      { leg: 'x', symbol: 'PEP', side: 'BUY_TO_COVER', quantity: 50, pending: false },
    ]);
  });

  it('outside regular hours uses marketable limits through the quote, or a queued opening order without one', () => {
    const legs = flattenLegs([{ leg: 'y', symbol: 'KO', quantity: 100 }, { leg: 'x', symbol: 'ZZZ', quantity: -5 }], { regularHours: false }, quote);
    expect(legs).toEqual([
      { leg: 'y', symbol: 'KO', side: 'SELL', quantity: 100, limitPrice: 49.49, pending: true },
      { leg: 'x', symbol: 'ZZZ', side: 'BUY_TO_COVER', quantity: 5, pending: true },
    ]);
  });
});

describe('halt follower', () => {
  it('reports each scope once per halt, ignores halts already in force at start, and sees a re-halt after a resume', async () => {
    const events = new EventBus();
    const seen: string[] = [];
    const initial = tradingStateWith({ status: 'HALTED', since: 1 });
    const stop = followHalts(events, initial, (state) => seen.push(`${state.scope}@${state.since}`));
    events.publish('trading:state', initial);
    events.publish('trading:state', tradingStateWith({ status: 'ACTIVE', since: 2 }));
    events.publish('trading:state', tradingStateWith({ status: 'HALTED', since: 3 }));
    events.publish('trading:state', tradingStateWith({ status: 'HALTED', since: 3, revision: 5 }));
    const pair = { scope: 'pair:KO/PEP', status: 'HALTED' as const, reason: null, actor: 'user', since: 4 };
    events.publish('trading:state', { ...tradingStateWith({ status: 'HALTED', since: 3 }), scopes: [pair] });
    stop();
    events.publish('trading:state', tradingStateWith({ status: 'HALTED', since: 9 }));
    // Reported a microtask later: after the kill switch has persisted the halt.
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual(['global@3', 'pair:KO/PEP@4']);
  });
});
