import { z } from 'zod';

export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const logEntrySchema = z.object({
  time: z.number().int(),
  level: logLevelSchema,
  module: z.string(),
  msg: z.string(),
  correlationId: z.string().optional(),
  /** Extra structured fields, already redacted by main. */
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;
