import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MonteCarloResultWire, RiskSnapshotWire, StressResultWire } from '../../shared/domain/risk-analytics';
import type { RequestInput } from '../../shared/ipc/contract';
import type { IpcError } from '../../shared/ipc/errors';
import type { NotifyError, StoreClient } from './store-deps';

/** One row of the user-shock form: a symbol or a sector, or the whole market, and a % move. */
export interface ShockRow {
  readonly target: 'market' | 'sector' | 'symbol';
  readonly name: string;
  /** Percent as typed, e.g. "-10". */
  readonly percent: string;
}

export interface RiskStoreState {
  readonly snapshot: RiskSnapshotWire | null;
  /** Why the last snapshot failed (no broker wired, no data), shown in place of the page. */
  readonly error: IpcError | null;
  readonly loading: boolean;
  readonly shocks: readonly ShockRow[];
  readonly shockErrors: readonly string[];
  readonly userStress: StressResultWire | null;
  readonly stressing: boolean;
  readonly monteCarlo: MonteCarloResultWire | null;
  readonly simulating: boolean;
  load(): Promise<void>;
  setShocks(rows: readonly ShockRow[]): void;
  runStress(): Promise<void>;
  runMonteCarlo(options?: RequestInput<'risk:montecarlo'>): Promise<void>;
  /** Reloads when something that moves risk happened (an order changed, a replay step). */
  start(): () => void;
}

/** The risk:stress payload for the form rows, or the problems that stop it (row by row). */
export function shockPayload(rows: readonly ShockRow[]): { ok: true; payload: RequestInput<'risk:stress'> } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  let market: number | undefined;
  const sectors: { sector: string; shock: number }[] = [];
  const symbols: { symbol: string; shock: number }[] = [];
  rows.forEach((row, index) => {
    const percent = Number(row.percent.trim());
    if (row.percent.trim() === '' || !Number.isFinite(percent) || percent < -100 || percent > 1000) {
      errors.push(`Row ${index + 1}: the move must be a percentage from −100 to 1000, got "${row.percent}"`);
      return;
    }
    const shock = percent / 100;
    switch (row.target) {
      case 'market':
        market = shock;
        return;
      case 'sector':
      case 'symbol':
        if (row.name.trim() === '') {
          errors.push(`Row ${index + 1}: name the ${row.target}`);
          return;
        }
        if (row.target === 'sector') sectors.push({ sector: row.name.trim(), shock });
        else symbols.push({ symbol: row.name.trim(), shock });
        return;
      default: {
        const never: never = row.target;
        throw new Error(`unknown shock target ${String(never)}`);
      }
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: ['Add at least one shock'] };
  return { ok: true, payload: { ...(market !== undefined ? { market } : {}), sectors, symbols } };
}

export function createRiskStore(deps: { readonly client: StoreClient; readonly notify: NotifyError }): StoreApi<RiskStoreState> {
  const { client, notify } = deps;
  return createStore<RiskStoreState>()((set, get) => ({
    snapshot: null,
    error: null,
    loading: false,
    shocks: [{ target: 'market', name: '', percent: '-10' }],
    shockErrors: [],
    userStress: null,
    stressing: false,
    monteCarlo: null,
    simulating: false,
    async load() {
      set({ loading: true });
      const result = await client.invoke('risk:analytics', {});
      // A failed snapshot is the page's content (e.g. no broker in this profile), not a toast.
      if (result.ok) set({ loading: false, snapshot: result.value, error: null });
      else set({ loading: false, error: result.error });
    },
    setShocks(rows) {
      set({ shocks: rows, shockErrors: [] });
    },
    async runStress() {
      const built = shockPayload(get().shocks);
      if (!built.ok) {
        set({ shockErrors: built.errors });
        return;
      }
      set({ stressing: true, shockErrors: [] });
      const result = await client.invoke('risk:stress', built.payload);
      set({ stressing: false });
      if (result.ok) set({ userStress: result.value });
      else notify(result.error, { title: 'Applying the shocks' });
    },
    async runMonteCarlo(options = {}) {
      set({ simulating: true });
      const result = await client.invoke('risk:montecarlo', options);
      set({ simulating: false });
      if (result.ok) set({ monteCarlo: result.value });
      else notify(result.error, { title: 'Running the Monte Carlo bootstrap' });
    },
    start() {
      let pending: ReturnType<typeof setTimeout> | null = null;
      // Fills and replay steps arrive in bursts; one reload per burst is enough.
      const reload = (): void => {
        if (get().snapshot === null && get().error === null) return;
        if (pending !== null) return;
        pending = setTimeout(() => {
          pending = null;
          void get().load();
        }, 250);
      };
      const stops = [client.on('broker:order', reload), client.on('broker:replay', reload)];
      return () => {
        if (pending !== null) clearTimeout(pending);
        for (const stop of stops) stop();
      };
    },
  }));
}
