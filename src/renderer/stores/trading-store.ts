import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TradingState } from '../../shared/domain/trading';
import type { NotifyError, StoreClient } from './store-deps';

export type TradingAction = 'halt' | 'annotate' | 'resume';

export interface TradingStoreState {
  readonly state: TradingState | null;
  /** The request in flight, so the buttons can show it and not be pressed twice. */
  readonly pending: TradingAction | null;
  load(): Promise<void>;
  /** Engages the kill switch in one action; the reason is optional. Resolves true once main confirms. */
  halt(reason?: string): Promise<boolean>;
  /** Adds the reason to a halt already engaged. */
  annotate(reason: string): Promise<boolean>;
  resume(reason: string): Promise<boolean>;
  /** Subscribes to 'trading:state' pushes; returns the unsubscribe. */
  start(): () => void;
}

/**
 * Pushes and responses can cross on the wire; the revision is monotonic in main, so an older
 * one must never overwrite what we already show (a stale "ACTIVE" would be dangerous).
 */
export function acceptTradingState(current: TradingState | null, incoming: TradingState): TradingState | null {
  if (current === null || incoming.revision >= current.revision) return incoming;
  return current;
}

export interface TradingDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
}

export function createTradingStore(deps: TradingDeps): StoreApi<TradingStoreState> {
  const { client, notify } = deps;
  return createStore<TradingStoreState>()((set, get) => {
    const apply = (incoming: TradingState): void => {
      const next = acceptTradingState(get().state, incoming);
      if (next !== get().state) set({ state: next });
    };
    return {
      state: null,
      pending: null,
      async load() {
        const result = await client.invoke('trading:state', {});
        if (result.ok) apply(result.value);
        else notify(result.error, { title: 'Reading the trading state', critical: true });
      },
      async halt(reason) {
        set({ pending: 'halt' });
        // Short deadline: main answers halts ahead of other work, so silence means trouble.
        const result = await client.invoke('trading:halt', reason === undefined ? {} : { reason }, { timeoutMs: 5000 });
        set({ pending: null });
        if (result.ok) {
          apply(result.value);
          return true;
        }
        notify(result.error, {
          title: 'Trading could NOT be halted; check open orders at the broker directly',
          critical: true,
        });
        return false;
      },
      async annotate(reason) {
        set({ pending: 'annotate' });
        const result = await client.invoke('trading:annotate-halt', { reason });
        set({ pending: null });
        if (result.ok) {
          apply(result.value);
          return true;
        }
        notify(result.error, { title: 'The halt reason was not saved (trading stays halted)' });
        return false;
      },
      async resume(reason) {
        set({ pending: 'resume' });
        const result = await client.invoke('trading:resume', { confirm: 'RESUME', reason });
        set({ pending: null });
        if (result.ok) {
          apply(result.value);
          return true;
        }
        notify(result.error, { title: 'Trading was not resumed' });
        return false;
      },
      start() {
        return client.on('trading:state', apply);
      },
    };
  });
}
