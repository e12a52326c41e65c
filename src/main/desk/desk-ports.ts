import type { AlertInput } from '../alerts/alert-sink';
import type { BlotterSnapshot, HaltOutcome } from '../../shared/domain/desk';
import type { ScopeState, TradingContext, TradingState } from '../../shared/domain/trading';
import type { EpochDay } from '../core/time/epoch-day';
import type { Venue } from '../engine/ports';
import type { Order } from '../engine/domain';
import type { PreTradeRequest } from '../risk/core/pre-trade-request';

/**
 * The desk's edges. The broker side is the engine's `Venue` (BrokerVenue over the Broker port:
 * the backtester's order path) plus the two asynchronous calls the desk must await itself:
 * a halt's cancels (retried until confirmed) and quotes for the ticket.
 */
export interface DeskQuoteRecord {
  readonly symbol: string;
  readonly bid: number | null;
  readonly ask: number | null;
  readonly last: number | null;
  /** Epoch ms the quote is from. */
  readonly time: number;
}

export interface DeskBroker {
  /** Orders in, order events out (the OrderManager's venue). */
  readonly venue: Venue;
  /**
   * Asks the broker to cancel; resolves once the request was taken (the confirmation arrives
   * as a `cancelled` venue event), rejects with a BrokerError when the broker did not take it.
   */
  cancel(orderId: string, reason: string): Promise<void>;
  /**
   * Every order the broker still knows for the account (the desk re-reads them at start, so a
   * restart resumes its working orders and positions); optional for brokers that cannot say.
   */
  restore?(): Promise<ReadonlyArray<{ readonly order: Order; readonly averageFillPrice: number | null }>>;
  /** Latest quotes; symbols the feed does not know are left out. */
  quotes(symbols: readonly string[]): Promise<readonly DeskQuoteRecord[]>;
}

/** Which session an order placed now is for, and whether regular hours are open now. */
export interface DeskSession {
  forSession(now: number): EpochDay;
  /** The session whose close the desk decides on (the signal day of manual tickets). */
  today(now: number): EpochDay;
  regularHours(now: number): boolean;
}

/** The trading state as the desk needs it; the KillSwitch implements it. */
export interface TradingGate {
  refresh(): boolean;
  assertCanTrade(action: string, context?: TradingContext, order?: { reducesExposure: boolean }): void;
  current(context?: TradingContext): TradingState;
  stateOf(scope: string): ScopeState;
}

/** Where the desk pushes what the UI shows (the event bus in the app). */
export interface DeskPublisher {
  blotter(snapshot: BlotterSnapshot): void;
  haltOutcome(outcome: HaltOutcome): void;
  alert(alert: AlertInput): void;
}

/** Timers, injected so the halt's retry schedule is the app's in production and a test's own where needed. */
export interface DeskTimers {
  after(ms: number, run: () => void): () => void;
}

export const realTimers: DeskTimers = {
  after(ms, run) {
    const handle = setTimeout(run, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/** The desk's reports to the risk area (wired in desk.module.ts to the SubmissionLog, the SLO tracker and the RiskMonitor). */
export interface DeskRiskHooks {
  /** A pair order passed its checks and was handed to the order manager (rate and duplicate checks). */
  submitted(request: PreTradeRequest): void;
  /** One leg dispatched to the broker, priced from a quote of `quoteTime` (quote-to-order latency). */
  dispatched(order: Order, quoteTime: number): void;
  rejected(rejection: { pairId: string; symbol: string; reason: string; resubmit: number }): void;
  filled(fill: { pairId: string; symbol: string; side: 'buy' | 'sell'; price: number; modelledPrice: number }): void;
  quotes(times: readonly number[]): void;
  /** Whether a working order exists (the dead-man's UI heartbeat and stale data count only then). */
  activity(active: boolean): void;
}
