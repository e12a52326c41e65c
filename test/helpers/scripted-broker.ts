import type { BrokerOrder, BrokerQuote } from '../../src/shared/domain/broker';
import { BrokerError } from '../../src/main/broker/broker-error';
import type {
  Broker,
  BrokerOrderEvent,
  BrokerOrderListener,
  CancelOrderRequest,
  MarketHours,
  PlaceOrderRequest,
  ReplaceOrderRequest,
  Shortability,
} from '../../src/main/broker/broker-port';
import type { EpochDay } from '../../src/main/core/time/epoch-day';

/**
 * A broker at the external boundary, scripted by the test: it takes orders (accepted on the
 * next microtask, as a real broker's stream would answer later), fills what the test says
 * at the price it says, confirms cancels, and refuses symbols it is told to. Nothing about
 * ArbDesk's desk is simulated here; the desk under test is the real one.
 */
export class ScriptedBroker implements Broker {
  readonly name = 'paper' as const;
  readonly book = new Map<string, BrokerOrder>();
  readonly rejectSymbols = new Set<string>();
  readonly quoteBook = new Map<string, BrokerQuote>();
  cancelRequests = 0;
  private readonly listeners = new Set<BrokerOrderListener>();

  constructor(private readonly now: () => number = Date.now) {}

  setQuote(symbol: string, price: number, time = this.now(), spread = 0.02): void {
    this.quoteBook.set(symbol, { symbol, time, day: 0, bid: price - spread / 2, ask: price + spread / 2, last: price, open: price, high: price, low: price, close: price, volume: 1_000_000, source: 'live' });
  }

  async accounts() {
    return [{ id: 'paper', name: 'Paper', kind: 'paper' as const, currency: 'USD' as const }];
  }

  /** Cash the account starts with; fills move it and the positions (marked at the scripted quotes). */
  cash = 100_000;
  readonly held = new Map<string, number>();

  async balances(accountId: string) {
    const marketValue = [...this.held].reduce((sum, [symbol, quantity]) => sum + quantity * (this.quoteBook.get(symbol)?.last ?? 0), 0);
    const equity = this.cash + marketValue;
    return { accountId, cash: this.cash, marketValue, equity, buyingPower: 2 * equity, costsPaid: 0, realizedPnl: 0, unrealizedPnl: 0, asOf: this.now() };
  }

  async positions(accountId = 'paper') {
    return [...this.held].filter(([, quantity]) => quantity !== 0).map(([symbol, quantity]) => ({ accountId, symbol, quantity, averageCost: 0, markPrice: this.quoteBook.get(symbol)?.last ?? null, marketValue: 0, unrealizedPnl: 0, realizedPnl: 0 }));
  }

  async quotes(symbols: readonly string[]) {
    return symbols.flatMap((symbol) => {
      const quote = this.quoteBook.get(symbol);
      return quote === undefined ? [] : [quote];
    });
  }

  async placeOrder(request: PlaceOrderRequest): Promise<BrokerOrder> {
    const order = request.order;
    if (this.rejectSymbols.has(order.symbol)) throw new BrokerError('rejected', { request: `place order ${order.id}`, reason: `${order.symbol} is not shortable today`, orderId: order.id });
    const placed: BrokerOrder = {
      id: order.id,
      accountId: request.accountId,
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
      status: 'accepted',
      filledQuantity: 0,
      averageFillPrice: null,
      reason: null,
      updatedAt: this.now(),
    };
    this.book.set(order.id, placed);
    queueMicrotask(() => this.emit({ kind: 'accepted', order: placed, at: this.now() }));
    return placed;
  }

  async cancelOrder(request: CancelOrderRequest): Promise<void> {
    this.cancelRequests += 1;
    const order = this.book.get(request.orderId);
    if (order === undefined) throw new BrokerError('rejected', { request: `cancel ${request.orderId}`, reason: 'no such order', orderId: request.orderId });
    if (order.status !== 'accepted' && order.status !== 'partially_filled') return;
    const cancelled: BrokerOrder = { ...order, status: 'cancelled', reason: request.reason, updatedAt: this.now() };
    this.book.set(order.id, cancelled);
    queueMicrotask(() => this.emit({ kind: 'cancelled', order: cancelled, reason: request.reason, at: this.now() }));
  }

  async orders(): Promise<readonly BrokerOrder[]> {
    return [...this.book.values()];
  }

  async replaceOrder(request: ReplaceOrderRequest): Promise<BrokerOrder> {
    throw new BrokerError('rejected', { request: `replace ${request.orderId}`, reason: 'the scripted broker does not replace' });
  }


  async marketHours(day: EpochDay): Promise<MarketHours> {
    return { day, status: 'regular', opensAt: 0, closesAt: 0, name: null };
  }

  /** Symbols the broker says nothing about (a short sale then fails closed); every other one is shortable. */
  readonly unknownShortability = new Set<string>();

  async shortability(symbol: string): Promise<Shortability> {
    return this.unknownShortability.has(symbol) ? { symbol, status: 'unknown' } : { symbol, status: 'shortable', borrowRateAnnual: null };
  }

  subscribeOrderStatus(listener: BrokerOrderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fills every working order of `symbol` completely at `price` for session `day`. */
  fillWorking(symbol: string, price: number, day: EpochDay): void {
    for (const order of [...this.book.values()]) {
      if (order.symbol !== symbol || (order.status !== 'accepted' && order.status !== 'partially_filled')) continue;
      const quantity = order.quantity - order.filledQuantity;
      const filled: BrokerOrder = { ...order, status: 'filled', filledQuantity: order.quantity, averageFillPrice: price, updatedAt: this.now() };
      this.book.set(order.id, filled);
      const signed = order.side === 'BUY' || order.side === 'BUY_TO_COVER' ? quantity : -quantity;
      this.held.set(symbol, (this.held.get(symbol) ?? 0) + signed);
      this.cash -= signed * price;
      this.emit({
        kind: 'fill',
        order: filled,
        at: this.now(),
        fill: {
          orderId: order.id,
          symbol,
          side: order.side,
          quantity,
          price,
          fillDay: day,
          costs: { commission: 0, secFee: 0, finraTaf: 0, slippage: 0, impact: 0 },
          at: this.now(),
          pairId: order.pairId,
          leg: order.leg,
          tradedPrice: price,
          tradedQuantity: quantity,
          signalDay: order.decidedOn,
        },
      });
    }
  }

  /** Expires every working order (the session closed). */
  expireWorking(): void {
    for (const order of [...this.book.values()]) {
      if (order.status !== 'accepted' && order.status !== 'partially_filled') continue;
      const expired: BrokerOrder = { ...order, status: 'expired', reason: 'DAY order expired at the close', updatedAt: this.now() };
      this.book.set(order.id, expired);
      this.emit({ kind: 'expired', order: expired, reason: 'DAY order expired at the close', at: this.now() });
    }
  }

  private emit(event: BrokerOrderEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * Wraps any Broker and makes its cancels fail while `down` (the broker does not answer): the
 * outage a halt must survive. Everything else passes through to the wrapped broker.
 */
export class FlakyBroker implements Broker {
  readonly name: Broker['name'];
  down = false;
  failedCancels = 0;

  constructor(private readonly inner: Broker) {
    this.name = inner.name;
  }

  accounts = () => this.inner.accounts();
  balances = (accountId: string) => this.inner.balances(accountId);
  positions = (accountId: string) => this.inner.positions(accountId);
  quotes = (symbols: readonly string[]) => this.inner.quotes(symbols);
  placeOrder = (request: PlaceOrderRequest) => this.inner.placeOrder(request);
  replaceOrder = (request: ReplaceOrderRequest) => this.inner.replaceOrder(request);
  orders = (accountId: string, options?: { readonly all?: boolean }) => this.inner.orders(accountId, options);
  subscribeOrderStatus = (listener: BrokerOrderListener) => this.inner.subscribeOrderStatus(listener);
  marketHours = (day: EpochDay) => this.inner.marketHours(day);
  shortability = (symbol: string, day: EpochDay) => this.inner.shortability(symbol, day);

  async cancelOrder(request: CancelOrderRequest): Promise<void> {
    if (this.down) {
      this.failedCancels += 1;
      throw new BrokerError('unavailable', { request: `cancel order ${request.orderId}`, reason: 'connection refused', orderId: request.orderId });
    }
    return this.inner.cancelOrder(request);
  }
}
