import { z } from 'zod';

export const alertSchema = z.object({
  id: z.string(),
  time: z.number().int(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  message: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

/** A quote pushed from the market data service (live feeds arrive with the broker integration). */
export const quoteSchema = z.object({
  symbol: z.string(),
  time: z.number().int(),
  bid: z.number().nullable(),
  ask: z.number().nullable(),
  last: z.number().nullable(),
});
export type Quote = z.infer<typeof quoteSchema>;
