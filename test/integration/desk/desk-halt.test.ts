import { afterEach, describe, expect, it } from 'vitest';
import type { HaltOutcome } from '../../../src/shared/domain/desk';
import { FlakyBroker, ScriptedBroker } from '../../helpers/scripted-broker';
import { startDeskHarness, until, type DeskHarness } from '../../helpers/desk-harness';
import { expectAppErrorAsync } from '../store/store-test-kit';

let harness: DeskHarness | null = null;

afterEach(() => {
  harness?.close();
  harness = null;
});

function start(broker: ScriptedBroker | FlakyBroker, options: Omit<Parameters<typeof startDeskHarness>[0], 'broker'> = {}): DeskHarness {
  harness = startDeskHarness({ broker, ...options });
  return harness;
}

function quotes(broker: ScriptedBroker): void {
  broker.setQuote('KO', 50);
  broker.setQuote('PEP', 100);
  broker.setQuote('AAPL', 150);
  broker.setQuote('MSFT', 100);
}

function working(h: DeskHarness): string[] {
  return h.desk.blotter().orders.filter((order) => order.status === 'accepted' || order.status === 'submitted').map((order) => order.id);
}

function latest(h: DeskHarness): HaltOutcome {
  // Each halt's record is created when its cancels are dispatched (a microtask after the halt).
  const outcome = h.desk.lastHalt();
  if (outcome === null) throw new Error('no halt outcome');
  return outcome;
}

describe('the kill switch on the desk', () => {
  it('holds a halt locally while the broker is down, retries the cancels and confirms them once it is back', async () => {
    const scripted = new ScriptedBroker();
    quotes(scripted);
    const flaky = new FlakyBroker(scripted);
    const h = start(flaky);
    await h.desk.place({ pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET' });
    await h.desk.place({ pair: 'AAPL/MSFT', intent: 'open', direction: 'short', beta: 1, orderType: 'MARKET' });
    await until(() => working(h).length === 4, 'four accepted legs');

    flaky.down = true;
    h.killSwitch.halt(null, 'user');
    // The cancels go out right after HALTED is persisted (one microtask later).
    await Promise.resolve();
    expect(latest(h).orders.map((entry) => entry.outcome)).toEqual(['unconfirmed', 'unconfirmed', 'unconfirmed', 'unconfirmed']);
    // Several rounds of retries fail while the broker is down ...
    await until(() => flaky.failedCancels >= 12, 'retried cancels');
    expect(latest(h).complete).toBe(false);
    expect(latest(h).orders.every((entry) => entry.outcome === 'unconfirmed' && entry.attempts >= 2)).toBe(true);
    expect(latest(h).orders[0]?.detail).toContain('connection refused');
    // ... and the halt holds locally: nothing new reaches the broker.
    const before = scripted.book.size;
    await expectAppErrorAsync(() => h.desk.place({ pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET' }), 'TRADING_HALTED');
    expect(scripted.book.size).toBe(before);

    flaky.down = false;
    await until(() => latest(h).complete, 'every cancel confirmed');
    expect(latest(h).orders.map((entry) => entry.outcome)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect([...scripted.book.values()].map((order) => order.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(working(h)).toEqual([]);
  });

  it('a pair halt cancels both legs of that pair and nothing else', async () => {
    const broker = new ScriptedBroker();
    quotes(broker);
    const h = start(broker);
    await h.desk.place({ pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET' });
    await h.desk.place({ pair: 'AAPL/MSFT', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET' });
    await until(() => working(h).length === 4, 'four accepted legs');

    h.killSwitch.halt('pair blew out', 'user', 'pair:KO/PEP');
    await until(() => h.desk.lastHalt() !== null, 'the halt reaches the desk');
    await until(() => latest(h).complete, 'pair cancels confirmed');
    expect(latest(h).orders.map((entry) => `${entry.symbol}:${entry.outcome}`)).toEqual(['KO:confirmed', 'PEP:confirmed']);
    expect(working(h).sort()).toEqual(['AAPL/MSFT#2/x1', 'AAPL/MSFT#2/y1']);
    // The other pair still trades; the halted one does not.
    await h.desk.place({ pair: 'AAPL/MSFT', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 1, quantityX: 1 });
    await expectAppErrorAsync(() => h.desk.place({ pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET' }), 'TRADING_HALTED');
  });

  it('a strategy halt cancels only that strategy\'s orders', async () => {
    const broker = new ScriptedBroker();
    quotes(broker);
    const h = start(broker);
    // A strategy decides on the quotes the feed pushed.
    h.desk.updateQuotes(await broker.quotes(['KO', 'PEP']));
    h.desk.placeForStrategy('zscore-1', 'KO/PEP', 'open', 'entry_long', [
      { leg: 'y', symbol: 'KO', side: 'BUY', quantity: 10 },
      { leg: 'x', symbol: 'PEP', side: 'SELL_SHORT', quantity: 5 },
    ]);
    await h.desk.place({ pair: 'AAPL/MSFT', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET' });
    await until(() => working(h).length === 4, 'four accepted legs');
    h.killSwitch.halt('strategy misbehaves', 'user', 'strategy:zscore-1');
    await until(() => h.desk.lastHalt() !== null, 'the halt reaches the desk');
    await until(() => latest(h).complete, 'strategy cancels confirmed');
    expect(latest(h).orders.map((entry) => entry.symbol)).toEqual(['KO', 'PEP']);
    expect(working(h)).toHaveLength(2);
  });

  it('flatten unwinds a pair as one unit: both legs cancelled, then both closed', async () => {
    const broker = new ScriptedBroker();
    quotes(broker);
    const h = start(broker);
    await h.desk.place({ pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 100, quantityX: 50 });
    await until(() => working(h).length === 2, 'two accepted legs');
    broker.fillWorking('KO', 50, h.day);
    broker.fillWorking('PEP', 100, h.day);
    // A second ticket is still working when the halt comes.
    await h.desk.place({ pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 10, quantityX: 5 });
    await until(() => working(h).length === 2, 'second ticket accepted');

    h.killSwitch.halt(null, 'user');
    await until(() => h.desk.lastHalt() !== null, 'the halt reaches the desk');
    const outcome = h.desk.flatten('global', 'user', 'end of day');
    expect(outcome.orders.filter((entry) => entry.action === 'cancel')).toHaveLength(2);
    await until(() => latest(h).orders.some((entry) => entry.action === 'flatten'), 'flatten orders after the cancels');
    const flattens = latest(h).orders.filter((entry) => entry.action === 'flatten');
    expect(flattens.map((entry) => entry.symbol)).toEqual(['KO', 'PEP']);
    const closing = h.desk.blotter().orders.filter((order) => order.reason === 'flatten');
    expect(closing.map((order) => `${order.symbol} ${order.side} ${order.quantity} ${order.type}`)).toEqual(['KO SELL 100 MARKET', 'PEP BUY_TO_COVER 50 MARKET']);
    await until(() => working(h).length === 2, 'flatten legs accepted');
    broker.fillWorking('KO', 51, h.day);
    broker.fillWorking('PEP', 99, h.day);
    await until(() => latest(h).complete && latest(h).orders.filter((entry) => entry.action === 'flatten').every((entry) => entry.outcome === 'confirmed'), 'flatten filled');
    // No open book is left on the pair.
    expect(h.desk.blotter().positions).toEqual([]);
    // Realized: KO +1 × 100, PEP +1 × 50 short.
    expect(h.desk.blotter().pnl.realized).toBeCloseTo(150, 9);
  });

  it('flatten outside regular hours rests as marketable limits, shown as pending', async () => {
    const broker = new ScriptedBroker();
    quotes(broker);
    const h = start(broker, { regularHours: false });
    await h.desk.place({ pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET', quantityY: 100, quantityX: 50 });
    await until(() => working(h).length === 2, 'accepted');
    broker.fillWorking('KO', 50, h.day);
    broker.fillWorking('PEP', 100, h.day);
    h.desk.flatten('pair:KO/PEP', 'cli', null);
    expect(h.killSwitch.stateOf('pair:KO/PEP').status).toBe('HALTED');
    const flattens = latest(h).orders.filter((entry) => entry.action === 'flatten');
    expect(flattens.map((entry) => entry.outcome)).toEqual(['pending', 'pending']);
    const closing = h.desk.blotter().orders.filter((order) => order.reason === 'flatten');
    // KO sold below the bid (49.99 × 0.99 → 49.49), PEP bought above the ask (100.01 × 1.01 → 101.02).
    expect(closing.map((order) => `${order.symbol} ${order.type} ${order.limitPrice} ${order.queuedForOpen}`)).toEqual(['KO LIMIT 49.49 true', 'PEP LIMIT 101.02 true']);
  });
});
