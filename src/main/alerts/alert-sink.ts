import type { AlertKind, AlertRecord, AlertSeverity } from '../../shared/domain/alerts';

/** One alert as a source raises it. `details` must be JSON (it is persisted and sent to webhooks). */
export interface AlertInput {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /** What it is about: 'global', a pair 'KO/PEP', a symbol, a job id … */
  readonly subject: string;
  /** One line; the toast's title. Defaults from kind and subject. */
  readonly title?: string;
  readonly message: string;
  /**
   * Alerts with the same key are one alert while it stands unacknowledged (count and time
   * bump). Use a key that names the condition, e.g. `halt:daily-loss` or `stale:KO`.
   */
  readonly dedupKey: string;
  readonly details?: Readonly<Record<string, JsonValue>>;
}

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What raising did: a new alert, the same alert again, or stored but not pushed (rate limit). */
export interface RaiseOutcome {
  readonly alert: AlertRecord;
  readonly outcome: 'new' | 'repeat' | 'suppressed';
}

/**
 * The port every area raises alerts through (halts, limit breaches, stale data, broken pairs,
 * worker crashes, broker errors …). The alerts service implements it: it persists, dedups,
 * rate-limits, pushes `alerts:raised` (toasts, the alert list, OS notifications) and hands the
 * alert to the webhook. `raise` never throws: alerting must not break the path that alerts.
 */
export interface AlertSink {
  raise(input: AlertInput): RaiseOutcome | null;
}

/** A sink for code paths that have none wired yet (pure tests): raises go nowhere, visibly. */
export const nullAlertSink: AlertSink = { raise: () => null };
