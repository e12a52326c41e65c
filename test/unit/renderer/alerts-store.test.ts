import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { createAlertsStore, HEARTBEAT_MS, startRiskHeartbeat } from '../../../src/renderer/stores/alerts-store';
import type { ToastInput } from '../../../src/renderer/stores/toasts-store';
import type { AlertRecord } from '../../../src/shared/domain/alerts';
import { ScriptedBridge, settle } from './scripted-bridge';

const alert = (id: number, overrides: Partial<AlertRecord> = {}): AlertRecord => ({
  id,
  kind: 'halt',
  severity: 'critical',
  subject: 'global',
  title: 'Trading halted: daily loss',
  message: 'daily loss 3.10% reached the limit 3.00%',
  dedupKey: 'halt:daily-loss',
  details: {},
  raisedAt: 1,
  lastAt: 1,
  count: 1,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ...overrides,
});

describe('the alerts store', () => {
  it('toasts each pushed alert (critical ones sticky), keeps the list current and counts the unacknowledged', async () => {
    const bridge = new ScriptedBridge().answer('alerts:list', () => ({ alerts: [alert(1, { severity: 'warning', kind: 'stale-data', title: 'Stale data: KO' })], unacknowledged: 1 }));
    const toasts: ToastInput[] = [];
    const store = createAlertsStore({ client: createTypedClient(bridge), notify: () => undefined, toast: (input) => toasts.push(input) });
    const stop = store.getState().start();
    await store.getState().load();
    bridge.push('alerts:raised', alert(2));
    bridge.push('alerts:raised', alert(1, { severity: 'warning', kind: 'stale-data', title: 'Stale data: KO', count: 2, lastAt: 5 }));
    await settle();
    expect(store.getState().alerts.map((row) => [row.id, row.count])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(store.getState().unacknowledged).toBe(2);
    expect(toasts).toEqual([
      { severity: 'critical', title: 'Trading halted: daily loss', message: 'daily loss 3.10% reached the limit 3.00%', code: null, sticky: true },
      { severity: 'warning', title: 'Stale data: KO', message: 'daily loss 3.10% reached the limit 3.00%', code: null, sticky: false },
    ]);
    stop();
  });

  it('acknowledges and reloads', async () => {
    let acknowledged = false;
    const bridge = new ScriptedBridge()
      .answer('alerts:acknowledge', () => {
        acknowledged = true;
        return { acknowledged: 1 };
      })
      .answer('alerts:list', () => ({ alerts: [alert(1, acknowledged ? { acknowledgedAt: 9, acknowledgedBy: 'user' } : {})], unacknowledged: acknowledged ? 0 : 1 }));
    const store = createAlertsStore({ client: createTypedClient(bridge), notify: () => undefined, toast: () => undefined });
    await store.getState().load();
    await store.getState().acknowledge([1]);
    expect(bridge.payloadsOf('alerts:acknowledge')).toEqual([{ ids: [1] }]);
    expect(store.getState()).toMatchObject({ unacknowledged: 0, alerts: [{ acknowledgedBy: 'user' }] });
  });

  it('beats the dead-man heartbeat at once and then on its interval until stopped', async () => {
    const bridge = new ScriptedBridge().answer('risk:heartbeat', () => ({ at: 1 }));
    let tick: (() => void) | null = null;
    let stopped = false;
    const stop = startRiskHeartbeat({
      client: createTypedClient(bridge),
      every: (callback, ms) => {
        expect(ms).toBe(HEARTBEAT_MS);
        tick = callback;
        return () => {
          stopped = true;
        };
      },
    });
    (tick as (() => void) | null)?.();
    await settle();
    expect(bridge.payloadsOf('risk:heartbeat')).toEqual([{}, {}]);
    stop();
    expect(stopped).toBe(true);
  });
});
