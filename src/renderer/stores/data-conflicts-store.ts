import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Conflict } from '../../shared/domain/market-data';
import type { NotifyError, StoreClient } from './store-deps';

export type ConflictChoice = 'keep' | 'take';

export interface DataConflictsState {
  /** Held conflicts (null until loaded). */
  readonly held: readonly Conflict[] | null;
  /** `${datasetId}:${symbol}` of the resolution in flight, to disable its buttons. */
  readonly resolving: string | null;
  load(): Promise<void>;
  resolve(conflict: Pick<Conflict, 'datasetId' | 'symbol'>, choice: ConflictChoice): Promise<boolean>;
}

export interface DataConflictsDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  /** After a resolution: the series, datasets and issues changed. */
  readonly onResolved: () => void;
}

export function conflictKey(conflict: Pick<Conflict, 'datasetId' | 'symbol'>): string {
  return `${conflict.datasetId}:${conflict.symbol}`;
}

/** Bars held because another source disagrees: list them and keep or take, per symbol. */
export function createDataConflictsStore(deps: DataConflictsDeps): StoreApi<DataConflictsState> {
  const { client, notify } = deps;
  return createStore<DataConflictsState>()((set, get) => ({
    held: null,
    resolving: null,
    async load() {
      const result = await client.invoke('data:conflicts', {});
      if (result.ok) set({ held: result.value });
      else notify(result.error, { title: 'Loading held conflicts' });
    },
    async resolve(conflict, choice) {
      set({ resolving: conflictKey(conflict) });
      const result = await client.invoke('data:conflict-resolve', { symbol: conflict.symbol, choice, datasetId: conflict.datasetId });
      set({ resolving: null });
      if (!result.ok) {
        notify(result.error, { title: `${choice === 'keep' ? 'Keeping' : 'Taking'} ${conflict.symbol}` });
        return false;
      }
      await get().load();
      deps.onResolved();
      return true;
    },
  }));
}
