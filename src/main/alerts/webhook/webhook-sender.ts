import type { Logger } from 'pino';
import type { AlertRecord } from '../../../shared/domain/alerts';
import type { AlertsConfig } from '../../../shared/domain/alerts-config';
import type { AlertForwarder } from '../alerts.service';
import { webhookPayload } from './webhook-payload';

/** The webhook's secrets, read from the OS keychain when needed (never from config, never logged). */
export interface WebhookTarget {
  readonly url: string;
  readonly routingKey: string | null;
}

export const WEBHOOK_URL_ACCOUNT = 'alerts:webhook-url';
export const WEBHOOK_ROUTING_KEY_ACCOUNT = 'alerts:webhook-routing-key';

export interface WebhookSenderOptions {
  readonly config: () => AlertsConfig['webhook'];
  /** Null when no URL is stored: the alert is not sent, and that is logged once per alert. */
  readonly target: () => Promise<WebhookTarget | null>;
  readonly logger: Logger;
  /** Waits between attempts; real timers by default. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryResult {
  readonly alertId: number;
  readonly delivered: boolean;
  readonly attempts: number;
  /** The last HTTP status, or null after a network error or timeout. */
  readonly status: number | null;
}

/**
 * Posts alerts to the webhook in order, one at a time, with retries: a network error, a
 * timeout, 429 or a 5xx is retried with exponential backoff from `retryBaseMs`; any other 4xx
 * is final (the payload or the URL is wrong, and resending will not fix it). The URL is never
 * logged: a Slack or PagerDuty URL carries its token.
 */
export class WebhookSender implements AlertForwarder {
  private queue: Promise<void> = Promise.resolve();
  private readonly results: DeliveryResult[] = [];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookSenderOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  forward(alert: AlertRecord): void {
    this.queue = this.queue.then(() => this.deliver(alert)).then(
      (result) => {
        this.results.push(result);
      },
      (error: unknown) => {
        this.options.logger.error({ err: error, alertId: alert.id }, 'webhook delivery failed unexpectedly');
      },
    );
  }

  /** Resolves once everything forwarded so far was delivered or given up (tests, shutdown). */
  async idle(): Promise<readonly DeliveryResult[]> {
    await this.queue;
    return this.results;
  }

  private async deliver(alert: AlertRecord): Promise<DeliveryResult> {
    const config = this.options.config();
    const target = await this.options.target();
    if (target === null) {
      this.options.logger.warn({ alertId: alert.id }, 'the alert webhook is enabled but no URL is stored in the keychain');
      return { alertId: alert.id, delivered: false, attempts: 0, status: null };
    }
    const body = JSON.stringify(webhookPayload(alert, { preset: config.preset, source: config.source, routingKey: target.routingKey }));
    let status: number | null = null;
    for (let attempt = 1; attempt <= config.retries + 1; attempt += 1) {
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        status = response.status;
        // Drain the body so the connection can be reused.
        await response.arrayBuffer();
        if (response.ok) return { alertId: alert.id, delivered: true, attempts: attempt, status };
        if (status !== 429 && status < 500) {
          this.options.logger.error({ alertId: alert.id, status, preset: config.preset }, 'the alert webhook refused the alert; not retrying');
          return { alertId: alert.id, delivered: false, attempts: attempt, status };
        }
      } catch (error) {
        status = null;
        this.options.logger.warn({ alertId: alert.id, attempt, reason: error instanceof Error ? error.name : 'error', preset: config.preset }, 'alert webhook unreachable');
      }
      if (attempt <= config.retries) await this.sleep(config.retryBaseMs * 2 ** (attempt - 1));
    }
    this.options.logger.error({ alertId: alert.id, attempts: config.retries + 1, status, preset: config.preset }, 'alert webhook gave up after retries');
    return { alertId: alert.id, delivered: false, attempts: config.retries + 1, status };
  }
}
