import { z } from 'zod';
import { scopeProblem, tradingScopeSchema, tradingStatusSchema } from './trading';

/**
 * The live/paper desk's wire types: the pair order ticket, the blotter and the outcome of a
 * halt per order. Money is dollars (numbers), quantities whole shares, times epoch ms, sessions
 * ISO dates (YYYY-MM-DD, New York).
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD');

/** A pair as the scanner writes it: "Y/X" with two canonical, different symbols. */
export const deskPairSchema = z
  .string()
  .max(40)
  .refine((pair) => scopeProblem(`pair:${pair}`) === null, 'a pair is <Y>/<X> with two canonical, different symbols');

export const deskOrderSideSchema = z.enum(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']);
export const deskOrderStatusSchema = z.enum([
  'new',
  'submitted',
  'accepted',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'expired',
  'pending_cancel',
  'pending_replace',
  'replaced',
  'unknown',
]);
export const deskLegSchema = z.enum(['y', 'x']);

/**
 * What a ticket asks for. `direction` is the spread's: long = buy Y, sell X short (β > 0);
 * `intent: 'close'` closes the pair's open position (direction and sizing then come from it).
 * Quantities absent: the sizing rules choose them from equity and live quotes.
 */
export const ticketRequestSchema = z
  .object({
    pair: deskPairSchema,
    intent: z.enum(['open', 'close']),
    direction: z.enum(['long', 'short']).default('long'),
    /** Hedge ratio for beta-neutral legs; 1 when absent. */
    beta: z.number().finite().positive().max(100).default(1),
    quantityY: z.number().int().positive().max(10_000_000).optional(),
    quantityX: z.number().int().positive().max(10_000_000).optional(),
    orderType: z.enum(['MARKET', 'LIMIT']).default('MARKET'),
    /** Required per leg for LIMIT; absent for MARKET. */
    limitY: z.number().finite().positive().optional(),
    limitX: z.number().finite().positive().optional(),
    /** The strategy on whose behalf a manual ticket trades (its scope's state applies). */
    strategy: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/).optional(),
  })
  .strict();
export type TicketRequest = z.infer<typeof ticketRequestSchema>;

export const deskQuoteSchema = z.object({
  symbol: z.string(),
  bid: z.number().nullable(),
  ask: z.number().nullable(),
  last: z.number().nullable(),
  /** Epoch ms the quote is from (market replay: the replayed session's close). */
  time: z.number().int(),
  /** Age against the desk clock, ms. */
  ageMs: z.number().nonnegative(),
});
export type DeskQuote = z.infer<typeof deskQuoteSchema>;

/** Every cost kind of the engine's cost model, in dollars (each rounded to the cent). */
export const deskCostsSchema = z.object({
  commission: z.number(),
  secFee: z.number(),
  finraTaf: z.number(),
  slippage: z.number(),
  impact: z.number(),
  total: z.number(),
});
export type DeskCosts = z.infer<typeof deskCostsSchema>;

export const ticketLegSchema = z.object({
  leg: deskLegSchema,
  symbol: z.string(),
  side: deskOrderSideSchema,
  quantity: z.number().int().nonnegative(),
  quote: deskQuoteSchema.nullable(),
  /** The price the estimate uses (ask for buys, bid for sales, else last). */
  referencePrice: z.number().nullable(),
  notional: z.number(),
  estimatedCosts: deskCostsSchema,
});
export type TicketLeg = z.infer<typeof ticketLegSchema>;

/** One pre-trade check with its numbers, as the risk port returned it. */
export const deskCheckSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  /** Null when not a finite number (a check that failed closed). */
  value: z.number().nullable(),
  limit: z.number().nullable(),
  message: z.string(),
});
export type DeskCheck = z.infer<typeof deskCheckSchema>;

export const ticketPreviewSchema = z.object({
  pair: z.string(),
  intent: z.enum(['open', 'close']),
  legs: z.array(ticketLegSchema),
  totalCosts: deskCostsSchema,
  grossNotional: z.number(),
  checks: z.array(deskCheckSchema),
  /** The trading state that applies to this ticket (global, strategy and pair scopes). */
  tradingStatus: tradingStatusSchema,
  /** True only when every check passed and the state allows the order. */
  allowed: z.boolean(),
  /** Why the ticket cannot be placed (state, a failed check, no quote); null when allowed. */
  disabledReason: z.string().nullable(),
  /** The session the order is for. */
  forSession: isoDate,
});
export type TicketPreview = z.infer<typeof ticketPreviewSchema>;

export const deskOrderSchema = z.object({
  id: z.string(),
  pairOrderId: z.string(),
  pair: z.string(),
  leg: deskLegSchema,
  symbol: z.string(),
  side: deskOrderSideSchema,
  quantity: z.number().int().nonnegative(),
  filledQuantity: z.number().int().nonnegative(),
  type: z.enum(['MARKET', 'LIMIT']),
  limitPrice: z.number().nullable(),
  status: deskOrderStatusSchema,
  /** Why the pair order was placed: manual, entry, exit, unwind, hedge, flatten … */
  reason: z.string(),
  /** The broker's last word (a rejection's reason, a cancel's confirmation). */
  detail: z.string().nullable(),
  forSession: isoDate,
  /** Pending: an order queued for the next regular session (a flatten outside hours). */
  queuedForOpen: z.boolean(),
  updatedAt: z.number().int(),
});
export type DeskOrder = z.infer<typeof deskOrderSchema>;

export const deskFillSchema = z.object({
  orderId: z.string(),
  pair: z.string(),
  leg: deskLegSchema,
  symbol: z.string(),
  side: deskOrderSideSchema,
  quantity: z.number().int().positive(),
  price: z.number(),
  costs: deskCostsSchema,
  fillDay: isoDate,
});
export type DeskFill = z.infer<typeof deskFillSchema>;

export const deskLegPositionSchema = z.object({
  leg: deskLegSchema,
  symbol: z.string(),
  quantity: z.number().int(),
  averageCost: z.number(),
  lastPrice: z.number().nullable(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
});

export const deskPairPositionSchema = z.object({
  pair: z.string(),
  legs: z.array(deskLegPositionSchema),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  /** True when only one leg holds shares: a naked leg the trader must see. */
  naked: z.boolean(),
});
export type DeskPairPosition = z.infer<typeof deskPairPositionSchema>;

/** What happened to one order (or one flatten leg) during a halt. */
export const haltOrderOutcomeSchema = z.object({
  orderId: z.string(),
  pair: z.string(),
  leg: deskLegSchema,
  symbol: z.string(),
  action: z.enum(['cancel', 'flatten']),
  /**
   * confirmed: the broker confirmed the cancel (or the flatten filled);
   * unconfirmed: the broker has not answered yet, retries continue;
   * pending: a flatten queued for the next open or resting as a marketable limit;
   * filled: the order filled before the cancel reached it;
   * failed: retries exhausted or refused, with the reason.
   */
  outcome: z.enum(['confirmed', 'unconfirmed', 'pending', 'filled', 'failed']),
  attempts: z.number().int().nonnegative(),
  detail: z.string().nullable(),
  updatedAt: z.number().int(),
});
export type HaltOrderOutcome = z.infer<typeof haltOrderOutcomeSchema>;

export const haltOutcomeSchema = z.object({
  id: z.string(),
  scope: tradingScopeSchema,
  actor: z.string(),
  reason: z.string().nullable(),
  /** Epoch ms the halt was requested. */
  requestedAt: z.number().int(),
  flatten: z.boolean(),
  orders: z.array(haltOrderOutcomeSchema),
  /** Legs left holding shares without their sibling, said out loud. */
  nakedLegs: z.array(z.object({ pair: z.string(), symbol: z.string(), quantity: z.number().int(), detail: z.string() })),
  /** True once every cancel is confirmed (and every flatten confirmed or pending). */
  complete: z.boolean(),
});
export type HaltOutcome = z.infer<typeof haltOutcomeSchema>;

export const blotterSnapshotSchema = z.object({
  /** Working orders first, then the latest final ones (bounded). */
  orders: z.array(deskOrderSchema),
  fills: z.array(deskFillSchema),
  positions: z.array(deskPairPositionSchema),
  pnl: z.object({ realized: z.number(), unrealized: z.number(), costs: z.number(), total: z.number() }),
  lastHalt: haltOutcomeSchema.nullable(),
  /** Monotonic revision so the UI can ignore out-of-order pushes. */
  revision: z.number().int().nonnegative(),
});
export type BlotterSnapshot = z.infer<typeof blotterSnapshotSchema>;

export const placeRequestSchema = ticketRequestSchema.extend({
  /** The ticket's confirm step: placing needs an explicit yes. */
  confirm: z.literal(true),
});

export const placeResultSchema = z.object({
  pairOrderId: z.string(),
  orders: z.array(deskOrderSchema),
  preview: ticketPreviewSchema,
});
export type PlaceResult = z.infer<typeof placeResultSchema>;

export const cancelRequestSchema = z.object({ orderId: z.string().min(1).max(200) }).strict();
export const replaceRequestSchema = z
  .object({
    orderId: z.string().min(1).max(200),
    quantity: z.number().int().positive().max(10_000_000).optional(),
    limitPrice: z.number().finite().positive().optional(),
  })
  .strict()
  .refine((value) => value.quantity !== undefined || value.limitPrice !== undefined, 'a replace changes the quantity, the limit price or both');

export const flattenRequestSchema = z
  .object({
    scope: tradingScopeSchema.default('global'),
    /** The second confirmation the UI asks for; flattening sends orders. */
    confirm: z.literal(true),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
