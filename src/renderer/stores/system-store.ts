import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DoctorCheck, SystemInfo } from '../../shared/domain/system';
import type { AppConfig } from '../../shared/domain/config';
import type { ConnectionStatus } from '../api/client';
import type { NotifyError, StoreClient } from './store-deps';

export interface EffectiveConfig {
  readonly config: AppConfig;
  readonly path: string;
  readonly overrides: readonly string[];
}

export interface SystemState {
  readonly info: SystemInfo | null;
  readonly connection: ConnectionStatus;
  readonly config: EffectiveConfig | null;
  readonly doctor: readonly DoctorCheck[] | null;
  readonly doctorRunning: boolean;
  loadInfo(): Promise<void>;
  loadConfig(): Promise<void>;
  runDoctor(): Promise<void>;
  setConnection(connection: ConnectionStatus): void;
}

export interface SystemDeps {
  readonly client: StoreClient;
  readonly notify: NotifyError;
  readonly initialConnection: ConnectionStatus;
}

export function createSystemStore(deps: SystemDeps): StoreApi<SystemState> {
  const { client, notify } = deps;
  return createStore<SystemState>()((set) => ({
    info: null,
    connection: deps.initialConnection,
    config: null,
    doctor: null,
    doctorRunning: false,
    async loadInfo() {
      const result = await client.invoke('system:info', {});
      if (result.ok) set({ info: result.value });
      else notify(result.error, { title: 'Reading system information' });
    },
    async loadConfig() {
      const result = await client.invoke('config:get', {});
      if (result.ok) set({ config: result.value });
      else notify(result.error, { title: 'Reading the configuration' });
    },
    async runDoctor() {
      set({ doctorRunning: true });
      // The checks touch the keychain, the store and the ML backend; give them time.
      const result = await client.invoke('system:doctor', {}, { timeoutMs: 60_000 });
      set({ doctorRunning: false });
      if (result.ok) set({ doctor: result.value });
      else notify(result.error, { title: 'Running the health checks' });
    },
    setConnection(connection) {
      set({ connection });
    },
  }));
}
