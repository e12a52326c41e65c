import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BrokerStatus } from '../../shared/domain/broker';
import type { NotifyError, StoreClient } from './store-deps';

export interface BrokerStoreState {
  readonly status: BrokerStatus | null;
  load(): Promise<void>;
  /** Subscribes to 'broker:status' pushes; returns the unsubscribe. */
  start(): () => void;
}

/** The broker connection as the broker side reports it (no longer part of the trading state). */
export function createBrokerStore(deps: { readonly client: StoreClient; readonly notify: NotifyError }): StoreApi<BrokerStoreState> {
  const { client, notify } = deps;
  return createStore<BrokerStoreState>()((set, get) => {
    const apply = (incoming: BrokerStatus): void => {
      const current = get().status;
      if (current === null || incoming.revision >= current.revision) set({ status: incoming });
    };
    return {
      status: null,
      async load() {
        const result = await client.invoke('broker:status', {});
        if (result.ok) apply(result.value);
        else notify(result.error, { title: 'Reading the broker status' });
      },
      start() {
        return client.on('broker:status', apply);
      },
    };
  });
}
