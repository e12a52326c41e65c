import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWithCorrelation } from '../../../src/main/logging/context';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { AUDIT_GENESIS_HASH, computeAuditHash, createAuditRepo, type AuditRepo } from '../../../src/main/store/repos/audit.repo';
import { expectAppError, makeTempDatabasePath, openTestStore } from './store-test-kit';

describe('audit repository', () => {
  let dbPath: string;
  let cleanup: () => void;
  let store: Store;
  let audit: AuditRepo;
  let clock: number;

  beforeEach(() => {
    ({ dbPath, cleanup } = makeTempDatabasePath());
    store = openTestStore(dbPath, tradingMigrations);
    clock = 1_700_000_000_000;
    audit = createAuditRepo(store.db, { now: () => (clock += 1000) });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  function appendSome(count: number): void {
    for (let i = 0; i < count; i += 1) {
      audit.append({ actor: i % 2 === 0 ? 'user' : 'strategy:pairs-1', action: i % 3 === 0 ? 'trading.halt' : 'order.submit', details: { i } });
    }
  }

  it('appends rows that form a valid chain from the genesis hash', () => {
    const first = audit.append({ actor: 'user', action: 'trading.halt', subject: 'all', details: { reason: 'news', b: 2, a: 1 } });
    expect(first).toMatchObject({
      id: 1,
      at: 1_700_000_001_000,
      actor: 'user',
      action: 'trading.halt',
      subject: 'all',
      details: { reason: 'news', a: 1, b: 2 },
      correlationId: null,
      prevHash: AUDIT_GENESIS_HASH,
    });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const second = audit.append({ actor: 'system', action: 'trading.resume' });
    expect(second.prevHash).toBe(first.hash);
    appendSome(20);
    expect(audit.verifyChain()).toEqual({ ok: true, checked: 22, signed: 0, unsigned: 22 });
  });

  it('stores details canonically, so key order does not change the text', () => {
    const row = audit.append({ actor: 'user', action: 'config.update', details: { z: { y: 1, x: [{ b: 1, a: 2 }] }, a: null } });
    const stored = store.db.prepare('SELECT details FROM audit_log WHERE id = ?').get(row.id) as { details: string };
    expect(stored.details).toBe('{"a":null,"z":{"x":[{"a":2,"b":1}],"y":1}}');
  });

  it('takes the correlation id of the request being handled', () => {
    const row = runWithCorrelation('req-123', () => audit.append({ actor: 'user', action: 'trading.halt' }));
    expect(row.correlationId).toBe('req-123');
    expect(audit.append({ actor: 'user', action: 'trading.halt', correlationId: 'explicit' }).correlationId).toBe('explicit');
  });

  it('refuses malformed entries with VALIDATION_FAILED', () => {
    expectAppError(() => audit.append({ actor: '', action: 'trading.halt' }), 'VALIDATION_FAILED');
    expectAppError(() => audit.append({ actor: 'user', action: 'Trading Halt!' }), 'VALIDATION_FAILED');
    expectAppError(() => audit.append({ actor: 'user', action: 'trading.halt', details: { bad: Number.NaN } }), 'VALIDATION_FAILED');
    expect(audit.verifyChain()).toEqual({ ok: true, checked: 0, signed: 0, unsigned: 0 });
  });

  it('lists newest first, pages with an id cursor and filters by action', () => {
    appendSome(10);
    expect(audit.list({ limit: 3 }).map((row) => row.id)).toEqual([10, 9, 8]);
    expect(audit.list({ limit: 3, before: 8 }).map((row) => row.id)).toEqual([7, 6, 5]);
    expect(audit.list({ limit: 10, action: 'trading.halt' }).map((row) => row.id)).toEqual([10, 7, 4, 1]);
    expect(audit.list({ limit: 10, action: 'trading.halt', before: 7 }).map((row) => row.id)).toEqual([4, 1]);
    expectAppError(() => audit.list({ limit: 0 }), 'VALIDATION_FAILED');
  });

  it('refuses UPDATE and DELETE at the database level', () => {
    appendSome(3);
    expect(() => store.db.exec("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")).toThrow(/append-only: UPDATE/);
    expect(() => store.db.exec('DELETE FROM audit_log WHERE id = 2')).toThrow(/append-only: DELETE/);
    expect(audit.verifyChain()).toEqual({ ok: true, checked: 3, signed: 0, unsigned: 3 });
  });

  it('detects a modified row once the triggers are dropped', () => {
    appendSome(5);
    store.db.exec('DROP TRIGGER audit_log_no_update');
    store.db.exec(`UPDATE audit_log SET details = '{"i":99}' WHERE id = 3`);
    expect(audit.verifyChain()).toMatchObject({ ok: false, checked: 3, firstBadId: 3, problem: expect.stringContaining('modified') });
  });

  it('detects a removed row once the triggers are dropped', () => {
    appendSome(5);
    store.db.exec('DROP TRIGGER audit_log_no_delete');
    store.db.exec('DELETE FROM audit_log WHERE id = 2');
    expect(audit.verifyChain()).toMatchObject({ ok: false, firstBadId: 3, problem: expect.stringContaining('removed') });
  });

  it('detects a row rewritten with a recomputed hash, because the next row still points at the old one', () => {
    appendSome(4);
    store.db.exec('DROP TRIGGER audit_log_no_update');
    const original = store.db.prepare('SELECT * FROM audit_log WHERE id = 2').get() as Parameters<typeof computeAuditHash>[0];
    const forgedHash = computeAuditHash({ ...original, actor: 'system' });
    store.db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE id = 2').run('system', forgedHash);
    expect(audit.verifyChain()).toMatchObject({ ok: false, checked: 3, firstBadId: 3 });
  });

  it('joins a caller\'s transaction, so an action and its audit entry commit or roll back together', () => {
    appendSome(2);
    const haltAndRecord = store.db.transaction(() => {
      audit.append({ actor: 'user', action: 'trading.halt' });
      throw new Error('halt failed after the audit entry was written');
    });
    expect(() => haltAndRecord()).toThrow('halt failed');
    expect(audit.list({ limit: 10 }).map((row) => row.id)).toEqual([2, 1]);
    expect(audit.append({ actor: 'user', action: 'trading.halt' }).id).toBe(3);
    expect(audit.verifyChain()).toEqual({ ok: true, checked: 3, signed: 0, unsigned: 3 });
  });

  it('keeps one chain when two connections append in turn', () => {
    const other = openTestStore(dbPath, tradingMigrations);
    const otherAudit = createAuditRepo(other.db);
    for (let i = 0; i < 10; i += 1) {
      (i % 2 === 0 ? audit : otherAudit).append({ actor: 'system', action: 'test.append', details: { i } });
    }
    other.close();
    expect(audit.verifyChain()).toEqual({ ok: true, checked: 10, signed: 0, unsigned: 10 });
  });
});

