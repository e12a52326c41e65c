import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditEntry, AuditSigningStatus, AuditVerifyReport } from '../../shared/domain/audit';
import type { NotifyError, StoreClient } from './store-deps';

export interface AuditFilters {
  readonly action: string;
  readonly actor: string;
  readonly subject: string;
  /** yyyy-mm-dd (UTC), or '' for no bound. */
  readonly since: string;
  readonly until: string;
}

export const emptyAuditFilters: AuditFilters = { action: '', actor: '', subject: '', since: '', until: '' };

export interface AuditStoreState {
  readonly entries: readonly AuditEntry[];
  readonly actions: readonly string[];
  readonly signing: AuditSigningStatus | null;
  readonly filters: AuditFilters;
  readonly loading: boolean;
  readonly verifying: boolean;
  readonly report: AuditVerifyReport | null;
  setFilters(filters: Partial<AuditFilters>): void;
  load(): Promise<void>;
  verify(): Promise<void>;
}

/** A UTC day as epoch ms at its start; null for '' or a malformed value. */
export function dayStartUtc(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The audit:list query for the filters: empty fields are left out; `until` includes its whole day. */
export function auditQuery(filters: AuditFilters, limit = 200): Record<string, string | number> {
  const since = dayStartUtc(filters.since);
  const until = dayStartUtc(filters.until);
  return {
    limit,
    ...(filters.action === '' ? {} : { action: filters.action }),
    ...(filters.actor.trim() === '' ? {} : { actor: filters.actor.trim() }),
    ...(filters.subject.trim() === '' ? {} : { subject: filters.subject.trim() }),
    ...(since === null ? {} : { since }),
    ...(until === null ? {} : { until: until + 86_400_000 }),
  };
}

/** The audit view: newest entries first with filters, whether signing is on, and a verify run. */
export function createAuditStore(deps: { readonly client: StoreClient; readonly notify: NotifyError }): StoreApi<AuditStoreState> {
  const { client, notify } = deps;
  return createStore<AuditStoreState>()((set, get) => ({
    entries: [],
    actions: [],
    signing: null,
    filters: emptyAuditFilters,
    loading: false,
    verifying: false,
    report: null,
    setFilters(filters) {
      set({ filters: { ...get().filters, ...filters } });
    },
    async load() {
      set({ loading: true });
      const result = await client.invoke('audit:list', auditQuery(get().filters));
      set({ loading: false });
      if (result.ok) set({ entries: result.value.entries, actions: result.value.actions, signing: result.value.signing });
      else notify(result.error, { title: 'Loading the audit log' });
    },
    async verify() {
      set({ verifying: true });
      const result = await client.invoke('audit:verify', {});
      set({ verifying: false });
      if (result.ok) set({ report: result.value, signing: result.value.signing });
      else notify(result.error, { title: 'Verifying the audit log' });
    },
  }));
}
