import type { Logger } from 'pino';
import type { AlertListQuery, AlertRecord, AlertSeverity } from '../../shared/domain/alerts';
import type { AlertsConfig } from '../../shared/domain/alerts-config';
import type { Clock } from '../core/time/clock';
import type { EventBus } from '../events/event-bus';
import type { AlertStore } from '../store/repos/alerts.repo';
import type { AlertInput, AlertSink, RaiseOutcome } from './alert-sink';

/** Hands an alert to the webhook; it sends in the background and never throws. */
export interface AlertForwarder {
  forward(alert: AlertRecord): void;
}

export interface AlertsServiceOptions {
  readonly store: AlertStore;
  readonly events: Pick<EventBus, 'publish'>;
  readonly clock: Clock;
  readonly config: () => AlertsConfig;
  readonly logger: Logger;
  readonly webhook?: AlertForwarder;
}

const RATE_WINDOW_MS = 60_000;
const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

export function severityAtLeast(severity: AlertSeverity, floor: AlertSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[floor];
}

/**
 * The alerts area's one service and the AlertSink every source raises through.
 * - Dedup: an unacknowledged alert with the same key raised within `dedupWindowMs` of its last
 *   raise is the same alert (count and time bump, no new toast).
 * - Rate limit: at most `maxPerMinute` new alerts are pushed per sliding minute; more are
 *   stored and listed but not pushed. Critical alerts are always pushed: a halt must never be
 *   the alert that is silenced.
 * - Delivery: `alerts:raised` (toasts, the alert list, OS notifications in Electron) and the
 *   optional webhook, for the alerts that were pushed.
 */
export class AlertsService implements AlertSink {
  private readonly pushed: number[] = [];

  constructor(private readonly options: AlertsServiceOptions) {}

  raise(input: AlertInput): RaiseOutcome | null {
    try {
      return this.raiseOrThrow(input);
    } catch (error) {
      // Alerting must not break the path that alerts (a halt raising one): log loudly instead.
      this.options.logger.error({ err: error, kind: input.kind, dedupKey: input.dedupKey, message: input.message }, 'could not raise an alert');
      return null;
    }
  }

  list(query: AlertListQuery): { alerts: AlertRecord[]; unacknowledged: number } {
    return { alerts: this.options.store.list(query), unacknowledged: this.options.store.unacknowledgedCount() };
  }

  acknowledge(ids: readonly number[], by: string): number {
    return this.options.store.acknowledge(ids, by, this.options.clock.now());
  }

  private raiseOrThrow(input: AlertInput): RaiseOutcome {
    const now = this.options.clock.now();
    const config = this.options.config();
    const details = input.details ?? {};
    const open = this.options.store.findOpen(input.dedupKey);
    if (open !== null && now - open.lastAt <= config.dedupWindowMs) {
      const alert = this.options.store.repeat(open.id, { at: now, message: input.message, severity: input.severity, details });
      return { alert, outcome: 'repeat' };
    }
    const alert = this.options.store.insert({
      kind: input.kind,
      severity: input.severity,
      subject: input.subject,
      title: input.title ?? defaultTitle(input),
      message: input.message,
      dedupKey: input.dedupKey,
      details,
      at: now,
    });
    while (this.pushed.length > 0 && (this.pushed[0] ?? now) <= now - RATE_WINDOW_MS) this.pushed.shift();
    if (alert.severity !== 'critical' && this.pushed.length >= config.maxPerMinute) {
      this.options.logger.warn({ id: alert.id, kind: alert.kind, dedupKey: alert.dedupKey }, 'alert rate limit reached: stored, not pushed');
      return { alert, outcome: 'suppressed' };
    }
    this.pushed.push(now);
    this.options.logger.warn({ id: alert.id, kind: alert.kind, severity: alert.severity, subject: alert.subject }, alert.message);
    this.options.events.publish('alerts:raised', alert);
    if (config.webhook.enabled && severityAtLeast(alert.severity, config.webhook.minSeverity)) this.options.webhook?.forward(alert);
    return { alert, outcome: 'new' };
  }
}

function defaultTitle(input: AlertInput): string {
  const what = input.kind.replace(/-/g, ' ');
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}: ${input.subject}`;
}
