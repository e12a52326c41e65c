import type { BlotterSnapshot, DeskOrder, HaltOutcome, PlaceResult, TicketPreview, TicketRequest } from '../../shared/domain/desk';
import type { TradingContext } from '../../shared/domain/trading';
import { AppError } from '../../shared/ipc/errors';
import type { Fill, Order } from '../engine/domain';
import { OrderManager, type LegRiskEvent, type PairIntent, type PairLegRequest } from '../engine/order-manager';
import { isFinal, isWorking } from '../engine/order-state';
import { Portfolio } from '../engine/portfolio';
import type { Venue, VenueEvent, VenueListener } from '../engine/ports';
import { exposuresOf, hasWorkingOrderOf, openPairsOf, pairExposuresOf, sharesBySymbol, workingSignedOf } from './core/desk-book';
import { inScope, pairLegs } from './core/desk-scope';
import { flattenLegs } from './core/flatten-plan';
import { pairReduces } from './core/reduce-only';
import { closingLegs, deskChecks, openingLegs, toWireCheck, type TicketLegPlan, type TicketQuote } from './core/ticket';
import type { DeskQuoteRecord } from './desk-ports';
export type { DeskRiskHooks } from './desk-ports';
import { blotterSnapshot, markOf, nakedLegsOf, pairPositions, toWireOrder, toWireQuote, type OrderMeta } from './desk-wire';
import { HaltCoordinator } from './halt-coordinator';
import { DeskRiskGate, type CheckedOrder } from './desk-risk-gate';
import { restoredBooks } from './core/restored-books';
import { assemblePreview } from './core/ticket-preview';
import type { DeskServiceOptions } from './desk-service-options';
import { CoalescedPush, DEFAULT_BLOTTER_PUSH_MS } from './coalesced-push';
export type { DeskServiceOptions } from './desk-service-options';

/**
 * The one live path: ticket or strategy → sizing → pre-trade risk (the RiskCheck port) →
 * OrderManager → the broker's venue → fills → portfolio. Every dispatch, including the order
 * manager's own leg-risk resubmits, passes the trading gate first (KillSwitch.refresh, then
 * the effective state for the order's pair and strategy); REDUCE_ONLY lets an order through
 * only when it shrinks the books it trades. Only a halt's own flatten passes a HALTED gate.
 */
interface SubmitContext {
  readonly intent: PairIntent;
  readonly strategy: string | null;
  readonly reason: string;
  readonly flatten: boolean;
  readonly queuedForOpen: boolean;
}

export class DeskService {
  private readonly manager: OrderManager;
  private readonly portfolio: Portfolio;
  private readonly halts: HaltCoordinator;
  private readonly meta = new Map<string, OrderMeta>();
  private readonly strategyOfPair = new Map<string, string | null>();
  private readonly fills: Fill[] = [];
  private readonly quotes = new Map<string, DeskQuoteRecord>();
  private readonly listeners = new Set<VenueListener>();
  private readonly resubmits = new Map<string, number>();
  private readonly replacements = new Map<string, { quantity?: number; limitPrice?: number }>();
  /** Scopes whose flatten waits for their cancels to be confirmed. */
  private readonly flattenAfterCancels = new Map<string, { actor: string; reason: string | null }>();
  private submitting: SubmitContext | null = null;
  private readonly gate: DeskRiskGate;
  private peakEquity: number;
  private revision = 0;
  private readonly push: CoalescedPush<BlotterSnapshot>;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: DeskServiceOptions) {
    this.portfolio = new Portfolio(options.capital, options.session.today(options.clock.now()));
    this.peakEquity = options.capital;
    const venue: Venue = {
      submit: (order) => this.dispatch(order),
      cancel: (orderId) => options.broker.venue.cancel(orderId),
      onEvent: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    this.manager = new OrderManager({
      venue,
      clock: options.clock,
      legRisk: options.legRisk,
      onFill: (fill) => {
        this.portfolio.applyFill(fill);
        this.fills.push(fill);
      },
      onLegRisk: (event) => this.onLegRisk(event),
    });
    this.halts = new HaltCoordinator({
      broker: options.broker,
      clock: options.clock,
      timers: options.timers,
      backoff: options.backoff,
      publisher: options.publisher,
      logger: options.logger,
      orderOf: (id) => this.manager.order(id),
      onPairSettled: () => this.flattenWhenSettled(),
    });
    this.gate = new DeskRiskGate({
      riskCheck: options.riskCheck,
      hooks: options.hooks,
      clock: options.clock,
      session: options.session,
      view: { quoteOf: (symbol) => this.quotes.get(symbol), equity: () => this.equity(), peakEquity: () => this.peakEquity, openPairs: (except) => this.openPairs(except), exposures: () => this.exposures() },
    });
    this.push = new CoalescedPush({ timers: options.timers, intervalMs: options.blotterPushMs ?? DEFAULT_BLOTTER_PUSH_MS, snapshot: () => this.blotter(), send: (snapshot) => options.publisher.blotter(snapshot) });
    this.unsubscribe = options.broker.venue.onEvent((event) => this.fromBroker(event));
  }

  dispose(): void {
    this.push.flush(); // the last state reaches the UI even when the desk stops inside an interval
    this.unsubscribe();
    this.halts.dispose();
    this.manager.dispose();
  }

  async preview(request: TicketRequest): Promise<TicketPreview> {
    const symbols = pairLegs(request.pair);
    if (symbols === null) throw new AppError('VALIDATION_FAILED', `pair: "${request.pair}" is not <Y>/<X>`, { field: 'pair' });
    await this.refreshQuotes([symbols.y, symbols.x]);
    await this.options.prepare?.([symbols.y, symbols.x]);
    const now = this.options.clock.now();
    const quoteOf = (symbol: string): TicketQuote | null => {
      const quote = this.quotes.get(symbol);
      return quote === undefined ? null : toWireQuote(quote, now);
    };
    const equity = this.equity();
    const legs: TicketLegPlan[] =
      request.intent === 'open'
        ? openingLegs({ request, symbols, quotes: { y: quoteOf(symbols.y), x: quoteOf(symbols.x) }, equity, sizing: this.options.sizing })
        : this.closingPlan(request.pair, symbols);
    const forSession = this.options.session.forSession(now);
    const checks = deskChecks({ request, legs, quotes: new Map(legs.map((plan) => [plan.symbol, quoteOf(plan.symbol)])), maxQuoteAgeMs: this.options.maxQuoteAgeMs });
    const { decision } = this.gate.check(request.pair, request.intent, legs.map((plan) => ({ ...plan, price: plan.referencePrice })), `ticket:${request.pair}`);
    checks.push(...decision.checks.map(toWireCheck));
    const state = this.options.gate.current(contextOf(request)).effective;
    const reduces = pairReduces(legs, (symbol) => this.portfolio.quantityOf(request.pair, symbol), (symbol) => this.workingSigned(request.pair, symbol));
    return assemblePreview({ request, legs, quoteOf: (symbol) => this.quotes.get(symbol), now, forSession, estimateCosts: this.options.estimateCosts, checks, state, reduces });
  }

  /** A confirmed ticket: previewed again now (quotes, checks, state), then placed. */
  async place(request: TicketRequest): Promise<PlaceResult> {
    const preview = await this.preview(request);
    if (!preview.allowed) {
      const code = preview.tradingStatus === 'ACTIVE' ? 'VALIDATION_FAILED' : 'TRADING_HALTED';
      throw new AppError(code, `Ticket ${request.pair} ${request.intent} refused: ${preview.disabledReason ?? 'not allowed'}.`, { pair: request.pair, checks: preview.checks.filter((check) => !check.passed) });
    }
    const legs: PairLegRequest[] = preview.legs.map((leg) => {
      const limit = leg.leg === 'y' ? request.limitY : request.limitX;
      return { leg: leg.leg, symbol: leg.symbol, side: leg.side, quantity: leg.quantity, ...(request.orderType === 'LIMIT' && limit !== undefined ? { limitPrice: limit } : {}) };
    });
    // The order as sent (limits, quantities) is what the rate and duplicate checks remember.
    const checked = this.gate.check(request.pair, request.intent, legs.map((leg) => ({ ...leg, price: leg.limitPrice ?? preview.legs.find((planned) => planned.symbol === leg.symbol)?.referencePrice ?? null })), `ticket:${request.pair}`);
    const pairOrder = this.submitChecked(checked, request.pair, request.intent, legs, { intent: request.intent, strategy: request.strategy ?? null, reason: 'manual', flatten: false, queuedForOpen: false });
    const orders = pairOrder.legs.flatMap((leg) => leg.orderIds).map((id) => this.orderDto(id));
    return { pairOrderId: pairOrder.id, orders, preview };
  }

  /** A running strategy's pair order: the same path as the ticket, minus the preview. */
  placeForStrategy(strategy: string, pairId: string, intent: PairIntent, reason: string, legs: readonly PairLegRequest[]): string {
    const checked = this.gate.check(pairId, intent, legs.map((leg) => ({ ...leg, price: leg.limitPrice ?? markOf(this.quotes.get(leg.symbol)) })), `strategy:${strategy}:${pairId}`);
    const failed = checked.decision.checks.filter((check) => !check.passed);
    if (!checked.decision.allowed) throw new AppError('VALIDATION_FAILED', `Strategy ${strategy} order on ${pairId} refused by ${failed.map((check) => check.name).join(', ')}.`, { pair: pairId, strategy, checks: failed.map(toWireCheck) });
    return this.submitChecked(checked, pairId, intent, legs, { intent, strategy, reason, flatten: false, queuedForOpen: false }).id;
  }

  async cancel(orderId: string): Promise<DeskOrder> {
    await this.options.broker.cancel(this.mustWorking(orderId).id, 'user cancel');
    this.touch(orderId, 'cancel requested');
    return this.orderDto(orderId);
  }

  /**
   * Cancel-replace: the working order is cancelled, and once the broker confirms, its unfilled
   * remainder (at the new quantity and/or limit) is sent as a new order of the same pair, through
   * the same gate. The engine never replaces in place, so a fill racing the cancel is counted
   * before the remainder is computed.
   */
  async replace(orderId: string, change: { quantity?: number; limitPrice?: number }): Promise<DeskOrder> {
    const order = this.mustWorking(orderId);
    if (change.quantity !== undefined && change.quantity <= order.filledQuantity) {
      throw new AppError('VALIDATION_FAILED', `quantity: ${change.quantity} is not above the ${order.filledQuantity} shares of ${orderId} already filled`, { field: 'quantity', orderId });
    }
    if (change.limitPrice !== undefined && order.type !== 'LIMIT') throw new AppError('VALIDATION_FAILED', `limitPrice: ${orderId} is a MARKET order`, { field: 'limitPrice', orderId });
    this.replacements.set(orderId, change);
    await this.options.broker.cancel(orderId, 'replace');
    this.touch(orderId, 'replace requested');
    return this.orderDto(orderId);
  }

  blotter(): BlotterSnapshot {
    return blotterSnapshot({
      orders: this.manager.allOrders(),
      metaOf: (id) => this.meta.get(id),
      fills: this.fills,
      positions: pairPositions(this.portfolio.positions(), (symbol) => this.quotes.get(symbol)),
      costs: this.portfolio.costs,
      realized: this.portfolio.realizedPnl,
      lastHalt: this.halts.latest(),
      revision: this.revision,
    });
  }

  lastHalt(): HaltOutcome | null {
    return this.halts.latest();
  }

  /**
   * Reacts to a halt on `scope` (engaged from any surface): cancels every working order in
   * it at once. Idempotent per halt: called again it re-sends only cancels not yet confirmed.
   */
  onHalted(scope: string, actor: string, reason: string | null, since: number): HaltOutcome {
    // One record per halt (scope and since): the follower and a flatten may both report it.
    const id = `halt:${scope}@${since}`;
    const latest = this.halts.latest();
    if (latest !== null && latest.id === id) return latest;
    // A flatten's own closing orders are the halt's action, not something to cancel.
    const orders = this.manager.workingOrders().filter((order) => this.meta.get(order.id)?.flatten !== true && inScope(scope, this.scopedItem(order)));
    const outcome = this.halts.begin({ id, scope, actor, reason, flatten: this.flattenAfterCancels.has(scope), orders });
    this.publishBlotter();
    return outcome;
  }

  /**
   * Flattens a halted scope: a pair as one unit, both legs' cancels confirmed first, then both
   * legs closed in one pair order. A leg left without its sibling is named in the outcome.
   */
  flatten(scope: string, actor: string, reason: string | null): HaltOutcome {
    if (this.options.gate.stateOf(scope).status !== 'HALTED') this.options.haltScope(scope, reason ?? 'flatten', actor);
    this.flattenAfterCancels.set(scope, { actor, reason });
    this.onHalted(scope, actor, reason, this.options.gate.stateOf(scope).since);
    this.flattenWhenSettled();
    const latest = this.halts.latest();
    if (latest === null) throw new AppError('INTERNAL', `flatten of ${scope}: no halt outcome recorded`);
    return latest;
  }

  /**
   * Resumes where the last run stopped: every order the broker still knows is re-read, its fills
   * rebuild the books per pair and leg (the pair and leg are in each order's id and fields), and
   * the working ones are adopted, so the blotter shows them and a halt cancels them. Returns
   * false when the broker cannot list its orders (the desk then starts empty).
   */
  async restore(): Promise<boolean> {
    const read = this.options.broker.restore;
    if (read === undefined) return false;
    const books = restoredBooks(await read(), (id) => this.manager.order(id) !== undefined, this.options.clock.now());
    for (const fill of books.fills) this.portfolio.applyFill(fill);
    this.manager.adopt(books.working, books.knownIds, (order) => books.intentOf(order));
    for (const [id, meta] of books.meta) this.meta.set(id, meta);
    await this.refreshQuotes();
    return true;
  }

  /** The session closed: settle pair orders (leg risk) and schedule follow-ups for the next one. */
  endOfSession(): void {
    const now = this.options.clock.now();
    this.manager.endOfSession(this.options.session.today(now), this.options.session.forSession(now));
    this.publishBlotter();
  }

  /** New quotes from the feed (the replay pushes each session's). */
  updateQuotes(quotes: readonly DeskQuoteRecord[]): void {
    for (const quote of quotes) this.quotes.set(quote.symbol, quote);
    if (quotes.length > 0) this.options.hooks?.quotes(quotes.map((quote) => quote.time));
    this.peakEquity = Math.max(this.peakEquity, this.equity());
    this.publishBlotter();
  }

  /** Signed shares per symbol across every pair (reconciliation against the broker, the risk snapshot). */
  positionsBySymbol(): Map<string, number> {
    return sharesBySymbol(this.portfolio.positions());
  }

  hasWorkingOrderOn(symbol: string): boolean {
    return this.manager.workingOrders().some((order) => order.symbol === symbol);
  }

  /** The latest quote the desk holds for `symbol`. */
  quoteOf(symbol: string): DeskQuoteRecord | undefined {
    return this.quotes.get(symbol);
  }

  /** Pairs with a position or a working order (the correlation check's open pairs) with their signed exposure per symbol. */
  openPairExposures(except: string): Map<string, Map<string, number>> {
    return pairExposuresOf(this.portfolio.positions(), (symbol) => markOf(this.quotes.get(symbol)), except);
  }

  /** A pair order that passed its checks: the risk module remembers it (rate, duplicates), then it goes out. */
  private submitChecked(checked: CheckedOrder, pairId: string, intent: PairIntent, legs: readonly PairLegRequest[], context: SubmitContext) {
    return this.gate.submitting(checked, () => this.submit(pairId, intent, legs, context));
  }

  private submit(pairId: string, intent: PairIntent, legs: readonly PairLegRequest[], context: SubmitContext) {
    this.strategyOfPair.set(pairId, context.strategy);
    this.submitting = context;
    try {
      const now = this.options.clock.now();
      return this.manager.submitPair(pairId, intent, context.reason, legs, this.options.session.today(now), this.options.session.forSession(now));
    } finally {
      this.submitting = null;
      this.publishBlotter();
    }
  }

  /** The gate in front of the broker, for every order the order manager sends. */
  private dispatch(order: Order): void {
    const pairOrderId = order.id.slice(0, order.id.lastIndexOf('/'));
    const context = this.submitting ?? { intent: 'close' as const, strategy: this.strategyOfPair.get(order.pairId) ?? null, reason: 'leg-risk', flatten: false, queuedForOpen: false };
    this.meta.set(order.id, { pairOrderId, intent: context.intent, reason: context.reason, strategy: context.strategy, queuedForOpen: context.queuedForOpen, flatten: context.flatten, detail: null, updatedAt: this.options.clock.now() });
    const tradingContext: TradingContext = { pair: order.pairId, ...(context.strategy === null ? {} : { strategy: context.strategy }) };
    const reduces = pairReduces([order], (symbol) => this.portfolio.quantityOf(order.pairId, symbol), (symbol) => this.workingSigned(order.pairId, symbol, order.id));
    try {
      if (context.flatten) this.options.gate.refresh();
      else this.options.gate.assertCanTrade(`dispatch ${order.id}`, tradingContext, { reducesExposure: reduces });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.touch(order.id, reason);
      this.emit({ kind: 'rejected', orderId: order.id, reason });
      return;
    }
    this.gate.dispatched(order);
    this.options.onDispatch?.(order);
    this.options.broker.venue.submit(order);
  }

  private fromBroker(event: VenueEvent): void {
    if (this.manager.order(event.orderId) === undefined) return;
    this.emit(event);
    const detail = event.kind === 'fill' ? `filled ${event.fill.quantity} at ${event.fill.price}` : event.kind === 'accepted' ? null : event.reason;
    this.touch(event.orderId, detail);
    if (event.kind === 'rejected') {
      const order = this.manager.order(event.orderId);
      this.options.publisher.alert({
        kind: 'order-rejected',
        dedupKey: `order-rejected:${event.orderId}`,
        subject: order?.pairId ?? event.orderId,
        severity: 'warning',
        title: 'Order rejected',
        message: `${order?.symbol ?? ''} ${event.orderId}: ${event.reason}`,
      });
    }
    this.gate.fromBroker(event, this.manager.order(event.orderId), this.resubmits.get(this.manager.order(event.orderId)?.pairId ?? '') ?? 0);
    if (event.kind === 'cancel_rejected') this.halts.onCancelRejected(event.orderId, event.reason);
    const order = this.manager.order(event.orderId);
    if (order !== undefined && isFinal(order.status)) this.completeReplace(order);
    if (order !== undefined) this.halts.onOrderChanged(order, detail);
    this.peakEquity = Math.max(this.peakEquity, this.equity());
    this.publishBlotter();
  }

  private completeReplace(order: Order): void {
    const change = this.replacements.get(order.id);
    if (change === undefined) return;
    this.replacements.delete(order.id);
    const meta = this.meta.get(order.id);
    const remaining = (change.quantity ?? order.quantity) - order.filledQuantity;
    if (order.status !== 'cancelled' || remaining <= 0 || meta === undefined) return;
    const limitPrice = change.limitPrice ?? order.limitPrice;
    this.submit(order.pairId, meta.intent, [{ leg: order.leg, symbol: order.symbol, side: order.side, quantity: remaining, ...(limitPrice === undefined ? {} : { limitPrice }) }], {
      intent: meta.intent,
      strategy: meta.strategy,
      reason: `replace of ${order.id}`,
      flatten: false,
      queuedForOpen: false,
    });
  }

  private emit(event: VenueEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private onLegRisk(event: LegRiskEvent): void {
    this.options.logger.warn({ event }, 'leg risk');
    if (event.kind !== 'retry') return;
    const count = (this.resubmits.get(event.pairId) ?? 0) + 1;
    this.resubmits.set(event.pairId, count);
    if (count > this.options.maxResubmits) {
      const reason = `pair ${event.pairId}: ${count} leg-risk resubmits exceed the limit of ${this.options.maxResubmits}`;
      this.options.haltScope(`pair:${event.pairId}`, reason, 'system:desk');
      this.options.publisher.alert({ kind: 'broker-error', dedupKey: `resubmits:${event.pairId}`, subject: event.pairId, severity: 'critical', title: 'Resubmits exhausted', message: `${reason}; the pair is halted and may hold a naked leg.` });
    }
  }

  private flattenWhenSettled(): void {
    for (const [scope, request] of [...this.flattenAfterCancels]) {
      const pairs = new Set(this.portfolio.positions().filter((position) => position.quantity !== 0 && inScope(scope, this.scopedPair(position.pairId))).map((position) => position.pairId));
      let waiting = false;
      for (const pairId of pairs) {
        if (this.halts.pairPending(pairId)) {
          waiting = true;
          continue;
        }
        this.flattenPair(pairId, request.actor);
      }
      if (!waiting) this.flattenAfterCancels.delete(scope);
    }
    this.halts.setNakedLegs(this.nakedLegs());
  }

  private flattenPair(pairId: string, actor: string): void {
    const symbols = pairLegs(pairId);
    if (symbols === null) return;
    const held = this.closingPlan(pairId, symbols);
    // A leg still working (its cancel unconfirmed, or an earlier flatten) must end first: closing
    // on top of it could over-close into a new position.
    if (held.length === 0 || this.hasWorkingOrder(pairId)) return;
    const now = this.options.clock.now();
    const regularHours = this.options.session.regularHours(now);
    const legs = flattenLegs(
      held.map((leg) => ({ leg: leg.leg, symbol: leg.symbol, quantity: this.portfolio.quantityOf(pairId, leg.symbol) })),
      { regularHours },
      (symbol) => this.quotes.get(symbol) ?? null,
    );
    const pending = legs.some((leg) => leg.pending);
    const pairOrder = this.submit(pairId, 'close', legs, { intent: 'close', strategy: this.strategyOfPair.get(pairId) ?? null, reason: 'flatten', flatten: true, queuedForOpen: pending });
    this.options.logger.warn({ pairId, actor, pending }, 'flattening pair');
    for (const id of pairOrder.legs.flatMap((leg) => leg.orderIds)) {
      const order = this.manager.order(id);
      if (order === undefined) continue;
      this.halts.recordFlatten(order, isFinal(order.status) ? (order.status === 'filled' ? 'confirmed' : 'failed') : pending ? 'pending' : 'unconfirmed', pending ? 'outside regular hours: marketable limit / queued for the open' : null);
    }
  }

  /** Closing legs of a pair's open books (the "close" ticket and the flatten). */
  private closingPlan(pairId: string, symbols: { y: string; x: string }): TicketLegPlan[] {
    return closingLegs(symbols, (symbol) => this.portfolio.quantityOf(pairId, symbol), (symbol) => this.quotes.get(symbol) ?? null);
  }

  private nakedLegs(): HaltOutcome['nakedLegs'] {
    return nakedLegsOf(pairPositions(this.portfolio.positions(), (symbol) => this.quotes.get(symbol)), (pairId) => this.hasWorkingOrder(pairId));
  }

  /** The broker account's equity when it reported one; else the desk's own marked portfolio. */
  equity(): number {
    const account = this.options.accountEquity?.();
    if (account !== undefined && Number.isFinite(account)) return account;
    return this.portfolio.cash + this.portfolio.valuation((symbol) => markOf(this.quotes.get(symbol)) ?? undefined).marketValue;
  }

  private exposures(): Map<string, number> {
    return exposuresOf(this.portfolio.positions(), (symbol) => markOf(this.quotes.get(symbol)));
  }

  private openPairs(except: string): number {
    return openPairsOf(this.portfolio.positions(), this.manager.workingOrders(), except);
  }

  private workingSigned(pairId: string, symbol: string, exceptOrderId?: string): number {
    return workingSignedOf(this.manager.workingOrders(), pairId, symbol, exceptOrderId);
  }

  private hasWorkingOrder(pairId: string): boolean {
    return hasWorkingOrderOf(this.manager.workingOrders(), pairId);
  }

  private scopedItem = (order: Order) => ({ pairId: order.pairId, strategy: this.meta.get(order.id)?.strategy ?? null });
  private scopedPair = (pairId: string) => ({ pairId, strategy: this.strategyOfPair.get(pairId) ?? null });

  private mustWorking(orderId: string): Order {
    const order = this.manager.order(orderId);
    if (order === undefined) throw new AppError('NOT_FOUND', `orderId: no desk order ${orderId}`, { orderId });
    if (!isWorking(order.status)) throw new AppError('CONFLICT', `orderId: order ${orderId} is ${order.status}, not working`, { orderId, status: order.status });
    return order;
  }

  private touch(orderId: string, detail: string | null): void {
    const meta = this.meta.get(orderId);
    if (meta === undefined) return;
    if (detail !== null) meta.detail = detail;
    meta.updatedAt = this.options.clock.now();
  }

  private orderDto(orderId: string): DeskOrder {
    const order = this.manager.order(orderId);
    if (order === undefined) throw new AppError('NOT_FOUND', `orderId: no desk order ${orderId}`, { orderId });
    return toWireOrder(order, this.meta.get(orderId));
  }

  private publishBlotter(): void {
    this.options.hooks?.activity(this.manager.workingOrders().length > 0);
    this.revision += 1; // counts state changes (a `desk:blotter` answer orders right against the pushes), coalesced below
    this.push.request();
  }

  /** Marks for every symbol held or worked (or the given ones); a full refresh pushes the blotter. */
  async refreshQuotes(symbols?: readonly string[]): Promise<void> {
    const wanted = symbols ?? [...new Set([...this.portfolio.positions().map((position) => position.symbol), ...this.manager.allOrders().map((order) => order.symbol)])];
    for (const quote of await this.options.broker.quotes(wanted)) this.quotes.set(quote.symbol, quote);
    if (symbols === undefined) this.updateQuotes([]);
  }
}

function contextOf(request: TicketRequest): TradingContext {
  return { pair: request.pair, ...(request.strategy === undefined ? {} : { strategy: request.strategy }) };
}
