import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { ManualClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { EquityHistoryRecorder } from '../../../src/main/risk/equity-history-recorder';
import { RiskAnalyticsService, type RiskAccountPort, type RiskAnalyticsSettings } from '../../../src/main/risk/risk-analytics.service';
import type { BrokerOrder, BrokerPosition } from '../../../src/shared/domain/broker';
import type { ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';

/**
 * The risk service over the real market-data service (the bundled sample imported into a
 * real SQLite store by the real import job). The account is a fixed book at the broker
 * boundary, the KO/PEP and XOM/CVX book of test/fixtures/risk/risk-reference.json, so the
 * figures must equal numpy's on the same closes read back from the store.
 */
const root = path.resolve(__dirname, '../../..');
const reference = JSON.parse(readFileSync(path.join(root, 'test/fixtures/risk/risk-reference.json'), 'utf8')) as {
  positions: { pairId: string; leg: 'y' | 'x'; symbol: string; quantity: number; averagePrice: number }[];
  equity: number;
  figures: { historicalVar: number; parametricVar: number }[];
  portfolioBeta: number;
  stress: Record<string, number>;
};

let app: InProcessApp;
let sequence = 0;

async function call(channel: string, payload: unknown): Promise<ResponseEnvelope> {
  sequence += 1;
  return app.core.registry.dispatch({ type: 'request', id: `risk-${String(sequence).padStart(6, '0')}`, channel, payload }, 'browser');
}

function nextEvent(name: string, predicate: (payload: unknown) => boolean): Promise<PublishedEvent> {
  return new Promise((resolve) => {
    const unsubscribe = app.core.events.subscribeAll((envelope) => {
      if (envelope.event === name && predicate(envelope.payload)) {
        unsubscribe();
        resolve(envelope);
      }
    });
  });
}

/** The broker's view of the reference book on 2018-02-07 (after the close, New York). */
function fixedAccount(equity: number): RiskAccountPort {
  const asOf = Date.UTC(2018, 1, 7, 22, 0, 0);
  const positions: BrokerPosition[] = reference.positions.map((position) => ({ accountId: 'paper', symbol: position.symbol, quantity: position.quantity, averageCost: position.averagePrice, markPrice: null, marketValue: 0, unrealizedPnl: 0, realizedPnl: 0 }));
  const orders: BrokerOrder[] = reference.positions.map((position, k) => ({
    id: `o${k}`,
    accountId: 'paper',
    pairId: position.pairId,
    leg: position.leg,
    symbol: position.symbol,
    side: position.quantity > 0 ? 'BUY' : 'SELL_SHORT',
    quantity: Math.abs(position.quantity),
    type: 'MARKET',
    limitPrice: null,
    timeInForce: 'DAY',
    forSession: epochDayFromIso('2018-01-02'),
    decidedOn: epochDayFromIso('2017-12-29'),
    status: 'filled',
    filledQuantity: Math.abs(position.quantity),
    averageFillPrice: position.averagePrice,
    reason: null,
    updatedAt: asOf,
  }));
  return {
    account: async () => ({ account: { id: 'paper', name: 'Paper', kind: 'paper', currency: 'USD' }, balances: { accountId: 'paper', cash: equity, marketValue: 0, equity, buyingPower: equity, costsPaid: 0, realizedPnl: 0, unrealizedPnl: 0, asOf } }),
    positions: async () => positions,
    orders: async () => orders,
  };
}

const settings: RiskAnalyticsSettings = { varWindowDays: 250, rollingWindowDays: 3, riskFreeRate: 0, sharpeFloor: 100, sortinoFloor: null, monteCarlo: { horizonDays: 10, paths: 5000, blockLength: 5, seed: 7 } };

beforeAll(async () => {
  app = await startInProcessApp();
  const response = await call('data:import', { path: path.join(root, 'resources/sample-data/prices') });
  if (!response.ok) throw new Error(`import failed: ${response.error.message}`);
  const { jobId } = response.value as { jobId: string };
  const done = await nextEvent('data:imported', (payload) => (payload as { jobId: string }).jobId === jobId);
  if ((done.payload as { report: unknown }).report === null) throw new Error(`sample import failed: ${JSON.stringify(done.payload)}`);
});

afterAll(async () => {
  await app.close();
});

describe('risk analytics over the stored sample', () => {
  it('answers with an empty book for the fresh paper account, through IPC', async () => {
    const response = await call('risk:analytics', {});
    if (!response.ok) throw new Error(`risk:analytics failed: ${response.error.code} ${response.error.message}`);
    const snapshot = response.value as { accountId: string; positions: unknown[]; exposure: { totals: { gross: number } }; valueAtRisk: { figures: { historicalVar: number | null }[] }; stress: { pnl: number; available: boolean }[] };
    expect(snapshot.accountId).toBe('paper');
    expect(snapshot.positions).toEqual([]);
    expect(snapshot.exposure.totals.gross).toBe(0);
    expect(snapshot.valueAtRisk.figures.map((figure) => figure.historicalVar)).toEqual([null, null]);
    // The scenario days are in the stored sample; with no positions they cost nothing.
    expect(snapshot.stress.map((scenario) => [scenario.available, scenario.pnl])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
    const montecarlo = await call('risk:montecarlo', {});
    expect(montecarlo.ok ? null : montecarlo.error.message).toMatch(/needs open positions/);
  });

  it('follows a market replay: closes as of the replayed day, one equity point per replayed session', async () => {
    const started = await call('broker:replay-start', { symbols: ['KO', 'PEP'], from: '2016-06-20', to: '2016-06-28', speed: 1000 });
    if (!started.ok) throw new Error(`replay failed to start: ${started.error.message}`);
    await new Promise<void>((resolve) => {
      const unsubscribe = app.core.events.subscribe('broker:replay', (status) => {
        if (status.state === 'finished') {
          unsubscribe();
          resolve();
        }
      });
    });
    // The equity samples are taken after each step's event; let the last one land.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await call('risk:analytics', {});
    if (!response.ok) throw new Error(response.error.message);
    const snapshot = response.value as { asOf: string | null; pnl: { points: { date: string; equity: number }[] }; stress: { id: string; available: boolean }[] };
    // 2016-06-20 … 06-28 are seven sessions; nothing after the replay's day is read.
    expect(snapshot.asOf).toBe('2016-06-28');
    expect(snapshot.pnl.points.map((point) => point.date)).toEqual(['2016-06-20', '2016-06-21', '2016-06-22', '2016-06-23', '2016-06-24', '2016-06-27', '2016-06-28']);
    expect(new Set(snapshot.pnl.points.map((point) => point.equity))).toEqual(new Set([100_000]));
    // Brexit is in the past of 2016-06-28; 5 Feb 2018 is not yet.
    expect(snapshot.stress.map((scenario) => scenario.available)).toEqual([true, true, false]);
  });

  it('agrees with numpy on the reference book read from the store, and alerts once below the floor', async () => {
    const equity = new EquityHistoryRecorder();
    // Three sessions before the as-of day: +1%, −2%, +0.5%; the fourth point is the account now.
    [100_000, 101_000, 98_980, 99_474.9].forEach((value, k) => equity.record('paper', epochDayFromIso('2018-02-01') + k, value));
    const service = new RiskAnalyticsService({
      account: fixedAccount(reference.equity),
      marketData: app.core.data.service,
      equity,
      alerts: app.core.alerts.service,
      clock: new ManualClock(0),
      settings: () => settings,
    });
    const result = await service.snapshot();
    const { snapshot } = result;
    expect(snapshot.positions.map((position) => `${position.pairId}:${position.symbol}:${position.quantity}`)).toEqual(['XOM/CVX:CVX:110', 'KO/PEP:KO:300', 'KO/PEP:PEP:-120', 'XOM/CVX:XOM:-150']);
    expect(snapshot.exposure.bySector.map((row) => row.key).sort()).toEqual(['Consumer Staples', 'Energy']);
    expect(snapshot.valueAtRisk.figures[0]?.historicalVar).toBeCloseTo(reference.figures[0]?.historicalVar ?? NaN, 8);
    expect(snapshot.valueAtRisk.figures[1]?.parametricVar).toBeCloseTo(reference.figures[1]?.parametricVar ?? NaN, 8);
    expect(snapshot.beta.portfolioBeta).toBeCloseTo(reference.portfolioBeta, 12);
    expect(snapshot.stress.map((scenario) => scenario.pnl)).toEqual(Object.values(reference.stress).map((value) => expect.closeTo(value, 8)));
    // The recorder got the account's own point for 2018-02-07 (equity 100,000 there).
    expect(snapshot.pnl.points.at(-1)).toMatchObject({ equity: 100_000 });
    expect(snapshot.floorBreaches.map((breach) => breach.metric)).toEqual(['sharpe']);
    await service.snapshot();
    // One alert in the real alerts service, raised once although the page asked twice.
    const listed = await call('alerts:list', { kind: 'limit-breach' });
    expect(listed.ok).toBe(true);
    const items = listed.ok ? (listed.value as { alerts: { title: string; dedupKey: string; count: number }[] }).alerts : [];
    expect(items.map((alert) => [alert.title, alert.dedupKey, alert.count])).toEqual([['Rolling Sharpe below its floor', `risk.performance-floor:paper:sharpe:${epochDayFromIso('2018-02-07')}`, 1]]);

    const stress = await service.stress({ market: -0.1, symbols: { KO: 0.05 } });
    const value = (symbol: string): number => snapshot.positions.find((position) => position.symbol === symbol)?.marketValue ?? NaN;
    expect(stress.pnl).toBeCloseTo(value('KO') * 0.05 - 0.1 * (value('PEP') + value('XOM') + value('CVX')), 8);

    const first = await service.monteCarlo({});
    expect(first.options).toMatchObject({ paths: 5000, seed: 7 });
    expect(first.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(5000);
    expect(await service.monteCarlo({})).toEqual(first);
  });
});
