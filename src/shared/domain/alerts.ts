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

/** Where an alert comes from (issue 14 "Alerts"; audit 8.3 errors and anomalies). */
export const alertKindSchema = z.enum([
  'halt',
  'limit-breach',
  'loss',
  'stale-data',
  'broken-pair',
  'deadman',
  'worker-crash',
  'job-failed',
  'db-check-failed',
  'audit-check-failed',
  'broker-error',
  'order-rejected',
  'fill-slippage',
  'position-mismatch',
  'slo-breach',
  'system',
]);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const alertSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

/**
 * A persisted alert. Raising the same `dedupKey` again while it is unacknowledged (and within
 * the dedup window) does not add a row: it bumps `count` and `lastAt`, so a flapping source
 * produces one entry and one toast, not a stack.
 */
export const alertRecordSchema = z.object({
  id: z.number().int().positive(),
  kind: alertKindSchema,
  severity: alertSeveritySchema,
  /** What it is about: a pair (KO/PEP), a symbol, a job id, 'global' … */
  subject: z.string(),
  title: z.string(),
  message: z.string(),
  dedupKey: z.string(),
  details: z.record(z.string(), z.json()),
  /** Epoch ms first raised and last raised again. */
  raisedAt: z.number().int(),
  lastAt: z.number().int(),
  count: z.number().int().positive(),
  acknowledgedAt: z.number().int().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type AlertRecord = z.infer<typeof alertRecordSchema>;

export const alertListQuerySchema = z.object({
  limit: z.number().int().min(1).max(1000).default(200),
  unacknowledgedOnly: z.boolean().default(false),
  kind: alertKindSchema.optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

export const alertListResponseSchema = z.object({
  alerts: z.array(alertRecordSchema),
  unacknowledged: z.number().int().nonnegative(),
});

/** What the webhook sends, before a preset (Slack, PagerDuty Events v2) reshapes it. */
export const webhookPresetSchema = z.enum(['generic', 'slack', 'pagerduty']);
export type WebhookPreset = z.infer<typeof webhookPresetSchema>;
