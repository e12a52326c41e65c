import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src/main/app/create-app-core';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { makeTempHome } from '../../helpers/temp-home';
import { readAuditActions, readPersistedState, startCore } from './trading-test-kit';
import { registryClient } from '../../helpers/registry-client';

let core: AppCore;
let home: { dir: string; cleanup: () => void };

const { call, value } = registryClient(() => core, 'ks');

interface Wire {
  global: { status: string; reason: string | null };
  scopes: Array<{ scope: string; status: string }>;
  effective: { scope: string; status: string };
}

beforeEach(async () => {
  home = makeTempHome('arbdesk-killswitch-');
  core = await startCore(home.dir);
});

afterEach(async () => {
  await core.dispose();
  home.cleanup();
});

describe('the kill switch over the contract', () => {
  it('halts in one request without a reason, then annotates it; each change is saved with its audit entry', async () => {
    const halted = await value<Wire>('trading:halt', {});
    expect(halted.global).toMatchObject({ status: 'HALTED', reason: null });
    expect(readPersistedState(core.paths.tradingDbFile)[0]).toMatchObject({ status: 'HALTED', reason: null, actor: 'user' });

    const annotated = await value<Wire>('trading:annotate-halt', { reason: 'fat finger on KO' });
    expect(annotated.global).toMatchObject({ status: 'HALTED', reason: 'fat finger on KO' });
    expect(readPersistedState(core.paths.tradingDbFile)[0]).toMatchObject({ reason: 'fat finger on KO' });

    expect(await call('trading:resume', { confirm: 'resume', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const resumed = await value<Wire>('trading:resume', { confirm: 'RESUME', reason: 'checked' });
    expect(resumed.global.status).toBe('ACTIVE');
    expect(readAuditActions(core.paths.tradingDbFile)).toEqual(['trading.initialize', 'trading.halt', 'trading.annotate-halt', 'trading.resume']);
    expect(core.audit.verifyChain()).toMatchObject({ ok: true, checked: 4 });
  });

  it('holds states per scope, reports the strictest that applies, and refuses to loosen a halt with REDUCE_ONLY', async () => {
    await value('trading:reduce-only', { scope: 'strategy:meanrev', reason: 'drawdown 4%' });
    await value('trading:halt', { scope: 'pair:KO/PEP', reason: 'broken pair' });
    const state = await value<Wire>('trading:state', { strategy: 'meanrev', pair: 'KO/PEP' });
    expect(state.global.status).toBe('ACTIVE');
    expect(state.scopes.map((s) => [s.scope, s.status])).toEqual([
      ['pair:KO/PEP', 'HALTED'],
      ['strategy:meanrev', 'REDUCE_ONLY'],
    ]);
    expect(state.effective).toMatchObject({ scope: 'pair:KO/PEP', status: 'HALTED' });
    expect((await value<Wire>('trading:state', { strategy: 'meanrev' })).effective.status).toBe('REDUCE_ONLY');
    expect((await value<Wire>('trading:state', {})).effective.status).toBe('ACTIVE');

    expect(await call('trading:reduce-only', { scope: 'pair:KO/PEP', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call('trading:halt', { scope: 'pair:ko/pep' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // In-process callers are held to the same scope rule, so nothing unreadable is ever saved.
    expect(() => core.killSwitch.halt('x', 'test', 'pair:KO')).toThrow(/Invalid trading scope/);

    // Order paths: REDUCE_ONLY lets only reducing orders through; HALTED nothing.
    expect(() => core.killSwitch.assertCanTrade('open KO/PEP', { strategy: 'meanrev', pair: 'KO/PEP' }, { reducesExposure: true })).toThrow(/HALTED on pair:KO\/PEP/);
    expect(() => core.killSwitch.assertCanTrade('open XOM/CVX', { strategy: 'meanrev', pair: 'XOM/CVX' })).toThrow(/REDUCE_ONLY/);
    expect(() => core.killSwitch.assertCanTrade('close XOM/CVX', { strategy: 'meanrev', pair: 'XOM/CVX' }, { reducesExposure: true })).not.toThrow();

    // A scope back at ACTIVE disappears from the list and from the table.
    await value('trading:resume', { confirm: 'RESUME', scope: 'pair:KO/PEP', reason: 'pair re-tested' });
    expect(readPersistedState(core.paths.tradingDbFile).map((s) => s.scope)).toEqual(['global', 'strategy:meanrev']);
  });

  it('publishes the halt before it is saved, and saves it before answering', async () => {
    const persistedWhenPublished: Array<string | undefined> = [];
    const stop = core.events.subscribeAll((envelope) => {
      if (envelope.event === 'trading:state') persistedWhenPublished.push(readPersistedState(core.paths.tradingDbFile)[0]?.status);
    });
    try {
      const answered = await value<Wire>('trading:halt', { reason: 'order check' });
      expect(answered.global.status).toBe('HALTED');
      // The push went out while the row still said ACTIVE; by the answer it says HALTED.
      expect(persistedWhenPublished).toEqual(['ACTIVE']);
      expect(readPersistedState(core.paths.tradingDbFile)[0]?.status).toBe('HALTED');
    } finally {
      stop();
    }
  });

  it('flips the in-memory state first and publishes before saving, and a failed save rolls back state and audit together', async () => {
    // Make the audit append fail inside the transaction: the state row must not be saved alone.
    const saboteur = new Database(core.paths.tradingDbFile);
    saboteur.exec("CREATE TRIGGER sabotage BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");
    const seen: PublishedEvent[] = [];
    const stop = core.events.subscribeAll((envelope) => {
      seen.push(envelope);
      // A listener that throws must not stop the halt from being persisted (or attempted).
      throw new Error('listener bug');
    });
    try {
      const state = core.killSwitch.halt('halt with a broken audit', 'test');
      expect(state.global.status).toBe('HALTED');
      expect(core.killSwitch.current().global.status).toBe('HALTED');
      // The alerts service (a typed listener, so it runs before this catch-all one) takes in the
      // plain alert and pushes it, persisted and deduplicated, as alerts:raised.
      expect(seen.map((e) => e.event).filter((name) => name !== 'log:entry')).toEqual(['trading:state', 'alerts:raised', 'alert']);
      // Rolled back as one: neither the state row nor an audit row was written.
      expect(readPersistedState(core.paths.tradingDbFile).find((s) => s.scope === 'global')?.status).toBe('ACTIVE');
      expect(readAuditActions(core.paths.tradingDbFile)).toEqual(['trading.initialize']);
      // Resuming is saved first: with the audit broken it is refused and the halt stays.
      expect(() => core.killSwitch.resume('try', 'test')).toThrow(/disk trouble/);
      expect(core.killSwitch.current().global.status).toBe('HALTED');
    } finally {
      stop();
      saboteur.exec('DROP TRIGGER sabotage');
      saboteur.close();
    }
  });

  it('answers broker:status from the broker side, not from the trading state', async () => {
    // The paper broker needs no login: wired means connected (revision 1 after the start's 'disconnected').
    expect(await value('broker:status', {})).toMatchObject({ broker: 'paper', connection: 'connected', revision: 1 });
    const pushed = new Promise<PublishedEvent>((resolve) => {
      const stop = core.events.subscribeAll((envelope) => {
        if (envelope.event === 'broker:status') {
          stop();
          resolve(envelope);
        }
      });
    });
    core.broker.set('degraded', 'test');
    expect((await pushed).payload).toMatchObject({ connection: 'degraded', revision: 2 });
    expect(await value('trading:state', {})).not.toHaveProperty('connection');
  });
});
