import { z } from 'zod';
import { alertSeveritySchema, webhookPresetSchema } from './alerts';

/**
 * How alerts are delivered. The webhook URL is not here: a Slack or PagerDuty URL carries a
 * token, so it is a secret kept in the OS keychain (account `alerts:webhook-url`).
 */
export const alertsConfigSchema = z
  .object({
    /** The same dedup key again within this window (and unacknowledged) bumps the count instead of a new alert. */
    dedupWindowMs: z.number().int().min(0).max(86_400_000).default(10 * 60 * 1000),
    /** New alerts per minute beyond which they are stored but not pushed (critical ones always are). */
    maxPerMinute: z.number().int().min(1).max(10_000).default(20),
    /** Lowest severity that shows an OS notification in the desktop app. */
    osNotifications: z.enum(['off', 'info', 'warning', 'critical']).default('critical'),
    webhook: z
      .object({
        enabled: z.boolean().default(false),
        preset: webhookPresetSchema.default('generic'),
        minSeverity: alertSeveritySchema.default('warning'),
        /** Attempts after the first, with exponential backoff from `retryBaseMs`. */
        retries: z.number().int().min(0).max(10).default(3),
        retryBaseMs: z.number().int().min(1).max(60_000).default(500),
        timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
        /** PagerDuty Events v2 routing key lives with the URL in the keychain; this names the source field. */
        source: z.string().min(1).max(200).default('arbdesk'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
