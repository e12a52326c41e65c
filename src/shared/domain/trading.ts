import { z } from 'zod';
import { profileSchema } from './system';

export const brokerConnectionSchema = z.enum(['none', 'connecting', 'connected', 'degraded', 'disconnected']);

export const tradingStateSchema = z.object({
  profile: profileSchema,
  /** Which broker adapter is wired: the paper broker, Schwab, or none (backtest). */
  broker: z.enum(['paper', 'schwab', 'none']),
  connection: brokerConnectionSchema,
  /** True once the kill switch is engaged; nothing new reaches a venue until a human resumes. */
  halted: z.boolean(),
  haltedAt: z.number().int().nullable(),
  haltReason: z.string().nullable(),
  /** Monotonic revision so the UI can ignore out-of-order pushes. */
  revision: z.number().int().nonnegative(),
});
export type TradingState = z.infer<typeof tradingStateSchema>;

export const haltRequestSchema = z.object({
  reason: z.string().trim().min(1, 'a reason is required').max(500),
});

/** Resuming is deliberate: the caller must type the confirmation word. */
export const resumeRequestSchema = z.object({
  confirm: z.literal('RESUME'),
  reason: z.string().trim().min(1).max(500),
});
