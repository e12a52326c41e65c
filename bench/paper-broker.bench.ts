import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { BorrowTable } from '../src/main/backtest/borrow-table';
import { CostModel } from '../src/main/backtest/cost-model';
import { defaultModelCosts } from '../src/main/backtest/backtest-config';
import { createAuditService, type AuditService } from '../src/main/audit/audit.service';
import { PaperBroker } from '../src/main/broker/paper/paper-broker';
import { ManualClock } from '../src/main/core/time/clock';
import { epochDayFromIso } from '../src/main/core/time/epoch-day';
import type { Order } from '../src/main/engine/domain';
import { storedIsTraded } from '../src/main/engine/ports';
import { openDatabase, type Store } from '../src/main/store/db';
import { createPaperBrokerRepo } from '../src/main/store/repos/paper-broker.repo';
import { tradingMigrations } from '../src/main/store/trading-migrations';
import { makeTempHome } from '../test/helpers/temp-home';
import { percentile, type Benchmark } from './harness';

/**
 * The paper broker on a real trading.sqlite (WAL, synchronous = FULL): placing 100 orders one
 * by one (each its own transaction, written before it is published), cancelling 100 working
 * orders sent together as a halt sends them (one group-committed write) until all are confirmed, one replayed session step (open with 100 working orders filling, then close marks
 * for 100 symbols), and reopening the account (the restore replays every record and
 * reconciles cash and positions).
 */
const ORDERS = 100;
const costs = defaultModelCosts();
const session = epochDayFromIso('2024-03-05');
let home: { dir: string; cleanup: () => void } | null = null;
let runIndex = 0;

function open(store: Store, clock: ManualClock, audit: AuditService | null): PaperBroker {
  return PaperBroker.open({
    ...(audit === null ? {} : { audit }),
    repo: createPaperBrokerRepo(store.db),
    clock,
    initialCash: 10_000_000,
    rules: { fill: 'next_open', participationRate: 0.1, costModel: new CostModel(costs.transactionCosts), priceBasis: storedIsTraded },
    borrow: new BorrowTable(costs.borrow.generalCollateralRate, costs.borrow.table),
    quotes: { source: 'stored_bars', latest: async () => [] },
  });
}

function order(id: string, index: number, forSession: number): Order {
  return {
    id,
    pairId: `P${index}`,
    leg: 'y',
    symbol: `S${index}`,
    side: index % 2 === 0 ? 'BUY' : 'SELL_SHORT',
    quantity: 100,
    type: 'MARKET',
    timeInForce: 'DAY',
    forSession,
    decidedOn: forSession - 1,
    status: 'submitted',
    filledQuantity: 0,
    history: [],
  };
}

/**
 * Run twice: the bare broker, and with every order event audited (issue 14) into the same
 * database's hash chain in the same transaction, the head file synced once per batch
 * (unsigned: the bench has no keychain; a signature adds one Ed25519 sign per entry).
 */
function paperBench(audited: boolean): Benchmark {
  return {
    name: `paper broker${audited ? ' + order audit' : ''}: place, cancel, session step, restore (100 orders)`,
    inputs: `${ORDERS} market orders on ${ORDERS} symbols, each run on a fresh trading.sqlite${audited ? '; every order event appended to the audit chain (unsigned) in the same transaction' : ''}`,
    runs: 5,
    metrics: [
      { name: 'place p50', unit: 'ms' },
      { name: 'place p99', unit: 'ms' },
      { name: 'cancel 100 working, confirmed', unit: 'ms' },
      { name: 'session step (100 fills + 100 marks)', unit: 'ms' },
      { name: 'restore (reopen)', unit: 'ms' },
    ],
    async setup() {
      home = makeTempHome('arbdesk-bench-paper-');
    },
    async run() {
      if (home === null) throw new Error('setup did not run');
      runIndex += 1;
      const store = openDatabase({ path: path.join(home.dir, `trading-${runIndex}.sqlite`), busyTimeoutMs: 5000, migrations: tradingMigrations });
      const clock = new ManualClock(1_709_600_000_000);
      const audit = audited ? createAuditService(store.db, { headFile: path.join(home.dir, `audit-head-${runIndex}.json`) }) : null;
      const paper = open(store, clock, audit);
      const places: number[] = [];
      for (let i = 0; i < ORDERS; i++) {
        const started = performance.now();
        await paper.placeOrder({ accountId: 'paper', order: order(`c${i}`, i, session) });
        places.push(performance.now() - started);
      }
      const cancelStarted = performance.now();
      // As a halt sends them: all at once, so they share one write (group commit).
      await Promise.all(Array.from({ length: ORDERS }, (_, i) => paper.cancelOrder({ accountId: 'paper', orderId: `c${i}`, reason: 'bench' })));
      const cancel = performance.now() - cancelStarted;
      for (let i = 0; i < ORDERS; i++) await paper.placeOrder({ accountId: 'paper', order: order(`f${i}`, i, session) });
      const bar = { open: 50, high: 51, low: 49, close: 50.5, volume: 1_000_000 };
      const symbols = Array.from({ length: ORDERS }, (_, i) => `S${i}`);
      const stepStarted = performance.now();
      paper.openSession(session, () => bar, () => ({ sigma: 0.02, adv: 1_000_000 }));
      paper.closeSession(session, () => bar.close, symbols);
      const step = performance.now() - stepStarted;
      const restoreStarted = performance.now();
      open(store, clock, audit);
      const restore = performance.now() - restoreStarted;
      store.close();
      return {
        'place p50': percentile(places, 50),
        'place p99': percentile(places, 99),
        'cancel 100 working, confirmed': cancel,
        'session step (100 fills + 100 marks)': step,
        'restore (reopen)': restore,
      };
    },
    async teardown() {
      home?.cleanup();
      home = null;
    },
  };
}

export const benchmarks: Benchmark[] = [paperBench(false), paperBench(true)];
