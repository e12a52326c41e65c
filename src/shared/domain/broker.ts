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
