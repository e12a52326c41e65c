import type { AppConfig } from '../../shared/domain/config';
import type { CapabilityModule } from '../app/capability-module';
import type { Clock } from '../core/time/clock';
import type { EventBus } from '../events/event-bus';
import { EquityHistoryRecorder } from './equity-history-recorder';
import { createRiskAnalyticsHandlers, type RiskAnalyticsHandlers } from './risk-analytics.ipc';
import type { AlertSink } from '../alerts/alert-sink';
import { RiskAnalyticsService, type RiskAccountPort, type RiskAnalyticsSettings, type RiskMarketDataPort } from './risk-analytics.service';

export interface RiskAnalyticsModuleDeps {
  readonly config: () => AppConfig;
  readonly account: RiskAccountPort;
  readonly marketData: RiskMarketDataPort;
  readonly events: EventBus;
  readonly clock: Clock;
  /** Where floor breaches go: the alerts service. */
  readonly alerts: AlertSink;
}

export interface RiskAnalyticsModule extends CapabilityModule<keyof RiskAnalyticsHandlers> {
  readonly service: RiskAnalyticsService;
  readonly equity: EquityHistoryRecorder;
}

function settingsOf(config: AppConfig): RiskAnalyticsSettings {
  const section = config.riskAnalytics;
  return {
    varWindowDays: section.varWindowDays,
    rollingWindowDays: section.rollingWindowDays,
    riskFreeRate: section.riskFreeRate,
    sharpeFloor: section.sharpeFloor,
    sortinoFloor: section.sortinoFloor,
    monteCarlo: { ...section.monteCarlo },
  };
}

/** The Risk page's analytics: the service over the broker desk and market data, its channels, and the equity curve fed by market replay. */
export function createRiskAnalyticsModule(deps: RiskAnalyticsModuleDeps): RiskAnalyticsModule {
  const equity = new EquityHistoryRecorder();
  const settings = (): RiskAnalyticsSettings => settingsOf(deps.config());
  const service = new RiskAnalyticsService({ account: deps.account, marketData: deps.marketData, equity, alerts: deps.alerts, clock: deps.clock, settings });
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'risk-analytics',
    service,
    equity,
    handlers: createRiskAnalyticsHandlers(service, settings),
    async start() {
      // Each replayed session marks the account at its close: sample the equity then, so the
      // P&L, drawdown and rolling-ratio charts have a curve without a page being open.
      unsubscribe = deps.events.subscribe('broker:replay', (status) => {
        if (status.current === null) return;
        const day = status.current;
        void deps.account.account().then(
          (snapshot) => equity.record(snapshot.account.id, day, snapshot.balances.equity),
          // An account that cannot be read (no broker wired) has no curve to extend; the
          // snapshot request reports that failure itself.
          (error: unknown) => void error,
        );
      });
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
