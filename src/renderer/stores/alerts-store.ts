import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlertRecord } from '../../shared/domain/alerts';
import type { ToastInput } from './toasts-store';
import type { NotifyError, StoreClient } from './store-deps';

export interface AlertsStoreState {
  readonly alerts: readonly AlertRecord[];
  readonly unacknowledged: number;
  readonly loading: boolean;
  load(): Promise<void>;
  acknowledge(ids: readonly number[]): Promise<void>;
  /** Subscribes to `alerts:raised` (a toast for each, the list kept current); returns the unsubscribe. */
  start(): () => void;
}

export interface AlertsDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  readonly toast: (input: ToastInput) => void;
}

/** How a pushed alert shows as a toast: critical ones stay until dismissed. */
export function toastForAlert(alert: AlertRecord): ToastInput {
  return { severity: alert.severity, title: alert.title, message: alert.message, code: null, sticky: alert.severity === 'critical' };
}

/** The newest version of each alert first (a repeat replaces its row), unacknowledged ones counted. */
export function mergeAlert(alerts: readonly AlertRecord[], incoming: AlertRecord): AlertRecord[] {
  return [incoming, ...alerts.filter((alert) => alert.id !== incoming.id)];
}

export function createAlertsStore(deps: AlertsDeps): StoreApi<AlertsStoreState> {
  const { client, notify } = deps;
  return createStore<AlertsStoreState>()((set, get) => ({
    alerts: [],
    unacknowledged: 0,
    loading: false,
    async load() {
      set({ loading: true });
      const result = await client.invoke('alerts:list', { limit: 200 });
      set({ loading: false });
      if (result.ok) set({ alerts: result.value.alerts, unacknowledged: result.value.unacknowledged });
      else notify(result.error, { title: 'Loading alerts' });
    },
    async acknowledge(ids) {
      if (ids.length === 0) return;
      const result = await client.invoke('alerts:acknowledge', { ids: [...ids] });
      if (!result.ok) {
        notify(result.error, { title: 'Acknowledging alerts' });
        return;
      }
      await get().load();
    },
    start() {
      return client.on('alerts:raised', (alert) => {
        const wasKnown = get().alerts.some((known) => known.id === alert.id);
        set({ alerts: mergeAlert(get().alerts, alert), unacknowledged: get().unacknowledged + (wasKnown || alert.acknowledgedAt !== null ? 0 : 1) });
        deps.toast(toastForAlert(alert));
      });
    },
  }));
}

export interface HeartbeatDeps {
  readonly client: StoreClient;
  readonly every: (callback: () => void, ms: number) => () => void;
}

/** The UI heartbeat of the dead-man's switch: main counts it only while a strategy or order is live. */
export const HEARTBEAT_MS = 10_000;

export function startRiskHeartbeat(deps: HeartbeatDeps): () => void {
  const beat = (): void => {
    // A failed beat needs no toast: main's dead-man's switch is what notices the silence.
    void deps.client.invoke('risk:heartbeat', {}, { timeoutMs: HEARTBEAT_MS });
  };
  beat();
  return deps.every(beat, HEARTBEAT_MS);
}
