import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JobProgress } from '../../shared/domain/jobs';
import type { PairResultView, ScanRunView, WatchlistEntry } from '../../shared/domain/scanner';
import type { RequestInput } from '../../shared/ipc/contract';
import type { PairDetail } from '../../shared/ipc/sections/scanner';
import { isTerminal } from './jobs-store';
import type { NotifyError, StoreClient } from './store-deps';

export type ResultSort = NonNullable<RequestInput<'scanner:results'>['sort']>;

/** The scan form as the user edits it (strings, as typed). */
export interface ScanForm {
  readonly from: string;
  readonly to: string;
  readonly universe: 'all' | 'sector';
  readonly sector: string;
  readonly transform: 'log' | 'raw';
  readonly fdrMethod: 'bh' | 'bonferroni';
  readonly fdrAlpha: string;
  readonly sameSectorOnly: boolean;
  /** Optional correlation pre-filter, as typed; empty means every pair. */
  readonly minCorrelation: string;
  readonly overrideQualityGate: boolean;
}

export interface ResultsQuery {
  readonly sort: ResultSort;
  readonly descending: boolean;
  readonly significantOnly: boolean;
  readonly symbol: string;
}

/** Rows are fetched a page at a time as the virtualized table scrolls. */
export const RESULTS_PAGE = 200;

export interface ScannerState {
  readonly form: ScanForm;
  readonly formErrors: readonly string[];
  readonly runs: readonly ScanRunView[] | null;
  readonly runId: number | null;
  readonly job: JobProgress | null;
  readonly query: ResultsQuery;
  readonly total: number;
  /** Loaded rows by their index in the current query's order. */
  readonly rows: ReadonlyMap<number, PairResultView>;
  readonly selected: number | null;
  readonly detail: PairDetail | null;
  readonly detailLoading: boolean;
  readonly watchlist: readonly WatchlistEntry[] | null;
  setForm(change: Partial<ScanForm>): void;
  startScan(): Promise<void>;
  cancelScan(): Promise<void>;
  loadRuns(): Promise<void>;
  openRun(runId: number): Promise<void>;
  setQuery(change: Partial<ResultsQuery>): Promise<void>;
  /** Makes sure rows [start, end) are loaded (or loading). */
  ensureRows(start: number, end: number): Promise<void>;
  select(index: number | null): void;
  openSelected(): Promise<void>;
  loadWatchlist(): Promise<void>;
  watchSelected(): Promise<void>;
  unwatch(y: string, x: string): Promise<void>;
  /** Follows scan jobs; returns the unsubscribe. */
  start(): () => void;
}

export interface ScannerDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
}

export const DEFAULT_SCAN_FORM: ScanForm = {
  from: '2013-02-08',
  to: '2018-02-07',
  universe: 'all',
  sector: '',
  transform: 'log',
  fdrMethod: 'bh',
  fdrAlpha: '0.05',
  sameSectorOnly: false,
  minCorrelation: '',
  overrideQualityGate: false,
};

/** The scan request from the form, or the problems that stop it (shown beside the form). */
export function scanRequestFromForm(form: ScanForm): { ok: true; request: RequestInput<'scanner:start'> } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (!iso.test(form.from)) problems.push('Formation start must be a date (YYYY-MM-DD).');
  if (!iso.test(form.to)) problems.push('Formation end must be a date (YYYY-MM-DD).');
  if (problems.length === 0 && form.from > form.to) problems.push('Formation start is after its end.');
  const alpha = Number(form.fdrAlpha);
  if (!(alpha > 0 && alpha < 1)) problems.push('The false discovery rate must be between 0 and 1, e.g. 0.05.');
  if (form.universe === 'sector' && form.sector.trim() === '') problems.push('Choose a sector.');
  const minCorrelation = form.minCorrelation.trim() === '' ? undefined : Number(form.minCorrelation);
  if (minCorrelation !== undefined && !(minCorrelation >= -1 && minCorrelation <= 1)) problems.push('The minimum correlation must be between -1 and 1, or empty.');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      universe: form.universe === 'sector' ? { kind: 'sector', sector: form.sector.trim() } : { kind: 'all' },
      formation: { from: form.from, to: form.to },
      transform: form.transform,
      fdr: { method: form.fdrMethod, alpha },
      filters: { sameSectorOnly: form.sameSectorOnly, ...(minCorrelation === undefined ? {} : { minCorrelation }) },
      overrideQualityGate: form.overrideQualityGate,
    },
  };
}

export function createScannerStore(deps: ScannerDeps): StoreApi<ScannerState> {
  const { client, notify } = deps;
  const inFlight = new Set<number>();
  // Bumped on every new query, so pages that arrive for an old query are dropped.
  let generation = 0;

  return createStore<ScannerState>()((set, get) => {
    async function loadPage(page: number): Promise<void> {
      const { runId, query } = get();
      if (runId === null || inFlight.has(page)) return;
      inFlight.add(page);
      const mine = generation;
      const result = await client.invoke('scanner:results', {
        runId,
        sort: query.sort,
        descending: query.descending,
        significantOnly: query.significantOnly,
        ...(query.symbol.trim() === '' ? {} : { symbol: query.symbol.trim() }),
        offset: page * RESULTS_PAGE,
        limit: RESULTS_PAGE,
      });
      inFlight.delete(page);
      if (mine !== generation) return;
      if (!result.ok) {
        notify(result.error, { title: 'Loading scan results' });
        return;
      }
      const rows = new Map(get().rows);
      result.value.items.forEach((item, i) => rows.set(page * RESULTS_PAGE + i, item));
      set({ rows, total: result.value.total });
    }

    async function reloadResults(): Promise<void> {
      generation += 1;
      inFlight.clear();
      set({ rows: new Map(), total: 0, selected: null });
      await loadPage(0);
    }

    return {
      form: DEFAULT_SCAN_FORM,
      formErrors: [],
      runs: null,
      runId: null,
      job: null,
      query: { sort: 'pvalue', descending: false, significantOnly: false, symbol: '' },
      total: 0,
      rows: new Map(),
      selected: null,
      detail: null,
      detailLoading: false,
      watchlist: null,

      setForm(change) {
        set({ form: { ...get().form, ...change }, formErrors: [] });
      },

      async startScan() {
        const built = scanRequestFromForm(get().form);
        if (!built.ok) {
          set({ formErrors: built.problems });
          return;
        }
        const result = await client.invoke('scanner:start', built.request);
        if (!result.ok) {
          notify(result.error, { title: 'Starting the scan' });
          return;
        }
        const now = Date.now();
        set({ job: { jobId: result.value.jobId, kind: 'scanner.scan', state: 'queued', done: 0, total: null, startedAt: now, updatedAt: now } });
      },

      async cancelScan() {
        const job = get().job;
        if (job === null) return;
        const result = await client.invoke('jobs:cancel', { jobId: job.jobId });
        if (!result.ok) notify(result.error, { title: 'Cancelling the scan' });
      },

      async loadRuns() {
        const result = await client.invoke('scanner:runs', {});
        if (!result.ok) {
          notify(result.error, { title: 'Loading scan runs' });
          return;
        }
        set({ runs: result.value });
        const newest = result.value.find((run) => run.state === 'succeeded');
        if (get().runId === null && newest !== undefined) await get().openRun(newest.id);
      },

      async openRun(runId) {
        set({ runId, detail: null });
        await reloadResults();
      },

      async setQuery(change) {
        set({ query: { ...get().query, ...change } });
        await reloadResults();
      },

      async ensureRows(start, end) {
        const { rows, total } = get();
        const last = Math.min(end, Math.max(total, RESULTS_PAGE)) - 1;
        const pages: number[] = [];
        for (let page = Math.floor(start / RESULTS_PAGE); page <= Math.floor(Math.max(start, last) / RESULTS_PAGE); page += 1) {
          if (!rows.has(page * RESULTS_PAGE)) pages.push(page);
        }
        await Promise.all(pages.map(loadPage));
      },

      select(index) {
        set({ selected: index });
      },

      async openSelected() {
        const { selected, rows, runs, runId } = get();
        const row = selected === null ? undefined : rows.get(selected);
        const run = runs?.find((r) => r.id === runId);
        if (row === undefined || run === undefined) return;
        set({ detailLoading: true });
        const result = await client.invoke('scanner:pair', {
          y: row.y,
          x: row.x,
          from: run.request.formation.from,
          to: run.request.formation.to,
          transform: run.request.transform,
        });
        set({ detailLoading: false });
        if (result.ok) set({ detail: result.value });
        else notify(result.error, { title: `Opening ${row.y}/${row.x}` });
      },

      async loadWatchlist() {
        const result = await client.invoke('watchlist:list', {});
        if (result.ok) set({ watchlist: result.value });
        else notify(result.error, { title: 'Loading the watchlist' });
      },

      async watchSelected() {
        const { selected, rows, runId } = get();
        const row = selected === null ? undefined : rows.get(selected);
        if (row === undefined) return;
        const result = await client.invoke('watchlist:add', { y: row.y, x: row.x, ...(runId === null ? {} : { runId }) });
        if (result.ok) set({ watchlist: result.value });
        else notify(result.error, { title: `Watching ${row.y}/${row.x}` });
      },

      async unwatch(y, x) {
        const result = await client.invoke('watchlist:remove', { y, x });
        if (result.ok) set({ watchlist: result.value });
        else notify(result.error, { title: `Removing ${y}/${x}` });
      },

      start() {
        return client.on('job:progress', (progress) => {
          const job = get().job;
          if (job === null || progress.jobId !== job.jobId) return;
          set({ job: progress });
          if (isTerminal(progress.state) && progress.state === 'succeeded') {
            set({ runId: null });
            void get().loadRuns();
          }
        });
      },
    };
  });
}
