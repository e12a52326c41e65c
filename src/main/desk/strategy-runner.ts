import type { Logger } from 'pino';
import type { StrategyDecision, StrategyStartRequest, StrategyStatus } from '../../shared/domain/desk-strategy';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { AuditEvent } from '../audit/core/audit-actions';
import { parseBacktestConfig, type BacktestConfig } from '../backtest/backtest-config';
import { PairBook } from '../backtest/pair-book';
import { createPairStrategy } from '../backtest/strategy-factory';
import type { BrokerOrderEvent } from '../broker/broker-port';
import type { RecordedDecision, RecordedNoDecision } from '../broker/recording/session-recorder';
import type { OhlcvColumns } from '../core/market/series';
import type { Clock } from '../core/time/clock';
import { formatIsoDate, type EpochDay } from '../core/time/epoch-day';
import type { PairLegRequest } from '../engine/order-manager';
import { isWorking } from '../engine/order-state';
import { Portfolio } from '../engine/portfolio';
import type { PairStrategy } from '../engine/strategy';
import { AlignedMarket } from '../backtest/aligned-market';
import { entryLegs } from '../backtest/backtest-runner';
import { storedIsTraded } from '../engine/ports';
import { strategyStep, type StepOutcome } from './core/strategy-step';
import type { DeskService } from './desk.service';

/**
 * Runs configured pair strategies on the desk (issue 14, "the whole live loop offline"): at
 * every replayed session close each running pair decides on the data up to that close
 * (core/strategy-step.ts, the backtester's own rules and sizing), and a decision goes to the
 * desk's `placeForStrategy` for the next session, so it passes the same trading gate, risk
 * port and order manager as a ticket. Every decision and no-decision, with the closes it used,
 * is recorded in the session the start began, so `arbdesk divergence --session ID` replays
 * the same config through the backtester.
 *
 * One strategy set at a time: a recorded session holds one backtest config, which is what the
 * divergence report replays. Its equity for sizing is its own book (the config's capital plus
 * the P&L of its pairs' fills), as in the backtest, not the account's.
 */

export interface StrategyRecording {
  /** Begins a recorded session whose config is `config` (the paper desk's startSession). */
  begin(config: unknown): string;
  decision(sessionId: string, decision: RecordedDecision): void;
  noDecision(sessionId: string, entry: Omit<RecordedNoDecision, 'outcome'>): void;
}

export interface StrategyRunnerDeps {
  readonly desk: () => Pick<DeskService, 'placeForStrategy' | 'blotter' | 'updateQuotes'>;
  readonly subscribeOrders: (listener: (event: BrokerOrderEvent) => void) => () => void;
  readonly loadBars: (symbol: string, to: EpochDay) => Promise<OhlcvColumns | undefined>;
  /**
   * Prepares the desk's account for `symbols` (the desk module's refreshAccount): the broker's
   * shortability and the stored closes the pre-trade checks read. The checks run synchronously
   * at each close, so this runs at start, before the first decision is checked; without it every
   * short leg fails closed on unknown shortability and the correlation limit has no returns.
   */
  readonly prepare: (symbols: readonly string[]) => Promise<void>;
  readonly recording: StrategyRecording;
  readonly audit: (entry: AuditEvent) => void;
  readonly publish: (statuses: StrategyStatus[]) => void;
  readonly clock: Clock;
  readonly logger: Logger;
}

interface RunningPair {
  readonly id: string;
  readonly y: string;
  readonly x: string;
  readonly strategy: PairStrategy;
  /** The position view's bookkeeping (entry close, half-life, P&L return), as in the backtest. */
  book: PairBook | null;
  running: boolean;
  decisions: number;
  last: StrategyDecision | null;
}

interface StrategySet {
  readonly id: string;
  readonly config: BacktestConfig;
  readonly sessionId: string;
  readonly symbols: readonly string[];
  readonly bars: ReadonlyMap<string, OhlcvColumns>;
  readonly portfolio: Portfolio;
  readonly pairs: Map<string, RunningPair>;
}

export class StrategyRunner {
  private active: StrategySet | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: StrategyRunnerDeps) {
    this.unsubscribe = deps.subscribeOrders((event) => this.onOrderEvent(event));
  }

  dispose(): void {
    this.unsubscribe();
  }

  list(): StrategyStatus[] {
    const set = this.active;
    if (set === null) return [];
    return [...set.pairs.values()].map((pair) => ({
      strategyId: set.id,
      kind: set.config.strategy.kind,
      pair: pair.id,
      running: pair.running,
      sessionId: set.sessionId,
      from: set.config.from,
      to: set.config.to,
      decisions: pair.decisions,
      lastDecision: pair.last,
    }));
  }

  async start(request: StrategyStartRequest, actor: string): Promise<StrategyStatus[]> {
    const running = this.active === null ? [] : [...this.active.pairs.values()].filter((pair) => pair.running);
    if (running.length > 0) {
      throw new AppError('CONFLICT', `Strategy ${this.active?.id ?? ''} is running on ${running.map((pair) => pair.id).join(', ')}; stop it first (a recorded session replays one config)`, { running: running.map((pair) => pair.id) });
    }
    const config = parseBacktestConfig(request.config);
    if (config.strategy.kind === 'model') throw new AppError('CONFIG_INVALID', 'strategy.kind: model strategies are not run on the desk yet (zscore or kalman)', { field: 'strategy.kind' });
    if (config.sizing.correlationAware) throw new AppError('CONFIG_INVALID', 'sizing.correlationAware: not supported by the desk strategy runner yet', { field: 'sizing.correlationAware' });
    const ids = config.pairs.map((pair) => `${pair.y}/${pair.x}`);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate !== undefined) throw new AppError('CONFIG_INVALID', `pairs: ${duplicate} is listed twice`, { field: 'pairs', pair: duplicate });
    // The strategy's books start flat, as the backtest's do: shares or orders it did not place
    // would be closed or added to by decisions made on a view that does not know them.
    const blotter = this.deps.desk().blotter();
    const held = ids.filter((pairId) => blotter.positions.some((position) => position.pair === pairId && position.legs.some((leg) => leg.quantity !== 0)) || blotter.orders.some((order) => order.pair === pairId && isWorking(order.status)));
    if (held.length > 0) throw new AppError('CONFLICT', `pairs: ${held.join(', ')} already hold shares or working orders on the desk; close them first (a strategy starts flat)`, { field: 'pairs', pairs: held });
    const symbols = [...new Set(config.pairs.flatMap((pair) => [pair.y, pair.x]))];
    const bars = new Map<string, OhlcvColumns>();
    for (const symbol of symbols) {
      // Loaded up to `to` once; each close aligns only the bars up to itself (marketAtClose).
      const series = await this.deps.loadBars(symbol, config.toDay);
      if (series === undefined) throw new AppError('NOT_FOUND', `pairs: no stored bars for ${symbol}`, { field: 'pairs', symbol });
      bars.set(symbol, series);
    }
    await this.deps.prepare(symbols);
    const id = request.id ?? config.strategy.kind;
    const sessionId = this.deps.recording.begin(request.config);
    const pairs = new Map<string, RunningPair>();
    for (const pair of config.pairs) {
      const pairId = `${pair.y}/${pair.x}`;
      pairs.set(pairId, { id: pairId, y: pair.y, x: pair.x, strategy: createPairStrategy(config.strategy, { id: pairId, y: pair.y, x: pair.x }, undefined), book: null, running: true, decisions: 0, last: null });
    }
    this.active = { id, config, sessionId, symbols, bars, portfolio: new Portfolio(config.capital, config.fromDay, false), pairs };
    this.deps.audit({ actor, action: 'desk.strategy-start', subject: id, details: { kind: config.strategy.kind, pairs: [...pairs.keys()], sessionId, from: config.from, to: config.to } });
    return this.changed();
  }

  /** The symbols of the running pairs (the desk renews their shortability after each close). */
  symbols(): string[] {
    const set = this.active;
    if (set === null) return [];
    return [...new Set([...set.pairs.values()].filter((pair) => pair.running).flatMap((pair) => [pair.y, pair.x]))];
  }

  stop(pairs: readonly string[] | undefined, actor: string, reason: string | null): StrategyStatus[] {
    const set = this.active;
    if (set === null) throw new AppError('NOT_FOUND', 'No strategy is running on the desk', {});
    const targets = pairs ?? [...set.pairs.keys()];
    for (const pairId of targets) {
      if (!set.pairs.has(pairId)) throw new AppError('NOT_FOUND', `pairs: strategy ${set.id} does not trade ${pairId}`, { field: 'pairs', pair: pairId });
    }
    const stopped = targets.filter((pairId) => set.pairs.get(pairId)?.running === true);
    for (const pairId of stopped) {
      const pair = set.pairs.get(pairId);
      if (pair !== undefined) pair.running = false;
    }
    this.deps.audit({ actor, action: 'desk.strategy-stop', subject: set.id, reason, details: { pairs: stopped } });
    return this.changed();
  }

  /** A replayed session closed: every running pair decides for `next` on the data up to `day`. */
  onSessionClosed(day: EpochDay, next: EpochDay | null): void {
    const set = this.active;
    if (set === null || ![...set.pairs.values()].some((pair) => pair.running)) return;
    // Aligned up to this close only (AlignedMarket drops every bar after its toDay), over the
    // config's symbols as the backtester aligns them, so the close's index matches its run.
    const market = new AlignedMarket({ bars: set.bars }, set.symbols, day, set.config.data.maxForwardFillDays, set.config.transactionCosts.impact.window);
    const last = market.days.length - 1;
    const i = last >= 0 && market.days[last] === day ? last : -1;
    const markOf = (symbol: string): number | undefined => {
      if (i < 0) return undefined;
      const value = market.symbol(symbol).mark[i] as number;
      return Number.isNaN(value) ? undefined : value;
    };
    const working = new Set(this.deps.desk().blotter().orders.filter((order) => isWorking(order.status)).map((order) => order.pair));
    const equity = set.portfolio.cash + set.portfolio.valuation(markOf).marketValue;
    for (const pair of set.pairs.values()) {
      if (!pair.running) continue;
      const y = market.symbol(pair.y);
      const x = market.symbol(pair.x);
      if (i >= 0) {
        pair.book ??= new PairBook(pair.id, y, x, pair.strategy, set.portfolio);
        pair.book.observe(i, day, pair.book.open, markOf);
      }
      const outcome = strategyStep({
        day,
        next,
        fromDay: set.config.fromDay,
        toDay: set.config.toDay,
        index: i,
        y,
        x,
        strategy: pair.strategy,
        position: pair.book === null || i < 0 ? { side: 'flat', barsHeld: 0, entryHalfLife: Number.POSITIVE_INFINITY, pnlReturn: 0, peakPnlReturn: 0 } : pair.book.positionView(i),
        quantities: { y: set.portfolio.quantityOf(pair.id, pair.y), x: set.portfolio.quantityOf(pair.id, pair.x) },
        ordersWorking: working.has(pair.id),
        // The desk trades the stored basis (the paper broker's priceBasis is the identity).
        sizeEntry: (decision) => entryLegs({ y, x }, decision, i, equity, set.config, storedIsTraded, day),
      });
      this.act(set, pair, day, next, outcome, { y: markOf(pair.y), x: markOf(pair.x) });
    }
    this.changed();
  }

  private act(set: StrategySet, pair: RunningPair, day: EpochDay, next: EpochDay | null, outcome: StepOutcome, closes: { y: number | undefined; x: number | undefined }): void {
    pair.decisions += 1;
    if (outcome.kind === 'none') {
      this.none(set, pair, day, outcome.reason, outcome.detail, outcome.z);
      return;
    }
    const quotes = [
      { symbol: pair.y, close: closes.y },
      { symbol: pair.x, close: closes.x },
    ].flatMap((quote) => (quote.close === undefined ? [] : [{ symbol: quote.symbol, close: quote.close }]));
    // The desk prices the risk check on its quotes: give it the closes decided on (the backtester's prices).
    const now = this.deps.clock.now();
    this.deps.desk().updateQuotes(quotes.map((quote) => ({ symbol: quote.symbol, bid: null, ask: null, last: quote.close, time: now })));
    const intent = outcome.kind === 'enter' ? 'open' : 'close';
    let pairOrderId: string;
    try {
      pairOrderId = this.deps.desk().placeForStrategy(set.id, pair.id, intent, outcome.reason, outcome.legs);
    } catch (error) {
      // A refused order is a no-decision with its reason, as in the backtest (risk_denied).
      if (!isAppError(error)) throw error;
      this.none(set, pair, day, error.code === 'VALIDATION_FAILED' ? 'risk_denied' : 'refused', error.message, outcome.z);
      return;
    }
    // The gate refuses at dispatch (HALTED, REDUCE_ONLY adding): every leg ends rejected at once,
    // nothing reached the broker, so it is a no-decision with the gate's reason, not a signal.
    const legsPlaced = this.deps.desk().blotter().orders.filter((order) => order.pairOrderId === pairOrderId);
    if (legsPlaced.length > 0 && legsPlaced.every((order) => order.status === 'rejected')) {
      this.none(set, pair, day, 'rejected', `${pairOrderId}: ${legsPlaced[0]?.detail ?? 'rejected'}`, outcome.z);
      return;
    }
    if (outcome.kind === 'enter' && pair.book !== null) pair.book.pendingHalfLife = outcome.halfLife;
    this.deps.recording.decision(set.sessionId, {
      pairId: pair.id,
      day,
      forSession: next ?? day,
      intent,
      reason: outcome.reason,
      legs: outcome.legs.map((leg: PairLegRequest) => ({ leg: leg.leg, symbol: leg.symbol, side: leg.side, quantity: leg.quantity })),
      strategy: set.id,
      z: outcome.z,
      quotes,
      pairOrderId,
    });
    pair.last = { day: formatIsoDate(day), kind: outcome.kind, reason: outcome.reason, z: outcome.z, detail: outcome.legs.map((leg) => `${leg.side} ${leg.quantity} ${leg.symbol}`).join(', '), pairOrderId };
  }

  private none(set: StrategySet, pair: RunningPair, day: EpochDay, reason: string, detail: string | null, z: number | null): void {
    const finiteZ = z !== null && Number.isFinite(z) ? z : null;
    this.deps.recording.noDecision(set.sessionId, { pairId: pair.id, day, strategy: set.id, reason, detail, z: finiteZ });
    pair.last = { day: formatIsoDate(day), kind: 'none', reason, z: finiteZ, detail, pairOrderId: null };
  }

  /** The strategy's books follow the fills of its pairs (sizing equity and the position view). */
  private onOrderEvent(event: BrokerOrderEvent): void {
    const set = this.active;
    if (event.kind !== 'fill' || set === null || !set.pairs.has(event.fill.pairId)) return;
    const { orderId, pairId, leg, symbol, side, quantity, price, tradedPrice, tradedQuantity, signalDay, fillDay, costs } = event.fill;
    set.portfolio.applyFill({ orderId, pairId, leg, symbol, side, quantity, price, tradedPrice, tradedQuantity, signalDay, fillDay, costs });
  }

  private changed(): StrategyStatus[] {
    const statuses = this.list();
    this.deps.publish(statuses);
    return statuses;
  }
}
