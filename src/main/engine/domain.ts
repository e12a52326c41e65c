import type { EpochDay } from '../core/time/epoch-day';

/**
 * The engine's value types: orders, fills with itemized costs, positions and ledger entries.
 *
 * Money is a plain `number` in dollars. Why not integer cents: prices arrive as doubles with
 * four or more decimals (split-adjusted history), and per-share fees such as FINRA's
 * $0.000119 are sub-cent, so cents would force rounding at every multiplication and the
 * ledger would then reconcile only to the rounding policy. Instead:
 *   - every fee and accrual is rounded to the cent once, when it is booked (that is what a
 *     broker statement shows, and it makes `costs` and `accruals` exact decimal sums);
 *   - trade notionals (integer shares × price) are not rounded;
 *   - equity is derived, never stored, from the same booked numbers, and the running totals
 *     are compensated sums (compensated-sum.ts), so
 *     capital + realized + unrealized − costs + accruals and cash + market value differ by an
 *     ulp or two of the balance, well inside the 1e-6 tolerance the issue sets. A property
 *     test checks it at every bar.
 * Quantities are integer share counts on the stored price basis (see PriceBasisPort).
 */

/** Sides as the broker names them: the opening/closing distinction matters for shorts. */
export type OrderSide = 'BUY' | 'SELL' | 'SELL_SHORT' | 'BUY_TO_COVER';
export const orderSides: readonly OrderSide[] = ['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER'];

export type OrderType = 'MARKET' | 'LIMIT';

/** DAY orders expire at the end of the session they are for; the engine's daily strategy uses DAY. */
export type TimeInForce = 'DAY' | 'GTC';

/** The two legs of a pair: y is the dependent symbol of the spread, x the hedge. */
export type Leg = 'y' | 'x';

/** +1 for sides that add shares (BUY, BUY_TO_COVER), −1 for those that remove them. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === 'BUY' || side === 'BUY_TO_COVER' ? 1 : -1;
}

/** Sales pay the SEC Section 31 fee and the FINRA TAF: a sale and a short sale alike. */
export function isSale(side: OrderSide): boolean {
  return side === 'SELL' || side === 'SELL_SHORT';
}

/** What a strategy or the order manager asks for; the order manager turns it into an Order. */
export interface OrderRequest {
  readonly pairId: string;
  readonly leg: Leg;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Shares on the stored basis, a positive integer. */
  readonly quantity: number;
  readonly type: OrderType;
  /** Required for LIMIT, absent for MARKET. */
  readonly limitPrice?: number;
  readonly timeInForce: TimeInForce;
  /** The session the order is for (daily strategies submit for the next session). */
  readonly forSession: EpochDay;
  /** The close the decision was made on (fills.csv's signal_date). */
  readonly decidedOn: EpochDay;
}

export type OrderStatus =
  | 'new'
  | 'submitted'
  | 'accepted'
  | 'partially_filled'
  | 'filled'
  | 'cancelled'
  | 'rejected'
  | 'expired'
  | 'pending_cancel'
  | 'pending_replace'
  | 'replaced'
  | 'unknown';

/** One recorded state change: every transition is kept, with the clock's time and a reason. */
export interface OrderTransition {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly at: number;
  readonly reason: string;
}

export interface Order extends OrderRequest {
  readonly id: string;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly history: readonly OrderTransition[];
}

/** Every cost of one fill, in dollars, each rounded to the cent and ≥ 0. */
export interface CostBreakdown {
  readonly commission: number;
  readonly secFee: number;
  readonly finraTaf: number;
  readonly slippage: number;
  readonly impact: number;
}

export const costKinds = ['commission', 'secFee', 'finraTaf', 'slippage', 'impact'] as const;
export type CostKind = (typeof costKinds)[number];

export const zeroCosts: CostBreakdown = { commission: 0, secFee: 0, finraTaf: 0, slippage: 0, impact: 0 };

export function totalCost(costs: CostBreakdown): number {
  return costs.commission + costs.secFee + costs.finraTaf + costs.slippage + costs.impact;
}

/**
 * An execution. `price` is the reference price on the stored basis before costs (with
 * next_open and no costs it is the stored open); slippage and impact are charged as dollar
 * costs rather than folded into the price, so the cost breakdown is exact and P&L at
 * reference prices stays comparable across cost models.
 */
export interface Fill {
  readonly orderId: string;
  readonly pairId: string;
  readonly leg: Leg;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  /** The as-traded (raw) price and share count, from the price-basis port. */
  readonly tradedPrice: number;
  readonly tradedQuantity: number;
  /** The close the order was decided on, and the session it filled in. */
  readonly signalDay: EpochDay;
  readonly fillDay: EpochDay;
  readonly costs: CostBreakdown;
}

export type AccrualKind = 'borrow_fee' | 'margin_interest' | 'short_rebate' | 'dividend';
export const accrualKinds: readonly AccrualKind[] = ['borrow_fee', 'margin_interest', 'short_rebate', 'dividend'];

/** A daily accrual: signed dollars (negative is paid), rounded to the cent. */
export interface Accrual {
  readonly day: EpochDay;
  readonly kind: AccrualKind;
  /** Empty for account-level accruals (margin interest). */
  readonly pairId: string;
  readonly symbol: string;
  readonly amount: number;
}

/** A position book per (pair, symbol): overlapping pairs keep their own books. */
export interface Position {
  readonly pairId: string;
  readonly symbol: string;
  /** Signed shares: negative is short. */
  readonly quantity: number;
  /** Average cost per share of the open quantity (stored basis). */
  readonly averageCost: number;
  readonly realizedPnl: number;
}

/** The ledger: one entry per cash movement, so cash is the sum of its entries. */
export type LedgerEntry =
  | { readonly kind: 'capital'; readonly day: EpochDay; readonly amount: number }
  | { readonly kind: 'trade'; readonly day: EpochDay; readonly amount: number; readonly orderId: string; readonly symbol: string }
  | { readonly kind: 'cost'; readonly day: EpochDay; readonly amount: number; readonly orderId: string; readonly cost: CostKind }
  | { readonly kind: 'accrual'; readonly day: EpochDay; readonly amount: number; readonly accrual: AccrualKind; readonly symbol: string };

/** Rounds dollars to the cent, half away from zero, so +x and −x round alike. */
export function roundCents(amount: number): number {
  const scaled = Math.abs(amount) * 100;
  // The 1e-9 nudge keeps 0.125 (stored as 0.12499999…) rounding like the decimal it stands for.
  const rounded = Math.round(scaled + 1e-9) / 100;
  return amount < 0 ? -rounded : rounded;
}
