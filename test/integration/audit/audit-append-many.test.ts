import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import type { AuditEvent } from '../../../src/main/audit/core/audit-actions';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';

const cancelled = (orderId: string): AuditEvent => ({
  actor: 'system:paper-broker',
  surface: 'system',
  action: 'order.cancelled',
  subject: orderId,
  reason: 'halt',
  before: { status: 'accepted', filledQuantity: 0 },
  after: { status: 'cancelled', filledQuantity: 0 },
  details: { accountId: 'paper', pairId: 'P', leg: 'y', symbol: 'KO', brokerAt: 1 },
});

describe('audit appendMany (one transaction per batch)', () => {
  let store: Store;
  let cleanup: () => void;
  let audit: AuditService;
  beforeEach(() => {
    const temp = makeTempDatabasePath('trading.sqlite');
    cleanup = temp.cleanup;
    store = openTestStore(temp.dbPath, tradingMigrations);
    audit = createAuditService(store.db);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('links a batch after single appends into one chain that verifies', () => {
    audit.append(cancelled('a'));
    const rows = audit.appendMany([cancelled('b'), cancelled('c'), cancelled('d')]);
    expect(rows.map((row) => [row.id, row.subject])).toEqual([
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
    audit.append(cancelled('e'));
    expect(audit.verifyChain()).toEqual({ ok: true, checked: 5, signed: 0, unsigned: 5 });
  });

  it('writes none of a batch when one entry does not fit its kind', () => {
    const bad = { ...cancelled('x'), reason: null, action: 'order.rejected' as const };
    expect(() => audit.appendMany([cancelled('b'), bad])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('order.rejected') }));
    expect(audit.head()).toBeNull();
  });
});
