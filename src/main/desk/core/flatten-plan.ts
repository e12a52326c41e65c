import type { OrderSide } from '../../engine/domain';
import type { PairLegRequest } from '../../engine/order-manager';

/**
 * How a halt's flatten closes positions: a pair as one unit (both legs in one closing pair
 * order, after both legs' cancels are confirmed), each leg by its signed book.
 *
 * Inside regular hours a flatten is a market order. Outside them a market order would wait
 * for the open at an unknown price, so each leg becomes a marketable limit (through the quote
 * by `limitBand`: buys above the ask, sales below the bid) marked pending until the session
 * trades it; with no quote at all the leg is queued for the open as a market order, also
 * marked pending. Pure: quotes and the session come in as data.
 */
export interface FlattenLegInput {
  readonly leg: 'y' | 'x';
  readonly symbol: string;
  /** Signed shares held (negative is short). */
  readonly quantity: number;
}

export interface FlattenQuote {
  readonly bid: number | null;
  readonly ask: number | null;
  readonly last: number | null;
}

export interface FlattenLeg extends PairLegRequest {
  /** True when the order rests until a regular session trades it (shown as pending). */
  readonly pending: boolean;
}

export function closingSideFor(quantity: number): OrderSide {
  return quantity > 0 ? 'SELL' : 'BUY_TO_COVER';
}

export function flattenLegs(
  legs: readonly FlattenLegInput[],
  session: { readonly regularHours: boolean },
  quoteOf: (symbol: string) => FlattenQuote | null,
  limitBand = 0.01,
): FlattenLeg[] {
  const out: FlattenLeg[] = [];
  for (const leg of legs) {
    if (leg.quantity === 0) continue;
    const side = closingSideFor(leg.quantity);
    const quantity = Math.abs(leg.quantity);
    if (session.regularHours) {
      out.push({ leg: leg.leg, symbol: leg.symbol, side, quantity, pending: false });
      continue;
    }
    const quote = quoteOf(leg.symbol);
    const buying = side === 'BUY_TO_COVER';
    const reference = quote === null ? null : buying ? (quote.ask ?? quote.last) : (quote.bid ?? quote.last);
    if (reference === null || !(reference > 0)) {
      out.push({ leg: leg.leg, symbol: leg.symbol, side, quantity, pending: true });
      continue;
    }
    const limitPrice = roundLimit(buying ? reference * (1 + limitBand) : reference * (1 - limitBand), buying);
    out.push({ leg: leg.leg, symbol: leg.symbol, side, quantity, limitPrice, pending: true });
  }
  return out;
}

/** Limits on a cent grid, rounded away from the market so they stay marketable. */
function roundLimit(price: number, buying: boolean): number {
  const cents = buying ? Math.ceil(price * 100 - 1e-9) : Math.floor(price * 100 + 1e-9);
  return Math.max(cents, 1) / 100;
}
