import type {
  BrokerAccount,
  BrokerBalances,
  BrokerFill,
  BrokerOrder,
  BrokerOrderUpdate,
  BrokerPosition,
  BrokerQuote,
} from '../../shared/domain/broker';
import type { EpochDay } from '../core/time/epoch-day';
import type { Order } from '../engine/domain';

export type { BrokerAccount, BrokerBalances, BrokerFill, BrokerOrder, BrokerOrderUpdate, BrokerPosition, BrokerQuote };
export { BrokerError, isBrokerError, asBrokerError, brokerErrorCode, brokerErrorKinds, type BrokerErrorKind } from './broker-error';

/**
 * The one Broker port (issue 14): the paper broker implements it today, the Schwab adapter
 * next, and the engine reaches either only through BrokerVenue (broker-venue.ts), so the
 * engine's order path is the one the backtester uses.
 *
 * Conventions every adapter keeps:
 *   - every method may fail with a BrokerError (broker-error.ts) and with nothing else that is
 *     expected; an adapter turns its transport's failures into one of the five kinds;
 *   - order ids are ArbDesk's (the engine's `Order.id`, the client order id at a real
 *     broker); an adapter maps them to its own ids itself;
 *   - outcomes of orders arrive on the status stream, also for orders placed before the
 *     subscriber arrived or before a restart (the paper broker replays nothing: subscribers
 *     read `orders()` first, then follow the stream);
 *   - money in dollars, times in epoch ms, sessions as epoch days.
 */
export interface Broker {
  /** Which adapter this is (the status holder's name for it). */
  readonly name: 'paper' | 'schwab';

  /** The accounts this session may trade; the paper broker has exactly one and needs no login. */
  accounts(): Promise<readonly BrokerAccount[]>;
  balances(accountId: string): Promise<BrokerBalances>;
  positions(accountId: string): Promise<readonly BrokerPosition[]>;

  /** Latest quotes, one per symbol the feed knows (unknown symbols are left out, not an error). */
  quotes(symbols: readonly string[]): Promise<readonly BrokerQuote[]>;

  /**
   * Places an order. Resolves once the broker has taken it (status `submitted` or `accepted`);
   * fills and every later change arrive on the stream. A refusal is BrokerError('rejected').
   */
  placeOrder(request: PlaceOrderRequest): Promise<BrokerOrder>;
  /** Asks to cancel; the outcome (cancelled or cancel_rejected) arrives on the stream. */
  cancelOrder(request: CancelOrderRequest): Promise<void>;
  /**
   * Replaces a working order's quantity and/or limit. The old order ends `replaced` and the
   * new one (with `newOrderId`) starts `accepted`; both arrive on the stream.
   */
  replaceOrder(request: ReplaceOrderRequest): Promise<BrokerOrder>;
  /** Orders of the account: working ones, or every one the broker still knows with `all`. */
  orders(accountId: string, options?: { readonly all?: boolean }): Promise<readonly BrokerOrder[]>;

  /** The order-status stream; returns the unsubscribe. Listeners must not throw. */
  subscribeOrderStatus(listener: BrokerOrderListener): () => void;

  /** Regular-hours session of a day: open/close instants, or closed (weekend, holiday). */
  marketHours(day: EpochDay): Promise<MarketHours>;
  /** Whether `symbol` can be sold short for a session, where the broker knows it. */
  shortability(symbol: string, day: EpochDay): Promise<Shortability>;
}

export interface PlaceOrderRequest {
  readonly accountId: string;
  /** The engine's order (status `submitted`); its id is the client order id. */
  readonly order: Order;
}

export interface CancelOrderRequest {
  readonly accountId: string;
  readonly orderId: string;
  readonly reason: string;
}

export interface ReplaceOrderRequest {
  readonly accountId: string;
  readonly orderId: string;
  /** The replacement's client id (ArbDesk's; a broker that re-uses ids maps it). */
  readonly newOrderId: string;
  /** New total quantity, at least what already filled plus one. */
  readonly quantity?: number;
  readonly limitPrice?: number;
}

/**
 * One change on the order-status stream: the engine's venue events (accepted, rejected, fill,
 * expired, cancelled, cancel_rejected, unknown) plus `replaced`, each with the broker's
 * order after the change and the time it happened.
 */
export type BrokerOrderEvent =
  | { readonly kind: 'accepted'; readonly order: BrokerOrder; readonly at: number }
  | { readonly kind: 'rejected'; readonly order: BrokerOrder; readonly reason: string; readonly at: number }
  | { readonly kind: 'fill'; readonly order: BrokerOrder; readonly fill: BrokerFillEvent; readonly at: number }
  | { readonly kind: 'expired'; readonly order: BrokerOrder; readonly reason: string; readonly at: number }
  | { readonly kind: 'cancelled'; readonly order: BrokerOrder; readonly reason: string; readonly at: number }
  | { readonly kind: 'cancel_rejected'; readonly order: BrokerOrder; readonly reason: string; readonly at: number }
  | { readonly kind: 'replaced'; readonly order: BrokerOrder; readonly newOrderId: string; readonly at: number }
  | { readonly kind: 'unknown'; readonly order: BrokerOrder; readonly reason: string; readonly at: number };

export type BrokerOrderEventKind = BrokerOrderEvent['kind'];

/**
 * A fill on the stream: the wire fields plus the engine's view of it (as-traded price and
 * shares, the decision day), so BrokerVenue can hand the engine a complete `Fill`.
 */
export interface BrokerFillEvent extends BrokerFill {
  readonly pairId: string;
  readonly leg: 'y' | 'x';
  readonly tradedPrice: number;
  readonly tradedQuantity: number;
  readonly signalDay: EpochDay;
}

export type BrokerOrderListener = (event: BrokerOrderEvent) => void;

export type MarketHours =
  | { readonly day: EpochDay; readonly status: 'closed'; readonly why: 'weekend' | 'holiday' | 'outside_calendar'; readonly name: string | null }
  | {
      readonly day: EpochDay;
      readonly status: 'regular' | 'early_close';
      /** Epoch ms of 09:30 and of the close (16:00, or 13:00 on an early close) New York time. */
      readonly opensAt: number;
      readonly closesAt: number;
      readonly name: string | null;
    };

export type Shortability =
  | { readonly symbol: string; readonly status: 'shortable'; readonly borrowRateAnnual: number | null }
  | { readonly symbol: string; readonly status: 'hard_to_borrow'; readonly borrowRateAnnual: number | null }
  | { readonly symbol: string; readonly status: 'not_shortable'; readonly reason: string }
  /** The broker does not say (the issue: "where the broker knows it"). */
  | { readonly symbol: string; readonly status: 'unknown' };
