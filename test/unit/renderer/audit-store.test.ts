import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { auditQuery, createAuditStore, emptyAuditFilters } from '../../../src/renderer/stores/audit-store';
import { ScriptedBridge, settle } from './scripted-bridge';

const signing = { enabled: false, keyId: null, detail: 'Audit signing is off: no keychain.' };

describe('the audit store', () => {
  it('builds the list query from the filters, leaving empty ones out and including the whole until-day', () => {
    expect(auditQuery(emptyAuditFilters)).toEqual({ limit: 200 });
    expect(auditQuery({ action: 'trading.halt', actor: ' user ', subject: 'pair:*', since: '2026-12-01', until: '2026-12-01' })).toEqual({
      limit: 200,
      action: 'trading.halt',
      actor: 'user',
      subject: 'pair:*',
      since: Date.UTC(2026, 11, 1),
      until: Date.UTC(2026, 11, 2),
    });
    expect(auditQuery({ ...emptyAuditFilters, since: 'yesterday' })).toEqual({ limit: 200 });
  });

  it('loads entries with the signing status, and shows a verify report', async () => {
    const entry = { id: 1, at: 1, actor: 'user', surface: 'ui', action: 'trading.halt', subject: 'global', reason: null, before: null, after: null, details: {}, hash: 'a'.repeat(64), signed: false, keyId: null };
    const report = { ok: false, checked: 2, signed: 0, unsigned: 1, firstBadId: 2, problem: 'modified', head: { state: 'ok', file: null, fileHead: null, dbHead: null }, signing };
    const bridge = new ScriptedBridge().answer('audit:list', () => ({ entries: [entry], signing, actions: ['trading.halt'] })).answer('audit:verify', () => report);
    const store = createAuditStore({ client: createTypedClient(bridge), notify: () => undefined });
    store.getState().setFilters({ action: 'trading.halt' });
    await store.getState().load();
    await store.getState().verify();
    await settle();
    expect(bridge.payloadsOf('audit:list')).toEqual([{ limit: 200, action: 'trading.halt' }]);
    expect(store.getState()).toMatchObject({ entries: [entry], signing, actions: ['trading.halt'], report: { ok: false, firstBadId: 2 } });
  });
});
