import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { EventBus } from '../../../src/main/events/event-bus';
import { registerNativeNotifications } from '../../../src/main/electron/notifications';
import type { TradingState } from '../../../src/shared/domain/trading';
import { Notification, createMemoryLogger } from './fake-electron';
import { tradingStateWith } from '../../helpers/trading-state';
import type { AlertRecord, AlertSeverity } from '../../../src/shared/domain/alerts';

const raised = (id: number, severity: AlertSeverity, title: string, message: string): AlertRecord => ({
  id,
  kind: 'system',
  severity,
  subject: 'global',
  title,
  message,
  dedupKey: `k${id}`,
  details: {},
  raisedAt: id,
  lastAt: id,
  count: 1,
  acknowledgedAt: null,
  acknowledgedBy: null,
});

const running: TradingState = tradingStateWith({ profile: 'live', revision: 1 });
const haltedWith = (reason: string, revision: number): TradingState => tradingStateWith({ profile: 'live', status: 'HALTED', reason, since: 5, revision });

beforeEach(() => {
  Notification.shown.length = 0;
  Notification.supported = true;
});

describe('native notifications', () => {
  it('notifies critical alerts only', () => {
    const events = new EventBus();
    registerNativeNotifications({ events, logger: createMemoryLogger().logger });
    events.publish('alerts:raised', raised(1, 'warning', 'Spread wide', 'KO/PEP'));
    events.publish('alerts:raised', raised(2, 'critical', 'Broker disconnected', 'Orders paused'));
    // A plain alert event reaches the OS only through the alerts service (dedup, rate limit).
    events.publish('alert', { id: 'c', time: 3, severity: 'critical', title: 'Raw', message: 'not deduplicated yet' });
    expect(Notification.shown.map((notice) => notice.options)).toEqual([
      { title: 'Broker disconnected', body: 'Orders paused', urgency: 'critical' },
    ]);
  });

  it('notifies from the configured severity up, or never when off', () => {
    const events = new EventBus();
    const stop = registerNativeNotifications({ events, logger: createMemoryLogger().logger, minSeverity: 'warning' });
    events.publish('alerts:raised', raised(1, 'info', 'Fill', 'KO filled'));
    events.publish('alerts:raised', raised(2, 'warning', 'Stale quote', 'KO is 20 s old'));
    stop();
    registerNativeNotifications({ events, logger: createMemoryLogger().logger, minSeverity: 'off' });
    events.publish('alerts:raised', raised(3, 'critical', 'Halted', 'daily loss'));
    expect(Notification.shown.map((notice) => notice.options.title)).toEqual(['Stale quote']);
  });

  it('notifies the moment trading becomes halted, once, ignoring stale revisions', () => {
    const events = new EventBus();
    registerNativeNotifications({ events, logger: createMemoryLogger().logger });
    events.publish('trading:state', running);
    events.publish('trading:state', haltedWith('Kill switch (global shortcut)', 2));
    events.publish('trading:state', haltedWith('Kill switch (global shortcut)', 3));
    events.publish('trading:state', { ...running, revision: 2 }); // out of order: ignored
    events.publish('trading:state', { ...running, revision: 4 });
    events.publish('trading:state', haltedWith('Daily loss limit', 5));
    expect(Notification.shown.map((notice) => notice.options.body)).toEqual(['Kill switch (global shortcut)', 'Daily loss limit']);
  });

  it('brings the window forward on click, and stops when unsubscribed', () => {
    const events = new EventBus();
    const onClick = vi.fn();
    const stop = registerNativeNotifications({ events, logger: createMemoryLogger().logger, onClick });
    events.publish('alerts:raised', raised(2, 'critical', 'T', 'M'));
    Notification.shown[0]?.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    stop();
    expect(events.listenerCount).toBe(0);
  });

  it('does nothing where notifications are unsupported', () => {
    Notification.supported = false;
    const events = new EventBus();
    registerNativeNotifications({ events, logger: createMemoryLogger().logger });
    expect(events.listenerCount).toBe(0);
  });
});
