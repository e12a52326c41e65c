import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import { readAuditHeadFile } from '../../../src/main/audit/audit-head-file';
import type { PaperBroker } from '../../../src/main/broker/paper/paper-broker';
import { ManualClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import type { Store } from '../../../src/main/store/db';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';
import { bars, noStats, openPaper, order } from './paper-kit';

const monday = epochDayFromIso('2024-03-04');

const openBars = bars({
  AAPL: { open: 150, high: 153, low: 149, close: 152, volume: 1_000_000 },
  ZZZ: { open: 10, high: 10.6, low: 9.9, close: 10.5, volume: 10_000 },
  XYZ: { open: 9.5, high: 9.8, low: 9.1, close: 9.6, volume: 50_000 },
});

/** Every order event of the paper broker lands in the real audit chain of trading.sqlite. */
describe('order events are audited at the paper broker', () => {
  let dbPath: string;
  let cleanup: () => void;
  let store: Store;
  let clock: ManualClock;
  let audit: AuditService;
  let headFile: string;
  let paper: PaperBroker;

  beforeEach(() => {
    ({ dbPath, cleanup } = makeTempDatabasePath('trading.sqlite'));
    store = openTestStore(dbPath, tradingMigrations);
    clock = new ManualClock(1_709_500_000_000);
    headFile = path.join(path.dirname(dbPath), 'audit-head.json');
    audit = createAuditService(store.db, { headFile });
    paper = openPaper(store, clock, [{ symbol: 'GME', from: '2024-01-01', available: false }], 100_000, audit);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  const orderEntries = (): Array<[string, string | null, string | null]> =>
    audit
      .list({ limit: 1000 })
      .filter((row) => row.action.startsWith('order.'))
      .reverse()
      .map((row) => [row.action, row.subject, row.reason]);

  it('audits placed, accepted, rejected (with the reason), replaced, fill, expired, cancel requested/confirmed/rejected, in order', async () => {
    await paper.placeOrder({ accountId: 'paper', order: order('a', 'AAPL', 'BUY', 100, monday) });
    await expect(paper.placeOrder({ accountId: 'paper', order: order('g', 'GME', 'SELL_SHORT', 10, monday, { leg: 'x' }) })).rejects.toMatchObject({ kind: 'rejected' });
    await paper.placeOrder({ accountId: 'paper', order: order('z', 'ZZZ', 'BUY', 5000, monday, { pairId: 'Q' }) });
    await paper.placeOrder({ accountId: 'paper', order: order('l1', 'XYZ', 'BUY', 50, monday, { type: 'LIMIT', limitPrice: 9, pairId: 'R' }) });
    await paper.replaceOrder({ accountId: 'paper', orderId: 'l1', newOrderId: 'l2', quantity: 80, limitPrice: 8.9 });
    paper.openSession(monday, openBars, noStats);
    // z filled 1000 of 5000 (10 % of 10 000) and still works; a is filled.
    await Promise.all([paper.cancelOrder({ accountId: 'paper', orderId: 'z', reason: 'halt' }), paper.cancelOrder({ accountId: 'paper', orderId: 'a', reason: 'halt' })]);

    expect(orderEntries()).toEqual([
      ['order.placed', 'a', null],
      ['order.accepted', 'a', 'paper broker accepted'],
      ['order.placed', 'g', null],
      ['order.rejected', 'g', 'borrow unavailable for GME'],
      ['order.placed', 'z', null],
      ['order.accepted', 'z', 'paper broker accepted'],
      ['order.placed', 'l1', null],
      ['order.accepted', 'l1', 'paper broker accepted'],
      ['order.replaced', 'l1', 'replaced by l2'],
      ['order.placed', 'l2', null],
      ['order.accepted', 'l2', 'paper broker accepted'],
      ['order.fill', 'a', expect.any(String)],
      ['order.fill', 'z', expect.any(String)],
      ['order.expired', 'l2', 'limit 8.9 not traded through'],
      ['order.cancel-requested', 'z', 'halt'],
      ['order.cancelled', 'z', 'halt'],
      ['order.cancel-requested', 'a', 'halt'],
      ['order.cancel-rejected', 'a', 'order is filled, not working'],
    ]);

    const rows = audit.list({ limit: 1000 });
    const zFill = rows.find((row) => row.action === 'order.fill' && row.subject === 'z');
    // ZZZ BUY 1000 @10 (participation cap): commission 0.005·1000 = 5.00, slippage 2 bp of 10 000 = 2.00.
    expect(zFill).toMatchObject({
      actor: 'system:paper-broker',
      surface: 'system',
      before: { status: 'accepted', filledQuantity: 0 },
      after: { status: 'partially_filled', filledQuantity: 1000 },
      details: { accountId: 'paper', pairId: 'Q', leg: 'y', symbol: 'ZZZ', quantity: 1000, price: 10, fillDay: monday, costs: { commission: 5, secFee: 0, finraTaf: 0, slippage: 2, impact: 0 }, totalCost: 7 },
    });
    expect(rows.find((row) => row.action === 'order.placed' && row.subject === 'l2')?.details).toMatchObject({ replaces: 'l1', quantity: 80, limitPrice: 8.9, type: 'LIMIT' });
    expect(rows.find((row) => row.action === 'order.cancelled')).toMatchObject({ before: { status: 'partially_filled', filledQuantity: 1000 }, after: { status: 'cancelled', filledQuantity: 1000 } });

    // The chain links and the head kept outside the database names the newest entry.
    expect(audit.verify()).toMatchObject({ ok: true, head: { state: 'ok' } });
    expect(readAuditHeadFile(headFile)).toMatchObject({ id: audit.head()?.id, hash: audit.head()?.hash });
  });

  it('writes an order event and its audit entry in one transaction: a refused audit write leaves no paper record either', async () => {
    // A real SQLite refusal of the audit insert (as a full disk or a locked table would be).
    store.db.exec(`CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;`);
    await expect(paper.placeOrder({ accountId: 'paper', order: order('a', 'AAPL', 'BUY', 100, monday) })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(store.db.prepare('SELECT count(*) AS n FROM paper_orders').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT count(*) AS n FROM paper_order_transitions').get()).toEqual({ n: 0 });
    expect(audit.head()).toBeNull();
  });

  it('audits the 100 cancels of one tick in the same group-committed write as their records', async () => {
    for (let i = 0; i < 100; i++) await paper.placeOrder({ accountId: 'paper', order: order(`c${i}`, 'AAPL', 'BUY', 1, monday, { pairId: `P${i}` }) });
    const before = audit.head()?.id ?? 0;
    await Promise.all(Array.from({ length: 100 }, (_, i) => paper.cancelOrder({ accountId: 'paper', orderId: `c${i}`, reason: 'halt' })));
    const rows = audit.list({ limit: 1000 }).filter((row) => row.id > before);
    expect(rows.filter((row) => row.action === 'order.cancel-requested')).toHaveLength(100);
    expect(rows.filter((row) => row.action === 'order.cancelled')).toHaveLength(100);
    expect(audit.verifyChain()).toMatchObject({ ok: true });
  });
});
