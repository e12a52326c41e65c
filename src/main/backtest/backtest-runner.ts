import { AppError } from '../../shared/ipc/errors';
import { ManualClock } from '../core/time/clock';
import type { EpochDay } from '../core/time/epoch-day';
import { totalCost, type Accrual, type CostKind, type AccrualKind, type Fill, type Order, type Position } from '../engine/domain';
import { OrderManager, type LegRiskEvent, type PairLegRequest, type PairOrder } from '../engine/order-manager';
import { Portfolio, type EquityRow } from '../engine/portfolio';
import { storedIsTraded, type PriceBasisPort } from '../engine/ports';
import { BacktestRiskCheck, drawdownBreached, type RiskCheck } from '../engine/risk-check';
import { sizePair } from '../engine/sizing';
import type { EntryDecision, PairPositionView, PairStrategy } from '../engine/strategy';
import { AlignedMarket, type BacktestData, type SymbolColumns } from './aligned-market';
import type { BacktestConfig } from './backtest-config';
import { BorrowTable } from './borrow-table';
import { CostModel } from './cost-model';
import { dividendAccruals, maintenanceRequirement, overnightAccruals } from './financing';
import { computeMetrics, type Metrics } from './metrics';
import { SimulatedVenue } from './simulated-venue';
import { PairBook, type TradeRecord } from './pair-book';
import { buyInPlans } from './buy-ins';
import { holdingsOf, riskBudgetScale } from './correlation-sizing';
import { betaToEqualWeightIndex, pairSummaries, type PairSummary } from './run-summaries';
import { createPairStrategy, type StrategyPairRef, type StrategyProvider } from './strategy-factory';

/**
 * The backtest event loop over daily bars: the ONE path
 *   strategy → sizing → risk → order manager → venue → fills → portfolio,
 * with the simulated exchange as the venue and a manual clock as time. For each day t:
 *   1. overnight accruals (borrow, rebate, margin interest) on the books held since t−1;
 *   2. corporate actions of t: dividends on the ex-date to books held overnight, splits;
 *   3. the venue runs session t: orders decided at the close of t−1 fill against bar t;
 *   4. the order manager settles pair orders and handles leg risk (follow-ups for t+1);
 *   5. mark to market at the close of t, one equity row;
 *   6. margin call → liquidate all; drawdown limit → flatten all and stop entering;
 *   7. from `from` on, and not on the last day, each pair's strategy decides at the close;
 *      entries are sized, risk-checked and sent for session t+1.
 * Deterministic: no randomness is used (the seed is recorded for the sweeps to come), pairs
 * and orders are processed in config order.
 */

export interface RunEvent {
  readonly day: EpochDay;
  readonly kind: 'leg_missing' | 'margin_call' | 'drawdown_flatten' | 'risk_denied' | 'buy_in' | LegRiskEvent['kind'];
  readonly pairId: string;
  readonly detail: string;
}

export interface BacktestResult {
  readonly config: BacktestConfig;
  readonly fills: readonly Fill[];
  readonly equity: readonly EquityRow[];
  readonly accruals: readonly Accrual[];
  readonly trades: readonly TradeRecord[];
  readonly orders: readonly Order[];
  /** The books still open after the last bar (marked to market, not closed). */
  readonly positions: readonly Position[];
  readonly events: readonly RunEvent[];
  /** Every decision and no-decision of every pair-day, by reason. */
  readonly decisionCounts: Readonly<Record<string, number>>;
  readonly noDecisionCounts: Readonly<Record<string, number>>;
  readonly costsByKind: Readonly<Record<CostKind, number>>;
  readonly accrualsByKind: Readonly<Record<AccrualKind, number>>;
  readonly metrics: Metrics;
  /** β of daily returns to an equal-weight index of the run's symbols. */
  readonly betaToUniverse: number;
  readonly pairSummaries: readonly PairSummary[];
  readonly warnings: readonly string[];
}

export interface RunOptions {
  /**
   * A cooperative cancel, polled every STOP_CHECK_DAYS days of the loop (the loop is
   * synchronous, so a worker's cancel message cannot be handled while it runs: the worker
   * passes a check that reads its port synchronously). True ends the run with CANCELLED.
   */
  readonly shouldStop?: () => boolean;
  /** Called at the same points with the days done and the days in the loop. */
  readonly onDays?: (done: number, total: number) => void;
  /** Replace the backtest risk limits (the paper desk passes its own port). */
  readonly riskCheck?: RiskCheck;
  /**
   * Builds each pair's strategy for a `strategy.kind: 'model'` config (model-lab issue); the
   * z-score and Kalman kinds are built from the config (strategy-factory.ts).
   */
  readonly strategyProvider?: StrategyProvider;
  /** Overrides every kind with a strategy of the caller's: scripted strategies in tests. */
  readonly strategyFactory?: (pair: StrategyPairRef) => PairStrategy;
  /**
   * Reuses the aligned market (immutable once built) across runs on the SAME data, keyed by
   * what shapes it (symbols, `to`, forward-fill gap, impact window): a sweep's configurations
   * differ in strategy parameters, not in these. The caller owns the map and uses it with one
   * `data` only.
   */
  readonly marketCache?: Map<string, AlignedMarket>;
}

const MILLIS_PER_DAY = 86_400_000;
/** About a month of bars between cancel checks: prompt, and cheap next to the day's work. */
export const STOP_CHECK_DAYS = 21;

export function runBacktest(config: BacktestConfig, data: BacktestData, options: RunOptions = {}): BacktestResult {
  const symbols = [...new Set(config.pairs.flatMap((pair) => [pair.y, pair.x]))];
  const market = alignedMarket(data, symbols, config, options.marketCache);
  const days = market.days;
  const firstTrading = days.findIndex((day) => day >= config.fromDay);
  if (firstTrading < 0) throw new AppError('VALIDATION_FAILED', `no data in the window ${config.from}..${config.to}`, { field: 'from' });

  const clock = new ManualClock((days[0] as number) * MILLIS_PER_DAY);
  const borrow = new BorrowTable(config.borrow.generalCollateralRate, config.borrow.table);
  const priceBasis = data.priceBasis ?? storedIsTraded;
  const venue = new SimulatedVenue({
    fill: config.fill,
    participationRate: config.execution.participationRate,
    costModel: new CostModel(config.transactionCosts),
    borrow,
    priceBasis,
  });
  const portfolio = new Portfolio(config.capital, days[0] as number, false);
  const riskCheck = options.riskCheck ?? new BacktestRiskCheck({ ...config.risk, maxGrossExposure: Math.min(config.risk.maxGrossExposure, 1 / config.margin.initial) });
  const fills: Fill[] = [];
  const accruals: Accrual[] = [];
  const events: RunEvent[] = [];
  const decisionCounts: Record<string, number> = {};
  const noDecisionCounts: Record<string, number> = {};
  const count = (table: Record<string, number>, key: string): void => {
    table[key] = (table[key] ?? 0) + 1;
  };
  let tradedNotional = 0;
  const borrowByPair = new Map<string, number>();
  let currentDay = days[0] as number;

  const books = config.pairs.map((pair, index) => {
    const id = config.pairs.findIndex((other) => other.y === pair.y && other.x === pair.x) === index ? `${pair.y}/${pair.x}` : `${pair.y}/${pair.x}#${index}`;
    const ref: StrategyPairRef = { id, y: pair.y, x: pair.x };
    const strategy = options.strategyFactory?.(ref) ?? createPairStrategy(config.strategy, ref, options.strategyProvider);
    return new PairBook(id, market.symbol(pair.y), market.symbol(pair.x), strategy, portfolio);
  });
  const bookById = new Map(books.map((book) => [book.id, book]));

  const manager = new OrderManager({
    venue,
    clock,
    legRisk: config.legRisk,
    priceBasis,
    onFill: (fill: Fill, pairOrder: PairOrder) => {
      portfolio.applyFill(fill);
      fills.push(fill);
      tradedNotional += fill.quantity * fill.price;
      const book = bookById.get(fill.pairId);
      if (book === undefined) throw new AppError('INTERNAL', `fill for unknown pair ${fill.pairId}`);
      book.costs += totalCost(fill.costs);
      if (pairOrder.intent === 'close') book.lastCloseReason = pairOrder.reason;
    },
    onLegRisk: (event) => {
      events.push({ day: currentDay, kind: event.kind, pairId: event.pairId, detail: event.pairOrderId });
    },
  });

  const markOf = (index: number) => (symbol: string): number | undefined => {
    const value = market.symbol(symbol).mark[index] as number;
    return Number.isNaN(value) ? undefined : value;
  };
  const book = (accrual: Accrual): void => {
    portfolio.applyAccrual(accrual);
    accruals.push(accrual);
    if (accrual.pairId !== '') {
      const pair = bookById.get(accrual.pairId);
      if (pair !== undefined) pair.accruals += accrual.amount;
      if (accrual.kind === 'borrow_fee') borrowByPair.set(accrual.pairId, (borrowByPair.get(accrual.pairId) ?? 0) - accrual.amount);
    }
  };
  const closeLegs = (pair: PairBook): PairLegRequest[] => {
    const legs: PairLegRequest[] = [];
    for (const [leg, columns] of [['y', pair.y], ['x', pair.x]] as const) {
      const quantity = portfolio.quantityOf(pair.id, columns.symbol);
      if (quantity > 0) legs.push({ leg, symbol: columns.symbol, side: 'SELL', quantity });
      if (quantity < 0) legs.push({ leg, symbol: columns.symbol, side: 'BUY_TO_COVER', quantity: -quantity });
    }
    return legs;
  };
  const isOpen = (pair: PairBook): boolean => pair.open;
  const flattenAll = (reason: string, day: EpochDay, next: EpochDay): void => {
    for (const pair of books) {
      if (!isOpen(pair) || manager.hasWorking(pair.id)) continue;
      manager.submitPair(pair.id, 'close', reason, closeLegs(pair), day, next);
    }
  };

  const equity: EquityRow[] = [];
  let peak = config.capital;
  let halted = false;
  let liquidating = false;
  let daysWithPosition = 0;
  const last = days.length - 1;
  const reshorts = new Map<string, PairLegRequest>();

  for (let i = 0; i < days.length; i++) {
    if (i % STOP_CHECK_DAYS === 0 && i > 0) {
      options.onDays?.(i, days.length);
      if (options.shouldStop?.() === true) throw new AppError('CANCELLED', `The backtest was cancelled at day ${i} of ${days.length}.`, { day: i, days: days.length });
    }
    const day = days[i] as number;
    const next = i < last ? (days[i + 1] as number) : day + 1;
    currentDay = day;
    clock.set(day * MILLIS_PER_DAY);

    if (i > 0) {
      for (const accrual of overnightAccruals({ day, calendarDays: day - (days[i - 1] as number), positions: portfolio.openBooks(), markOf: markOf(i - 1), cash: portfolio.cash, borrow, financing: config.financing })) book(accrual);
    }
    for (const symbol of symbols) {
      const columns = market.symbol(symbol);
      const actions = columns.actionsByDay.get(day);
      if (actions === undefined) continue;
      for (const action of actions) {
        if (action.kind === 'dividend') {
          for (const accrual of dividendAccruals(day, portfolio.positions().filter((p) => p.symbol === symbol), () => action.amount)) book(accrual);
        } else {
          const price = Number.isNaN(columns.open[i] as number) ? (columns.mark[i] as number) : (columns.open[i] as number);
          portfolio.applySplit(symbol, action.ratio, day, price);
          manager.applySplit(symbol, action.ratio);
          venue.applySplit(symbol, action.ratio);
        }
      }
    }

    venue.runSession(day, (symbol) => market.bar(market.symbol(symbol), i), (symbol) => market.stats(market.symbol(symbol), i));
    manager.endOfSession(day, next);

    const valuation = portfolio.valuation(markOf(i));
    const row: EquityRow = {
      day,
      cash: portfolio.cash,
      marketValue: valuation.marketValue,
      equity: portfolio.cash + valuation.marketValue,
      realizedPnl: portfolio.realizedPnl,
      unrealizedPnl: valuation.unrealizedPnl,
      costs: portfolio.costs,
      accruals: portfolio.accruals,
    };
    if (day >= config.fromDay) equity.push(row);
    peak = Math.max(peak, row.equity);
    let anyOpen = false;
    const markToday = markOf(i);
    for (const pair of books) {
      const open = isOpen(pair);
      anyOpen ||= open;
      pair.observe(i, day, open, markToday);
    }
    if (anyOpen && day >= config.fromDay) daysWithPosition++;

    if (!liquidating && anyOpen && row.equity < maintenanceRequirement(valuation.long, valuation.short, config.financing.margin)) {
      liquidating = true;
      events.push({ day, kind: 'margin_call', pairId: '', detail: `equity ${row.equity.toFixed(2)} below maintenance ${maintenanceRequirement(valuation.long, valuation.short, config.financing.margin).toFixed(2)}` });
      flattenAll('margin_call', day, next);
    } else if (!anyOpen) {
      liquidating = false;
    }
    if (!halted && drawdownBreached(row.equity, peak, config.risk)) {
      halted = true;
      events.push({ day, kind: 'drawdown_flatten', pairId: '', detail: `equity ${row.equity.toFixed(2)} vs peak ${peak.toFixed(2)}` });
      flattenAll('drawdown', day, next);
    }
    if (!halted && !liquidating && i > 0) {
      const plans = buyInPlans({ pairs: books, borrow, previousDay: days[i - 1] as number, day, nextSession: next, policy: config.legRisk.policy, isWorking: (id) => manager.hasWorking(id), reshorts });
      for (const plan of plans) {
        events.push({ day, kind: 'buy_in', pairId: plan.pairId, detail: `${plan.reason} ${plan.symbol}` });
        manager.submitPair(plan.pairId, plan.intent, plan.reason, plan.legs, day, next);
      }
    }

    if (day < config.fromDay) {
      for (let p = 0; p < books.length; p++) count(noDecisionCounts, 'warmup');
      continue;
    }
    // What the risk check sees: exposures at this close (positions do not move while the
    // strategies decide) and the pairs already active, counting entries sent this close.
    let exposures: Map<string, number> | undefined;
    let activePairs = 0;
    const active = new Set<string>();
    for (const pair of books) {
      if (isOpen(pair) || manager.hasWorking(pair.id)) {
        active.add(pair.id);
        activePairs++;
      }
    }
    for (const pair of books) {
      if (i === last) {
        count(noDecisionCounts, 'last_day');
        continue;
      }
      if (halted || liquidating) {
        count(noDecisionCounts, 'halted');
        continue;
      }
      if (manager.hasWorking(pair.id)) {
        count(noDecisionCounts, 'orders_working');
        continue;
      }
      if (pair.y.valid[i] !== 1 || pair.x.valid[i] !== 1) {
        count(noDecisionCounts, 'leg_missing');
        events.push({ day, kind: 'leg_missing', pairId: pair.id, detail: pair.y.valid[i] !== 1 ? pair.y.symbol : pair.x.symbol });
        continue;
      }
      const position: PairPositionView = pair.positionView(i);
      const output = pair.strategy.decide({ day, logY: pair.y.logClose.subarray(0, i + 1), logX: pair.x.logClose.subarray(0, i + 1), position });
      if (output.kind === 'none') {
        count(noDecisionCounts, output.reason);
        continue;
      }
      if (output.kind === 'exit') {
        count(decisionCounts, output.reason);
        manager.submitPair(pair.id, 'close', output.reason, closeLegs(pair), day, next);
        continue;
      }
      // A strategy's share of the risk budget (a canary model's cap) scales its equity; every sizing method is linear in it.
      const budget = row.equity * (output.riskShare ?? 1);
      let legs = entryLegs(pair, output, i, budget, config, priceBasis, day);
      if (legs !== undefined && config.sizing.correlationAware) {
        const open = books.filter((other) => other !== pair && other.open).map((other) => [
          { columns: other.y, quantity: other.bookY.quantity },
          { columns: other.x, quantity: other.bookX.quantity },
        ]);
        const { scale } = riskBudgetScale(holdingsOf(legs, (symbol) => market.symbol(symbol)), open, i, config.strategy.lookback);
        // Every sizing method is linear in equity, so scaling the equity scales the pair.
        if (scale < 1) legs = entryLegs(pair, output, i, budget * scale, config, priceBasis, day);
      }
      if (legs === undefined) {
        count(noDecisionCounts, 'size_zero');
        continue;
      }
      if (exposures === undefined) {
        exposures = new Map<string, number>();
        const mark = markOf(i);
        for (const position of portfolio.openBooks()) exposures.set(position.symbol, (exposures.get(position.symbol) ?? 0) + position.quantity * (mark(position.symbol) ?? Number.NaN));
      }
      const openPairs = activePairs - (active.has(pair.id) ? 1 : 0);
      const decision = riskCheck.check({
        pairId: pair.id,
        intent: 'open',
        legs: legs.map((leg) => ({ symbol: leg.symbol, signedNotional: (leg.side === 'BUY' ? 1 : -1) * leg.quantity * (market.symbol(leg.symbol).close[i] as number) })),
        equity: row.equity,
        peakEquity: peak,
        openPairs,
        exposures,
      });
      if (!decision.allowed) {
        count(noDecisionCounts, 'risk_denied');
        const failed = decision.checks.filter((check) => !check.passed).map((check) => check.name);
        events.push({ day, kind: 'risk_denied', pairId: pair.id, detail: failed.join(',') });
        continue;
      }
      count(decisionCounts, `enter_${output.direction}`);
      if (!active.has(pair.id)) {
        active.add(pair.id);
        activePairs++;
      }
      pair.pendingHalfLife = output.halfLife;
      manager.submitPair(pair.id, 'open', `entry_${output.direction}`, legs, day, next);
    }
  }

  const finalIndex = days.length - 1;
  const trades = books.flatMap((pair) => pair.finish(markOf(finalIndex)));
  return {
    config,
    fills,
    equity,
    accruals,
    trades,
    orders: manager.allOrders(),
    positions: portfolio.positions(),
    events,
    decisionCounts,
    noDecisionCounts,
    costsByKind: portfolio.costsByKind(),
    accrualsByKind: portfolio.accrualsByKind(),
    betaToUniverse: betaToEqualWeightIndex(market, symbols, equity, config.capital),
    pairSummaries: pairSummaries(books.map((pair) => pair.id), trades, borrowByPair),
    metrics: computeMetrics({ capital: config.capital, rows: equity, trades: trades.filter((trade) => trade.exitReason !== 'open_at_end'), tradedNotional, daysWithPosition, riskFreeRate: config.riskFreeRate }),
    warnings: [...(data.warnings ?? [])],
  };
}

function alignedMarket(data: BacktestData, symbols: readonly string[], config: BacktestConfig, cache: Map<string, AlignedMarket> | undefined): AlignedMarket {
  const build = () => new AlignedMarket(data, symbols, config.toDay, config.data.maxForwardFillDays, config.transactionCosts.impact.window);
  if (cache === undefined) return build();
  const key = `${symbols.join(',')}|${config.toDay}|${config.data.maxForwardFillDays}|${config.transactionCosts.impact.window}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const market = build();
  cache.set(key, market);
  return market;
}

/** The entry's legs, sized at the decision close (the strategy runner on the desk sizes with this too). */
export function entryLegs(pair: Pick<PairBook, 'y' | 'x'>, decision: EntryDecision, index: number, equity: number, config: BacktestConfig, basis: PriceBasisPort, day: EpochDay): PairLegRequest[] | undefined {
  const priceY = pair.y.close[index] as number;
  const priceX = pair.x.close[index] as number;
  // Lots are sized in traded shares at the decision close (φ = traded per stored share).
  const tradedPerStoredY = basis.tradedShares(pair.y.symbol, day, 1);
  const tradedPerStoredX = basis.tradedShares(pair.x.symbol, day, 1);
  const size = sizePair(
    { equity, priceY, priceX, decision, exitBand: config.strategy.exit, lookback: config.strategy.lookback, tradedPerStoredY, tradedPerStoredX },
    { sizing: sizingMethod(config), legs: config.sizing.legs, lotSize: config.sizing.lotSize },
  );
  if (size.quantityY === 0) return undefined;
  const longY = decision.direction === 'long';
  const buyX = size.sameDirection ? longY : !longY;
  const limit = (price: number, buy: boolean): number | undefined => {
    if (config.execution.orderType !== 'LIMIT') return undefined;
    const offset = config.execution.limitOffsetBps / 10_000;
    return buy ? price * (1 + offset) : price * (1 - offset);
  };
  const legY: PairLegRequest = { leg: 'y', symbol: pair.y.symbol, side: longY ? 'BUY' : 'SELL_SHORT', quantity: size.quantityY, ...withLimit(limit(priceY, longY)) };
  const legX: PairLegRequest = { leg: 'x', symbol: pair.x.symbol, side: buyX ? 'BUY' : 'SELL_SHORT', quantity: size.quantityX, ...withLimit(limit(priceX, buyX)) };
  return [legY, legX];
}

function withLimit(limitPrice: number | undefined): { limitPrice?: number } {
  return limitPrice === undefined ? {} : { limitPrice };
}

function sizingMethod(config: BacktestConfig) {
  const sizing = config.sizing;
  switch (sizing.method) {
    case 'fixed_fraction':
      return { method: 'fixed_fraction', fraction: sizing.fraction } as const;
    case 'vol_target':
      return { method: 'vol_target', annualVolatility: sizing.annualVolatility, maxFraction: sizing.maxFraction } as const;
    case 'kelly':
      return { method: 'kelly', kellyFraction: sizing.kellyFraction, cap: sizing.cap, maxFraction: sizing.maxFraction } as const;
    default:
      throw new AppError('INTERNAL', `unhandled sizing method ${String(sizing.method satisfies never)}`);
  }
}

export type { SymbolColumns, TradeRecord };
