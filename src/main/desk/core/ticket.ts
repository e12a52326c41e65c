import type { DeskCheck, TicketRequest } from '../../../shared/domain/desk';
import type { ScopeState } from '../../../shared/domain/trading';
import type { EpochDay } from '../../core/time/epoch-day';
import { sideSign, type CostBreakdown, type OrderSide } from '../../engine/domain';
import type { PairLegRequest } from '../../engine/order-manager';
import type { RiskCheckResult } from '../../engine/risk-check';
import { sizePair, type SizingConfig } from '../../engine/sizing';

/**
 * The pair ticket's legs, pure: sides from the direction, quantities from the request or the
 * sizing rules (the engine's sizePair on live quotes and current equity: nothing hard-coded,
 * audit 3.2), reference prices from the quotes (ask for buys, bid for sales, last otherwise).
 */
export interface TicketQuote {
  readonly bid: number | null;
  readonly ask: number | null;
  readonly last: number | null;
  readonly ageMs: number;
}

export interface TicketLegPlan extends PairLegRequest {
  readonly referencePrice: number | null;
}

export function openSides(direction: TicketRequest['direction']): { y: OrderSide; x: OrderSide } {
  return direction === 'long' ? { y: 'BUY', x: 'SELL_SHORT' } : { y: 'SELL_SHORT', x: 'BUY' };
}

export function referencePrice(side: OrderSide, quote: TicketQuote | null): number | null {
  if (quote === null) return null;
  const buying = sideSign(side) > 0;
  const price = buying ? (quote.ask ?? quote.last) : (quote.bid ?? quote.last);
  return price !== null && price > 0 ? price : null;
}

/** Opening legs; quantities 0 when the sizing cannot size them (no price, no equity). */
export function openingLegs(input: {
  request: TicketRequest;
  symbols: { y: string; x: string };
  quotes: { y: TicketQuote | null; x: TicketQuote | null };
  equity: number;
  sizing: SizingConfig;
}): TicketLegPlan[] {
  const { request, symbols, quotes } = input;
  const sides = openSides(request.direction);
  const priceY = referencePrice(sides.y, quotes.y);
  const priceX = referencePrice(sides.x, quotes.x);
  let quantityY = request.quantityY;
  let quantityX = request.quantityX;
  if ((quantityY === undefined || quantityX === undefined) && priceY !== null && priceX !== null) {
    const size = sizePair(
      {
        equity: input.equity,
        priceY,
        priceX,
        decision: { kind: 'enter', direction: request.direction, z: 0, alpha: 0, beta: request.beta, halfLife: Number.NaN, spreadVolatility: Number.NaN, spreadStd: Number.NaN },
        exitBand: 0,
        lookback: 1,
      },
      input.sizing,
    );
    quantityY ??= size.quantityY;
    quantityX ??= size.quantityX;
  }
  return [
    leg('y', symbols.y, sides.y, quantityY ?? 0, request.orderType === 'LIMIT' ? request.limitY : undefined, priceY),
    leg('x', symbols.x, sides.x, quantityX ?? 0, request.orderType === 'LIMIT' ? request.limitX : undefined, priceX),
  ];
}

function leg(name: 'y' | 'x', symbol: string, side: OrderSide, quantity: number, limitPrice: number | undefined, reference: number | null): TicketLegPlan {
  return { leg: name, symbol, side, quantity, ...(limitPrice === undefined ? {} : { limitPrice }), referencePrice: limitPrice ?? reference };
}

/** The checks the desk adds in front of the risk port: quotes present and fresh, legs sized, limits given. */
export function deskChecks(input: {
  request: TicketRequest;
  legs: readonly TicketLegPlan[];
  quotes: ReadonlyMap<string, TicketQuote | null>;
  maxQuoteAgeMs: number;
}): DeskCheck[] {
  const checks: DeskCheck[] = [];
  for (const plan of input.legs) {
    const quote = input.quotes.get(plan.symbol) ?? null;
    const age = quote === null ? null : quote.ageMs;
    checks.push({
      name: `quote_fresh:${plan.symbol}`,
      passed: age !== null && age <= input.maxQuoteAgeMs,
      value: age,
      limit: Number.isFinite(input.maxQuoteAgeMs) ? input.maxQuoteAgeMs : null,
      message: age === null ? `no quote for ${plan.symbol}: sizing refuses to guess a price` : `${plan.symbol} quote is ${Math.round(age)} ms old vs ${input.maxQuoteAgeMs} ms`,
    });
    checks.push({ name: `quantity:${plan.symbol}`, passed: plan.quantity > 0, value: plan.quantity, limit: 1, message: plan.quantity > 0 ? `${plan.quantity} shares` : `${plan.symbol} sized to 0 shares` });
    if (input.request.orderType === 'LIMIT') {
      checks.push({ name: `limit_price:${plan.symbol}`, passed: plan.limitPrice !== undefined, value: plan.limitPrice ?? null, limit: null, message: plan.limitPrice === undefined ? `a LIMIT ticket needs a limit for ${plan.symbol}` : `limit ${plan.limitPrice}` });
    }
  }
  return checks;
}

export function toWireCheck(check: RiskCheckResult): DeskCheck {
  return { name: check.name, passed: check.passed, value: Number.isFinite(check.value) ? check.value : null, limit: Number.isFinite(check.limit) ? check.limit : null, message: check.message };
}

/** Estimated costs of one leg, from the engine's cost model (sigma/ADV unknown: impact 0 unless the model knows better). */
export type LegCostEstimator = (input: { side: OrderSide; day: EpochDay; quantity: number; price: number }) => CostBreakdown;

/** Why a ticket cannot be placed, in the order a trader must fix it: state first, then checks. */
export function disabledReasonFor(state: ScopeState, reduces: boolean, checks: readonly DeskCheck[]): string | null {
  if (state.status === 'HALTED') return `Trading is HALTED on ${state.scope}${state.reason === null ? '' : ` (${state.reason})`}`;
  if (state.status === 'REDUCE_ONLY' && !reduces) return `Trading is REDUCE_ONLY on ${state.scope}: only orders that shrink exposure pass`;
  const failed = checks.find((check) => !check.passed);
  return failed === undefined ? null : `Check ${failed.name} failed: ${failed.message}`;
}

/** Legs that close a pair's open books, priced where a closing order would trade. */
export function closingLegs(symbols: { y: string; x: string }, quantityOf: (symbol: string) => number, quoteOf: (symbol: string) => Omit<TicketQuote, 'ageMs'> | null): TicketLegPlan[] {
  const out: TicketLegPlan[] = [];
  for (const [leg, symbol] of [['y', symbols.y], ['x', symbols.x]] as const) {
    const quantity = quantityOf(symbol);
    if (quantity === 0) continue;
    const side: OrderSide = quantity > 0 ? 'SELL' : 'BUY_TO_COVER';
    const quote = quoteOf(symbol);
    out.push({ leg, symbol, side, quantity: Math.abs(quantity), referencePrice: referencePrice(side, quote === null ? null : { ...quote, ageMs: 0 }) });
  }
  return out;
}
