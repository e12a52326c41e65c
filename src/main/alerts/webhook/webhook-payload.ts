import { z } from 'zod';
import type { AlertRecord, AlertSeverity, WebhookPreset } from '../../../shared/domain/alerts';
import { assertNever } from '../../../shared/ipc/errors';

/**
 * What ArbDesk sends to a webhook (audit 8.3), in its own shape (`generic`) or reshaped for a
 * Slack incoming webhook or the PagerDuty Events API v2. Every shape carries the alert's dedup
 * key, so a receiver that retries or deduplicates sees one incident per condition.
 */
export const genericWebhookPayloadSchema = z
  .object({
    schema: z.literal('arbdesk.alert/v1'),
    source: z.string(),
    id: z.number().int(),
    kind: z.string(),
    severity: z.enum(['info', 'warning', 'critical']),
    subject: z.string(),
    title: z.string(),
    message: z.string(),
    dedupKey: z.string(),
    count: z.number().int().positive(),
    /** ISO 8601 UTC. */
    raisedAt: z.string(),
    details: z.record(z.string(), z.json()),
  })
  .strict();
export type GenericWebhookPayload = z.infer<typeof genericWebhookPayloadSchema>;

export const slackWebhookPayloadSchema = z
  .object({
    text: z.string().min(1),
    blocks: z.array(z.object({ type: z.literal('section'), text: z.object({ type: z.literal('mrkdwn'), text: z.string() }).strict() }).strict()),
  })
  .strict();

/** PagerDuty Events API v2 "trigger" (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
export const pagerDutyEventSchema = z
  .object({
    routing_key: z.string().min(1),
    event_action: z.literal('trigger'),
    dedup_key: z.string().min(1).max(255),
    payload: z
      .object({
        summary: z.string().min(1).max(1024),
        source: z.string().min(1),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: z.string(),
        component: z.string(),
        group: z.string(),
        class: z.string(),
        custom_details: z.record(z.string(), z.json()),
      })
      .strict(),
  })
  .strict();

const SLACK_ICON: Readonly<Record<AlertSeverity, string>> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };

export interface PayloadOptions {
  readonly preset: WebhookPreset;
  readonly source: string;
  /** PagerDuty's integration key; required for that preset. */
  readonly routingKey: string | null;
}

export function webhookPayload(alert: AlertRecord, options: PayloadOptions): unknown {
  const raisedAt = new Date(alert.raisedAt).toISOString();
  switch (options.preset) {
    case 'generic':
      return genericWebhookPayloadSchema.parse({
        schema: 'arbdesk.alert/v1',
        source: options.source,
        id: alert.id,
        kind: alert.kind,
        severity: alert.severity,
        subject: alert.subject,
        title: alert.title,
        message: alert.message,
        dedupKey: alert.dedupKey,
        count: alert.count,
        raisedAt,
        details: alert.details,
      });
    case 'slack': {
      const text = `${SLACK_ICON[alert.severity]} *${escapeSlack(alert.title)}*\n${escapeSlack(alert.message)}\n_${alert.kind} · ${escapeSlack(alert.subject)} · ${raisedAt} · key ${escapeSlack(alert.dedupKey)}_`;
      return slackWebhookPayloadSchema.parse({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
    }
    case 'pagerduty':
      return pagerDutyEventSchema.parse({
        routing_key: options.routingKey ?? '',
        event_action: 'trigger',
        dedup_key: alert.dedupKey.slice(0, 255),
        payload: {
          summary: `${alert.title}: ${alert.message}`.slice(0, 1024),
          source: options.source,
          severity: alert.severity,
          timestamp: raisedAt,
          component: alert.subject,
          group: alert.kind,
          class: alert.kind,
          custom_details: { ...alert.details, count: alert.count, alertId: alert.id },
        },
      });
    default:
      return assertNever(options.preset, 'webhook preset');
  }
}

/** Slack's mrkdwn treats &, < and > as control characters. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
