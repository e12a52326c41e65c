import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StrategyStatus } from '../../shared/domain/desk-strategy';
import type { NotifyError, StoreClient } from './store-deps';

export interface StrategyStoreState {
  /** Per pair: running or stopped, its session and last decision. */
  readonly strategies: readonly StrategyStatus[];
  readonly busy: boolean;
  load(): Promise<void>;
  /** Starts a backtest-style config on the desk; resolves true once main started it. */
  startStrategy(id: string, config: Record<string, unknown>): Promise<boolean>;
  stopStrategy(pair: string): Promise<boolean>;
  /** Subscribes to desk:strategies pushes; returns the unsubscribe. */
  start(): () => void;
}

export function createStrategyStore(deps: { readonly client: StoreClient; readonly notify: NotifyError }): StoreApi<StrategyStoreState> {
  const { client, notify } = deps;
  return createStore<StrategyStoreState>()((set) => ({
    strategies: [],
    busy: false,
    async load() {
      const result = await client.invoke('desk:strategies', {});
      if (result.ok) set({ strategies: result.value });
      // No paper desk in this profile: the desk page already says so; nothing to list.
      else if (result.error.code !== 'UNAVAILABLE') notify(result.error, { title: 'Reading the strategies' });
    },
    async startStrategy(id, config) {
      set({ busy: true });
      const result = await client.invoke('desk:strategy-start', { id, config });
      set({ busy: false });
      if (result.ok) {
        set({ strategies: result.value });
        return true;
      }
      notify(result.error, { title: 'The strategy was not started' });
      return false;
    },
    async stopStrategy(pair) {
      set({ busy: true });
      const result = await client.invoke('desk:strategy-stop', { pairs: [pair] });
      set({ busy: false });
      if (result.ok) {
        set({ strategies: result.value });
        return true;
      }
      notify(result.error, { title: `The strategy on ${pair} was not stopped` });
      return false;
    },
    start() {
      return client.on('desk:strategies', (strategies) => set({ strategies }));
    },
  }));
}
