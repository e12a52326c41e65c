import type { DeskCheck, TicketPreview, TicketRequest } from '../../../shared/domain/desk';
import type { ScopeState } from '../../../shared/domain/trading';
import { formatIsoDate, type EpochDay } from '../../core/time/epoch-day';
import { zeroCosts } from '../../engine/domain';
import type { DeskQuoteRecord } from '../desk-ports';
import { sumCosts, toWireTicketLeg } from '../desk-wire';
import { disabledReasonFor, type LegCostEstimator, type TicketLegPlan } from './ticket';

/** The ticket preview from its planned legs, checks and state (pure): costs per leg from the engine's model, totals, and why it is disabled. */
export function assemblePreview(input: {
  request: TicketRequest;
  legs: readonly TicketLegPlan[];
  quoteOf: (symbol: string) => DeskQuoteRecord | undefined;
  now: number;
  forSession: EpochDay;
  estimateCosts: LegCostEstimator;
  checks: readonly DeskCheck[];
  state: ScopeState;
  reduces: boolean;
}): TicketPreview {
  const { request, now, forSession } = input;
  const wireLegs = input.legs.map((plan) => {
    const price = plan.referencePrice;
    const costs = price === null || plan.quantity === 0 ? zeroCosts : input.estimateCosts({ side: plan.side, day: forSession, quantity: plan.quantity, price });
    return toWireTicketLeg(plan, input.quoteOf(plan.symbol), now, costs);
  });
  const disabledReason = disabledReasonFor(input.state, input.reduces, input.checks);
  return {
    pair: request.pair,
    intent: request.intent,
    legs: wireLegs,
    totalCosts: sumCosts(wireLegs.map((leg) => leg.estimatedCosts)),
    grossNotional: wireLegs.reduce((sum, leg) => sum + Math.abs(leg.notional), 0),
    checks: [...input.checks],
    tradingStatus: input.state.status,
    allowed: disabledReason === null,
    disabledReason,
    forSession: formatIsoDate(forSession),
  };
}
