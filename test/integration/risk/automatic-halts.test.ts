import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome } from '../../helpers/temp-home';
import { OPEN_AT, riskKit, type RiskKit } from './risk-kit';

let home: ReturnType<typeof makeTempHome>;
let kit: RiskKit;

beforeEach(() => {
  home = makeTempHome('arbdesk-risk-');
});

afterEach(() => {
  kit.close();
  home.cleanup();
});

/** What another process would read from trading.sqlite: the persisted global state and the audit actions. */
/** Alert kinds pushed, without SLO misses (a first halt on a cold database may miss the 10 ms target). */
function kinds(): string[] {
  return kit.alerts.filter((alert) => alert.kind !== 'slo-breach').map((alert) => alert.kind);
}

function persisted(): { status: string; actor: string; reason: string | null; actions: string[]; autoHalts: Array<Record<string, unknown>> } {
  const db = new Database(path.join(home.dir, 'trading.sqlite'), { readonly: true });
  try {
    const state = db.prepare("SELECT status, actor, reason FROM trading_state WHERE scope = 'global'").get() as { status: string; actor: string; reason: string | null };
    const rows = db.prepare('SELECT action, details FROM audit_log ORDER BY id').all() as Array<{ action: string; details: string }>;
    return {
      ...state,
      actions: rows.map((row) => row.action),
      autoHalts: rows.filter((row) => row.action === 'risk.auto-halt').map((row) => JSON.parse(row.details) as Record<string, unknown>),
    };
  } finally {
    db.close();
  }
}

describe('automatic halts: each halts through the kill switch, is audited with its numbers and alerted', () => {
  it('daily loss limit: halts and cancels working orders', async () => {
    kit = riskKit(home.dir, { halts: { dailyLossLimit: 0.03 } });
    kit.risk.monitor.reportEquity(1_000_000);
    kit.risk.monitor.reportEquity(975_000);
    expect(persisted().status).toBe('ACTIVE');
    // 2.5% is past half the 3% limit: a warning first, once.
    kit.risk.monitor.reportEquity(976_000);
    expect(kit.alerts.map((alert) => [alert.kind, alert.severity, alert.message])).toEqual([['loss', 'warning', 'daily loss 2.50% of start-of-day equity; trading halts at 3.00%']]);
    kit.alerts.length = 0;
    kit.risk.monitor.reportEquity(969_000);
    await kit.risk.monitor.idle();
    const after = persisted();
    expect(after).toMatchObject({ status: 'HALTED', actor: 'risk:daily-loss', reason: 'daily loss 3.10% of start-of-day equity 1000000.00 reached the limit 3.00%' });
    expect(after.actions.slice(-2)).toEqual(['trading.halt', 'risk.auto-halt']);
    expect(after.autoHalts).toEqual([{ trigger: 'daily-loss', value: expect.closeTo(0.031, 12) as unknown, limit: 0.03, action: 'cancel' }]);
    expect(kit.flattener.calls).toEqual([{ op: 'cancel', scope: 'global', reason: after.reason }]);
    expect(kit.alerts.filter((alert) => alert.kind !== 'slo-breach')).toEqual([expect.objectContaining({ kind: 'loss', severity: 'critical', dedupKey: 'halt:daily-loss' })]);
  });

  it('max drawdown: halts and flattens', async () => {
    kit = riskKit(home.dir, { halts: { dailyLossLimit: 0.9, maxDrawdown: 0.2 } });
    kit.risk.monitor.reportEquity(1_000_000);
    kit.risk.monitor.reportEquity(1_100_000);
    kit.risk.monitor.reportEquity(870_000); // 1 − 870/1100 = 20.9% from the peak
    await kit.risk.monitor.idle();
    expect(persisted()).toMatchObject({ status: 'HALTED', actor: 'risk:drawdown' });
    expect(kit.flattener.calls.map((call) => call.op)).toEqual(['flatten']);
    expect(kit.risk.monitor.halts()[0]).toMatchObject({ trigger: 'drawdown', flattened: true, outcome: { flattened: 3 } });
  });

  it('stale market data: halts while the market is open and a strategy runs, not when idle or closed', () => {
    kit = riskKit(home.dir, { halts: { staleDataMs: 60_000 } });
    kit.clock.advance(120_000);
    kit.risk.monitor.tick();
    expect(persisted().status).toBe('ACTIVE'); // nothing running
    kit.risk.monitor.setActivity(true);
    kit.risk.monitor.reportQuote(kit.clock.now());
    kit.clock.advance(60_000);
    kit.risk.monitor.tick();
    expect(persisted().status).toBe('ACTIVE'); // exactly at the limit
    kit.clock.advance(1);
    kit.risk.monitor.tick();
    expect(persisted()).toMatchObject({ status: 'HALTED', actor: 'risk:stale-data' });
    expect(kinds()).toEqual(['halt', 'stale-data']);
  });

  it('stale data does not count outside the regular session', () => {
    kit = riskKit(home.dir, { halts: { staleDataMs: 60_000 } }, { start: OPEN_AT + 7 * 60 * 60_000 }); // 17:00 New York
    kit.risk.monitor.setActivity(true);
    kit.clock.advance(10 * 60_000);
    kit.risk.monitor.tick();
    expect(persisted().status).toBe('ACTIVE');
  });

  it('broker error burst: the fifth error inside a minute halts; four do not', () => {
    kit = riskKit(home.dir, { halts: { brokerErrorBurst: 5, brokerErrorWindowMs: 60_000 } });
    for (let i = 0; i < 4; i += 1) {
      kit.risk.monitor.reportBrokerError(`rejected: insufficient shares (${i})`);
      kit.clock.advance(10_000);
    }
    expect(persisted().status).toBe('ACTIVE');
    kit.clock.advance(21_000); // t = 61 s: the error at 0 s has left the window, 10–30 s remain
    kit.risk.monitor.reportBrokerError('rejected (4)');
    expect(persisted().status).toBe('ACTIVE');
    kit.risk.monitor.reportBrokerError('rejected (5)');
    expect(persisted()).toMatchObject({ status: 'HALTED', actor: 'risk:broker-error-burst', reason: '5 broker errors in the last 60 s (limit 5); last: rejected (5)' });
  });

  it('an open circuit breaker halts at once', () => {
    kit = riskKit(home.dir);
    kit.risk.monitor.reportCircuit('open', 'paper-broker');
    expect(persisted()).toMatchObject({ status: 'HALTED', actor: 'risk:circuit-open', reason: 'the broker circuit breaker "paper-broker" opened' });
  });

  it('a reconciliation mismatch halts and names each position', () => {
    kit = riskKit(home.dir);
    expect(kit.risk.monitor.reconcile(new Map([['KO', 100]]), new Map([['KO', 100]]))).toEqual([]);
    expect(persisted().status).toBe('ACTIVE');
    const mismatches = kit.risk.monitor.reconcile(new Map([['KO', 100], ['PEP', -40]]), new Map([['KO', 100], ['PEP', -20], ['XOM', 5]]));
    expect(mismatches).toEqual([
      { symbol: 'PEP', ours: -40, broker: -20 },
      { symbol: 'XOM', ours: 0, broker: 5 },
    ]);
    expect(persisted()).toMatchObject({ status: 'HALTED', actor: 'risk:reconciliation' });
    expect(kinds()).toEqual(['halt', 'position-mismatch']);
  });

  it('fires once: after a deliberate resume the same standing condition does not halt again until it clears', () => {
    kit = riskKit(home.dir);
    kit.risk.monitor.reportCircuit('open', 'b');
    kit.killSwitch.resume('checked the broker', 'user');
    kit.risk.monitor.reportCircuit('open', 'b');
    expect(persisted().status).toBe('ACTIVE');
    kit.risk.monitor.reportCircuit('closed', 'b');
    kit.risk.monitor.reportCircuit('open', 'b');
    expect(persisted().status).toBe('HALTED');
  });

  it('without a desk flattener the halt holds and says that nothing was cancelled', async () => {
    kit = riskKit(home.dir, {}, { flattener: false });
    kit.risk.monitor.reportCircuit('open', 'b');
    await kit.risk.monitor.idle();
    expect(persisted().status).toBe('HALTED');
    expect(kit.alerts.at(-1)?.message).toContain('no desk is wired to cancel or flatten');
  });
});
