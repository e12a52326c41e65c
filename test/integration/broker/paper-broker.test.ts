import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrokerError } from '../../../src/main/broker/broker-error';
import type { BrokerOrderEvent } from '../../../src/main/broker/broker-port';
import type { PaperBroker } from '../../../src/main/broker/paper/paper-broker';
import { ManualClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';
import { bars, noStats, openPaper, order } from './paper-kit';

const monday = epochDayFromIso('2024-03-04');
const tuesday = epochDayFromIso('2024-03-05');

const openBars = bars({
  AAPL: { open: 150, high: 153, low: 149, close: 152, volume: 1_000_000 },
  MSFT: { open: 400, high: 401, low: 388, close: 390, volume: 1_000_000 },
  ZZZ: { open: 10, high: 10.6, low: 9.9, close: 10.5, volume: 10_000 },
  XYZ: { open: 9.5, high: 9.8, low: 9.1, close: 9.6, volume: 50_000 },
});
const closes: Record<string, number> = { AAPL: 152, MSFT: 390, ZZZ: 10.5, XYZ: 9.6 };

describe('paper broker', () => {
  let dbPath: string;
  let cleanup: () => void;
  let store: Store;
  let clock: ManualClock;
  let paper: PaperBroker;

  beforeEach(() => {
    ({ dbPath, cleanup } = makeTempDatabasePath('trading.sqlite'));
    store = openTestStore(dbPath, tradingMigrations);
    clock = new ManualClock(1_709_500_000_000);
    paper = openPaper(store, clock);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  async function placeGoldenOrders(): Promise<void> {
    await paper.placeOrder({ accountId: 'paper', order: order('a', 'AAPL', 'BUY', 100, monday) });
    await paper.placeOrder({ accountId: 'paper', order: order('m', 'MSFT', 'SELL_SHORT', 200, monday, { leg: 'x' }) });
    await paper.placeOrder({ accountId: 'paper', order: order('z', 'ZZZ', 'BUY', 5000, monday, { pairId: 'Q' }) });
    await paper.placeOrder({ accountId: 'paper', order: order('l', 'XYZ', 'BUY', 50, monday, { type: 'LIMIT', limitPrice: 9, pairId: 'R' }) });
  }

  it('fills golden orders at the replayed open with hand-computed itemized costs', async () => {
    const events: BrokerOrderEvent[] = [];
    paper.subscribeOrderStatus((event) => events.push(event));
    await placeGoldenOrders();
    expect(events.map((event) => event.kind)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    clock.advance(1000);
    paper.openSession(monday, openBars, noStats);
    const fills = events.filter((event) => event.kind === 'fill');
    // AAPL BUY 100 @150: notional 15 000; commission max(0.005·100, 1) = 1.00; slippage 2 bp = 3.00.
    // MSFT SELL_SHORT 200 @400: notional 80 000; commission 1.00; SEC 27.8/1e6 · 80 000 = 2.224 → 2.22;
    //   TAF 0.000166 · 200 = 0.0332 → 0.03; slippage 16.00.
    // ZZZ BUY 5000 with volume 10 000 at 10 % participation: 1000 fill @10; commission 5.00; slippage 2.00.
    expect(fills.map((event) => (event.kind === 'fill' ? [event.fill.symbol, event.fill.quantity, event.fill.price, event.fill.costs] : null))).toEqual([
      ['AAPL', 100, 150, { commission: 1, secFee: 0, finraTaf: 0, slippage: 3, impact: 0 }],
      ['MSFT', 200, 400, { commission: 1, secFee: 2.22, finraTaf: 0.03, slippage: 16, impact: 0 }],
      ['ZZZ', 1000, 10, { commission: 5, secFee: 0, finraTaf: 0, slippage: 2, impact: 0 }],
    ]);
    // The limit 9.00 was not traded through (low 9.10): a DAY order expires in the open.
    expect(events.find((event) => event.order.id === 'l' && event.kind === 'expired')).toMatchObject({ reason: 'limit 9 not traded through' });
    expect((await paper.orders('paper')).map((item) => [item.id, item.status, item.filledQuantity])).toEqual([['z', 'partially_filled', 1000]]);

    paper.closeSession(monday, (symbol) => closes[symbol], Object.keys(closes));
    // The ZZZ remainder expires at the close.
    expect(events.at(-1)).toMatchObject({ kind: 'expired', order: { id: 'z', status: 'expired', filledQuantity: 1000 } });
    const balances = await paper.balances('paper');
    // Cash 100 000 − 15 004 + 79 980.75 − 10 007 = 154 969.75; marks 15 200 − 78 000 + 10 500 = −52 300.
    expect(balances).toMatchObject({ cash: 154_969.75, marketValue: -52_300, equity: 102_669.75, costsPaid: 30.25, unrealizedPnl: 2700 });
    expect(await paper.positions('paper')).toEqual([
      { accountId: 'paper', symbol: 'AAPL', quantity: 100, averageCost: 150, markPrice: 152, marketValue: 15_200, unrealizedPnl: 200, realizedPnl: 0 },
      { accountId: 'paper', symbol: 'MSFT', quantity: -200, averageCost: 400, markPrice: 390, marketValue: -78_000, unrealizedPnl: 2000, realizedPnl: 0 },
      { accountId: 'paper', symbol: 'ZZZ', quantity: 1000, averageCost: 10, markPrice: 10.5, marketValue: 10_500, unrealizedPnl: 500, realizedPnl: 0 },
    ]);
  });

  it('does not fill on a zero-volume bar, and realizes P&L when a position is closed', async () => {
    await paper.placeOrder({ accountId: 'paper', order: order('a1', 'AAPL', 'BUY', 100, monday) });
    await paper.placeOrder({ accountId: 'paper', order: order('x1', 'XYZ', 'BUY', 100, monday) });
    paper.openSession(monday, bars({ AAPL: { open: 150, high: 150, low: 150, close: 150, volume: 1000 }, XYZ: { open: 9, high: 9, low: 9, close: 9, volume: 0 } }), noStats);
    expect((await paper.orders('paper', { all: true })).map((item) => [item.id, item.status, item.reason])).toEqual([
      ['a1', 'filled', 'filled 100 at 150'],
      ['x1', 'expired', 'zero volume in XYZ'],
    ]);
    paper.closeSession(monday, () => 150, ['AAPL']);
    await paper.placeOrder({ accountId: 'paper', order: order('a2', 'AAPL', 'SELL', 100, tuesday) });
    paper.openSession(tuesday, bars({ AAPL: { open: 155, high: 156, low: 154, close: 155, volume: 1000 } }), noStats);
    expect(await paper.positions('paper')).toEqual([]);
    // Bought 100 @150, sold @155: +500 realized at reference prices; costs are their own line.
    expect((await paper.balances('paper')).realizedPnl).toBe(500);
  });

  it('refuses with typed errors: a duplicate id, an unknown account, a short without borrow, an order for a session already open', async () => {
    await paper.placeOrder({ accountId: 'paper', order: order('a', 'AAPL', 'BUY', 10, tuesday) });
    const duplicate = await paper.placeOrder({ accountId: 'paper', order: order('a', 'AAPL', 'BUY', 10, tuesday) }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(BrokerError);
    expect(duplicate).toMatchObject({ kind: 'rejected', code: 'BROKER_REJECTED', reason: 'duplicate client order id a' });
    await expect(paper.balances('elsewhere')).rejects.toMatchObject({ code: 'BROKER_REJECTED', kind: 'rejected' });

    store.close();
    store = openTestStore(dbPath, tradingMigrations);
    const noBorrow = openPaper(store, clock, [{ symbol: 'GME', from: '2024-01-01', available: false }]);
    const events: BrokerOrderEvent[] = [];
    noBorrow.subscribeOrderStatus((event) => events.push(event));
    await expect(noBorrow.placeOrder({ accountId: 'paper', order: order('g', 'GME', 'SELL_SHORT', 10, tuesday) })).rejects.toMatchObject({
      kind: 'rejected',
      reason: 'borrow unavailable for GME',
    });
    // The refusal is also on the stream (the blotter shows the broker's reason).
    expect(events).toMatchObject([{ kind: 'rejected', reason: 'borrow unavailable for GME', order: { id: 'g', status: 'rejected' } }]);
    expect(await noBorrow.shortability('GME', tuesday)).toEqual({ symbol: 'GME', status: 'not_shortable', reason: 'borrow unavailable for GME' });
    noBorrow.openSession(tuesday, openBars, noStats);
    await expect(noBorrow.placeOrder({ accountId: 'paper', order: order('late', 'AAPL', 'BUY', 10, tuesday) })).rejects.toMatchObject({
      reason: expect.stringContaining('session 19787 has already opened'),
    });
  });

  it('cancels and replaces working orders, each transition recorded', async () => {
    await paper.placeOrder({ accountId: 'paper', order: order('l1', 'XYZ', 'BUY', 100, tuesday, { type: 'LIMIT', limitPrice: 9 }) });
    const replaced = await paper.replaceOrder({ accountId: 'paper', orderId: 'l1', newOrderId: 'l2', quantity: 200, limitPrice: 9.2 });
    expect(replaced).toMatchObject({ id: 'l2', status: 'accepted', quantity: 200, limitPrice: 9.2 });
    await paper.cancelOrder({ accountId: 'paper', orderId: 'l2', reason: 'user cancel' });
    const events: BrokerOrderEvent[] = [];
    paper.subscribeOrderStatus((event) => events.push(event));
    await paper.cancelOrder({ accountId: 'paper', orderId: 'l2', reason: 'again' });
    expect(events).toMatchObject([{ kind: 'cancel_rejected', reason: 'order is cancelled, not working' }]);
    const transitions = store.db.prepare('SELECT order_id AS id, from_status AS "from", to_status AS "to", reason FROM paper_order_transitions ORDER BY seq').all();
    expect(transitions).toEqual([
      { id: 'l1', from: 'submitted', to: 'accepted', reason: 'paper broker accepted' },
      { id: 'l1', from: 'accepted', to: 'pending_replace', reason: 'replace requested as l2' },
      { id: 'l1', from: 'pending_replace', to: 'replaced', reason: 'replaced by l2' },
      { id: 'l2', from: 'submitted', to: 'accepted', reason: 'paper broker accepted' },
      { id: 'l2', from: 'accepted', to: 'cancelled', reason: 'user cancel' },
    ]);
    expect(() => store.db.prepare("DELETE FROM paper_orders WHERE id = 'l1'").run()).toThrow(/append-only/);
  });

  it('resumes exactly after the process dies mid-session, and refuses a file whose cash no longer reconciles', async () => {
    await placeGoldenOrders();
    clock.advance(60_000);
    paper.openSession(monday, openBars, noStats);
    const before = { balances: paper.balancesNow(), positions: paper.positionsNow(), orders: paper.ordersNow(true), session: paper.session() };
    // What a SIGKILL leaves: no dispose, the connection just goes away; the next run reopens the file.
    store.close();
    store = openTestStore(dbPath, tradingMigrations);
    const resumed = openPaper(store, clock);
    expect({ balances: resumed.balancesNow(), positions: resumed.positionsNow(), orders: resumed.ordersNow(true), session: resumed.session() }).toEqual(before);
    // And it carries on as if nothing happened: the close expires the ZZZ remainder.
    resumed.closeSession(monday, (symbol) => closes[symbol], Object.keys(closes));
    expect(resumed.balancesNow()).toMatchObject({ equity: 102_669.75 });

    store.db.prepare("UPDATE paper_accounts SET cash = cash + 1 WHERE id = 'paper'").run();
    expect(() => openPaper(store, clock)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringContaining('does not reconcile') }));
  });

  it('writes a tick of requests in one batch before publishing any of it (a halt’s cancels cost one write)', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `w${i}`);
    for (const id of ids) await paper.placeOrder({ accountId: 'paper', order: order(id, 'AAPL', 'BUY', 10, tuesday) });
    const writtenAtFirstEvent: number[] = [];
    paper.subscribeOrderStatus((event) => {
      if (event.kind === 'cancelled' && writtenAtFirstEvent.length === 0) {
        writtenAtFirstEvent.push((store.db.prepare("SELECT count(*) AS n FROM paper_order_transitions WHERE to_status = 'cancelled'").get() as { n: number }).n);
      }
    });
    await Promise.all(ids.map((orderId) => paper.cancelOrder({ accountId: 'paper', orderId, reason: 'halt' })));
    expect(writtenAtFirstEvent).toEqual([100]);
    expect(paper.ordersNow(false)).toEqual([]);
  });

  it('refuses every request after a failed write, and a restart resumes from the file', async () => {
    await paper.placeOrder({ accountId: 'paper', order: order('kept', 'AAPL', 'BUY', 10, tuesday) });
    store.db.exec("CREATE TRIGGER sabotage BEFORE INSERT ON paper_orders WHEN NEW.id = 'lost' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    await expect(paper.placeOrder({ accountId: 'paper', order: order('lost', 'AAPL', 'BUY', 10, tuesday) })).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'UNAVAILABLE',
      reason: expect.stringContaining('disk trouble'),
    });
    await expect(paper.cancelOrder({ accountId: 'paper', orderId: 'kept', reason: 'x' })).rejects.toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('restart') });
    store.db.exec('DROP TRIGGER sabotage');
    const restarted = openPaper(store, clock);
    expect(restarted.ordersNow(true).map((item) => [item.id, item.status])).toEqual([['kept', 'accepted']]);
  });

  it('resumes exactly after a real SIGKILL in the middle of a session', async () => {
    store.close();
    const script = fileURLToPath(new URL('../../fixtures/broker/run-paper-session.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const snapshot = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((text) => text.startsWith('SNAPSHOT '));
        if (line !== undefined) resolve(line.slice('SNAPSHOT '.length));
      });
      child.once('exit', (code) => reject(new Error(`child exited ${String(code)} before its snapshot:\n${output}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    store = openTestStore(dbPath, tradingMigrations);
    const resumed = openPaper(store, new ManualClock(1_709_560_000_000));
    expect(JSON.parse(JSON.stringify({ balances: resumed.balancesNow(), positions: resumed.positionsNow(), orders: resumed.ordersNow(true), session: resumed.session() }))).toEqual(JSON.parse(snapshot));
    expect(resumed.session()).toEqual({ lastOpened: monday, lastClosed: null });
  }, 30_000);
});
