import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrokerError, brokerErrorCode, brokerErrorKinds } from '../../../src/main/broker/broker-error';
import type { Broker } from '../../../src/main/broker/broker-port';
import { BrokerVenue } from '../../../src/main/broker/broker-venue';
import { ManualClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import type { Fill } from '../../../src/main/engine/domain';
import { OrderManager, type LegRiskEvent } from '../../../src/main/engine/order-manager';
import type { VenueEvent } from '../../../src/main/engine/ports';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';
import { bars, noStats, openPaper, order } from './paper-kit';

const friday = epochDayFromIso('2024-03-01');
const monday = epochDayFromIso('2024-03-04');

/** Lets the broker's promise callbacks run (the Venue port is synchronous, the Broker is not). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BrokerVenue: the engine order path on the paper broker', () => {
  let cleanup: () => void;
  let store: Store;
  let clock: ManualClock;

  beforeEach(() => {
    let dbPath: string;
    ({ dbPath, cleanup } = makeTempDatabasePath('trading.sqlite'));
    store = openTestStore(dbPath, tradingMigrations);
    clock = new ManualClock(1_709_300_000_000);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('fills a pair order placed by the OrderManager, both legs, at the next session open', async () => {
    const paper = openPaper(store, clock);
    const venue = new BrokerVenue({ broker: paper, accountId: 'paper' });
    const fills: Fill[] = [];
    const manager = new OrderManager({ venue, clock, legRisk: { policy: 'unwind', maxRetries: 0 }, onFill: (fill) => fills.push(fill) });
    manager.submitPair(
      'KO/PEP',
      'open',
      'entry_long',
      [
        { leg: 'y', symbol: 'KO', side: 'BUY', quantity: 300 },
        { leg: 'x', symbol: 'PEP', side: 'SELL_SHORT', quantity: 100 },
      ],
      friday,
      monday,
    );
    await settle();
    expect(manager.allOrders().map((item) => item.status)).toEqual(['accepted', 'accepted']);
    paper.openSession(monday, bars({ KO: { open: 60, high: 61, low: 59, close: 60.5, volume: 1e6 }, PEP: { open: 170, high: 171, low: 168, close: 169, volume: 1e6 } }), noStats);
    manager.endOfSession(monday, monday + 1);
    expect(fills.map((fill) => [fill.symbol, fill.side, fill.quantity, fill.price, fill.signalDay, fill.fillDay])).toEqual([
      ['KO', 'BUY', 300, 60, friday, monday],
      ['PEP', 'SELL_SHORT', 100, 170, friday, monday],
    ]);
    expect(manager.allOrders().map((item) => item.status)).toEqual(['filled', 'filled']);
    expect(manager.hasWorking('KO/PEP')).toBe(false);
    expect(paper.positionsNow().map((position) => [position.symbol, position.quantity])).toEqual([
      ['KO', 300],
      ['PEP', -100],
    ]);
    venue.dispose();
  });

  it('a refused short leg is rejected with the broker reason and its sibling cancelled at the broker', async () => {
    const paper = openPaper(store, clock, [{ symbol: 'PEP', from: '2024-01-01', available: false }]);
    const errors: BrokerError[] = [];
    const venue = new BrokerVenue({ broker: paper, accountId: 'paper', onBrokerError: (error) => errors.push(error) });
    const legRisk: LegRiskEvent[] = [];
    const manager = new OrderManager({ venue, clock, legRisk: { policy: 'unwind', maxRetries: 0 }, onFill: () => undefined, onLegRisk: (event) => legRisk.push(event) });
    manager.submitPair('KO/PEP', 'open', 'entry_long', [
      { leg: 'y', symbol: 'KO', side: 'BUY', quantity: 300 },
      { leg: 'x', symbol: 'PEP', side: 'SELL_SHORT', quantity: 100 },
    ], friday, monday);
    await settle();
    const [ko, pep] = manager.allOrders();
    expect(pep).toMatchObject({ status: 'rejected' });
    expect(pep?.history.at(-1)?.reason).toBe('borrow unavailable for PEP');
    expect(ko).toMatchObject({ status: 'cancelled' });
    expect(legRisk.map((event) => event.kind)).toEqual(['sibling_cancel']);
    expect(errors.map((error) => [error.kind, error.code])).toEqual([['rejected', 'BROKER_REJECTED']]);
    expect(paper.ordersNow(true).map((item) => [item.symbol, item.status])).toEqual([
      ['KO', 'cancelled'],
      ['PEP', 'rejected'],
    ]);
  });
});

describe('BrokerVenue: broker failures become venue events', () => {
  /** A broker double at the external boundary: every call fails with the error it is given. */
  function failingBroker(error: unknown): Broker {
    const fail = async (): Promise<never> => {
      throw error;
    };
    return {
      name: 'schwab',
      accounts: fail,
      balances: fail,
      positions: fail,
      quotes: fail,
      placeOrder: fail,
      cancelOrder: fail,
      replaceOrder: fail,
      orders: fail,
      subscribeOrderStatus: () => () => undefined,
      marketHours: fail,
      shortability: fail,
    };
  }

  async function outcome(error: unknown, action: 'submit' | 'cancel'): Promise<{ events: VenueEvent[]; errors: BrokerError[] }> {
    const errors: BrokerError[] = [];
    const venue = new BrokerVenue({ broker: failingBroker(error), accountId: 'acct', onBrokerError: (brokerError) => errors.push(brokerError) });
    const events: VenueEvent[] = [];
    venue.onEvent((event) => events.push(event));
    if (action === 'submit') venue.submit(order('o1', 'KO', 'BUY', 10, monday));
    else venue.cancel('o1');
    await settle();
    return { events, errors };
  }

  it('maps every kind to its AppError code', () => {
    expect(brokerErrorKinds.map((kind) => [kind, brokerErrorCode(kind)])).toEqual([
      ['rejected', 'BROKER_REJECTED'],
      ['rate_limited', 'RATE_LIMITED'],
      ['unavailable', 'UNAVAILABLE'],
      ['auth_expired', 'AUTH_EXPIRED'],
      ['unknown_outcome', 'UNKNOWN_OUTCOME'],
    ]);
    const error = new BrokerError('rate_limited', { request: 'place order o1', reason: 'HTTP 429', retryAfterMs: 1500, orderId: 'o1' });
    expect(error.toWire()).toEqual({
      code: 'RATE_LIMITED',
      message: 'Broker rate limited for place order o1: HTTP 429',
      details: { brokerError: 'rate_limited', request: 'place order o1', reason: 'HTTP 429', orderId: 'o1', retryAfterMs: 1500 },
    });
  });

  it('unknown outcome leaves the order unknown (never resubmitted); what sent nothing is a rejection naming the kind', async () => {
    const lost = await outcome(new BrokerError('unknown_outcome', { request: 'place', reason: 'timeout after send' }), 'submit');
    expect(lost.events).toEqual([{ kind: 'unknown', orderId: 'o1', reason: 'Broker unknown outcome for place: timeout after send' }]);
    for (const kind of ['rate_limited', 'unavailable', 'auth_expired'] as const) {
      const refused = await outcome(new BrokerError(kind, { request: 'place', reason: 'no' }), 'submit');
      expect(refused.events).toEqual([{ kind: 'rejected', orderId: 'o1', reason: `${kind}: no` }]);
      expect(refused.errors.map((error) => error.kind)).toEqual([kind]);
    }
    // A raw failure (not a BrokerError) cannot say whether the broker acted: unknown outcome.
    const raw = await outcome(new Error('socket hang up'), 'submit');
    expect(raw.events).toMatchObject([{ kind: 'unknown' }]);
    expect(raw.errors.map((error) => error.code)).toEqual(['UNKNOWN_OUTCOME']);
  });

  it('a cancel that sent nothing is cancel_rejected; one with an unknown outcome stays pending', async () => {
    const down = await outcome(new BrokerError('unavailable', { request: 'cancel', reason: 'connection refused' }), 'cancel');
    expect(down.events).toEqual([{ kind: 'cancel_rejected', orderId: 'o1', reason: 'unavailable: connection refused' }]);
    const lost = await outcome(new BrokerError('unknown_outcome', { request: 'cancel', reason: 'timeout' }), 'cancel');
    expect(lost.events).toEqual([]);
    expect(lost.errors.map((error) => error.kind)).toEqual(['unknown_outcome']);
  });
});
