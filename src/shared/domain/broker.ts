import { z } from 'zod';

export const brokerConnectionSchema = z.enum(['none', 'connecting', 'connected', 'degraded', 'disconnected']);
export type BrokerConnection = z.infer<typeof brokerConnectionSchema>;

/** The broker side's own view of its link; the kill switch no longer carries it. */
export const brokerStatusSchema = z.object({
  /** Which broker adapter is wired: the paper broker, Schwab, or none (backtest). */
  broker: z.enum(['paper', 'schwab', 'none']),
  connection: brokerConnectionSchema,
  /** Epoch ms of the last connection change. */
  since: z.number().int(),
  detail: z.string().nullable(),
  /** Monotonic revision so the UI can ignore out-of-order pushes. */
  revision: z.number().int().nonnegative(),
});
export type BrokerStatus = z.infer<typeof brokerStatusSchema>;

/*
 * The Broker port's data as it crosses the IPC boundary: plain objects, money in dollars,
 * times in epoch ms, days as epoch days (integers). The main-side port
 * (src/main/broker/broker-port.ts) uses these same shapes, so a snapshot needs no mapping.
 */

export const brokerAccountSchema = z.object({
  id: z.string().min(1),
  /** The broker's display name for it ("Paper" for the paper broker). */
  name: z.string(),
  kind: z.enum(['paper', 'live']),
  currency: z.literal('USD'),
});
export type BrokerAccount = z.infer<typeof brokerAccountSchema>;

export const brokerBalancesSchema = z.object({
  accountId: z.string(),
  cash: z.number(),
  /** Signed: shorts count negative. */
  marketValue: z.number(),
  /** cash + marketValue. */
  equity: z.number(),
  buyingPower: z.number(),
  /** Sum of itemized costs paid (commission, fees, slippage, impact). */
  costsPaid: z.number(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  /** Epoch ms the figures were taken at (the mark's time). */
  asOf: z.number().int(),
});
export type BrokerBalances = z.infer<typeof brokerBalancesSchema>;

export const brokerPositionSchema = z.object({
  accountId: z.string(),
  symbol: z.string(),
  /** Signed shares: negative is short. */
  quantity: z.number().int(),
  averageCost: z.number(),
  /** The last mark (close or quote); null before any mark exists. */
  markPrice: z.number().nullable(),
  marketValue: z.number(),
  unrealizedPnl: z.number(),
  realizedPnl: z.number(),
});
export type BrokerPosition = z.infer<typeof brokerPositionSchema>;

export const quoteSourceSchema = z.enum(['stored_bars', 'replay', 'live']);
export type QuoteSource = z.infer<typeof quoteSourceSchema>;

/**
 * A quote as the desk uses it. Daily-bar feeds (stored bars, replay) fill the bar fields and
 * set bid/ask null; a live feed fills bid/ask/last and may leave the bar fields null.
 */
export const brokerQuoteSchema = z.object({
  symbol: z.string(),
  /** Epoch ms the quote describes (for a daily bar: that session's close). */
  time: z.number().int(),
  /** The session (epoch day) the quote belongs to. */
  day: z.number().int(),
  bid: z.number().nullable(),
  ask: z.number().nullable(),
  last: z.number().nullable(),
  open: z.number().nullable(),
  high: z.number().nullable(),
  low: z.number().nullable(),
  close: z.number().nullable(),
  volume: z.number().nullable(),
  source: quoteSourceSchema,
});
export type BrokerQuote = z.infer<typeof brokerQuoteSchema>;

export const brokerOrderStatusSchema = z.enum([
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

export const brokerCostsSchema = z.object({
  commission: z.number(),
  secFee: z.number(),
  finraTaf: z.number(),
  slippage: z.number(),
  impact: z.number(),
});

export const brokerFillSchema = z.object({
  orderId: z.string(),
  symbol: z.string(),
  side: z.enum(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']),
  quantity: z.number().int().positive(),
  price: z.number(),
  /** The session it filled in. */
  fillDay: z.number().int(),
  costs: brokerCostsSchema,
  /** Epoch ms it was booked. */
  at: z.number().int(),
});
export type BrokerFill = z.infer<typeof brokerFillSchema>;

/** One order as the broker holds it (the blotter's row). */
export const brokerOrderSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  pairId: z.string(),
  leg: z.enum(['y', 'x']),
  symbol: z.string(),
  side: z.enum(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']),
  quantity: z.number().int().positive(),
  type: z.enum(['MARKET', 'LIMIT']),
  limitPrice: z.number().nullable(),
  timeInForce: z.enum(['DAY', 'GTC']),
  forSession: z.number().int(),
  decidedOn: z.number().int(),
  status: brokerOrderStatusSchema,
  filledQuantity: z.number().int().nonnegative(),
  /** Average fill price of what filled; null before any fill. */
  averageFillPrice: z.number().nullable(),
  /** The broker's last word on it (a rejection or expiry reason), null when none. */
  reason: z.string().nullable(),
  /** Epoch ms of the last change. */
  updatedAt: z.number().int(),
});
export type BrokerOrder = z.infer<typeof brokerOrderSchema>;

/** A pushed order change: the order after it, and the fill that caused it if any. */
export const brokerOrderUpdateSchema = z.object({
  order: brokerOrderSchema,
  fill: brokerFillSchema.nullable(),
});
export type BrokerOrderUpdate = z.infer<typeof brokerOrderUpdateSchema>;

export const brokerAccountSnapshotSchema = z.object({
  account: brokerAccountSchema,
  balances: brokerBalancesSchema,
});
export type BrokerAccountSnapshot = z.infer<typeof brokerAccountSnapshotSchema>;

/**
 * Market replay: stored history played back one trading day per interval. `speed` is trading
 * days per second; each step opens the next session (fills at its open), then marks at its
 * close and expires DAY orders.
 */
export const replayStateSchema = z.enum(['idle', 'running', 'paused', 'finished']);
export type ReplayState = z.infer<typeof replayStateSchema>;

export const replaySpeedSchema = z.number().positive().max(1000);

export const replayStatusSchema = z.object({
  state: replayStateSchema,
  /** Trading days per second. */
  speed: replaySpeedSchema,
  /** First and last session of the replay; null when idle. */
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
  /** The session last played; null before the first step. */
  current: z.number().int().nullable(),
  /** Sessions played and in total. */
  played: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** The recorded session this replay writes into (see divergence). */
  sessionId: z.string().nullable(),
  /** Monotonic revision so the UI can ignore out-of-order pushes. */
  revision: z.number().int().nonnegative(),
});
export type ReplayStatus = z.infer<typeof replayStatusSchema>;

export const replayStartRequestSchema = z.object({
  /** Symbols to replay; empty = every symbol with stored bars in the range. */
  symbols: z.array(z.string().min(1).max(32)).max(1000).default([]),
  /** ISO dates (YYYY-MM-DD); default: the whole stored history. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  speed: replaySpeedSchema.default(1),
});

export const replayQuotesSchema = z.object({
  day: z.number().int(),
  phase: z.enum(['open', 'close']),
  quotes: z.array(brokerQuoteSchema),
});
export type ReplayQuotes = z.infer<typeof replayQuotesSchema>;

// ---- recorded sessions and the divergence report (broker:sessions, broker:divergence) ----

export const deskSessionSummarySchema = z.object({
  id: z.string(),
  mode: z.enum(['paper', 'live']),
  broker: z.string(),
  startedAt: z.number().int(),
  /** Null while the session is still recording (or it never ended cleanly). */
  endedAt: z.number().int().nullable(),
});
export type DeskSessionSummary = z.infer<typeof deskSessionSummarySchema>;

const legSide = z.enum(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']);
const costByKind = z.object({ commission: z.number(), secFee: z.number(), finraTaf: z.number(), slippage: z.number(), impact: z.number() });

export const divergenceDifferenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['missed_signal', 'extra_signal']), pairId: z.string(), day: z.number().int(), sides: z.string() }),
  z.object({ kind: z.literal('fill_price'), key: z.string(), symbol: z.string(), side: legSide, quantity: z.number(), recordedPrice: z.number(), modelledPrice: z.number(), dollars: z.number() }),
  z.object({ kind: z.literal('quantity'), key: z.string(), symbol: z.string(), recorded: z.number(), modelled: z.number() }),
  z.object({ kind: z.literal('cost'), key: z.string(), symbol: z.string(), recorded: z.number(), modelled: z.number(), dollars: z.number(), byKind: costByKind }),
  z.object({ kind: z.literal('timing'), key: z.string(), symbol: z.string(), recordedDay: z.number().int(), modelledDay: z.number().int(), days: z.number().int() }),
  z.object({ kind: z.enum(['missing_fill', 'extra_fill']), key: z.string(), symbol: z.string(), quantity: z.number(), price: z.number() }),
]);
export type DivergenceDifference = z.infer<typeof divergenceDifferenceSchema>;

export const sessionDivergenceSchema = z.object({
  sessionId: z.string(),
  mode: z.enum(['paper', 'live']),
  from: z.string(),
  to: z.string(),
  pairs: z.array(z.string()),
  recordedDecisions: z.number().int(),
  recordedFills: z.number().int(),
  modelledFills: z.number().int(),
  report: z.object({
    differences: z.array(divergenceDifferenceSchema),
    totals: z.object({
      missedSignals: z.number().int(),
      extraSignals: z.number().int(),
      fillsCompared: z.number().int(),
      priceDifferences: z.number().int(),
      /** Σ fill_price dollars (positive = the desk did worse than the model). */
      priceDollars: z.number(),
      costDifferences: z.number().int(),
      /** Σ cost dollars (positive = the desk paid more than modelled). */
      costDollars: z.number(),
      quantityDifferences: z.number().int(),
      timingDifferences: z.number().int(),
      missingFills: z.number().int(),
      extraFills: z.number().int(),
    }),
  }),
});
export type SessionDivergenceView = z.infer<typeof sessionDivergenceSchema>;

// ---- paper account reset (broker:paper-reset) ----

export const paperResetRequestSchema = z.object({
  /** Must be exactly true: a reset is deliberate (the old epoch's records stay, its cash and positions are left behind). */
  confirm: z.literal(true),
  /** Starting cash of the new epoch; default the paper profile's starting cash. */
  initialCash: z.number().positive().max(1e12).optional(),
  reason: z.string().max(2000).optional(),
});

export const paperResetResultSchema = z.object({
  accountId: z.string(),
  before: z.object({ epoch: z.number().int(), storageId: z.string(), cash: z.number(), equity: z.number(), openPositions: z.number().int(), orders: z.number().int() }),
  after: z.object({ epoch: z.number().int(), storageId: z.string(), cash: z.number() }),
});
export type PaperResetResult = z.infer<typeof paperResetResultSchema>;
