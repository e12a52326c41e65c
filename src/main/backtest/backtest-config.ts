import { z } from 'zod';
import { AppError } from '../../shared/ipc/errors';
import { symbolSchema } from '../../shared/domain/symbol';
import { parseIsoDate, type EpochDay } from '../core/time/epoch-day';
import type { BorrowEntry } from './borrow-table';
import { zeroTransactionCosts, type TransactionCostConfig } from './cost-model';
import type { FinancingConfig } from './financing';

/**
 * The backtest config (the CLI's JSON, docs/backtest.md). Every key but the issue's example
 * ones has a documented default; `"costs": "none"` zeroes every cost, slippage, impact and
 * financing rate; leaving `costs` out applies the realistic default model below. Every
 * refusal names its field (`strategy.entry: …`).
 */

const rate = (field: string) => z.number({ error: `${field} must be a number` }).finite().nonnegative({ message: `${field} must be ≥ 0 (a negative rate is not a cost)` });

const commissionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zero') }),
  z.object({
    kind: z.literal('per_share'),
    perShare: rate('perShare'),
    minimum: rate('minimum').default(0),
    maximum: rate('maximum').optional(),
    maxPercentOfValue: rate('maxPercentOfValue').optional(),
  }),
  z.object({ kind: z.literal('per_order'), amount: rate('amount') }),
]);

const secFeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('schedule') }),
  z.object({ kind: z.literal('fixed'), perMillion: rate('perMillion') }),
]);

const tafSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('schedule') }),
  z.object({ kind: z.literal('fixed'), perShare: rate('perShare'), maxPerTrade: rate('maxPerTrade') }),
]);

const isoDate = z.string().refine((text) => parseIsoDate(text) !== null, { message: 'must be a date YYYY-MM-DD' });

const borrowEntrySchema = z.object({
  symbol: symbolSchema,
  from: isoDate,
  rate: rate('rate').optional(),
  available: z.boolean().default(true),
  recall: z.boolean().default(false),
});

const costsObjectSchema = z.object({
  // IBKR Pro fixed: $0.005/share, $1.00 minimum, 1% of trade value maximum.
  commission: commissionSchema.default({ kind: 'per_share', perShare: 0.005, minimum: 1, maxPercentOfValue: 0.01 }),
  secFee: secFeeSchema.default({ kind: 'schedule' }),
  finraTaf: tafSchema.default({ kind: 'schedule' }),
  slippageBps: rate('slippageBps').default(2),
  impact: z.object({ coefficient: rate('coefficient').default(0.5), window: z.number().int().min(2).default(20) }).prefault({}),
  borrow: z
    .object({ generalCollateralRate: rate('generalCollateralRate').default(0.0025), table: z.array(borrowEntrySchema).default([]) })
    .prefault({}),
  marginInterestRate: rate('marginInterestRate').default(0.06),
  shortRebateRate: rate('shortRebateRate').default(0),
});

const marginSchema = z
  .object({
    initial: z.number().gt(0).max(1).default(0.5),
    maintenanceLong: z.number().gt(0).max(1).default(0.25),
    maintenanceShort: z.number().gt(0).max(3).default(0.3),
  })
  .prefault({});

/**
 * The strategy, a discriminated union on `kind` (docs/backtest.md, "Strategies"). Every kind
 * shares the band rules (entry, exit, stop, the optional P&L/trailing/time stops) and a
 * `lookback` (the z window, the warm-up, and the window sizing and correlation-aware sizing
 * read), so the runner reads those fields without knowing the kind.
 */
const bandFields = {
  lookback: z.number().int().min(3).default(60),
  entry: z.number().positive().default(2),
  exit: z.number().nonnegative().default(0.5),
  stop: z.number().positive().default(4),
  timeStopHalfLives: z.number().positive().optional(),
  pnlStop: z.number().positive().optional(),
  trailingStop: z.number().positive().optional(),
};

const zscoreStrategySchema = z.object({ kind: z.literal('zscore'), ...bandFields });

/**
 * Kalman-filtered hedge ratio and intercept (stats/kalman-hedge.ts, Chan 2013 ch. 3): δ is the
 * state's random-walk noise, Ve the observation noise ('auto': the OLS residual variance over
 * the warm-up window ending at the first decision day). `zSource` picks the z the band rules
 * see: 'innovation' = the one-step forecast error over its predicted std, 'spread' = the
 * spread under today's filtered β, α standardized over the `lookback` window.
 */
const kalmanStrategySchema = z.object({
  kind: z.literal('kalman'),
  ...bandFields,
  // Defaults for log prices (docs/backtest.md): Ve from the data, δ small enough that the
  // state noise Vw·(log x² + 1) stays well under Ve (with 1e-4 it swamps Q and |z| never nears 2).
  delta: z.number().gt(0).lt(1).default(1e-7),
  observationVariance: z.union([z.number().positive(), z.literal('auto')]).default('auto'),
  zSource: z.enum(['innovation', 'spread']).default('innovation'),
});

/**
 * A model-driven strategy (model-lab issue): the backtest core never loads a model; the
 * runner asks the injected StrategyProvider (RunOptions.strategyProvider) for the pair's
 * PairStrategy. `params` are the provider's own, passed through unread.
 */
const modelStrategySchema = z.object({
  kind: z.literal('model'),
  ...bandFields,
  modelId: z.string().min(1, { message: 'must name a registered model' }),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
});

export const strategySchema = z
  .discriminatedUnion('kind', [zscoreStrategySchema, kalmanStrategySchema, modelStrategySchema])
  .superRefine((value, context) => {
    if (value.entry <= value.exit) context.addIssue({ code: 'custom', path: ['entry'], message: `entry ${value.entry} lies inside the exit band ±${value.exit}` });
    if (value.stop <= value.entry) context.addIssue({ code: 'custom', path: ['stop'], message: `stop ${value.stop} must exceed entry ${value.entry}` });
  });

export type StrategyConfig = z.output<typeof strategySchema>;
export type ZScoreStrategyConfig = Extract<StrategyConfig, { kind: 'zscore' }>;
export type KalmanStrategyConfig = Extract<StrategyConfig, { kind: 'kalman' }>;
export type ModelStrategyConfig = Extract<StrategyConfig, { kind: 'model' }>;

const sizingSchema = z
  .object({
    method: z.enum(['fixed_fraction', 'vol_target', 'kelly']).default('fixed_fraction'),
    fraction: z.number().positive().max(10).default(0.1),
    annualVolatility: z.number().positive().default(0.1),
    kellyFraction: z.number().positive().max(1).default(0.5),
    cap: z.number().positive().default(0.2),
    maxFraction: z.number().positive().default(0.2),
    legs: z.enum(['dollar_neutral', 'beta_neutral']).default('beta_neutral'),
    lotSize: z.number().int().positive().default(1),
    correlationAware: z.boolean().default(false),
  })
  .prefault({});

const riskSchema = z
  .object({
    maxOpenPairs: z.number().int().positive().default(20),
    maxGrossExposure: z.number().positive().default(2),
    maxNetExposure: z.number().nonnegative().default(0.5),
    maxSymbolExposure: z.number().positive().default(0.5),
    maxDrawdown: z.number().gt(0).max(1).default(0.25),
  })
  .prefault({});

export const backtestConfigSchema = z
  .object({
    pairs: z.array(z.object({ y: symbolSchema, x: symbolSchema })).min(1, { message: 'must list at least one pair' }),
    from: isoDate,
    to: isoDate,
    capital: z.number({ error: 'capital must be a number' }).finite().positive({ message: 'must be > 0' }),
    strategy: strategySchema,
    fill: z.enum(['next_open', 'next_close', 'vwap_proxy']).default('next_open'),
    costs: z.union([z.literal('none'), costsObjectSchema]).optional(),
    margin: marginSchema,
    sizing: sizingSchema,
    risk: riskSchema,
    legRisk: z.object({ policy: z.enum(['retry', 'hedge', 'unwind']).default('retry'), maxRetries: z.number().int().nonnegative().default(1) }).prefault({}),
    execution: z
      .object({ participationRate: z.number().gt(0).max(1).default(0.1), orderType: z.enum(['MARKET', 'LIMIT']).default('MARKET'), limitOffsetBps: rate('limitOffsetBps').default(10) })
      .prefault({}),
    data: z.object({ maxForwardFillDays: z.number().int().nonnegative().default(5) }).prefault({}),
    riskFreeRate: z.number().finite().default(0),
    seed: z.number().int().default(0),
  })
  .superRefine((value, context) => {
    const from = parseIsoDate(value.from);
    const to = parseIsoDate(value.to);
    if (from !== null && to !== null && from > to) context.addIssue({ code: 'custom', path: ['from'], message: `from ${value.from} is after to ${value.to}` });
    value.pairs.forEach((pair, index) => {
      if (pair.y === pair.x) context.addIssue({ code: 'custom', path: ['pairs', index, 'x'], message: `a pair needs two symbols, got ${pair.y} twice` });
    });
  });

export type BacktestConfigInput = z.input<typeof backtestConfigSchema>;
type ParsedConfig = z.output<typeof backtestConfigSchema>;

/** The resolved config the runner uses: dates as epoch days, costs expanded. */
export interface BacktestConfig extends Omit<ParsedConfig, 'from' | 'to' | 'costs'> {
  readonly fromDay: EpochDay;
  readonly toDay: EpochDay;
  readonly from: string;
  readonly to: string;
  readonly costsMode: 'none' | 'model';
  readonly transactionCosts: TransactionCostConfig;
  readonly borrow: { readonly generalCollateralRate: number; readonly table: readonly BorrowEntry[] };
  readonly financing: FinancingConfig;
}

export function parseBacktestConfig(input: unknown): BacktestConfig {
  const parsed = backtestConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    const messages = issues.map((issue) => `${issue.path || '(config)'}: ${issue.message}`);
    // `issues` pairs each path with its own message, so a form places them without parsing text.
    throw new AppError('CONFIG_INVALID', `Invalid backtest config: ${messages.join('; ')}`, {
      fields: issues.map((issue) => issue.path),
      issues,
    });
  }
  return resolve(parsed.data);
}

function resolve(config: ParsedConfig): BacktestConfig {
  const fromDay = parseIsoDate(config.from);
  const toDay = parseIsoDate(config.to);
  if (fromDay === null || toDay === null) throw new AppError('CONFIG_INVALID', 'from/to: must be dates YYYY-MM-DD', {
      fields: ['from', 'to'],
      issues: [
        { path: 'from', message: 'must be a date YYYY-MM-DD' },
        { path: 'to', message: 'must be a date YYYY-MM-DD' },
      ],
    });
  const costs = config.costs ?? costsObjectSchema.parse({});
  const base = { ...config, fromDay, toDay, margin: config.margin };
  if (costs === 'none') {
    return {
      ...base,
      costsMode: 'none',
      transactionCosts: zeroTransactionCosts,
      borrow: { generalCollateralRate: 0, table: [] },
      financing: { marginInterestRate: 0, shortRebateRate: 0, margin: config.margin },
    };
  }
  return {
    ...base,
    costsMode: 'model',
    transactionCosts: { commission: costs.commission, secFee: costs.secFee, finraTaf: costs.finraTaf, slippageBps: costs.slippageBps, impact: costs.impact },
    borrow: costs.borrow,
    financing: { marginInterestRate: costs.marginInterestRate, shortRebateRate: costs.shortRebateRate, margin: config.margin },
  };
}

/** The realistic default cost model (what a config without `costs` gets), for the paper broker. */
export function defaultModelCosts(): { readonly transactionCosts: TransactionCostConfig; readonly borrow: BacktestConfig['borrow'] } {
  const costs = costsObjectSchema.parse({});
  return {
    transactionCosts: { commission: costs.commission, secFee: costs.secFee, finraTaf: costs.finraTaf, slippageBps: costs.slippageBps, impact: costs.impact },
    borrow: costs.borrow,
  };
}
