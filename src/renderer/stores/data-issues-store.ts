import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DataIssue, DataIssueKind, IssueSeverity } from '../../shared/domain/market-data';
import type { NotifyError, NotifyWarning, StoreClient } from './store-deps';

/** The filter as the form holds it; empty means "any". */
export interface IssueFilterForm {
  readonly symbol: string;
  readonly kind: DataIssueKind | '';
  readonly severity: IssueSeverity | '';
  readonly datasetId: number | null;
}

export const EMPTY_ISSUE_FILTER: IssueFilterForm = { symbol: '', kind: '', severity: '', datasetId: null };
export const ISSUES_PAGE_SIZE = 100;

export interface IssueFilter {
  symbol?: string;
  kind?: DataIssueKind;
  severity?: IssueSeverity;
  datasetId?: number;
}

/** The wire filter: only the fields the user set. */
export function toIssueFilter(form: IssueFilterForm): IssueFilter {
  const filter: IssueFilter = {};
  const symbol = form.symbol.trim().toUpperCase();
  if (symbol !== '') filter.symbol = symbol;
  if (form.kind !== '') filter.kind = form.kind;
  if (form.severity !== '') filter.severity = form.severity;
  if (form.datasetId !== null) filter.datasetId = form.datasetId;
  return filter;
}

export interface PageInfo {
  readonly from: number;
  readonly to: number;
  readonly total: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

/** 1-based row range shown, for "101–200 of 734". */
export function pageInfo(offset: number, shown: number, total: number): PageInfo {
  return {
    from: shown === 0 ? 0 : offset + 1,
    to: offset + shown,
    total,
    hasPrevious: offset > 0,
    hasNext: offset + shown < total,
  };
}

export function csvFileName(filter: IssueFilter, now: Date): string {
  const parts = ['arbdesk-issues', filter.symbol, filter.kind, filter.severity, filter.datasetId?.toString()];
  const stamp = now.toISOString().slice(0, 10);
  return `${parts.filter((part) => part !== undefined).join('-')}-${stamp}.csv`;
}

export interface DataIssuesState {
  readonly form: IssueFilterForm;
  readonly offset: number;
  readonly items: readonly DataIssue[];
  readonly total: number;
  readonly loading: boolean;
  readonly exporting: boolean;
  setFilter(change: Partial<IssueFilterForm>): Promise<void>;
  resetFilter(): Promise<void>;
  load(): Promise<void>;
  nextPage(): Promise<void>;
  previousPage(): Promise<void>;
  exportCsv(): Promise<void>;
}

export interface DataIssuesDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  readonly warn: NotifyWarning;
  /** Hands a text file to the user (a Blob behind an <a download> in the page). */
  readonly saveTextFile: (fileName: string, text: string, mimeType: string) => void;
  readonly now: () => Date;
  readonly pageSize?: number;
}

export function createDataIssuesStore(deps: DataIssuesDeps): StoreApi<DataIssuesState> {
  const { client, notify } = deps;
  const pageSize = deps.pageSize ?? ISSUES_PAGE_SIZE;
  let generation = 0;
  return createStore<DataIssuesState>()((set, get) => ({
    form: EMPTY_ISSUE_FILTER,
    offset: 0,
    items: [],
    total: 0,
    loading: false,
    exporting: false,
    async setFilter(change) {
      set({ form: { ...get().form, ...change }, offset: 0 });
      await get().load();
    },
    async resetFilter() {
      set({ form: EMPTY_ISSUE_FILTER, offset: 0 });
      await get().load();
    },
    async load() {
      const request = ++generation;
      set({ loading: true });
      const result = await client.invoke('data:issues', {
        filter: toIssueFilter(get().form),
        limit: pageSize,
        offset: get().offset,
      });
      // Typing in the filter fires several loads; only the latest may land.
      if (request !== generation) return;
      set({ loading: false });
      if (result.ok) set({ items: result.value.items, total: result.value.total });
      else notify(result.error, { title: 'Loading data issues' });
    },
    async nextPage() {
      const { offset, items, total } = get();
      if (offset + items.length >= total) return;
      set({ offset: offset + pageSize });
      await get().load();
    },
    async previousPage() {
      const { offset } = get();
      if (offset === 0) return;
      set({ offset: Math.max(0, offset - pageSize) });
      await get().load();
    },
    async exportCsv() {
      const filter = toIssueFilter(get().form);
      set({ exporting: true });
      const result = await client.invoke('data:issues-csv', { filter }, { timeoutMs: 120_000 });
      set({ exporting: false });
      if (!result.ok) {
        notify(result.error, { title: 'Exporting data issues' });
        return;
      }
      deps.saveTextFile(csvFileName(filter, deps.now()), result.value.csv, 'text/csv;charset=utf-8');
      if (result.value.truncated) {
        deps.warn('Export truncated', `Only the first ${result.value.rows} issues were exported; narrow the filter.`);
      }
    },
  }));
}
