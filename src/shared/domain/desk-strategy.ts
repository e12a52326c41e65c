import { z } from 'zod';

/**
 * Strategies running on the desk (issue 14: "signals, ticket, orders, fills"): a backtest-style
 * config for one or more pairs, decided at every replayed session close and traded through
 * the desk's one order path. The config is validated in main (backtest-config.ts), so every
 * refusal names its field.
 */

export const strategyIdSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'letters, digits, _ and - only' });

export const strategyStartRequestSchema = z
  .object({
    /** Names the strategy in the blotter, halt scopes (`strategy:<id>`) and the audit; defaults to the kind. */
    id: strategyIdSchema.optional(),
    config: z.record(z.string(), z.unknown()),
  })
  .strict();
export type StrategyStartRequest = z.infer<typeof strategyStartRequestSchema>;

export const strategyStopRequestSchema = z
  .object({
    /** Pairs (`Y/X`) to stop; every running pair when absent. */
    pairs: z.array(z.string().min(3).max(41)).optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();
export type StrategyStopRequest = z.infer<typeof strategyStopRequestSchema>;

export const strategyDecisionSchema = z.object({
  /** The close decided on (YYYY-MM-DD). */
  day: z.string(),
  kind: z.enum(['enter', 'exit', 'none']),
  /** entry_long / exit / stop / … for a decision; the no-decision's reason otherwise (warmup, in_band, risk_denied, …). */
  reason: z.string(),
  z: z.number().nullable(),
  detail: z.string().nullable(),
  /** The desk's pair order, when one was placed. */
  pairOrderId: z.string().nullable(),
});
export type StrategyDecision = z.infer<typeof strategyDecisionSchema>;

export const strategyStatusSchema = z.object({
  strategyId: z.string(),
  kind: z.string(),
  pair: z.string(),
  running: z.boolean(),
  /** The recorded session its decisions go to (`arbdesk divergence --session ID`). */
  sessionId: z.string(),
  from: z.string(),
  to: z.string(),
  decisions: z.number().int().nonnegative(),
  lastDecision: strategyDecisionSchema.nullable(),
});
export type StrategyStatus = z.infer<typeof strategyStatusSchema>;
