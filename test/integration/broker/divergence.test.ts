import { sessionDivergenceSchema } from '../../../src/shared/domain/broker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { BorrowTable } from '../../../src/main/backtest/borrow-table';
import { CostModel } from '../../../src/main/backtest/cost-model';
import { divergenceReport, signalsOfOrders } from '../../../src/main/broker/divergence/divergence-report';
import { DivergenceService } from '../../../src/main/broker/divergence/divergence.service';
import { PaperBroker } from '../../../src/main/broker/paper/paper-broker';
import { MarketReplay, ReplayClock, type ReplayTimer } from '../../../src/main/broker/quotes/market-replay';
import { SessionRecorder } from '../../../src/main/broker/recording/session-recorder';
import type { OhlcvColumns } from '../../../src/main/core/market/series';
import { ManualClock } from '../../../src/main/core/time/clock';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { roundCents, sideSign, type Order } from '../../../src/main/engine/domain';
import { storedIsTraded } from '../../../src/main/engine/ports';
import type { Store } from '../../../src/main/store/db';
import { createDeskSessionsRepo } from '../../../src/main/store/repos/desk-sessions.repo';
import { createPaperBrokerRepo } from '../../../src/main/store/repos/paper-broker.repo';
import { tradingMigrations } from '../../../src/main/store/trading-migrations';
import { cointegratedPair, weekdays } from '../../unit/backtest/market-fixtures';
import { makeTempDatabasePath, openTestStore } from '../store/store-test-kit';
import { noQuotes } from './paper-kit';

const days = weekdays('2015-01-05', 110);
const pair = cointegratedPair(days, 4242, { volume: 2_000_000, noise: 0.03 });
const bars = new Map<string, OhlcvColumns>([
  ['AAA', pair.y],
  ['BBB', pair.x],
]);
const configInput = {
  pairs: [{ y: 'AAA', x: 'BBB' }],
  from: formatIsoDate(days[35] as number),
  to: formatIsoDate(days[109] as number),
  capital: 1_000_000,
  strategy: { kind: 'zscore', lookback: 20, entry: 1.5, exit: 0.3, stop: 3.5 },
};

/** Steps the replay as fast as the loop asks (no wall time involved). */
class ImmediateTimer implements ReplayTimer {
  private next: (() => void) | null = null;
  schedule(_delayMs: number, run: () => void): () => void {
    this.next = run;
    return () => {
      this.next = null;
    };
  }
  drain(): void {
    while (this.next !== null) {
      const run = this.next;
      this.next = null;
      run();
    }
  }
}

describe('divergence report', () => {
  let cleanup: () => void;
  let store: Store;

  beforeEach(() => {
    let dbPath: string;
    ({ dbPath, cleanup } = makeTempDatabasePath('trading.sqlite'));
    store = openTestStore(dbPath, tradingMigrations);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('a paper session that placed the model’s orders lists exactly its deliberate differences, with totals', async () => {
    const config = parseBacktestConfig(configInput);
    const model = runBacktest(config, { bars });
    const groups = groupOrders(model.orders);
    expect(groups.length).toBeGreaterThanOrEqual(4);
    const firstFill = model.fills.find((fill) => fill.symbol === 'AAA');
    if (firstFill === undefined) throw new Error('the scenario must trade AAA');
    const skipped = groups[groups.length - 1];
    if (skipped === undefined) throw new Error('no orders');

    // The paper desk sees a different open for AAA on the first fill's session (+1 %).
    const alteredIndex = days.indexOf(firstFill.fillDay);
    const open = Float64Array.from(pair.y.open);
    open[alteredIndex] = (open[alteredIndex] as number) * 1.01;
    const paperBars = new Map<string, OhlcvColumns>([
      ['AAA', { ...pair.y, open }],
      ['BBB', pair.x],
    ]);

    const clock = new ReplayClock(new ManualClock(1_420_000_000_000));
    const paper = PaperBroker.open({
      repo: createPaperBrokerRepo(store.db),
      clock,
      initialCash: config.capital,
      rules: { fill: config.fill, participationRate: config.execution.participationRate, costModel: new CostModel(config.transactionCosts), priceBasis: storedIsTraded },
      borrow: new BorrowTable(config.borrow.generalCollateralRate, config.borrow.table),
      quotes: noQuotes,
    });
    const recorder = new SessionRecorder(createDeskSessionsRepo(store.db), clock);
    const sessionId = recorder.begin({ mode: 'paper', broker: 'paper', config: configInput });
    const detach = recorder.attach(sessionId, paper);
    const timer = new ImmediateTimer();
    const placed: Promise<unknown>[] = [];
    const replay = new MarketReplay(paper, timer, clock, {
      onQuotes: (batch) => recorder.recordQuotes(sessionId, batch),
      // The session's "strategy": the model's own decisions, all but the last one (a missed signal).
      onSessionClosed: (day) => {
        for (const group of groups) {
          if (group.day !== day || group === skipped) continue;
          recorder.recordDecision(sessionId, {
            pairId: group.pairId,
            day,
            forSession: group.orders[0]?.forSession ?? day,
            intent: group.intent,
            reason: 'scripted',
            legs: group.orders.map((order) => ({ leg: order.leg, symbol: order.symbol, side: order.side, quantity: order.quantity })),
          });
          for (const order of group.orders) placed.push(paper.placeOrder({ accountId: 'paper', order: { ...order, status: 'submitted', filledQuantity: 0, history: [] } }));
        }
      },
    });
    replay.start({ data: { bars: paperBars }, symbols: ['AAA', 'BBB'], fromDay: config.fromDay, toDay: config.toDay, speed: 1000, sessionId });
    timer.drain();
    await Promise.all(placed);
    detach();
    recorder.end(sessionId);

    const service = new DivergenceService(recorder, async () => bars);
    const result = await service.report(sessionId);
    const { differences, totals } = result.report;

    // The skipped decision: one missed signal and its legs' missing fills.
    const skippedFills = model.fills.filter((fill) => skipped.orders.some((order) => order.id === fill.orderId));
    expect(differences.filter((item) => item.kind === 'missed_signal')).toEqual([{ kind: 'missed_signal', pairId: skipped.pairId, day: skipped.day, sides: expect.any(String) }]);
    expect(differences.flatMap((item) => (item.kind === 'missing_fill' ? [item.symbol] : []))).toEqual(skippedFills.map((fill) => fill.symbol));

    // The altered open: one fill price difference of exactly 1 % of the open on the shares, and
    // its cost difference (slippage and impact scale with notional; commission per share does not).
    const price = differences.filter((item) => item.kind === 'fill_price');
    expect(price).toHaveLength(1);
    const modelOpen = pair.y.open[alteredIndex] as number;
    expect(price[0]).toMatchObject({ symbol: 'AAA', side: firstFill.side, quantity: firstFill.quantity, modelledPrice: modelOpen, recordedPrice: modelOpen * 1.01 });
    expect(price[0]?.kind === 'fill_price' ? price[0].dollars : NaN).toBeCloseTo(sideSign(firstFill.side) * (modelOpen * 1.01 - modelOpen) * firstFill.quantity, 6);
    const cost = differences.filter((item) => item.kind === 'cost');
    expect(cost).toHaveLength(1);
    const paperCosts = new CostModel(config.transactionCosts).costs({
      side: firstFill.side,
      day: firstFill.fillDay,
      quantity: firstFill.quantity,
      price: modelOpen * 1.01,
      tradedQuantity: firstFill.quantity,
      tradedPrice: modelOpen * 1.01,
      sigma: Number.NaN,
      adv: Number.NaN,
    });
    expect(cost[0]).toMatchObject({ symbol: 'AAA', byKind: { slippage: roundCents(paperCosts.slippage - firstFill.costs.slippage), commission: 0 } });

    // Nothing else differs, and the totals are the sums of the items listed.
    expect(differences.filter((item) => !['missed_signal', 'missing_fill', 'fill_price', 'cost'].includes(item.kind))).toEqual([]);
    expect(totals).toMatchObject({ missedSignals: 1, extraSignals: 0, priceDifferences: 1, costDifferences: 1, timingDifferences: 0, quantityDifferences: 0, extraFills: 0, missingFills: skippedFills.length });
    expect(totals.priceDollars).toBe(price[0]?.kind === 'fill_price' ? price[0].dollars : NaN);
    expect(totals.costDollars).toBe(cost[0]?.kind === 'cost' ? cost[0].dollars : NaN);
    expect(totals.fillsCompared).toBe(new Set(model.fills.map((fill) => `${fill.pairId}|${fill.leg}|${fill.signalDay}|${fill.side}`)).size - skippedFills.length);
    expect(result).toMatchObject({ sessionId, mode: 'paper', pairs: ['AAA/BBB'], recordedDecisions: groups.length - 1, modelledFills: model.fills.length });
    // What broker:divergence sends: the report fits the wire schema with nothing dropped (zod strips unknown keys).
    expect(sessionDivergenceSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('reports timing and extra signals too', () => {
    const fill = { orderId: 'o', pairId: 'P', leg: 'y' as const, symbol: 'AAA', side: 'BUY' as const, quantity: 10, price: 5, signalDay: 100, costs: { commission: 1, secFee: 0, finraTaf: 0, slippage: 0.01, impact: 0 } };
    const report = divergenceReport({
      recorded: { signals: [{ pairId: 'P', day: 100, sides: 'y:BUY' }, { pairId: 'P', day: 120, sides: 'y:SELL' }], fills: [{ ...fill, fillDay: 103 }] },
      modelled: { signals: signalsOfOrders([]).concat([{ pairId: 'P', day: 100, sides: 'y:BUY' }]), fills: [{ ...fill, fillDay: 101, tradedPrice: 5, tradedQuantity: 10 }] },
    });
    expect(report.differences).toEqual([
      { kind: 'extra_signal', pairId: 'P', day: 120, sides: 'y:SELL' },
      { kind: 'timing', key: 'P|y|100|BUY', symbol: 'AAA', recordedDay: 103, modelledDay: 101, days: 2 },
    ]);
    expect(report.totals).toMatchObject({ extraSignals: 1, timingDifferences: 1, fillsCompared: 1, priceDollars: 0, costDollars: 0 });
  });
});

interface OrderGroup {
  readonly pairId: string;
  readonly day: number;
  readonly intent: 'open' | 'close';
  readonly orders: Order[];
}

/** The backtest's orders as the decisions that made them (pair order and decision close). */
function groupOrders(orders: readonly Order[]): OrderGroup[] {
  const groups = new Map<string, OrderGroup>();
  for (const order of orders) {
    const key = `${order.id.slice(0, order.id.lastIndexOf('/'))}@${order.decidedOn}`;
    const group = groups.get(key) ?? { pairId: order.pairId, day: order.decidedOn, intent: order.side === 'BUY' || order.side === 'SELL_SHORT' ? 'open' : 'close', orders: [] };
    group.orders.push(order);
    groups.set(key, group);
  }
  return [...groups.values()];
}
