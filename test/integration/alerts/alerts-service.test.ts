import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { ManualClock } from '../../../src/main/core/time/clock';
import { EventBus } from '../../../src/main/events/event-bus';
import { AlertsService } from '../../../src/main/alerts/alerts.service';
import { createMemoryAlertStore } from '../../../src/main/alerts/memory-alert-store';
import { createAlertsModule } from '../../../src/main/alerts/alerts.module';
import { createAlertsRepo, type AlertStore } from '../../../src/main/store/repos/alerts.repo';
import type { Store } from '../../../src/main/store/db';
import { alertsConfigSchema, type AlertsConfig } from '../../../src/shared/domain/alerts-config';
import type { AlertRecord } from '../../../src/shared/domain/alerts';
import { makeTempHome } from '../../helpers/temp-home';
import { openAlertsDb } from './alerts-db';

const logger = pino({ level: 'silent' });
const T0 = 1_764_590_400_000;

let home: ReturnType<typeof makeTempHome>;
let db: Store;

beforeEach(() => {
  home = makeTempHome('arbdesk-alerts-');
  db = openAlertsDb(home.dir);
});

afterEach(() => {
  db.close();
  home.cleanup();
});

function kit(store: AlertStore, config: Partial<AlertsConfig> = {}) {
  const clock = new ManualClock(T0);
  const events = new EventBus();
  const pushed: AlertRecord[] = [];
  events.subscribe('alerts:raised', (alert) => pushed.push(alert));
  const forwarded: AlertRecord[] = [];
  const settings = { ...alertsConfigSchema.parse({ webhook: { enabled: true, minSeverity: 'warning' } }), ...config };
  const service = new AlertsService({ store, events, clock, config: () => settings, logger, webhook: { forward: (alert) => forwarded.push(alert) } });
  return { clock, events, pushed, forwarded, service };
}

const stale = { kind: 'stale-data', severity: 'warning', subject: 'KO', message: 'no KO quote for 75 s', dedupKey: 'stale:KO' } as const;

describe.each([
  ['SQLite (trading migration 0005)', () => createAlertsRepo(db.db)],
  ['memory (before 0005 is registered)', () => createMemoryAlertStore()],
])('alerts service over %s', (_label, makeStore) => {
  it('persists a new alert, folds a repeat into it, and makes a new one once acknowledged', () => {
    const { clock, pushed, forwarded, service } = kit(makeStore());
    expect(service.raise(stale)?.outcome).toBe('new');
    clock.advance(30_000);
    const repeat = service.raise({ ...stale, message: 'no KO quote for 105 s' });
    expect(repeat?.outcome).toBe('repeat');
    expect(repeat?.alert).toMatchObject({ count: 2, raisedAt: T0, lastAt: T0 + 30_000, message: 'no KO quote for 105 s', title: 'Stale data: KO' });
    expect(pushed).toHaveLength(1);
    expect(forwarded).toHaveLength(1);
    const listed = service.list({ limit: 10, unacknowledgedOnly: false });
    expect(listed.unacknowledged).toBe(1);
    expect(listed.alerts.map((alert) => alert.count)).toEqual([2]);
    const id = listed.alerts[0]?.id ?? 0;
    expect(service.acknowledge([id, id], 'user')).toBe(1);
    expect(service.list({ limit: 10, unacknowledgedOnly: true }).alerts).toEqual([]);
    clock.advance(1_000);
    expect(service.raise(stale)?.outcome).toBe('new');
    expect(service.list({ limit: 10, unacknowledgedOnly: false }).alerts.map((alert) => [alert.count, alert.acknowledgedBy])).toEqual([
      [1, null],
      [2, 'user'],
    ]);
  });

  it('treats a repeat after the dedup window as a new alert', () => {
    const { clock, pushed, service } = kit(makeStore(), { dedupWindowMs: 60_000 });
    service.raise(stale);
    clock.advance(60_001);
    expect(service.raise(stale)?.outcome).toBe('new');
    expect(pushed).toHaveLength(2);
  });

  it('rate-limits pushes per minute but never a critical alert, and stores every one', () => {
    const { clock, pushed, forwarded, service } = kit(makeStore(), { maxPerMinute: 3 });
    const outcomes = ['A', 'B', 'C', 'D', 'E'].map((symbol) => service.raise({ ...stale, subject: symbol, dedupKey: `stale:${symbol}` })?.outcome);
    expect(outcomes).toEqual(['new', 'new', 'new', 'suppressed', 'suppressed']);
    expect(service.raise({ kind: 'halt', severity: 'critical', subject: 'global', message: 'daily loss limit', dedupKey: 'halt:daily-loss' })?.outcome).toBe('new');
    expect(pushed.map((alert) => alert.subject)).toEqual(['A', 'B', 'C', 'global']);
    expect(forwarded).toHaveLength(4);
    expect(service.list({ limit: 50, unacknowledgedOnly: false }).alerts).toHaveLength(6);
    clock.advance(60_000);
    expect(service.raise({ ...stale, subject: 'F', dedupKey: 'stale:F' })?.outcome).toBe('new');
  });

  it('sends the webhook only from its minimum severity up', () => {
    const { forwarded, service } = kit(makeStore());
    service.raise({ kind: 'fill-slippage', severity: 'info', subject: 'KO', message: 'filled 2 bp from model', dedupKey: 'fill:KO' });
    expect(forwarded).toEqual([]);
  });
});

describe('alerts module', () => {
  it('uses the alerts table once 0005 ran, and turns failed jobs, crashed workers and broken pairs into alerts', async () => {
    const events = new EventBus();
    const module = createAlertsModule({ tradingDb: db.db, events, clock: new ManualClock(T0), config: alertsConfigSchema.parse({}), logger });
    await module.start();
    events.publish('job:finished', { jobId: 'j1', kind: 'scan', state: 'failed', error: { code: 'INTERNAL', message: 'Worker "scan-shard" crashed: out of memory' }, finishedAt: T0 });
    events.publish('job:finished', { jobId: 'j2', kind: 'import', state: 'failed', error: { code: 'BAD_DATA', message: 'no rows' }, finishedAt: T0 });
    events.publish('job:finished', { jobId: 'j3', kind: 'import', state: 'succeeded', finishedAt: T0 });
    events.publish('alert', { id: 'broken-pair:KO/PEP:abc', time: T0, severity: 'warning', title: 'Pair KO/PEP has broken down', message: 'p-value 0.4' });
    await module.stop();
    events.publish('job:finished', { jobId: 'j4', kind: 'scan', state: 'failed', error: { code: 'INTERNAL', message: 'x' }, finishedAt: T0 });
    const alerts = createAlertsRepo(db.db).list({ limit: 10, unacknowledgedOnly: false });
    expect(alerts.map((alert) => [alert.kind, alert.subject, alert.dedupKey]).sort()).toEqual([
      ['broken-pair', 'KO/PEP', 'broken-pair:KO/PEP'],
      ['job-failed', 'j2', 'job-failed:j2'],
      ['worker-crash', 'j1', 'worker-crash:j1'],
    ]);
  });
});
