import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import {
  brokerOrderUpdateSchema,
  deskSessionSummarySchema,
  replayQuotesSchema,
  replayStatusSchema,
  type BrokerAccountSnapshot,
  type BrokerOrder,
  type BrokerQuote,
  type DeskSessionSummary,
  type PaperResetResult,
  type ReplayStatus,
} from '../../../src/shared/domain/broker';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { sp500File } from '../../helpers/sp500';
import { makeTempHome } from '../../helpers/temp-home';
import { registryClient, nextAppEvent } from '../../helpers/registry-client';

/** The broker channels through the real registry on the paper profile, with a real replay over imported bars. */
let app: InProcessApp;
const inbox = makeTempHome('arbdesk-broker-inbox-');

const { call, value } = registryClient(() => app.core, 'broker');

const nextEvent = (name: string, predicate?: (payload: unknown) => boolean): Promise<PublishedEvent> => nextAppEvent(app.core, name, predicate);

beforeAll(async () => {
  app = await startInProcessApp();
  const folder = path.join(inbox.dir, 'prices');
  mkdirSync(folder);
  for (const symbol of ['KO', 'PEP']) copyFileSync(sp500File(symbol), path.join(folder, `${symbol}.csv`));
  const { jobId } = await value<{ jobId: string }>('data:import', { path: folder });
  const done = await nextEvent('data:imported', (payload) => (payload as { jobId: string }).jobId === jobId);
  expect((done.payload as { error: unknown }).error).toBeNull();
});

afterAll(async () => {
  await app.close();
  inbox.cleanup();
});

describe('broker channels on the paper profile', () => {
  it('serves the paper account with no login, then replays stored history through it', async () => {
    const snapshot = await value<BrokerAccountSnapshot>('broker:account', {});
    expect(snapshot.account).toEqual({ id: 'paper', name: 'Paper', kind: 'paper', currency: 'USD' });
    expect(snapshot.balances).toMatchObject({ cash: 100_000, equity: 100_000, marketValue: 0, costsPaid: 0 });
    const stored = await value<BrokerQuote[]>('broker:quotes', { symbols: ['KO', 'PEP', 'NOPE'] });
    expect(stored.map((quote) => [quote.symbol, quote.source])).toEqual([
      ['KO', 'stored_bars'],
      ['PEP', 'stored_bars'],
    ]);

    const finished = nextEvent('broker:replay', (payload) => (payload as ReplayStatus).state === 'finished');
    const quoteBatches: unknown[] = [];
    const stop = app.core.events.subscribeAll((envelope) => {
      if (envelope.event === 'broker:quotes') quoteBatches.push(envelope.payload);
    });
    const started = await value<ReplayStatus>('broker:replay-start', { symbols: ['KO', 'PEP'], from: '2016-03-07', to: '2016-03-18', speed: 1000 });
    expect(started).toMatchObject({ state: 'running', speed: 1000, total: 10, played: 0 });
    expect(started.sessionId).toMatch(/^paper-/);
    const status = (await finished).payload as ReplayStatus;
    stop();
    expect(status).toMatchObject({ state: 'finished', played: 10, total: 10 });
    expect(quoteBatches).toHaveLength(20);
    const replayed = await value<BrokerQuote[]>('broker:quotes', { symbols: ['KO'] });
    expect(replayed).toMatchObject([{ symbol: 'KO', source: 'replay', day: status.to }]);
    expect(await value<BrokerOrder[]>('broker:orders', { all: true })).toEqual([]);
    expect(await value<ReplayStatus>('broker:replay-stop', {})).toMatchObject({ state: 'idle' });

    // What the blotter is pushed: an order placed at the paper desk, within the contract.
    const paper = app.core.brokerDesk.paper;
    if (paper === null) throw new Error('the paper profile wires the paper desk');
    const pushed = nextEvent('broker:order');
    const forSession = epochDayFromIso('2016-03-21');
    await paper.broker.placeOrder({
      accountId: 'paper',
      order: { id: 'KO/PEP#1/y1', pairId: 'KO/PEP', leg: 'y', symbol: 'KO', side: 'BUY', quantity: 10, type: 'MARKET', timeInForce: 'DAY', forSession, decidedOn: forSession - 3, status: 'submitted', filledQuantity: 0, history: [] },
    });
    const update = brokerOrderUpdateSchema.parse((await pushed).payload);
    expect(update).toMatchObject({ order: { id: 'KO/PEP#1/y1', status: 'accepted' }, fill: null });
    expect(await value<BrokerOrder[]>('broker:orders', {})).toMatchObject([{ id: 'KO/PEP#1/y1', status: 'accepted', reason: null }]);
    expect(() => replayStatusSchema.parse(status)).not.toThrow();
    expect(() => quoteBatches.forEach((batch) => replayQuotesSchema.parse(batch))).not.toThrow();

    // The account's time only moves forward: the same period again is refused, a later one continues.
    expect(await call('broker:replay-start', { symbols: ['KO', 'PEP'], from: '2016-03-07', to: '2016-03-18', speed: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('already played sessions up to 2016-03-18') },
    });
    const continued = await value<ReplayStatus>('broker:replay-start', { symbols: ['KO', 'PEP'], from: '2016-03-07', to: '2016-03-22', speed: 1 });
    expect(continued).toMatchObject({ state: 'running', from: epochDayFromIso('2016-03-21'), total: 2 });
    await value('broker:replay-stop', {});

    const refused = await call('broker:replay-pause', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Cannot pause a replay that is idle' } });
  });

  it('lists recorded sessions and refuses a divergence report for an unknown one', async () => {
    const sessions = await value<DeskSessionSummary[]>('broker:sessions', {});
    expect(sessions.length).toBeGreaterThan(0);
    expect(() => sessions.forEach((session) => deskSessionSummarySchema.parse(session))).not.toThrow();
    expect(sessions[0]).toMatchObject({ id: expect.stringMatching(/^paper-/), mode: 'paper', broker: 'paper' });
    expect(await call('broker:divergence', { sessionId: 'paper-nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No recorded session "paper-nope"' } });
  });

  it('resets the paper account to a new epoch: confirmed, audited, refused while a replay runs or orders work; old records stay', async () => {
    const paper = app.core.brokerDesk.paper;
    if (paper === null) throw new Error('the paper profile wires the paper desk');
    const db = app.core.tradingStore.db;
    const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

    expect(await call('broker:paper-reset', { confirm: false })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('confirm') } });

    // A working order (for a far session) blocks the reset until it is cancelled.
    const far = epochDayFromIso('2030-01-02');
    const working = { id: 'reset-w1', pairId: 'KO/PEP', leg: 'y' as const, symbol: 'KO', side: 'BUY' as const, quantity: 5, type: 'MARKET' as const, timeInForce: 'GTC' as const, forSession: far, decidedOn: far - 1, status: 'submitted' as const, filledQuantity: 0, history: [] };
    await paper.broker.placeOrder({ accountId: 'paper', order: working });
    expect(await call('broker:paper-reset', { confirm: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('working order') } });
    for (const order of await paper.broker.orders('paper')) await paper.broker.cancelOrder({ accountId: 'paper', orderId: order.id, reason: 'before reset' });

    // A running replay blocks it too.
    await value<ReplayStatus>('broker:replay-start', { symbols: ['KO', 'PEP'], speed: 0.001 });
    expect(await call('broker:paper-reset', { confirm: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('replay is running') } });
    await value('broker:replay-stop', {});

    const ordersBefore = count('paper_orders');
    const fillsBefore = count('paper_fills');
    const result = await value<PaperResetResult>('broker:paper-reset', { confirm: true, initialCash: 50_000, reason: 'fresh start' });
    expect(result).toMatchObject({ accountId: 'paper', before: { epoch: 1, storageId: 'paper' }, after: { epoch: 2, storageId: 'paper~2', cash: 50_000 } });
    expect(result.before.orders).toBeGreaterThan(0);
    expect((await value<BrokerAccountSnapshot>('broker:account', {})).balances).toMatchObject({ cash: 50_000, equity: 50_000, costsPaid: 0 });
    expect(await value<BrokerOrder[]>('broker:orders', { all: true })).toEqual([]);
    // Append-only records stay: the earlier epoch's orders and fills are all still there.
    expect(count('paper_orders')).toBe(ordersBefore);
    expect(count('paper_fills')).toBe(fillsBefore);
    const [entry] = app.core.audit.list({ limit: 1, action: 'paper.reset' });
    expect(entry).toMatchObject({ actor: 'user', surface: 'ui', subject: 'paper', reason: 'fresh start', before: { epoch: 1 }, after: { epoch: 2, storageId: 'paper~2', cash: 50_000 } });
    expect(app.core.audit.verifyChain()).toMatchObject({ ok: true });
    // Ids stay unique across epochs, and the new epoch may replay from the start of history.
    await expect(paper.broker.placeOrder({ accountId: 'paper', order: working })).rejects.toMatchObject({ kind: 'rejected', message: expect.stringContaining('duplicate client order id reset-w1') });
    expect(await value<ReplayStatus>('broker:replay-start', { symbols: ['KO', 'PEP'], from: '2016-03-07', to: '2016-03-08', speed: 0.001 })).toMatchObject({ state: 'running' });
    await value('broker:replay-stop', {});
  });
});
