import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { createAuditRepo } from '../../../src/main/store/repos/audit.repo';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { arbdesk } from '../control/control-kit';
import { makeTempHome } from '../../helpers/temp-home';
import { openTestStore } from '../store/store-test-kit';
import { openPaper, order } from './paper-kit';

describe('arbdesk paper reset', () => {
  let home: { dir: string; cleanup: () => void };
  beforeEach(() => {
    home = makeTempHome('arbdesk-paper-reset-');
  });
  afterEach(() => home.cleanup());

  it('needs --yes, refuses while an order works, then starts epoch 2 (audited as user:cli) and a restart resumes it; old rows stay', async () => {
    const file = path.join(home.dir, 'trading.sqlite');
    const far = epochDayFromIso('2030-01-02');
    let trading = openTestStore(file, tradingMigrations);
    const paper = openPaper(trading, new ManualClock(1_709_500_000_000));
    await paper.placeOrder({ accountId: 'paper', order: order('w1', 'KO', 'BUY', 10, far) });
    trading.close();

    const unconfirmed = await arbdesk(home.dir, ['paper', 'reset']);
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');

    const working = await arbdesk(home.dir, ['paper', 'reset', '--yes']);
    expect(working.stderr).toContain('1 working order(s) (w1); cancel them before a reset');
    expect(working.status).toBe(73);

    trading = openTestStore(file, tradingMigrations);
    await openPaper(trading, new ManualClock(1_709_500_001_000)).cancelOrder({ accountId: 'paper', orderId: 'w1', reason: 'before reset' });
    trading.close();

    const reset = await arbdesk(home.dir, ['paper', 'reset', '--yes', '--cash', '25000', '--reason', 'new quarter']);
    expect(reset.stderr).toBe('');
    expect(reset.status).toBe(0);
    expect(reset.stdout).toContain('Paper account paper reset: epoch 1 → 2, cash $25000.00');

    trading = openTestStore(file, tradingMigrations);
    expect(trading.db.prepare('SELECT count(*) AS n FROM paper_orders').get()).toEqual({ n: 1 });
    expect(trading.db.prepare('SELECT id, cash FROM paper_accounts ORDER BY id').all()).toEqual([
      { id: 'paper', cash: 100_000 },
      { id: 'paper~2', cash: 25_000 },
    ]);
    const [entry] = createAuditRepo(trading.db).list({ limit: 1, action: 'paper.reset' });
    expect(entry).toMatchObject({ actor: 'user:cli', surface: 'cli', reason: 'new quarter', before: { epoch: 1, orders: 1 }, after: { epoch: 2, storageId: 'paper~2', cash: 25_000 } });
    // A restart opens the new epoch: its cash, none of the old orders.
    const restarted = openPaper(trading, new ManualClock(1_709_500_002_000));
    expect(restarted.epoch()).toEqual({ epoch: 2, storageId: 'paper~2' });
    expect(restarted.balancesNow()).toMatchObject({ cash: 25_000, equity: 25_000 });
    expect(restarted.ordersNow(true)).toEqual([]);
    trading.close();
  });
});
