import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bar, CorporateActionView, DataIssue, Dataset, Instrument } from '../../shared/domain/market-data';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { NotifyError, StoreClient } from './store-deps';

export type DatasetDiff = ResponseOf<'data:dataset-diff'> & { readonly datasetId: number };

export interface SymbolSeries {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  readonly issues: readonly DataIssue[];
  readonly actions: readonly CorporateActionView[];
}

export interface DataCatalogState {
  readonly datasets: readonly Dataset[] | null;
  readonly diff: DatasetDiff | null;
  readonly diffLoading: boolean;
  readonly instruments: readonly Instrument[] | null;
  readonly instrumentQuery: string;
  readonly selectedSymbol: string | null;
  readonly series: SymbolSeries | null;
  readonly seriesLoading: boolean;
  loadDatasets(): Promise<void>;
  showDiff(datasetId: number): Promise<void>;
  closeDiff(): void;
  loadInstruments(): Promise<void>;
  setInstrumentQuery(query: string): void;
  selectSymbol(symbol: string): Promise<void>;
  /** After an import: everything listed may have changed. */
  refresh(): Promise<void>;
}

/** Case-insensitive match on symbol, name, sector or exchange; symbol-prefix hits first. */
export function searchInstruments(instruments: readonly Instrument[], query: string): Instrument[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...instruments];
  const prefix: Instrument[] = [];
  const other: Instrument[] = [];
  for (const instrument of instruments) {
    if (instrument.symbol.toLowerCase().startsWith(needle)) prefix.push(instrument);
    else if (
      [instrument.symbol, instrument.name, instrument.sector, instrument.exchange].some(
        (field) => field !== null && field.toLowerCase().includes(needle),
      )
    )
      other.push(instrument);
  }
  return [...prefix, ...other];
}

export interface DataCatalogDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
}

export const DIFF_LIMIT = 1000;

export function createDataCatalogStore(deps: DataCatalogDeps): StoreApi<DataCatalogState> {
  const { client, notify } = deps;
  return createStore<DataCatalogState>()((set, get) => ({
    datasets: null,
    diff: null,
    diffLoading: false,
    instruments: null,
    instrumentQuery: '',
    selectedSymbol: null,
    series: null,
    seriesLoading: false,
    async loadDatasets() {
      const result = await client.invoke('data:datasets', {});
      if (result.ok) set({ datasets: result.value });
      else notify(result.error, { title: 'Loading datasets' });
    },
    async showDiff(datasetId) {
      set({ diffLoading: true, diff: null });
      const result = await client.invoke('data:dataset-diff', { datasetId, limit: DIFF_LIMIT });
      set({ diffLoading: false });
      if (result.ok) set({ diff: { ...result.value, datasetId } });
      else notify(result.error, { title: `Loading the changes of dataset ${datasetId}` });
    },
    closeDiff() {
      set({ diff: null, diffLoading: false });
    },
    async loadInstruments() {
      const result = await client.invoke('data:instruments', {});
      if (result.ok) set({ instruments: result.value });
      else notify(result.error, { title: 'Loading instruments' });
    },
    setInstrumentQuery(query) {
      set({ instrumentQuery: query });
    },
    async selectSymbol(symbol) {
      set({ selectedSymbol: symbol, seriesLoading: true });
      const result = await client.invoke('data:bars', { symbol });
      // The user may have clicked another symbol while this one loaded.
      if (get().selectedSymbol !== symbol) return;
      set({ seriesLoading: false });
      if (result.ok) set({ series: result.value });
      else {
        set({ series: null });
        notify(result.error, { title: `Loading bars for ${symbol}` });
      }
    },
    async refresh() {
      const selected = get().selectedSymbol;
      await Promise.all([
        get().loadDatasets(),
        get().loadInstruments(),
        selected !== null ? get().selectSymbol(selected) : Promise.resolve(),
      ]);
    },
  }));
}
