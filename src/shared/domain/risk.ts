import { z } from 'zod';

/**
 * Risk limits and the automatic-halt, dead-man's-switch and service-level settings (issue 14;
 * audit 3.2, 3.4, 5.1, 8.1). They live in config.json under `risk`; `risk:limits-set` writes
 * them through the audited config write, so every change carries who, why and before/after.
 * Ratios are multiples of account equity unless a field says otherwise.
 */
const fraction = z.number().gt(0).max(1);
const positive = z.number().positive();
const millis = z.number().int().positive().max(24 * 60 * 60 * 1000);

export const riskLimitsSchema = z
  .object({
    /** Largest dollar value of one leg (|quantity × price|). */
    maxOrderNotional: positive.default(250_000),
    /** Largest share count of one leg. */
    maxOrderShares: z.number().int().positive().default(10_000),
    /** |exposure| of one symbol across every pair, × equity. */
    maxSymbolExposure: positive.default(0.5),
    /** |net exposure| of one sector (from the constituents data), × equity. */
    maxSectorExposure: positive.default(1),
    /** Σ|exposure|, × equity. */
    maxGrossExposure: positive.default(2),
    /** |Σ exposure|, × equity. */
    maxNetExposure: positive.default(0.5),
    /** Pairs with a position or an opening order, this one included. */
    maxOpenPairs: z.number().int().positive().default(20),
    /** Largest share of gross exposure in one symbol, checked once gross is above `concentrationFloor` × equity. */
    maxConcentration: fraction.default(0.35),
    concentrationFloor: z.number().nonnegative().default(0.25),
    /** Fat finger: a limit (or the decision price) further than this fraction from the last trade is refused. */
    priceBand: fraction.default(0.05),
    maxOrdersPerSecond: z.number().int().positive().default(5),
    maxOrdersPerMinute: z.number().int().positive().default(60),
    /** The same pair, side and quantities again within this window is a duplicate. */
    duplicateWindowMs: millis.default(5_000),
    /** A quote older than this cannot size or price an order (audit 3.2). */
    maxQuoteAgeMs: millis.default(15_000),
    /** Initial margin per dollar, long and short (Reg T: 0.5 each; the short proceeds stay in the account). */
    longMarginRate: fraction.default(0.5),
    shortMarginRate: fraction.default(0.5),
    /** Correlation limit (audit 5.1): ex-ante annualised portfolio volatility after the order, and … */
    maxPortfolioVolatility: positive.default(0.25),
    /** … the largest |correlation| of the new pair's spread returns to any open pair's. */
    maxPairCorrelation: fraction.default(0.8),
    /** Trailing daily returns the correlation check estimates on. */
    correlationLookbackDays: z.number().int().min(20).max(2520).default(60),
  })
  .strict();
export type RiskLimits = z.infer<typeof riskLimitsSchema>;

export const riskSessionSchema = z
  .object({
    /** Extended hours (04:00–09:30, 16:00–20:00 New York) are opt-in, and then limit orders only. */
    allowExtendedHours: z.boolean().default(false),
  })
  .strict();

export const riskHaltsSchema = z
  .object({
    /** Halt when today's loss reaches this fraction of the start-of-day equity. */
    dailyLossLimit: fraction.default(0.03),
    /** Halt and flatten when equity is this fraction below its peak. */
    maxDrawdown: fraction.default(0.2),
    /** Halt when no quote arrived for this long while trading is active and the market is open. */
    staleDataMs: millis.default(60_000),
    /** Halt after this many broker errors (rejections, resubmits, timeouts) within the window. */
    brokerErrorBurst: z.number().int().min(1).max(1000).default(5),
    brokerErrorWindowMs: millis.default(60_000),
    /** Shares by which broker and ArbDesk positions may differ before it is a mismatch. */
    reconcileToleranceShares: z.number().nonnegative().default(0),
    /**
     * The user setting "flatten on halt": a halt from any surface also flattens its scope once its
     * cancels are confirmed. Off by default (a halt cancels only; the UI's flatten keeps its second
     * confirmation). Written through risk:limits-set, so the change is audited like every config write.
     */
    flattenOnHalt: z.boolean().default(false),
  })
  .strict();

export const deadmanActionSchema = z.enum(['cancel', 'cancel-and-flatten']);
export type DeadmanAction = z.infer<typeof deadmanActionSchema>;

export const riskDeadmanSchema = z
  .object({
    enabled: z.boolean().default(true),
    engineLoopMs: millis.default(30_000),
    brokerSessionMs: millis.default(60_000),
    /** Counts only while a UI is connected and a strategy or a working order exists. */
    uiHeartbeatMs: millis.default(45_000),
    action: deadmanActionSchema.default('cancel'),
  })
  .strict();

export const riskSloSchema = z
  .object({
    /** From a halt request to HALTED persisted (p99 target). */
    haltLatencyMs: z.number().positive().default(10),
    /** Age of the quote an order was priced from. */
    quoteAgeMs: z.number().positive().default(5_000),
    /** From the quote an order was decided on to the order dispatched. */
    quoteToOrderMs: z.number().positive().default(250),
  })
  .strict();

/** Anomalies that alert without halting (audit 8.3). */
export const riskAnomaliesSchema = z
  .object({
    /** A fill further than this from the modelled price (basis points) raises a fill-slippage alert. */
    fillSlippageBps: z.number().positive().max(10_000).default(50),
  })
  .strict();

export const riskConfigSchema = z
  .object({
    limits: riskLimitsSchema.prefault({}),
    anomalies: riskAnomaliesSchema.prefault({}),
    session: riskSessionSchema.prefault({}),
    halts: riskHaltsSchema.prefault({}),
    deadman: riskDeadmanSchema.prefault({}),
    slo: riskSloSchema.prefault({}),
  })
  .strict();
export type RiskConfig = z.infer<typeof riskConfigSchema>;
export type RiskConfigInput = z.input<typeof riskConfigSchema>;

/** One named pre-trade check's verdict, with its numbers (the ticket shows every one). */
export const riskCheckResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  /** NaN crosses the wire as null (JSON has no NaN). */
  value: z.number().nullable(),
  limit: z.number().nullable(),
  message: z.string(),
});
export type RiskCheckResultDto = z.infer<typeof riskCheckResultSchema>;

export const riskDecisionRecordSchema = z.object({
  /** Epoch ms the decision was made. */
  time: z.number().int(),
  pairId: z.string(),
  intent: z.enum(['open', 'close']),
  clientOrderId: z.string().nullable(),
  allowed: z.boolean(),
  checks: z.array(riskCheckResultSchema),
});
export type RiskDecisionRecord = z.infer<typeof riskDecisionRecordSchema>;

export const heartbeatSourceSchema = z.enum(['engine', 'broker', 'ui']);
export type HeartbeatSource = z.infer<typeof heartbeatSourceSchema>;

export const riskMonitorStatusSchema = z.object({
  /** Epoch ms of the last beat per source, null when none yet. */
  heartbeats: z.object({ engine: z.number().int().nullable(), broker: z.number().int().nullable(), ui: z.number().int().nullable() }),
  /** Sources the dead-man's switch currently watches (the UI only while it counts). */
  watching: z.array(heartbeatSourceSchema),
  /** The automatic halts this run has triggered, newest first. */
  halts: z.array(z.object({ time: z.number().int(), trigger: z.string(), message: z.string(), flattened: z.boolean() })),
});
export type RiskMonitorStatus = z.infer<typeof riskMonitorStatusSchema>;
