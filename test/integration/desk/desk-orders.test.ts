import { afterEach, describe, expect, it } from 'vitest';
import type { LegRiskPolicy } from '../../../src/main/engine/order-manager';
import { ScriptedBroker } from '../../helpers/scripted-broker';
import { startDeskHarness, until, type DeskHarness } from '../../helpers/desk-harness';
import { expectAppErrorAsync } from '../store/store-test-kit';

let harness: DeskHarness | null = null;

afterEach(() => {
  harness?.close();
  harness = null;
});

function setup(options: Omit<Parameters<typeof startDeskHarness>[0], 'broker'> = {}): { h: DeskHarness; broker: ScriptedBroker } {
  const broker = new ScriptedBroker();
  broker.setQuote('KO', 50);
  broker.setQuote('PEP', 100);
  harness = startDeskHarness({ broker, ...options });
  return { h: harness, broker };
}

const open = { pair: 'KO/PEP', intent: 'open', direction: 'long', beta: 1, orderType: 'MARKET' } as const;

function ordersOf(h: DeskHarness): string[] {
  return h.desk
    .blotter()
    .orders.map((order) => `${order.id} ${order.side} ${order.quantity}`)
    .sort();
}

async function openFilled(h: DeskHarness, broker: ScriptedBroker): Promise<void> {
  await h.desk.place({ ...open, quantityY: 100, quantityX: 50 });
  await until(() => broker.book.size === 2 && [...broker.book.values()].every((order) => order.status === 'accepted'), 'accepted');
  broker.fillWorking('KO', 50, h.day);
  broker.fillWorking('PEP', 100, h.day);
}

describe('the ticket', () => {
  it('sizes the legs from equity and live quotes, estimates costs and lists every check with its numbers', async () => {
    const { h } = setup();
    const preview = await h.desk.preview(open);
    // fixed_fraction 0.2 of 100 000 equity, dollar neutral: 10 000 a leg at the ask of KO (50.01) and the bid of PEP (99.99).
    expect(preview.legs.map((leg) => `${leg.symbol} ${leg.side} ${leg.quantity} @ ${leg.referencePrice}`)).toEqual(['KO BUY 199 @ 50.01', 'PEP SELL_SHORT 100 @ 99.99']);
    expect(preview.allowed).toBe(true);
    expect(preview.disabledReason).toBeNull();
    expect(preview.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['quote_fresh:KO', 'quote_fresh:PEP', 'equity', 'drawdown', 'max_open_pairs', 'gross_exposure', 'net_exposure', 'symbol_exposure:KO', 'symbol_exposure:PEP']),
    );
    const gross = preview.checks.find((check) => check.name === 'gross_exposure');
    expect(gross?.value).toBeCloseTo((199 * 50.01 + 100 * 99.99) / 100_000, 12);
    expect(preview.totalCosts.total).toBe(0);
  });

  it('is disabled with the reason when a check fails, and placing it is refused with the failed checks', async () => {
    const { h } = setup();
    const preview = await h.desk.preview({ ...open, quantityY: 2_000, quantityX: 1_000 });
    expect(preview.allowed).toBe(false);
    expect(preview.disabledReason).toMatch(/gross_exposure|symbol_exposure/);
    const error = await expectAppErrorAsync(() => h.desk.place({ ...open, quantityY: 2_000, quantityX: 1_000 }), 'VALIDATION_FAILED');
    expect(JSON.stringify(error.details)).toContain('symbol_exposure:KO');
  });

  it('REDUCE_ONLY lets only reducing orders through', async () => {
    const { h, broker } = setup();
    await openFilled(h, broker);
    h.killSwitch.reduceOnly('risk review', 'user');
    const opening = await h.desk.preview(open);
    expect(opening.allowed).toBe(false);
    expect(opening.disabledReason).toContain('REDUCE_ONLY');
    await expectAppErrorAsync(() => h.desk.place(open), 'TRADING_HALTED');
    // A strategy adding to the pair is refused at dispatch: its legs end rejected, never sent.
    const sent = broker.book.size;
    h.desk.placeForStrategy('zs', 'KO/PEP', 'open', 'entry_long', [{ leg: 'y', symbol: 'KO', side: 'BUY', quantity: 10 }]);
    expect(broker.book.size).toBe(sent);
    expect(h.desk.blotter().orders.find((order) => order.reason === 'entry_long')?.status).toBe('rejected');
    // Closing passes.
    const closing = await h.desk.preview({ ...open, intent: 'close' });
    expect(closing.legs.map((leg) => `${leg.symbol} ${leg.side} ${leg.quantity}`)).toEqual(['KO SELL 100', 'PEP BUY_TO_COVER 50']);
    expect(closing.allowed).toBe(true);
    await h.desk.place({ ...open, intent: 'close' });
    expect(broker.book.size).toBe(sent + 2);
  });

  it('a rejected leg cancels its unfilled sibling at once, and the broker\'s reason reaches the blotter and an alert', async () => {
    const { h, broker } = setup();
    broker.rejectSymbols.add('PEP');
    await h.desk.place(open);
    await until(() => h.desk.blotter().orders.some((order) => order.symbol === 'PEP' && order.status === 'rejected'), 'PEP rejected');
    const pep = h.desk.blotter().orders.find((order) => order.symbol === 'PEP');
    expect(pep?.detail).toContain('not shortable');
    expect(h.alerts.some((alert) => alert.title === 'Order rejected' && alert.message.includes('not shortable'))).toBe(true);
    await until(() => broker.book.get('KO/PEP#1/y1')?.status === 'cancelled', 'KO sibling cancelled');
  });
});

describe('leg risk on a one-legged pair order', () => {
  async function oneLegged(policy: LegRiskPolicy, maxRetries = 1) {
    const { h, broker } = setup({ legRisk: { policy, maxRetries } });
    await h.desk.place({ ...open, quantityY: 100, quantityX: 50 });
    await until(() => broker.book.size === 2 && [...broker.book.values()].every((order) => order.status === 'accepted'), 'accepted');
    broker.fillWorking('KO', 50, h.day);
    broker.expireWorking();
    await until(() => h.desk.blotter().orders.some((order) => order.status === 'expired'), 'PEP expired');
    h.desk.endOfSession();
    return { h, broker };
  }

  it('unwind closes the filled leg', async () => {
    const { h } = await oneLegged('unwind');
    expect(ordersOf(h)).toContain('KO/PEP#2/y1 SELL 100');
  });

  it('hedge with nothing filled on the other leg unwinds too', async () => {
    const { h } = await oneLegged('hedge');
    expect(ordersOf(h)).toContain('KO/PEP#2/y1 SELL 100');
  });

  it('retry resubmits the missing leg, and after maxRetries unwinds', async () => {
    const { h, broker } = await oneLegged('retry', 1);
    expect(ordersOf(h)).toContain('KO/PEP#1/x2 SELL_SHORT 50');
    await until(() => broker.book.get('KO/PEP#1/x2')?.status === 'accepted', 'retry accepted');
    broker.expireWorking();
    await until(() => h.desk.blotter().orders.find((order) => order.id === 'KO/PEP#1/x2')?.status === 'expired', 'retry expired');
    h.desk.endOfSession();
    expect(ordersOf(h)).toContain('KO/PEP#2/y1 SELL 100');
  });

  it('resubmits are bounded: past the limit the pair is halted and an alert names it', async () => {
    const { h, broker } = setup({ legRisk: { policy: 'retry', maxRetries: 50 }, maxResubmits: 2 });
    await h.desk.place({ ...open, quantityY: 100, quantityX: 50 });
    await until(() => broker.book.size === 2, 'placed');
    await until(() => [...broker.book.values()].every((order) => order.status === 'accepted'), 'accepted');
    broker.fillWorking('KO', 50, h.day);
    for (let session = 0; session < 3; session += 1) {
      broker.expireWorking();
      await until(() => h.desk.blotter().orders.every((order) => order.status !== 'accepted' && order.status !== 'submitted'), 'session over');
      h.desk.endOfSession();
      await until(() => [...broker.book.values()].every((order) => order.status !== 'accepted') || broker.book.size > 2 + session, 'resubmitted');
      await until(() => h.desk.blotter().orders.every((order) => order.status !== 'submitted'), 'resubmit answered');
    }
    expect(h.killSwitch.stateOf('pair:KO/PEP').status).toBe('HALTED');
    expect(h.alerts.some((alert) => alert.title === 'Resubmits exhausted' && alert.message.includes('KO/PEP'))).toBe(true);
  });
});
