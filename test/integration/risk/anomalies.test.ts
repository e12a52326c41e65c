import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { openDatabase } from '../../../src/main/store/db';
import { migrations } from '../../../src/main/store/migrations';
import { InstrumentsRepo } from '../../../src/main/store/repos/instruments.repo';
import { createSectorSource } from '../../../src/main/risk/sector-source';
import type { ResponseEnvelope } from '../../../src/shared/ipc/envelope';
import { makeTempHome } from '../../helpers/temp-home';
import { startCore } from '../trading/trading-test-kit';
import { riskKit, type RiskKit } from './risk-kit';

let home: ReturnType<typeof makeTempHome>;
let kit: RiskKit | null = null;

beforeEach(() => {
  home = makeTempHome('arbdesk-anomalies-');
});

afterEach(() => {
  kit?.close();
  kit = null;
  home.cleanup();
});

describe('anomalies and error sources (audit 3.4, 8.3)', () => {
  it('alerts a fill far from its modelled price, not one within the limit', () => {
    kit = riskKit(home.dir, { anomalies: { fillSlippageBps: 50 } });
    expect(kit.risk.monitor.reportFill({ pairId: 'KO/PEP', symbol: 'KO', side: 'buy', price: 60.2, modelledPrice: 60 })).toBeCloseTo(33.333, 3);
    expect(kit.alerts).toEqual([]);
    const bps = kit.risk.monitor.reportFill({ pairId: 'KO/PEP', symbol: 'PEP', side: 'sell', price: 149, modelledPrice: 150 });
    expect(bps).toBeCloseTo(66.667, 3);
    expect(kit.alerts).toEqual([expect.objectContaining({ kind: 'fill-slippage', subject: 'KO/PEP', message: 'sell PEP filled at 149 vs modelled 150: 66.7 bp against the desk (limit 50 bp)' })]);
    expect(kit.killSwitch.stateOf('global').status).toBe('ACTIVE');
  });

  it("alerts a rejected leg with the broker's reason, and counts rejections and resubmits toward the error-burst halt", () => {
    kit = riskKit(home.dir, { halts: { brokerErrorBurst: 3 } });
    kit.risk.monitor.reportOrderRejected({ pairId: 'KO/PEP', symbol: 'PEP', reason: 'no shares to borrow', resubmit: 0 });
    kit.risk.monitor.reportOrderRejected({ pairId: 'KO/PEP', symbol: 'PEP', reason: 'no shares to borrow', resubmit: 1 });
    expect(kit.alerts.map((alert) => alert.kind)).toEqual(['order-rejected', 'broker-error']);
    expect(kit.alerts[0]?.message).toBe('the broker said: no shares to borrow');
    expect(kit.killSwitch.stateOf('global').status).toBe('ACTIVE');
    kit.risk.monitor.reportOrderRejected({ pairId: 'KO/PEP', symbol: 'PEP', reason: 'no shares to borrow', resubmit: 2 });
    expect(kit.killSwitch.stateOf('global')).toMatchObject({ status: 'HALTED', actor: 'risk:broker-error-burst' });
  });

  it('reads sectors from the instruments the constituents import filled, leaving unknown ones out', () => {
    const research = openDatabase({ path: path.join(home.dir, 'arbdesk.sqlite'), busyTimeoutMs: 2000, migrations });
    try {
      const instruments = new InstrumentsRepo(research.db);
      instruments.ensure(['KO', 'PEP', 'ZZZ']);
      instruments.setMetadata('KO', { name: 'Coca-Cola', sector: 'Consumer Staples', exchange: null });
      instruments.setMetadata('PEP', { name: 'PepsiCo', sector: 'Consumer Staples', exchange: null });
      const clock = new ManualClock(0);
      const sectors = createSectorSource(instruments, clock);
      expect([...sectors()]).toEqual([
        ['KO', 'Consumer Staples'],
        ['PEP', 'Consumer Staples'],
      ]);
      instruments.setMetadata('ZZZ', { name: null, sector: 'Energy', exchange: null });
      expect(sectors().has('ZZZ')).toBe(false); // cached for a minute
      clock.advance(60_000);
      expect(sectors().get('ZZZ')).toBe('Energy');
    } finally {
      research.close();
    }
  });

  it('raises a critical alert when audit verification finds the chain broken', async () => {
    const core = await startCore(home.dir);
    try {
      core.killSwitch.halt('x', 'user');
      core.killSwitch.resume('y', 'user');
      const raw = new Database(core.paths.tradingDbFile);
      try {
        raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone' WHERE id = 2");
      } finally {
        raw.close();
      }
      const response: ResponseEnvelope = await core.registry.dispatch({ type: 'request', id: 'verify-000001', channel: 'audit:verify', payload: {} }, 'browser');
      expect(response).toMatchObject({ ok: true, value: { ok: false, firstBadId: 2 } });
      expect(core.alerts.service.list({ limit: 10, unacknowledgedOnly: true }).alerts).toEqual([
        expect.objectContaining({ kind: 'audit-check-failed', severity: 'critical', message: expect.stringContaining('broken at entry 2') as unknown }),
      ]);
    } finally {
      await core.dispose();
    }
  });
});
