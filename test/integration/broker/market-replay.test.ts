import { afterEach, describe, expect, it } from 'vitest';
import type { ReplayQuotes, ReplayStatus } from '../../../src/shared/domain/broker';
import { BrokerVenue } from '../../../src/main/broker/broker-venue';
import { BorrowTable } from '../../../src/main/backtest/borrow-table';
import { PaperBroker } from '../../../src/main/broker/paper/paper-broker';
import { MarketReplay, ReplayClock, type ReplayTimer } from '../../../src/main/broker/quotes/market-replay';
import { ManualClock } from '../../../src/main/core/time/clock';
import { OrderManager } from '../../../src/main/engine/order-manager';
import type { Store } from '../../../src/main/store/db';
import { createPaperBrokerRepo } from '../../../src/main/store/repos/paper-broker.repo';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { cointegratedPair, weekdays } from '../../unit/backtest/market-fixtures';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';
import { goldenRules, noQuotes } from './paper-kit';

/** Runs scheduled steps only when told, and records the delays it was asked for. */
class ManualTimer implements ReplayTimer {
  readonly delays: number[] = [];
  private pending: { run: () => void } | null = null;

  schedule(delayMs: number, run: () => void): () => void {
    const entry = { run };
    this.pending = entry;
    this.delays.push(delayMs);
    return () => {
      if (this.pending === entry) this.pending = null;
    };
  }

  fire(): boolean {
    const entry = this.pending;
    if (entry === null) return false;
    this.pending = null;
    entry.run();
    return true;
  }
}

const days = weekdays('2024-01-08', 30);
const pair = cointegratedPair(days, 11);
const data = { bars: new Map([['KO', pair.y], ['PEP', pair.x]]) };

interface RunResult {
  readonly tables: Record<string, unknown[]>;
  readonly statuses: ReplayStatus[];
  readonly quotes: ReplayQuotes[];
  readonly delays: number[];
}

const stores: Array<{ store: Store; cleanup: () => void }> = [];
afterEach(() => {
  for (const { store, cleanup } of stores.splice(0)) {
    store.close();
    cleanup();
  }
});

/**
 * A full offline loop: the replay steps the paper broker; after the 3rd close a scripted
 * decision opens KO/PEP through the engine's OrderManager for the next session, after the
 * 12th close it closes the pair. `interrupt` pauses, changes speed and resumes mid-way.
 */
function run(interrupt: boolean): RunResult {
  const { dbPath, cleanup } = makeTempDatabasePath('trading.sqlite');
  const store = openTestStore(dbPath, tradingMigrations);
  stores.push({ store, cleanup });
  const base = new ManualClock(0);
  const timer = new ManualTimer();
  const statuses: ReplayStatus[] = [];
  const quotes: ReplayQuotes[] = [];
  let closes = 0;
  let manager: OrderManager | null = null;
  // The paper broker records the replay's simulated instants (its clock is the replay).
  const clock = new ReplayClock(base);
  const paper = PaperBroker.open({ repo: createPaperBrokerRepo(store.db), clock, initialCash: 100_000, rules: goldenRules(), borrow: new BorrowTable(0.0025, []), quotes: noQuotes });
  const replay: MarketReplay = new MarketReplay(paper, timer, clock, {
    onStatus: (status) => statuses.push(status),
    onQuotes: (batch) => quotes.push(batch),
    onSessionClosed: (day, next) => {
      closes += 1;
      if (next === null || manager === null) return;
      manager.endOfSession(day, next);
      if (closes === 3) manager.submitPair('KO/PEP', 'open', 'entry_short', [{ leg: 'y', symbol: 'KO', side: 'SELL_SHORT', quantity: 200 }, { leg: 'x', symbol: 'PEP', side: 'BUY', quantity: 240 }], day, next);
      if (closes === 12) manager.submitPair('KO/PEP', 'close', 'exit', [{ leg: 'y', symbol: 'KO', side: 'BUY_TO_COVER', quantity: 200 }, { leg: 'x', symbol: 'PEP', side: 'SELL', quantity: 240 }], day, next);
    },
  });
  paper.useQuoteFeed(replay);
  manager = new OrderManager({ venue: new BrokerVenue({ broker: paper, accountId: 'paper' }), clock, legRisk: { policy: 'unwind', maxRetries: 0 }, onFill: () => undefined });

  replay.start({ data, symbols: ['KO', 'PEP'], fromDay: days[5] as number, toDay: days[29] as number, speed: 2, sessionId: null });
  let fired = 0;
  while (timer.fire()) {
    fired += 1;
    if (interrupt && fired === 8) {
      replay.pause();
      // Paused: nothing is scheduled, so nothing plays.
      expect(timer.fire()).toBe(false);
      replay.setSpeed(5);
      replay.resume();
    }
  }
  const dump = (table: string) => store.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
  return {
    tables: Object.fromEntries(['paper_accounts', 'paper_orders', 'paper_order_transitions', 'paper_fills', 'paper_marks', 'paper_session_steps', 'paper_positions'].map((table) => [table, dump(table)])),
    statuses,
    quotes,
    delays: timer.delays,
  };
}

describe('market replay', () => {
  it('plays stored history one session per step through the paper broker, deterministically', () => {
    const first = run(false);
    const second = run(false);
    expect(second.tables).toEqual(first.tables);
    expect(second.quotes).toEqual(first.quotes);

    const last = first.statuses.at(-1);
    expect(last).toMatchObject({ state: 'finished', played: 25, total: 25, from: days[5], to: days[29], current: days[29] });
    // Two steps per second at speed 2; a step for every session.
    expect(first.delays).toEqual(Array.from({ length: 25 }, () => 500));
    expect(first.tables['paper_session_steps']).toHaveLength(50);
    // Entry decided at the 3rd close fills at the 4th session's open, exit at the 13th's.
    const fills = first.tables['paper_fills'] as Array<{ symbol: string; side: string; price: number; fill_day: number }>;
    expect(fills.map((fill) => [fill.symbol, fill.side, fill.fill_day])).toEqual([
      ['KO', 'SELL_SHORT', days[8]],
      ['PEP', 'BUY', days[8]],
      ['KO', 'BUY_TO_COVER', days[17]],
      ['PEP', 'SELL', days[17]],
    ]);
    expect(fills[0]?.price).toBe(pair.y.open[8]);
    expect(first.tables['paper_positions']).toMatchObject([{ symbol: 'KO', quantity: 0 }, { symbol: 'PEP', quantity: 0 }]);
    // Open quotes carry the open as last; close quotes the whole bar.
    const openQuote = first.quotes[0]?.quotes[0];
    expect(first.quotes[0]).toMatchObject({ day: days[5], phase: 'open' });
    expect(openQuote).toMatchObject({ symbol: 'KO', last: pair.y.open[5], close: null, source: 'replay' });
    expect(first.quotes[1]?.quotes[0]).toMatchObject({ last: pair.y.close[5], close: pair.y.close[5], volume: pair.y.volume[5] });
  });

  it('pausing, changing speed and resuming changes when steps run, never what they do', () => {
    const straight = run(false);
    const interrupted = run(true);
    expect(interrupted.tables).toEqual(straight.tables);
    // The step that ran before the pause had scheduled the next at 500 ms; resuming at speed 5 schedules 200 ms.
    expect(interrupted.delays.slice(8, 11)).toEqual([500, 200, 200]);
    expect(interrupted.statuses.map((status) => status.state)).toContain('paused');
    expect(interrupted.statuses.at(-1)).toMatchObject({ state: 'finished', speed: 5, played: 25 });
  });
});
