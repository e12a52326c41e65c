import type { LoadedConfig } from '../config/load-config';
import type { AppPaths } from '../config/paths';
import type { EventBus } from '../events/event-bus';
import type { JobManager } from '../jobs/job-manager';
import type { LogRoot } from '../logging/create-logger';
import type { Keychain } from '../secrets/keychain';
import type { AuditService } from '../audit/audit.service';
import type { BrokerStatusHolder } from '../broker/broker-status';
import type { Broker } from '../broker/broker-port';
import type { ImportSourceResolver } from '../security/import-source';
import type { Store } from '../store/db';
import type { KillSwitch } from '../trading/kill-switch';
import type { SharedInputCache } from '../workers/shared-inputs';
import type { WorkerPool } from '../workers/worker-pool';
import type { CapabilityModule } from './capability-module';
import { systemClock } from '../core/time/clock';
import { writeConfigAudited } from '../audit/config-audit';
import { createDataModule, type DataModule } from '../data/data.module';
import { createScannerModule, type ScannerModule } from '../scanner/scanner.module';
import { createBrokerModule, type BrokerModule } from '../broker/broker.module';
import { createAlertsModule, createWebhookSender, type AlertsModule } from '../alerts/alerts.module';
import { createDeskModule, type DeskModule } from '../desk/desk.module';
import { createRiskModule, type RiskModule } from '../risk/risk.module';
import { createSectorSource } from '../risk/sector-source';
import { createRiskAnalyticsModule, type RiskAnalyticsModule } from '../risk/risk-analytics.module';
import { createBacktestModule, type BacktestModule } from '../backtest/backtest.module';
import { createResearchModule, type ResearchModule } from '../backtest/research/research.module';
import { createModelsModule, type ModelsModule } from '../models/models.module';
import { InstrumentsRepo } from '../store/repos/instruments.repo';
import { defaultModelCosts } from '../backtest/backtest-config';

/** What the capability areas are built from: the app's shared infrastructure, nothing area specific. */
export interface CapabilityDeps {
  readonly config: LoadedConfig;
  readonly paths: AppPaths;
  readonly store: Store;
  readonly tradingStore: Store;
  readonly events: EventBus;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly sharedInputs: SharedInputCache;
  readonly audit: AuditService;
  readonly keychain: Keychain;
  readonly killSwitch: KillSwitch;
  readonly brokerStatus: BrokerStatusHolder;
  readonly logs: LogRoot;
  readonly resourcesDir: string;
  readonly sources: ImportSourceResolver;
  /** A broker replacing the profile's (tests put a scripted broker at this boundary). */
  readonly brokerOverride: Broker | null;
}

export interface Capabilities {
  readonly data: DataModule;
  readonly scanner: ScannerModule;
  readonly brokerDesk: BrokerModule;
  readonly alerts: AlertsModule;
  readonly desk: DeskModule;
  readonly risk: RiskModule;
  readonly backtest: BacktestModule;
  readonly research: ResearchModule;
  readonly riskAnalytics: RiskAnalyticsModule;
  readonly models: ModelsModule;
  /** Every module in start order (alerts first, so every later area can raise through it). */
  readonly startOrder: readonly CapabilityModule<never>[];
}

/**
 * The one place each capability area is built and wired to the others (the composition
 * root's area half; create-app-core.ts owns the infrastructure and the lifecycle).
 */
export function wireCapabilities(deps: CapabilityDeps): Capabilities {
  const { config, store, tradingStore, events, jobs, workers, audit, logs, resourcesDir } = deps;
  const settings = config.config;
  const clock = systemClock;
  const data = createDataModule({ store, config: settings, resourcesDir, events, jobs, workers, audit, sources: deps.sources, logger: logs.child('data'), clock });
  const scanner = createScannerModule({ store, config: settings, events, jobs, workers, logger: logs.child('scanner'), clock });
  const brokerDesk = createBrokerModule({
    profile: settings.profile,
    status: deps.brokerStatus,
    tradingDb: tradingStore.db,
    events,
    clock,
    logger: logs.child('broker'),
    marketData: data.service,
    audit,
  });
  const alerts = createAlertsModule({
    tradingDb: tradingStore.db,
    events,
    clock,
    config: settings.alerts,
    logger: logs.child('alerts'),
    webhook: createWebhookSender({ config: settings.alerts, keychain: deps.keychain, logger: logs.child('alerts-webhook') }),
  });
  const risk = createRiskModule({
    config: settings.risk,
    configFile: deps.paths.configFile,
    writeConfig: (next, actor, reason) => writeConfigAudited({ file: deps.paths.configFile, next, audit, tradingDb: tradingStore.db, actor, surface: 'ui', reason }),
    alerts: alerts.service,
    audit,
    killSwitch: deps.killSwitch,
    clock,
    elapsed: () => performance.now(),
    sectors: createSectorSource(new InstrumentsRepo(store.db), clock),
    logger: logs.child('risk'),
  });
  // The desk's pre-trade checks are the risk module's, over the desk's snapshot of the broker account.
  const desk = createDeskModule({
    override: deps.brokerOverride,
    paper: brokerDesk.paper,
    killSwitch: deps.killSwitch,
    events,
    alerts: alerts.service,
    risk: { createRiskCheck: (source) => risk.createRiskCheck(source), submissions: risk.submissions, slo: risk.slo, monitor: risk.monitor, sectors: () => risk.sectors(), config: () => risk.service.config() },
    closes: async (symbol) => {
      const series = await data.service.series({ symbol });
      return { days: series.days, closes: series.close };
    },
    costs: defaultModelCosts().transactionCosts,
    clock,
    logger: logs.child('desk'),
    audit,
  });
  // Automatic halts cancel, and max drawdown flattens, through the desk.
  risk.setFlattener(desk.flattener);
  // A model strategy's forecasts are computed by the model lab (off the main thread) before the run starts.
  const backtest = createBacktestModule({
    store,
    config: settings,
    jobs,
    workers,
    logger: logs.child('backtest'),
    clock,
    resourcesDir,
    prepareModelForecasts: (run, context) => models.service.prepareBacktestForecasts(run, context),
  });
  // Sweeps and walk-forward; gives the runner the `barSet` named input's source (shared bars).
  const research = createResearchModule({ store, jobs, workers, sharedInputs: deps.sharedInputs, logger: logs.child('backtest'), clock, resourcesDir });
  const riskAnalytics = createRiskAnalyticsModule({ config: () => config.config, account: brokerDesk.desk, marketData: data.service, events, clock, alerts: alerts.service });
  const models = createModelsModule({
    store,
    config: settings,
    events,
    jobs,
    workers,
    audit,
    alerts: alerts.service,
    logger: logs.child('models'),
    clock,
    // Replayed session closes: the deployed models log their shadow predictions.
    sessions: brokerDesk.paper,
    series: async (symbol) => {
      const series = await data.service.series({ symbol });
      return { days: series.days, closes: series.close };
    },
  });
  const startOrder = [alerts, data, scanner, brokerDesk, riskAnalytics, risk, desk, backtest, research, models] as readonly CapabilityModule<never>[];
  return { data, scanner, brokerDesk, alerts, desk, risk, backtest, research, riskAnalytics, models, startOrder };
}
