import type { Clock } from '../core/time/clock';
import { sideSign, type Order, type OrderSide } from '../engine/domain';
import type { PairIntent } from '../engine/order-manager';
import type { VenueEvent } from '../engine/ports';
import type { RiskCheck, RiskDecision } from '../engine/risk-check';
import type { PreTradeRequest } from '../risk/core/pre-trade-request';
import { preTradeRequest, type DeskRiskLeg } from './core/pre-trade-order';
import type { DeskQuoteRecord, DeskRiskHooks, DeskSession } from './desk-ports';
import { markOf } from './desk-wire';

interface Decided {
  readonly price: number | null;
  readonly quoteTime: number;
}

export interface CheckedOrder {
  readonly decision: RiskDecision;
  readonly request: PreTradeRequest;
  readonly legs: ReadonlyMap<string, Decided>;
}

/** What the gate reads from the desk's books at check time. */
export interface DeskRiskView {
  quoteOf(symbol: string): DeskQuoteRecord | undefined;
  equity(): number;
  peakEquity(): number;
  openPairs(except: string): number;
  exposures(): ReadonlyMap<string, number>;
}

/**
 * The desk's side of the risk seam: every pair order is checked as a PreTradeRequest (side,
 * shares, order type, the quote's time, the session it is for), and what the risk area is fed
 * goes out from here: the submission (rate and duplicate checks), each dispatch's
 * quote-to-order latency, rejections, and fills against the price they were decided at.
 */
export class DeskRiskGate {
  private readonly decidedAt = new Map<string, Decided>();
  private pending: CheckedOrder | null = null;

  constructor(
    private readonly deps: {
      readonly riskCheck: RiskCheck;
      readonly hooks: DeskRiskHooks | undefined;
      readonly clock: Clock;
      readonly session: DeskSession;
      readonly view: DeskRiskView;
    },
  ) {}

  check(pairId: string, intent: PairIntent, legs: ReadonlyArray<{ symbol: string; side: OrderSide; quantity: number; limitPrice?: number; price: number | null }>, clientOrderId: string): CheckedOrder {
    const { view, clock, session } = this.deps;
    const now = clock.now();
    const riskLegs: DeskRiskLeg[] = legs.map((leg) => ({ symbol: leg.symbol, side: leg.side, quantity: leg.quantity, limitPrice: leg.limitPrice, price: leg.price, quoteTime: view.quoteOf(leg.symbol)?.time ?? Number.NaN }));
    const request = preTradeRequest({ pairId, intent, clientOrderId, legs: riskLegs, equity: view.equity(), peakEquity: view.peakEquity(), openPairs: view.openPairs(pairId), exposures: view.exposures(), forDay: session.forSession(now), submittedAt: now });
    const decision = this.deps.riskCheck.check(request);
    return { decision, request, legs: new Map(riskLegs.map((leg) => [leg.symbol, { price: leg.price, quoteTime: leg.quoteTime }])) };
  }

  /** Runs `submit` for an order that passed: it is recorded first, and its legs' dispatches find their decision. */
  submitting<T>(checked: CheckedOrder, submit: () => T): T {
    this.deps.hooks?.submitted(checked.request);
    this.pending = checked;
    try {
      return submit();
    } finally {
      this.pending = null;
    }
  }

  /** One leg about to go to the broker (leg-risk resubmits and flattens are priced at the mark). */
  dispatched(order: Order): void {
    const quote = this.deps.view.quoteOf(order.symbol);
    const decided = this.pending?.legs.get(order.symbol) ?? { price: markOf(quote), quoteTime: quote?.time ?? Number.NaN };
    this.decidedAt.set(order.id, decided);
    this.deps.hooks?.dispatched(order, decided.quoteTime);
  }

  fromBroker(event: VenueEvent, order: Order | undefined, resubmits: number): void {
    const hooks = this.deps.hooks;
    if (hooks === undefined) return;
    if (event.kind === 'rejected' && order !== undefined) hooks.rejected({ pairId: order.pairId, symbol: order.symbol, reason: event.reason, resubmit: resubmits });
    if (event.kind !== 'fill') return;
    const modelled = this.decidedAt.get(event.orderId)?.price ?? null;
    if (modelled !== null && Number.isFinite(modelled) && modelled > 0) {
      hooks.filled({ pairId: event.fill.pairId, symbol: event.fill.symbol, side: sideSign(event.fill.side) > 0 ? 'buy' : 'sell', price: event.fill.price, modelledPrice: modelled });
    }
  }
}
