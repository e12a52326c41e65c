import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src/main/app/create-app-core';
import { makeTempHome } from '../../helpers/temp-home';
import { startCore } from '../trading/trading-test-kit';
import type { PreTradeRequest } from '../../../src/main/risk/core/pre-trade-request';
import { nextTradingDay } from '../../../src/main/core/calendar/nyse-calendar';
import { exchangeDay } from '../../../src/main/core/time/exchange-time';
import { registryClient } from '../../helpers/registry-client';

let core: AppCore;
let home: ReturnType<typeof makeTempHome>;

const { call, value } = registryClient(() => core, 'risk');

beforeEach(async () => {
  home = makeTempHome('arbdesk-risk-ipc-');
  core = await startCore(home.dir);
});

afterEach(async () => {
  await core.dispose();
  home.cleanup();
});

interface Limits {
  risk: { limits: { maxOrderNotional: number; maxOpenPairs: number }; deadman: { action: string } };
  path: string;
}

describe('risk over the contract', () => {
  it('sets the limits in config.json, keeps the rest of the file, audits the change with its reason, and applies it at once', async () => {
    writeFileSync(core.paths.configFile, `${JSON.stringify({ ui: { theme: 'dark' } })}\n`);
    const before = await value<Limits>('risk:limits-get', {});
    expect(before.risk.limits.maxOrderNotional).toBe(250_000);
    const next = { ...before.risk, limits: { ...before.risk.limits, maxOrderNotional: 100_000 }, deadman: { ...before.risk.deadman, action: 'cancel-and-flatten' } };
    const set = await value<Limits>('risk:limits-set', { risk: next, reason: 'smaller tickets this week' });
    expect(set.risk.limits.maxOrderNotional).toBe(100_000);
    expect((await value<Limits>('risk:limits-get', {})).risk.limits.maxOrderNotional).toBe(100_000);
    const file = JSON.parse(readFileSync(core.paths.configFile, 'utf8')) as { ui: unknown; risk: Limits['risk'] };
    expect(file.ui).toEqual({ theme: 'dark' });
    expect(file.risk.limits.maxOrderNotional).toBe(100_000);
    const [first] = core.audit.list({ limit: 1, action: 'config.write' });
    expect(first).toMatchObject({ actor: 'user', surface: 'ui', reason: 'smaller tickets this week', details: { changedKeys: ['risk'] } });
    // Once the section is in the file, a change names the keys that moved.
    await value<Limits>('risk:limits-set', { risk: { ...next, limits: { ...next.limits, maxOpenPairs: 5 } }, reason: 'fewer pairs' });
    const [second] = core.audit.list({ limit: 1, action: 'config.write' });
    expect(second).toMatchObject({ reason: 'fewer pairs', details: { changedKeys: ['risk.limits.maxOpenPairs'] } });
    expect(core.risk.service.config().limits.maxOrderNotional).toBe(100_000);
  });

  it('refuses invalid limits naming the field, and a blank reason', async () => {
    const { risk } = await value<Limits>('risk:limits-get', {});
    expect(await call('risk:limits-set', { risk: { ...risk, limits: { ...risk.limits, maxOpenPairs: 0 } }, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call('risk:limits-set', { risk, reason: '  ' })).toMatchObject({ ok: false });
  });

  it('answers the UI heartbeat, reports the monitor, lists and acknowledges alerts', async () => {
    const beat = await value<{ at: number }>('risk:heartbeat', {});
    expect((await value<{ heartbeats: { ui: number | null } }>('risk:status', {})).heartbeats.ui).toBe(beat.at);
    core.alerts.service.raise({ kind: 'stale-data', severity: 'warning', subject: 'KO', message: 'no KO quote for 75 s', dedupKey: 'stale:KO' });
    const listed = await value<{ alerts: Array<{ id: number; kind: string }>; unacknowledged: number }>('alerts:list', {});
    expect(listed).toMatchObject({ unacknowledged: 1, alerts: [{ kind: 'stale-data' }] });
    expect(await value('alerts:acknowledge', { ids: [listed.alerts[0]?.id ?? 0] })).toEqual({ acknowledged: 1 });
    expect(await value('alerts:list', { unacknowledgedOnly: true })).toEqual({ alerts: [], unacknowledged: 0 });
    const metrics = await value<{ slo: Array<{ name: string }> }>('system:metrics', {});
    expect(metrics.slo.map((row) => row.name)).toEqual(['haltLatencyMs', 'quoteAgeMs', 'quoteToOrderMs']);
  });

  it('measures the halt latency of trading:halt as an SLO', async () => {
    await value('trading:halt', {});
    const metrics = await value<{ slo: Array<{ name: string; count: number }> }>('system:metrics', {});
    expect(metrics.slo.find((row) => row.name === 'haltLatencyMs')?.count).toBe(1);
  });
});

describe('the desk risk port in the app', () => {
  it('records each decision for risk:decisions with its numbers and alerts a refused order', async () => {
    const now = Date.now();
    const check = core.risk.createRiskCheck({
      snapshot: () => ({
        now,
        tradingStatus: 'ACTIVE',
        positions: new Map(),
        lastTrades: new Map([['KO', { price: 60, time: now }], ['PEP', { price: 150, time: now }]]),
        shortable: new Map([['PEP', true]]),
        sectors: new Map([['KO', 'Consumer Staples'], ['PEP', 'Consumer Staples']]),
        buyingPower: 1_000_000,
        recentSubmissions: core.risk.submissions.recentSubmissions(now),
        recentFingerprints: core.risk.submissions.recentFingerprints(now),
        returns: undefined,
      }),
    });
    const legs = [
      { symbol: 'KO', side: 'buy' as const, quantity: 5_000, orderType: 'limit' as const, limitPrice: 60, decisionPrice: 60, quoteTime: now - 500, signedNotional: 300_000 },
      { symbol: 'PEP', side: 'sell' as const, quantity: 400, orderType: 'limit' as const, limitPrice: 150, decisionPrice: 150, quoteTime: now - 500, signedNotional: -60_000 },
    ];
    const order: PreTradeRequest = { pairId: 'KO/PEP', intent: 'open', legs, equity: 1_000_000, peakEquity: 1_000_000, openPairs: 0, exposures: new Map(), clientOrderId: 'po-9', timeInForce: 'day', session: 'regular', forDay: nextTradingDay(exchangeDay(now)), submittedAt: now };
    const decision = check.check(order);
    expect(decision.allowed).toBe(false);
    expect(decision.checks.find((c) => c.name === 'session')?.passed).toBe(true);
    const [record] = await value<Array<{ clientOrderId: string; allowed: boolean; checks: Array<{ name: string; passed: boolean; value: number | null; limit: number | null }> }>>('risk:decisions', {});
    expect(record).toMatchObject({ clientOrderId: 'po-9', allowed: false });
    expect(record?.checks.find((c) => c.name === 'order_notional:KO')).toEqual({ name: 'order_notional:KO', passed: false, value: 300_000, limit: 250_000, message: expect.any(String) as unknown });
    // No return history: the correlation limit fails closed, its NaN value crossing the wire as null.
    expect(record?.checks.find((c) => c.name === 'portfolio_volatility')).toMatchObject({ passed: false, value: null });
    const alerts = await value<{ alerts: Array<{ kind: string; subject: string }> }>('alerts:list', { kind: 'limit-breach' });
    expect(alerts.alerts).toEqual([expect.objectContaining({ kind: 'limit-breach', subject: 'KO/PEP' })]);
  });
});
