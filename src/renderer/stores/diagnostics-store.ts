import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MetricsSnapshot, ScrapeAccess } from '../../shared/domain/metrics';
import type { NotifyError, NotifyWarning, StoreClient } from './store-deps';

export interface DiagnosticsState {
  readonly snapshot: MetricsSnapshot | null;
  readonly access: ScrapeAccess | null;
  readonly loading: boolean;
  /** Whether the scrape token is shown in clear (it is a credential: hidden by default). */
  readonly tokenVisible: boolean;
  refresh(): Promise<void>;
  loadAccess(): Promise<void>;
  setTokenVisible(visible: boolean): void;
  copyToken(): Promise<void>;
}

export interface DiagnosticsDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  readonly warn: NotifyWarning;
  /** The clipboard write (navigator.clipboard in the page). */
  readonly writeClipboard: (text: string) => Promise<void>;
}

/** The Diagnostics panel: the metrics snapshot main keeps, and how to scrape it. */
export function createDiagnosticsStore(deps: DiagnosticsDeps): StoreApi<DiagnosticsState> {
  const { client, notify } = deps;
  return createStore<DiagnosticsState>()((set, get) => ({
    snapshot: null,
    access: null,
    loading: false,
    tokenVisible: false,
    async refresh() {
      set({ loading: true });
      const result = await client.invoke('system:metrics', {});
      set({ loading: false });
      if (result.ok) set({ snapshot: result.value });
      else notify(result.error, { title: 'Reading the diagnostics' });
    },
    async loadAccess() {
      // The keychain may show an unlock prompt on first use; give it time.
      const result = await client.invoke('system:metrics-access', {}, { timeoutMs: 60_000 });
      if (result.ok) set({ access: result.value });
      else notify(result.error, { title: 'Reading the metrics scrape token' });
    },
    setTokenVisible(visible) {
      set({ tokenVisible: visible });
    },
    async copyToken() {
      const token = get().access?.token ?? null;
      if (token === null) return;
      try {
        await deps.writeClipboard(token);
      } catch (error) {
        deps.warn('Copy failed', `The clipboard refused the token (${error instanceof Error ? error.message : String(error)}); show it and copy it by hand.`);
      }
    },
  }));
}
