import { Notification } from 'electron';
import type { Logger } from 'pino';
import { alertRecordSchema, type AlertSeverity } from '../../shared/domain/alerts';
import { tradingStateSchema } from '../../shared/domain/trading';
import type { EventEnvelope } from '../../shared/ipc/envelope';
import type { EventBus } from '../events/event-bus';

export interface NativeNotificationsOptions {
  readonly events: Pick<EventBus, 'subscribeAll'>;
  readonly logger: Logger;
  /** Called when the user clicks a notification: bring the window to the front. */
  readonly onClick?: () => void;
  /** Lowest alert severity that notifies (config alerts.osNotifications); 'critical' by default. */
  readonly minSeverity?: AlertSeverity | 'off';
}

export interface NativeNotice {
  readonly title: string;
  readonly body: string;
}

const RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

/**
 * Decides which pushed events deserve a native notification: alerts at or above the floor
 * (`alerts:raised`, already deduplicated and rate-limited by the alerts service, which also
 * takes in every plain `alert` event), and the moment trading becomes halted (not every later
 * state push while it stays halted). Returns a stateful function because "became halted"
 * needs the previous state.
 */
export function createNoticeSelector(minSeverity: AlertSeverity | 'off' = 'critical'): (envelope: Pick<EventEnvelope, 'event' | 'payload'>) => NativeNotice | null {
  let halted: boolean | undefined;
  let lastRevision = -1;
  return function selectNotice(envelope: Pick<EventEnvelope, 'event' | 'payload'>): NativeNotice | null {
    switch (envelope.event) {
      case 'alerts:raised': {
        const alert = alertRecordSchema.safeParse(envelope.payload);
        if (!alert.success || minSeverity === 'off' || RANK[alert.data.severity] < RANK[minSeverity]) return null;
        return { title: alert.data.title, body: alert.data.message };
      }
      case 'trading:state': {
        const state = tradingStateSchema.safeParse(envelope.payload);
        if (!state.success || state.data.revision <= lastRevision) return null;
        lastRevision = state.data.revision;
        const isHalted = state.data.global.status === 'HALTED';
        const becameHalted = isHalted && halted !== true;
        halted = isHalted;
        if (!becameHalted) return null;
        return { title: 'Trading halted', body: state.data.global.reason ?? 'The kill switch is engaged.' };
      }
      default:
        return null;
    }
  };
}

/** Shows native notifications for the events above. Returns the function that stops it. */
export function registerNativeNotifications(options: NativeNotificationsOptions): () => void {
  const { logger, onClick } = options;
  if (!Notification.isSupported()) {
    logger.warn('native notifications are not supported on this system');
    return () => undefined;
  }
  const select = createNoticeSelector(options.minSeverity);
  return options.events.subscribeAll(function notify(envelope) {
    const notice = select(envelope);
    if (notice === null) return;
    const notification = new Notification({ title: notice.title, body: notice.body, urgency: 'critical' });
    if (onClick !== undefined) notification.on('click', onClick);
    notification.on('failed', (_event, error) => logger.warn({ error }, 'a native notification failed'));
    notification.show();
  });
}
