import type { EpochDay } from '../../core/time/epoch-day';
import { sideSign, type OrderSide } from '../../engine/domain';
import type { PreTradeLeg, PreTradeRequest } from '../../risk/core/pre-trade-request';

/** One leg as the desk is about to send it, with the quote it was priced from. */
export interface DeskRiskLeg {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly limitPrice?: number | undefined;
  /** The price the leg was sized at (limit, else the quote's reference); null: unknown (fails closed). */
  readonly price: number | null;
  /** Epoch ms of the quote the leg was priced from; NaN when there is none (freshness fails closed). */
  readonly quoteTime: number;
}

/**
 * The engine's RiskRequest with the desk's fields (PreTradeRequest), so the risk module's checks
 * see side, shares, order type, the quote's time, the session the order is for and when it is
 * submitted. Pure: every fact is passed in. An unknown price becomes NaN notional, which the
 * checks refuse (they never guess a price).
 */
export function preTradeRequest(input: {
  pairId: string;
  intent: 'open' | 'close';
  clientOrderId: string;
  legs: readonly DeskRiskLeg[];
  equity: number | undefined;
  peakEquity: number;
  openPairs: number;
  exposures: ReadonlyMap<string, number>;
  forDay: EpochDay;
  submittedAt: number;
}): PreTradeRequest {
  const legs: PreTradeLeg[] = input.legs.map((leg) => ({
    symbol: leg.symbol,
    signedNotional: sideSign(leg.side) * leg.quantity * (leg.price ?? Number.NaN),
    side: sideSign(leg.side) > 0 ? 'buy' : 'sell',
    quantity: leg.quantity,
    orderType: leg.limitPrice === undefined ? 'market' : 'limit',
    limitPrice: leg.limitPrice ?? null,
    decisionPrice: leg.price ?? Number.NaN,
    quoteTime: leg.quoteTime,
  }));
  return {
    pairId: input.pairId,
    intent: input.intent,
    legs,
    equity: input.equity,
    peakEquity: input.peakEquity,
    openPairs: input.openPairs,
    exposures: input.exposures,
    clientOrderId: input.clientOrderId,
    // The desk's orders are DAY orders for the regular session (the engine's daily strategies).
    timeInForce: 'day',
    session: 'regular',
    forDay: input.forDay,
    submittedAt: input.submittedAt,
  };
}
