import { z } from 'zod';
import { tradingDateSchema } from './market-data';
import { symbolSchema } from './symbol';

/**
 * The Risk page's data as it crosses the IPC boundary (src/main/risk/analytics computes it;
 * risk-analytics-wire.ts maps it). Money in dollars, fractions as fractions (0.05 = 5%),
 * days as YYYY-MM-DD.
 */

const exposureRowSchema = z.object({ key: z.string(), long: z.number(), short: z.number(), gross: z.number(), net: z.number(), grossShare: z.number() });

export const riskPositionWireSchema = z.object({
  pairId: z.string(),
  leg: z.enum(['y', 'x']),
  symbol: z.string(),
  sector: z.string(),
  quantity: z.number(),
  averagePrice: z.number(),
  lastPrice: z.number(),
  lastDate: tradingDateSchema,
  marketValue: z.number(),
  unrealizedPnl: z.number(),
});

const stressLineSchema = z.object({
  pairId: z.string(),
  leg: z.enum(['y', 'x']),
  symbol: z.string(),
  marketValue: z.number(),
  shock: z.number().nullable(),
  source: z.enum(['history', 'symbol', 'sector', 'market', 'none']),
  pnl: z.number(),
});

export const stressResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  available: z.boolean(),
  pnl: z.number(),
  pnlFraction: z.number(),
  byPair: z.array(z.object({ pairId: z.string(), pnl: z.number() })),
  lines: z.array(stressLineSchema),
  missingSymbols: z.array(z.string()),
});
export type StressResultWire = z.infer<typeof stressResultSchema>;

const varFigureSchema = z.object({
  confidence: z.number(),
  historicalVar: z.number().nullable(),
  historicalCvar: z.number().nullable(),
  parametricVar: z.number().nullable(),
  parametricCvar: z.number().nullable(),
});

export const riskSnapshotSchema = z.object({
  /** The last stored close the figures rest on; null with no market data. */
  asOf: tradingDateSchema.nullable(),
  /** Epoch ms the snapshot was computed (the service's clock). */
  computedAt: z.number().int(),
  accountId: z.string(),
  equity: z.number(),
  cash: z.number(),
  positions: z.array(riskPositionWireSchema),
  exposure: z.object({
    bySymbol: z.array(exposureRowSchema),
    bySector: z.array(exposureRowSchema),
    byPair: z.array(exposureRowSchema),
    totals: z.object({ long: z.number(), short: z.number(), gross: z.number(), net: z.number(), grossLeverage: z.number(), netLeverage: z.number() }),
  }),
  pnl: z.object({
    points: z.array(z.object({ date: tradingDateSchema, equity: z.number(), pnl: z.number(), cumulativePnl: z.number(), drawdown: z.number(), drawdownDollars: z.number() })),
    totalPnl: z.number(),
    maxDrawdown: z.number(),
    maxDrawdownDollars: z.number(),
    currentDrawdown: z.number(),
    unrealizedPnl: z.number(),
  }),
  valueAtRisk: z.object({
    windowDays: z.number().int(),
    observations: z.number().int(),
    from: tradingDateSchema.nullable(),
    skippedDays: z.number().int(),
    mean: z.number().nullable(),
    std: z.number().nullable(),
    figures: z.array(varFigureSchema),
  }),
  beta: z.object({ observations: z.number().int(), portfolioBeta: z.number(), dollarBeta: z.number(), bySymbol: z.array(z.object({ symbol: z.string(), beta: z.number() })) }),
  correlation: z.object({ pairs: z.array(z.string()), observations: z.number().int(), matrix: z.array(z.array(z.number().nullable())) }),
  stress: z.array(stressResultSchema),
  rolling: z.object({
    windowDays: z.number().int(),
    sharpeFloor: z.number().nullable(),
    sortinoFloor: z.number().nullable(),
    points: z.array(z.object({ date: tradingDateSchema, sharpe: z.number().nullable(), sortino: z.number().nullable() })),
    breaches: z.array(z.object({ metric: z.enum(['sharpe', 'sortino']), value: z.number(), floor: z.number(), date: tradingDateSchema })),
  }),
  /** Symbols whose series came with a basis warning (missing corporate actions). */
  warnings: z.array(z.string()),
});
export type RiskSnapshotWire = z.infer<typeof riskSnapshotSchema>;

const shockSchema = z.number().min(-1).max(10);

export const userShocksSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    /** A return applied to every symbol without a more specific shock (−0.1 = −10%). */
    market: shockSchema.optional(),
    sectors: z.array(z.object({ sector: z.string().trim().min(1).max(100), shock: shockSchema }).strict()).max(100).default([]),
    /** Symbols go through the one symbol rule, so `brk-b` shocks BRK.B. */
    symbols: z.array(z.object({ symbol: symbolSchema, shock: shockSchema }).strict()).max(1000).default([]),
  })
  .strict();

export const monteCarloRequestSchema = z
  .object({
    horizonDays: z.number().int().min(1).max(252).optional(),
    paths: z.number().int().min(100).max(200_000).optional(),
    blockLength: z.number().int().min(1).max(63).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

export const monteCarloResultSchema = z.object({
  horizonDays: z.number().int(),
  paths: z.number().int(),
  blockLength: z.number().int(),
  seed: z.number().int(),
  observations: z.number().int(),
  mean: z.number(),
  quantiles: z.array(z.object({ p: z.number(), value: z.number() })),
  var95: z.number(),
  cvar95: z.number(),
  var99: z.number(),
  cvar99: z.number(),
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) }),
});
export type MonteCarloResultWire = z.infer<typeof monteCarloResultSchema>;
