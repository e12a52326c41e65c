import type { BrokerAccount, BrokerBalances, BrokerOrder, BrokerPosition, BrokerQuote } from '../../../shared/domain/broker';
import { AppError } from '../../../shared/ipc/errors';
import type { BorrowTable } from '../../backtest/borrow-table';
import type { FillRules, MarketStats, SessionBar } from '../../backtest/fill-rules';
import type { Clock } from '../../core/time/clock';
import type { EpochDay } from '../../core/time/epoch-day';
import { paperStorageId, type PaperBrokerRepo, type PaperEpoch, type PaperPositionRow, type PaperRecord } from '../../store/repos/paper-broker.repo';
import { BrokerError } from '../broker-error';
import type {
  Broker,
  BrokerFillEvent,
  BrokerOrderEvent,
  BrokerOrderListener,
  CancelOrderRequest,
  MarketHours,
  PlaceOrderRequest,
  ReplaceOrderRequest,
  Shortability,
} from '../broker-port';
import { nyseMarketHours } from '../market-hours';
import type { QuoteFeed } from '../quotes/quote-feed';
import type { AuditEvent } from '../../audit/core/audit-actions';
import type { AuditService } from '../../audit/audit.service';
import { cancelRequestedAudit, orderAuditEvents } from './order-audit';
import { PaperBook, type PaperChange, type PaperOrder } from './paper-book';
import { changeToRecord, recordToChange } from './paper-records';

/**
 * The paper broker: the Broker port over the pure paper book, its state in trading.sqlite.
 * Each request's changes are written in one transaction before they are published, so what
 * a subscriber saw is on disk; opening restores by replaying every record through the book
 * and checks the result against the stored cash and positions (STORE_CORRUPT when they
 * differ). Sessions advance only when told (openSession/closeSession): the market replay
 * drives them offline; without it the account stands still between sessions.
 * It needs no login: one account, created on first open with `initialCash`.
 */

export const PAPER_ACCOUNT_ID = 'paper';

export interface PaperResetResult {
  readonly accountId: string;
  readonly before: { readonly epoch: number; readonly storageId: string; readonly cash: number; readonly equity: number; readonly openPositions: number; readonly orders: number };
  readonly after: { readonly epoch: number; readonly storageId: string; readonly cash: number };
}

export interface PaperBrokerOptions {
  readonly repo: PaperBrokerRepo;
  readonly clock: Clock;
  readonly initialCash: number;
  readonly rules: FillRules;
  readonly borrow: BorrowTable;
  /** Quotes for `quotes()` and marks between closes; swapped when the replay starts. */
  readonly quotes: QuoteFeed;
  /** Initial margin (Reg T 0.5): buying power = equity / initialMargin − gross exposure. */
  readonly initialMargin?: number;
  readonly accountId?: string;
  /**
   * Where every order event is audited (placed, accepted, rejected, fill, cancel requested /
   * confirmed / rejected, replaced, expired, unknown): appended in the same transaction as
   * the paper records, the head file synced once per committed batch. Absent: not audited
   * (benchmarks of the bare broker, unit tests of other areas).
   */
  readonly audit?: Pick<AuditService, 'append' | 'appendMany' | 'syncHead'>;
}

export class PaperBroker implements Broker {
  readonly name = 'paper' as const;
  readonly accountId: string;
  /** The stored account of the current epoch (`paper`, then `paper~2`, … after resets). */
  private storage: PaperEpoch;
  private book: PaperBook;
  private readonly listeners = new Set<BrokerOrderListener>();
  private feed: QuoteFeed;
  private pending: PaperChange[] = [];
  private pendingAudit: AuditEvent[] = [];
  private flushing: Promise<void> | null = null;
  private failure: unknown = null;

  private constructor(private readonly options: PaperBrokerOptions) {
    this.accountId = options.accountId ?? PAPER_ACCOUNT_ID;
    this.feed = options.quotes;
    this.storage = options.repo.epoch(this.accountId);
    const id = this.storage.storageId;
    const account = options.repo.account(id) ?? options.repo.createAccount({ id, name: 'Paper', initialCash: options.initialCash, at: options.clock.now() });
    this.book = new PaperBook({ accountId: this.accountId, initialCash: account.initialCash, rules: options.rules, borrow: options.borrow });
    for (const record of options.repo.records(id)) this.book.apply(recordToChange(record));
    this.checkRestored(account.cash, account.costsPaid, options.repo.positions(id));
  }

  /** Opens (creating on first use) the paper account and resumes its exact state. */
  static open(options: PaperBrokerOptions): PaperBroker {
    return new PaperBroker(options);
  }

  useQuoteFeed(feed: QuoteFeed): void {
    this.feed = feed;
  }

  // ---- Broker port -------------------------------------------------------------------

  async accounts(): Promise<readonly BrokerAccount[]> {
    return [this.account()];
  }

  account(): BrokerAccount {
    return { id: this.accountId, name: 'Paper', kind: 'paper', currency: 'USD' };
  }

  async balances(accountId: string): Promise<BrokerBalances> {
    this.checkAccount(accountId, 'balances');
    return this.balancesNow();
  }

  balancesNow(): BrokerBalances {
    const positions = this.positionsNow();
    const marketValue = positions.reduce((sum, position) => sum + position.marketValue, 0);
    const gross = positions.reduce((sum, position) => sum + Math.abs(position.marketValue), 0);
    const cash = this.book.cashBalance();
    const equity = cash + marketValue;
    return {
      accountId: this.accountId,
      cash,
      marketValue,
      equity,
      buyingPower: Math.max(0, equity / (this.options.initialMargin ?? 0.5) - gross),
      costsPaid: this.book.totalCostsPaid(),
      realizedPnl: positions.reduce((sum, position) => sum + position.realizedPnl, 0) + this.flatRealized(),
      unrealizedPnl: positions.reduce((sum, position) => sum + position.unrealizedPnl, 0),
      asOf: this.options.clock.now(),
    };
  }

  async positions(accountId: string): Promise<readonly BrokerPosition[]> {
    this.checkAccount(accountId, 'positions');
    return this.positionsNow();
  }

  positionsNow(): BrokerPosition[] {
    return this.book.openPositions().map((position) => {
      const markPrice = this.book.mark(position.symbol)?.price ?? null;
      const price = markPrice ?? position.averageCost;
      return {
        accountId: this.accountId,
        symbol: position.symbol,
        quantity: position.quantity,
        averageCost: position.averageCost,
        markPrice,
        marketValue: position.quantity * price,
        unrealizedPnl: position.quantity * (price - position.averageCost),
        realizedPnl: position.realizedPnl,
      };
    });
  }

  async quotes(symbols: readonly string[]): Promise<readonly BrokerQuote[]> {
    return this.feed.latest(symbols);
  }

  async placeOrder(request: PlaceOrderRequest): Promise<BrokerOrder> {
    this.checkAccount(request.accountId, `place order ${request.order.id}`);
    this.checkHealthy(`place order ${request.order.id}`);
    this.checkIdUnused(request.order.id, `place order ${request.order.id}`);
    await this.enqueue(this.book.place(request.order, this.options.clock.now()));
    const placed = this.mustOrder(request.order.id);
    if (placed.order.status === 'rejected') {
      throw new BrokerError('rejected', { request: `place order ${request.order.id}`, reason: placed.reason ?? 'refused', orderId: request.order.id });
    }
    return this.toBrokerOrder(placed);
  }

  async cancelOrder(request: CancelOrderRequest): Promise<void> {
    this.checkAccount(request.accountId, `cancel order ${request.orderId}`);
    this.checkHealthy(`cancel order ${request.orderId}`);
    const at = this.options.clock.now();
    const target = this.book.order(request.orderId);
    const changes = this.book.cancel(request.orderId, request.reason, at);
    await this.enqueue(changes, target === undefined ? [] : [cancelRequestedAudit(target.order, this.accountId, request.reason, at)]);
  }

  async replaceOrder(request: ReplaceOrderRequest): Promise<BrokerOrder> {
    this.checkAccount(request.accountId, `replace order ${request.orderId}`);
    const change = { ...(request.quantity === undefined ? {} : { quantity: request.quantity }), ...(request.limitPrice === undefined ? {} : { limitPrice: request.limitPrice }) };
    this.checkHealthy(`replace order ${request.orderId}`);
    this.checkIdUnused(request.newOrderId, `replace order ${request.orderId}`);
    await this.enqueue(this.book.replace(request.orderId, request.newOrderId, change, this.options.clock.now()));
    return this.toBrokerOrder(this.mustOrder(request.newOrderId));
  }

  async orders(accountId: string, options?: { readonly all?: boolean }): Promise<readonly BrokerOrder[]> {
    this.checkAccount(accountId, 'orders');
    return this.ordersNow(options?.all === true);
  }

  ordersNow(all: boolean): BrokerOrder[] {
    return (all ? this.book.allOrders() : this.book.workingOrders()).map((item) => this.toBrokerOrder(item));
  }

  subscribeOrderStatus(listener: BrokerOrderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async marketHours(day: EpochDay): Promise<MarketHours> {
    return nyseMarketHours(day);
  }

  async shortability(symbol: string, day: EpochDay): Promise<Shortability> {
    const terms = this.options.borrow.terms(symbol, day);
    if (!terms.available) return { symbol, status: 'not_shortable', reason: `borrow unavailable for ${symbol}` };
    return { symbol, status: terms.annualRate > this.options.borrow.generalCollateralRate ? 'hard_to_borrow' : 'shortable', borrowRateAnnual: terms.annualRate };
  }

  // ---- sessions (driven by the market replay) --------------------------------------------

  session(): { readonly lastOpened: EpochDay | null; readonly lastClosed: EpochDay | null } {
    return this.book.session();
  }

  openSession(day: EpochDay, barOf: (symbol: string) => SessionBar | undefined, statsOf: (symbol: string) => MarketStats): void {
    this.commit(this.book.openSession(day, barOf, statsOf, this.options.clock.now()));
  }

  closeSession(day: EpochDay, closeOf: (symbol: string) => number | undefined, symbols: readonly string[]): void {
    this.commit(this.book.closeSession(day, closeOf, symbols, this.options.clock.now()));
  }

  // ---- account epochs ---------------------------------------------------------------------

  epoch(): PaperEpoch {
    return this.storage;
  }

  /**
   * Resets the paper account: a new epoch with `initialCash` and nothing else, its start and
   * the audit entry in one transaction. Every record of the earlier epochs stays in the
   * database (append-only). Refused while any order is still working (cancel them first),
   * so no order outcome is orphaned. Listeners stay subscribed; the account id is unchanged.
   */
  reset(request: { readonly initialCash: number; readonly actor: string; readonly reason: string | null }): PaperResetResult {
    const audit = this.options.audit;
    if (audit === undefined) throw new AppError('INTERNAL', 'The paper account cannot be reset without the audit log (every reset is audited)', { accountId: this.accountId });
    if (!(Number.isFinite(request.initialCash) && request.initialCash > 0)) {
      throw new AppError('VALIDATION_FAILED', `initialCash must be a positive amount, got ${request.initialCash}`, { field: 'initialCash' });
    }
    this.checkHealthy('reset paper account');
    if (this.pending.length > 0) this.flushPending();
    const working = this.book.workingOrders();
    if (working.length > 0) {
      throw new AppError('CONFLICT', `The paper account has ${working.length} working order(s) (${working.slice(0, 5).map((item) => item.order.id).join(', ')}); cancel them before a reset`, {
        accountId: this.accountId,
        working: working.length,
      });
    }
    const balances = this.balancesNow();
    const before = {
      epoch: this.storage.epoch,
      storageId: this.storage.storageId,
      cash: balances.cash,
      equity: balances.equity,
      openPositions: this.book.openPositions().length,
      orders: this.book.allOrders().length,
    };
    const epoch = this.storage.epoch + 1;
    const at = this.options.clock.now();
    const storageId = paperStorageId(this.accountId, epoch);
    const account = this.options.repo.startEpoch(this.accountId, epoch, request.initialCash, at, () => {
      audit.append({ actor: request.actor, action: 'paper.reset', subject: this.accountId, reason: request.reason, before, after: { epoch, storageId, cash: request.initialCash } });
    });
    audit.syncHead();
    this.storage = { epoch, storageId: account.id };
    this.book = new PaperBook({ accountId: this.accountId, initialCash: account.initialCash, rules: this.options.rules, borrow: this.options.borrow });
    return { accountId: this.accountId, before, after: { epoch, storageId, cash: account.cash } };
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * Group commit for requests: changes of every request made in the same tick are written in
   * one transaction (one fsync) and published after it, and each caller's promise settles
   * only then. A halt's 100 cancels therefore cost one write, not a hundred.
   */
  private enqueue(changes: readonly PaperChange[], requests: readonly AuditEvent[] = []): Promise<void> {
    this.pending.push(...changes);
    this.pendingAudit.push(...requests, ...this.auditOf(changes));
    this.flushing ??= Promise.resolve().then(() => this.flushPending());
    return this.flushing;
  }

  private flushPending(): void {
    this.flushing = null;
    const changes = this.pending;
    const audits = this.pendingAudit;
    this.pending = [];
    this.pendingAudit = [];
    this.write(changes, audits);
  }

  private auditOf(changes: readonly PaperChange[]): AuditEvent[] {
    if (this.options.audit === undefined) return [];
    return orderAuditEvents(changes, this.accountId, (id) => this.book.order(id)?.order);
  }

  /** Session steps commit at once, after whatever requests are still queued (order is kept). */
  private commit(changes: readonly PaperChange[]): void {
    this.checkHealthy('session step');
    if (this.pending.length > 0) this.flushPending();
    this.write(changes, this.auditOf(changes));
  }

  private write(changes: readonly PaperChange[], audits: readonly AuditEvent[]): void {
    if (changes.length === 0) return;
    const records = changes.map(changeToRecord).filter((record): record is PaperRecord => record !== null);
    const touched = new Set(changes.flatMap((change) => (change.kind === 'fill' ? [change.fill.symbol] : [])));
    const positions: PaperPositionRow[] = [...touched].map((symbol) => this.positionRow(symbol));
    const audit = this.options.audit;
    const appendAudits = audit === undefined || audits.length === 0 ? undefined : (): void => void audit.appendMany(audits);
    try {
      this.options.repo.appendBatch(this.storage.storageId, records, { cash: this.book.cashBalance(), costsPaid: this.book.totalCostsPaid(), positions, at: this.options.clock.now() }, appendAudits);
    } catch (error) {
      // The book is now ahead of the file: refuse everything until a restart re-reads the file.
      this.failure = error;
      throw new BrokerError('unavailable', { request: 'write paper account', reason: `the trading database refused the write (${error instanceof Error ? error.message : String(error)}); restart to resume from the file`, cause: error });
    }
    // The head file names the newest committed entry: once per batch, after the commit.
    if (appendAudits !== undefined) audit?.syncHead();
    this.publish(changes);
  }

  private publish(changes: readonly PaperChange[]): void {
    let pendingFill: BrokerFillEvent | null = null;
    for (const change of changes) {
      if (change.kind === 'fill') {
        pendingFill = { ...change.fill, at: change.at };
        continue;
      }
      const event = this.eventOf(change, pendingFill);
      if (event === null) continue;
      if (event.kind === 'fill') pendingFill = null;
      for (const listener of this.listeners) listener(event);
    }
  }

  private eventOf(change: PaperChange, fill: BrokerFillEvent | null): BrokerOrderEvent | null {
    if (change.kind === 'cancel_rejected') {
      return { kind: 'cancel_rejected', order: this.toBrokerOrder(this.mustOrder(change.orderId)), reason: change.reason, at: change.at };
    }
    if (change.kind !== 'transition') return null;
    const order = this.toBrokerOrder(this.mustOrder(change.orderId));
    const { to, reason, at } = change.transition;
    switch (to) {
      case 'accepted':
        return { kind: 'accepted', order, at };
      case 'rejected':
        return { kind: 'rejected', order, reason, at };
      case 'filled':
      case 'partially_filled':
        if (fill === null) throw new AppError('INTERNAL', `order ${change.orderId} moved to ${to} without a fill`, { orderId: change.orderId });
        return { kind: 'fill', order, fill, at };
      case 'expired':
        return { kind: 'expired', order, reason, at };
      case 'cancelled':
        return { kind: 'cancelled', order, reason, at };
      case 'replaced':
        return { kind: 'replaced', order, newOrderId: change.replacedBy ?? '', at };
      case 'unknown':
        return { kind: 'unknown', order, reason, at };
      case 'new':
      case 'submitted':
      case 'pending_cancel':
      case 'pending_replace':
        return null;
    }
  }

  private positionRow(symbol: string): PaperPositionRow {
    const position = this.book.positionOf(symbol);
    return { symbol, quantity: position.quantity, averageCost: position.averageCost, realizedPnl: position.realizedPnl };
  }

  /** Realized P&L of symbols now flat (openPositions leaves them out). */
  private flatRealized(): number {
    return this.book.flatPositions().reduce((sum, position) => sum + position.realizedPnl, 0);
  }

  private toBrokerOrder(item: PaperOrder): BrokerOrder {
    const order = item.order;
    return {
      id: order.id,
      accountId: this.accountId,
      pairId: order.pairId,
      leg: order.leg,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      type: order.type,
      limitPrice: order.limitPrice ?? null,
      timeInForce: order.timeInForce,
      forSession: order.forSession,
      decidedOn: order.decidedOn,
      status: order.status,
      filledQuantity: order.filledQuantity,
      averageFillPrice: order.filledQuantity > 0 ? item.filledNotional / order.filledQuantity : null,
      reason: item.reason,
      updatedAt: item.updatedAt,
    };
  }

  private mustOrder(id: string): PaperOrder {
    const item = this.book.order(id);
    if (item === undefined) throw new BrokerError('rejected', { request: `order ${id}`, reason: `no such order ${id}`, orderId: id });
    return item;
  }

  private checkHealthy(request: string): void {
    if (this.failure !== null) {
      throw new BrokerError('unavailable', { request, reason: 'an earlier write to the trading database failed; restart to resume from the file', cause: this.failure });
    }
  }

  /** Client order ids stay unique across epochs (the records of every epoch share one table). */
  private checkIdUnused(orderId: string, request: string): void {
    if (this.book.order(orderId) === undefined && this.options.repo.orderIdUsed(orderId)) {
      throw new BrokerError('rejected', { request, reason: `duplicate client order id ${orderId} (used before the paper account was reset)`, orderId });
    }
  }

  private checkAccount(accountId: string, request: string): void {
    if (accountId !== this.accountId) throw new BrokerError('rejected', { request, reason: `unknown account ${accountId} (the paper broker has only ${this.accountId})` });
  }

  private checkRestored(cash: number, costsPaid: number, stored: readonly PaperPositionRow[]): void {
    const problems: string[] = [];
    if (cash !== this.book.cashBalance()) problems.push(`cash ${cash} stored, ${this.book.cashBalance()} from the records`);
    if (costsPaid !== this.book.totalCostsPaid()) problems.push(`costs ${costsPaid} stored, ${this.book.totalCostsPaid()} from the records`);
    for (const row of stored) {
      const position = this.book.positionOf(row.symbol);
      if (row.quantity !== position.quantity || row.averageCost !== position.averageCost || row.realizedPnl !== position.realizedPnl) {
        problems.push(`${row.symbol}: ${row.quantity} @ ${row.averageCost} stored, ${position.quantity} @ ${position.averageCost} from the records`);
      }
    }
    if (problems.length > 0) {
      throw new AppError('STORE_CORRUPT', `Paper account ${this.accountId} does not reconcile with its records: ${problems.join('; ')}`, { accountId: this.accountId, problems });
    }
  }
}
