import type { Alert } from '../../shared/domain/alerts';
import type { JobFinished } from '../../shared/domain/jobs';
import type { EventBus } from '../events/event-bus';
import type { AlertInput, AlertSink } from './alert-sink';

/**
 * Sources that already speak on the event bus, turned into alerts: failed jobs (a crashed
 * worker fails its job with "Worker … crashed"), and the plain `alert` events that areas
 * without the sink publish (the scanner's health monitor for broken pairs, the kill switch
 * when a state could not be saved). Returns the function that stops listening.
 */
export function subscribeAlertSources(events: Pick<EventBus, 'subscribe'>, sink: AlertSink): () => void {
  const stops = [
    events.subscribe('job:finished', (finished) => {
      const input = alertForJob(finished);
      if (input !== null) sink.raise(input);
    }),
    events.subscribe('alert', (alert) => {
      sink.raise(alertFromEvent(alert));
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

export function alertForJob(finished: JobFinished): AlertInput | null {
  if (finished.state !== 'failed') return null;
  const message = finished.error?.message ?? 'no error message';
  const crashed = /\bcrashed\b/i.test(message);
  return {
    kind: crashed ? 'worker-crash' : 'job-failed',
    severity: 'warning',
    subject: finished.jobId,
    title: crashed ? `A worker crashed during ${finished.kind}` : `Job ${finished.kind} failed`,
    message,
    dedupKey: `${crashed ? 'worker-crash' : 'job-failed'}:${finished.jobId}`,
    details: { jobId: finished.jobId, jobKind: finished.kind, code: finished.error?.code ?? null },
  };
}

/** The health monitor's ids start `broken-pair:Y/X`; anything else is a system alert keyed by its title. */
export function alertFromEvent(alert: Alert): AlertInput {
  const broken = /^broken-pair:([^:]+\/[^:]+)/.exec(alert.id);
  if (broken !== null) {
    const pair = broken[1] ?? alert.id;
    return { kind: 'broken-pair', severity: alert.severity, subject: pair, title: alert.title, message: alert.message, dedupKey: `broken-pair:${pair}`, details: { sourceId: alert.id } };
  }
  return { kind: 'system', severity: alert.severity, subject: 'global', title: alert.title, message: alert.message, dedupKey: `system:${alert.title}`, details: { sourceId: alert.id } };
}
