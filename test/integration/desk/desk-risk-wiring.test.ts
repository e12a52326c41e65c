import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlotterSnapshot, TicketPreview } from '../../../src/shared/domain/desk';
import { riskConfigSchema, type RiskConfigInput } from '../../../src/shared/domain/risk';
import type { TradingState } from '../../../src/shared/domain/trading';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { until } from '../../helpers/desk-harness';
import { nextTradingDay } from '../../../src/main/core/calendar/nyse-calendar';
import { order } from '../broker/paper-kit';

/**
 * The desk wired to the risk module, through the real app core: the bundled sample in market
 * replay (stepped by hand, one session at a time), the paper broker on its SQLite, the real
 * kill switch, the risk module's PreTradeRiskCheck and RiskMonitor. Nothing is doubled.
 */
const root = path.resolve(__dirname, '../../..');
let app: InProcessApp | null = null;
let sequence = 0;

afterEach(async () => {
  await app?.close();
  app = null;
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  if (app === null) throw new Error('no app');
  sequence += 1;
  const response = await app.core.registry.dispatch({ type: 'request', id: `desk-wire-${sequence}`, channel, payload }, 'browser');
  if (!response.ok) throw new Error(`${channel}: ${response.error.message}`);
  return response.value as T;
}

/** A fresh app with the sample imported, risk settings applied (audited), and one replayed session played. */
async function startReplayApp(risk: RiskConfigInput = {}): Promise<InProcessApp> {
  app = await startInProcessApp();
  const started = app;
  const imported = new Promise<void>((resolve) => {
    const unsubscribe = started.core.events.subscribe('data:imported', () => {
      unsubscribe();
      resolve();
    });
  });
  await call('data:import', { path: path.join(root, 'resources/sample-data/prices') });
  await imported;
  await call('risk:limits-set', { risk: riskConfigSchema.parse(risk), reason: 'desk-wire test limits' });
  // A slow replay the test steps by hand (one trading day per 1000 s would never step on its own here).
  await call('broker:replay-start', { symbols: ['KO', 'PEP', 'XOM'], from: '2017-12-01', speed: 0.001 });
  step();
  await app.core.desk.refreshAccount();
  return app;
}

function step(): void {
  const paper = app?.core.brokerDesk.paper;
  if (paper === null || paper === undefined) throw new Error('no paper desk');
  paper.replay.step();
}

const ticket = { pair: 'KO/PEP', intent: 'open' as const, direction: 'long' as const, beta: 1, orderType: 'MARKET' as const, quantityY: 200, quantityX: 100 };

function tradingState(): TradingState {
  if (app === null) throw new Error('no app');
  return app.core.killSwitch.current();
}

async function blotter(): Promise<BlotterSnapshot> {
  return call<BlotterSnapshot>('desk:blotter', {});
}

async function heldShares(): Promise<number> {
  const snapshot = await blotter();
  return snapshot.positions.flatMap((pair) => pair.legs).reduce((sum, leg) => sum + Math.abs(leg.quantity), 0);
}

describe('the desk through the risk module', () => {
  it('previews every pre-trade check of the risk module with its numbers, records the dispatch and its quote-to-order latency', async () => {
    await startReplayApp();
    const preview = await call<TicketPreview>('desk:preview', ticket);
    const names = preview.checks.map((check) => check.name);
    for (const expected of ['trading_state', 'session', 'quote_age:KO', 'quote_age:PEP', 'shortable:PEP', 'buying_power', 'sector_exposure:Consumer Staples', 'portfolio_volatility', 'pair_correlation']) {
      expect(names.some((name) => name.startsWith(expected)), `${expected} in ${names.join(', ')}`).toBe(true);
    }
    const age = preview.checks.find((check) => check.name === 'quote_age:KO');
    // In replay a quote is as fresh as its replayed session: 0 ms, against the 15 s default.
    expect(age).toMatchObject({ passed: true, value: 0, limit: 15_000 });
    const buyingPower = preview.checks.find((check) => check.name.startsWith('buying_power'));
    expect(buyingPower?.limit ?? buyingPower?.value).not.toBeNull();
    expect(preview.allowed).toBe(true);

    await call('desk:place', { ...ticket, confirm: true });
    const core = app?.core;
    if (core === undefined) throw new Error('no app');
    expect(core.risk.submissions.recentSubmissions(core.brokerDesk.paper?.clock.now() ?? 0).length).toBe(1);
    const slo = core.risk.slo.summaries().find((summary) => summary.name === 'quoteToOrderMs');
    expect(slo?.count).toBe(2);
    // The same ticket again at once is a duplicate the risk module refuses, with its numbers.
    const again = await call<TicketPreview>('desk:preview', ticket);
    expect(again.checks.find((check) => check.name.startsWith('duplicate'))?.passed).toBe(false);
    expect(again.allowed).toBe(false);
  });

  it('halts on a daily-loss breach in replay and, with "flatten on halt" on, flattens', async () => {
    // Any loss past 0.001 % of the day's start halts; the fills' costs alone are more than that.
    await startReplayApp({ halts: { dailyLossLimit: 0.00001, flattenOnHalt: true } });
    // The setting is a config write like any other: audited with its reason and before/after.
    const write = app?.core.audit.list({ limit: 20, action: 'config.write' }).find((row) => row.reason === 'desk-wire test limits');
    expect(JSON.stringify(write?.after)).toContain('"flattenOnHalt":true');
    await call('desk:place', { ...ticket, confirm: true });
    step();
    await until(() => tradingState().global.status === 'HALTED', 'the daily-loss halt');
    expect(tradingState().global.actor).toBe('risk:daily-loss');
    await until(() => app?.core.desk.service?.blotter().orders.some((order) => order.reason === 'flatten') === true, 'the flatten orders');
    step();
    await until(() => app?.core.desk.service?.blotter().orders.every((order) => order.status !== 'accepted' && order.status !== 'submitted') === true, 'the flatten filled');
    expect(await heldShares()).toBe(0);
  });

  it('a daily-loss halt without "flatten on halt" cancels only, and keeps the positions', async () => {
    await startReplayApp({ halts: { dailyLossLimit: 0.00001 } });
    await call('desk:place', { ...ticket, confirm: true });
    step();
    await until(() => tradingState().global.status === 'HALTED', 'the daily-loss halt');
    await app?.core.risk.monitor.idle();
    expect((await blotter()).orders.some((order) => order.reason === 'flatten')).toBe(false);
    expect(await heldShares()).toBe(300);
  });

  it('a drawdown breach halts and flattens (the monitor calls the desk as its Flattener)', async () => {
    await startReplayApp({ halts: { dailyLossLimit: 1, maxDrawdown: 0.00001 } });
    await call('desk:place', { ...ticket, confirm: true });
    step();
    await until(() => tradingState().global.status === 'HALTED', 'the drawdown halt');
    expect(tradingState().global.actor).toBe('risk:drawdown');
    await until(() => app?.core.desk.service?.blotter().orders.some((order) => order.reason === 'flatten') === true, 'the flatten orders');
    step();
    await until(() => app?.core.desk.service?.blotter().orders.every((order) => order.status !== 'accepted' && order.status !== 'submitted') === true, 'the flatten filled');
    expect(await heldShares()).toBe(0);
  });

  it('a position changed outside ArbDesk raises the reconciliation halt', async () => {
    const started = await startReplayApp();
    const paper = started.core.brokerDesk.paper;
    if (paper === null) throw new Error('no paper desk');
    const played = paper.broker.session().lastOpened;
    if (played === null) throw new Error('no session played');
    // Someone else trades the account: an order the desk never sent, straight at the paper broker.
    await paper.broker.placeOrder({ accountId: 'paper', order: order('outside/1/y', 'XOM', 'BUY', 10, nextTradingDay(played), { pairId: 'XOM/CVX' }) });
    step();
    await started.core.desk.refreshAccount();
    await until(() => tradingState().global.status === 'HALTED', 'the reconciliation halt');
    expect(tradingState().global.actor).toBe('risk:reconciliation');
    expect(started.core.risk.monitor.halts()[0]?.message).toContain('XOM ours 0 vs broker 10');
  });
});
