import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { rendererClient } from '../api/client';
import { createAlertsStore, startRiskHeartbeat } from './alerts-store';
import { createAuditStore } from './audit-store';
import { createBacktestStore } from './backtest-store';
import { configFromForm } from './backtest-form-model';
import { createResearchStore } from './research-store';
import { createBrokerStore } from './broker-store';
import { createDataCatalogStore } from './data-catalog-store';
import { createDeskStore } from './desk-store';
import { createStrategyStore } from './strategy-store';
import { createDataConflictsStore } from './data-conflicts-store';
import { createDataImportStore } from './data-import-store';
import { createDataIssuesStore } from './data-issues-store';
import { createDiagnosticsStore } from './diagnostics-store';
import { createJobsStore } from './jobs-store';
import { createLogsStore } from './logs-store';
import { createRiskStore } from './risk-store';
import { createScannerStore } from './scanner-store';
import { createModelsStore } from './models-store';
import { createSystemStore } from './system-store';
import { createThemeStore } from './theme-store';
import { createToastsStore } from './toasts-store';
import { createTradingStore } from './trading-store';
import type { NotifyError, NotifyWarning } from './store-deps';
import { saveTextFile } from '../lib/save-text-file';

/**
 * The page's store instances, wired to the real client and browser APIs. Components read
 * them through the hooks below; tests build their own with the create* factories.
 */
const client = rendererClient();

export const toastsStore = createToastsStore({ schedule: (callback, ms) => window.setTimeout(callback, ms) });
const notify: NotifyError = (error, options) => toastsStore.getState().pushError(error, options);
const warn: NotifyWarning = (title, message) => {
  toastsStore.getState().push({ severity: 'warning', title, message, code: null, sticky: false });
};

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
export const themeStore = createThemeStore({
  storage: window.localStorage,
  systemPrefersDark: () => darkQuery.matches,
  apply: (theme) => {
    document.documentElement.dataset['theme'] = theme;
  },
});
darkQuery.addEventListener('change', (event) => themeStore.getState().systemChanged(event.matches));

export const systemStore = createSystemStore({ client, notify, initialConnection: client.connection() });
export const diagnosticsStore = createDiagnosticsStore({
  client,
  notify,
  warn,
  writeClipboard: (text) => navigator.clipboard.writeText(text),
});
export const tradingStore = createTradingStore({ client, notify });
export const brokerStore = createBrokerStore({ client, notify });
export const deskStore = createDeskStore({ client, notify });
export const strategyStore = createStrategyStore({ client, notify });
export const auditStore = createAuditStore({ client, notify });
export const alertsStore = createAlertsStore({ client, notify, toast: (input) => void toastsStore.getState().push(input) });
export const logsStore = createLogsStore({ client, notify });
export const jobsStore = createJobsStore({ client, notify });
export const dataCatalogStore = createDataCatalogStore({ client, notify });
export const scannerStore = createScannerStore({ client, notify });
export const backtestStore = createBacktestStore({ client, notify, saveTextFile });
export const researchStore = createResearchStore({ client, notify, baseConfig: () => configFromForm(backtestStore.getState().form) });
export const riskStore = createRiskStore({ client, notify });
export const modelsStore = createModelsStore({ client, notify });
export const dataIssuesStore = createDataIssuesStore({
  client,
  notify,
  warn,
  saveTextFile,
  now: () => new Date(),
});
export const dataConflictsStore = createDataConflictsStore({
  client,
  notify,
  onResolved: () => {
    void dataCatalogStore.getState().refresh();
    void dataIssuesStore.getState().load();
  },
});
export const dataImportStore = createDataImportStore({
  client,
  notify,
  onImported: () => {
    void dataCatalogStore.getState().refresh();
    void dataIssuesStore.getState().load();
    void dataConflictsStore.getState().load();
  },
});

/**
 * Starts every live subscription and the first loads; returns the function that undoes them.
 * Called once by the app root.
 */
export function startStores(): () => void {
  const stops = [
    client.onConnectionChange((connection) => {
      const wasOpen = systemStore.getState().connection.state === 'open';
      systemStore.getState().setConnection(connection);
      // After a reconnect, pushes sent while we were away are lost: reload what they carry.
      if (connection.state === 'open' && !wasOpen) {
        void tradingStore.getState().load();
        void brokerStore.getState().load();
        void deskStore.getState().load();
        void strategyStore.getState().load();
        void systemStore.getState().loadInfo();
        void alertsStore.getState().load();
      }
    }),
    alertsStore.getState().start(),
    startRiskHeartbeat({
      client,
      every: (callback, ms) => {
        const id = window.setInterval(callback, ms);
        return () => window.clearInterval(id);
      },
    }),
    tradingStore.getState().start(),
    brokerStore.getState().start(),
    logsStore.getState().start(),
    jobsStore.getState().start(),
    dataImportStore.getState().start(),
    scannerStore.getState().start(),
    backtestStore.getState().start(),
    researchStore.getState().start(),
    riskStore.getState().start(),
    modelsStore.getState().start(),
    deskStore.getState().start(),
    strategyStore.getState().start(),
  ];
  // The socket may have opened before we subscribed; catch up on what we missed.
  systemStore.getState().setConnection(client.connection());
  void tradingStore.getState().load();
  void brokerStore.getState().load();
  void deskStore.getState().load();
  void strategyStore.getState().load();
  void systemStore.getState().loadInfo();
  void alertsStore.getState().load();
  return () => {
    for (const stop of stops) stop();
  };
}

function bind<T>(store: StoreApi<T>) {
  return function useBoundStore<U>(selector: (state: T) => U): U {
    return useStore(store, selector);
  };
}

export const useToasts = bind(toastsStore);
export const useTheme = bind(themeStore);
export const useSystem = bind(systemStore);
export const useDiagnostics = bind(diagnosticsStore);
export const useTrading = bind(tradingStore);
export const useBroker = bind(brokerStore);
export const useDesk = bind(deskStore);
export const useStrategies = bind(strategyStore);
export const useAudit = bind(auditStore);
export const useAlerts = bind(alertsStore);
export const useLogs = bind(logsStore);
export const useJobs = bind(jobsStore);
export const useDataCatalog = bind(dataCatalogStore);
export const useDataIssues = bind(dataIssuesStore);
export const useDataImport = bind(dataImportStore);
export const useDataConflicts = bind(dataConflictsStore);
export const useScanner = bind(scannerStore);
export const useBacktest = bind(backtestStore);
export const useResearch = bind(researchStore);
export const useRisk = bind(riskStore);
export const useModels = bind(modelsStore);
