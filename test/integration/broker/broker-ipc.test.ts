import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import type { BrokerAccountSnapshot, BrokerOrder, BrokerQuote, ReplayStatus } from '../../../src/shared/domain/broker';
import type { ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { sp500File } from '../../helpers/sp500';
import { makeTempHome } from '../../helpers/temp-home';

/** The broker channels through the real registry on the paper profile, with a real replay over imported bars. */
let app: InProcessApp;
const inbox = makeTempHome('arbdesk-broker-inbox-');
let sequence = 0;

async function call(channel: string, payload: unknown): Promise<ResponseEnvelope> {
  sequence += 1;
  return app.core.registry.dispatch({ type: 'request', id: `broker-${String(sequence).padStart(6, '0')}`, channel, payload }, 'browser');
}

async function value<T>(channel: string, payload: unknown): Promise<T> {
  const response = await call(channel, payload);
  if (!response.ok) throw new Error(`${channel} failed: ${response.error.code} ${response.error.message}`);
  return response.value as T;
}

function nextEvent(name: string, predicate: (payload: unknown) => boolean = () => true): Promise<PublishedEvent> {
  return new Promise((resolve) => {
    const unsubscribe = app.core.events.subscribeAll((envelope) => {
      if (envelope.event === name && predicate(envelope.payload)) {
        unsubscribe();
        resolve(envelope);
      }
    });
  });
}

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

    const refused = await call('broker:replay-pause', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Cannot pause a replay that is idle' } });
  });
});
