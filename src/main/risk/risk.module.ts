import type { Logger } from 'pino';
import type { RiskConfig, RiskMonitorStatus } from '../../shared/domain/risk';
import type { CapabilityModule } from '../app/capability-module';
import type { AlertSink } from '../alerts/alert-sink';
import type { Clock } from '../core/time/clock';
import type { RiskCheck } from '../engine/risk-check';
import { defaultPreTradeChecks } from './core/checks';
import { PreTradeRiskCheck } from './core/pre-trade-check';
import type { PreTradeSnapshotSource } from './core/pre-trade-request';
import { createRiskHandlers, type RiskChannel } from './risk.ipc';
import { RiskService } from './risk.service';

export interface RiskModule extends CapabilityModule<RiskChannel> {
  readonly service: RiskService;
  /** The engine's risk port for the live desk, over the desk's snapshot of account and market. */
  createRiskCheck(source: PreTradeSnapshotSource): RiskCheck;
}

export interface RiskModuleDeps {
  readonly config: RiskConfig;
  readonly configFile: string;
  readonly writeConfig: (next: Record<string, unknown>, actor: string, reason: string) => void;
  readonly alerts: AlertSink;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createRiskModule(deps: RiskModuleDeps): RiskModule {
  const heartbeats: { engine: number | null; broker: number | null; ui: number | null } = { engine: null, broker: null, ui: null };
  const status = (): RiskMonitorStatus => ({ heartbeats: { ...heartbeats }, watching: [], halts: [] });
  const service = new RiskService({
    initial: deps.config,
    configFile: deps.configFile,
    writeConfig: deps.writeConfig,
    alerts: deps.alerts,
    clock: deps.clock,
    logger: deps.logger,
    status,
    heartbeat: (at) => {
      heartbeats.ui = at;
    },
  });
  return {
    name: 'risk',
    service,
    handlers: createRiskHandlers(service),
    createRiskCheck(source) {
      return new PreTradeRiskCheck({
        checks: defaultPreTradeChecks(),
        source,
        config: () => service.config(),
        clock: deps.clock,
        onDecision: (decision, request, at) => service.recordDecision(decision, request, at),
        onListenerError: (error) => deps.logger.error({ err: error }, 'recording a pre-trade decision failed'),
      });
    },
    start: async () => undefined,
    stop: async () => undefined,
  };
}
