import type { Logger } from 'pino';
import type { RiskConfig } from '../../shared/domain/risk';
import type { TradingState } from '../../shared/domain/trading';
import type { CapabilityModule } from '../app/capability-module';
import type { AlertSink } from '../alerts/alert-sink';
import type { AuditEvent } from '../audit/core/audit-actions';
import type { Clock } from '../core/time/clock';
import type { RiskCheck } from '../engine/risk-check';
import { defaultPreTradeChecks } from './core/checks';
import { isRegularSessionOpen } from './core/market-session';
import { PreTradeRiskCheck } from './core/pre-trade-check';
import type { PreTradeSnapshotSource } from './core/pre-trade-request';
import type { Flattener } from './flattener';
import { RiskMonitor } from './risk-monitor';
import { createRiskHandlers, type RiskChannel } from './risk.ipc';
import { RiskService } from './risk.service';
import { SloTracker } from './slo-tracker';
import { SubmissionLog } from './core/submission-log';

export interface RiskModule extends CapabilityModule<RiskChannel> {
  readonly service: RiskService;
  /** Automatic halts and the dead-man's switch: the desk reports equity, quotes, broker errors, heartbeats. */
  readonly monitor: RiskMonitor;
  /** Run-time SLOs (halt latency, quote age, quote-to-order latency) against their targets. */
  readonly slo: SloTracker;
  /** The engine's risk port for the live desk, over the desk's snapshot of account and market. */
  createRiskCheck(source: PreTradeSnapshotSource): RiskCheck;
  /** The desk records each dispatched order here and passes its views to the snapshot (rate and duplicate checks). */
  readonly submissions: SubmissionLog;
  /** Symbol → sector (constituents data) for the desk's pre-trade snapshot. */
  sectors(): ReadonlyMap<string, string>;
  /** The desk gives its Flattener once its broker is up; until then halts hold but cancel nothing. */
  setFlattener(flattener: Flattener | null): void;
}

export interface RiskModuleDeps {
  readonly config: RiskConfig;
  readonly configFile: string;
  readonly writeConfig: (next: Record<string, unknown>, actor: string, reason: string) => void;
  readonly alerts: AlertSink;
  readonly audit: { append(entry: AuditEvent): unknown };
  readonly killSwitch: { halt(reason: string | null, actor: string): TradingState };
  readonly clock: Clock;
  /** A monotonic clock for latencies; performance.now() in the app. */
  readonly elapsed: () => number;
  readonly logger: Logger;
  /** Symbol → sector from the instruments repository (risk/sector-source.ts); empty when absent. */
  readonly sectors?: () => ReadonlyMap<string, string>;
  /** How often the monitor checks stale data and the dead-man's switch; 0 disables the timer (tests tick by hand). */
  readonly tickMs?: number;
}

export function createRiskModule(deps: RiskModuleDeps): RiskModule {
  let flattener: Flattener | null = null;
  // The service owns the limits in force; the monitor and the SLO tracker read them through it.
  let service: RiskService | null = null;
  const config = (): RiskConfig => service?.config() ?? deps.config;
  const slo = new SloTracker({ targets: () => config().slo, alerts: deps.alerts, clock: deps.clock });
  const monitor = new RiskMonitor({
    clock: deps.clock,
    config,
    killSwitch: deps.killSwitch,
    flattener: () => flattener,
    alerts: deps.alerts,
    audit: deps.audit,
    logger: deps.logger,
    marketOpen: isRegularSessionOpen,
    elapsed: deps.elapsed,
    onHaltLatency: (ms) => slo.observe('haltLatencyMs', ms),
  });
  const created = new RiskService({
    initial: deps.config,
    configFile: deps.configFile,
    writeConfig: deps.writeConfig,
    alerts: deps.alerts,
    clock: deps.clock,
    logger: deps.logger,
    status: () => monitor.status(),
    heartbeat: (at) => {
      // A heartbeat proves a UI is connected; the transports report disconnects (setUiConnected(false)).
      monitor.setUiConnected(true);
      monitor.beat('ui', at);
    },
    onQuoteAge: (ms) => slo.observe('quoteAgeMs', ms),
  });
  service = created;
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    name: 'risk',
    service: created,
    monitor,
    slo,
    submissions: new SubmissionLog(() => config().limits.duplicateWindowMs),
    handlers: createRiskHandlers(created),
    createRiskCheck(source) {
      return new PreTradeRiskCheck({
        checks: defaultPreTradeChecks(),
        source,
        config,
        clock: deps.clock,
        onDecision: (decision, request, at) => created.recordDecision(decision, request, at),
        onListenerError: (error) => deps.logger.error({ err: error }, 'recording a pre-trade decision failed'),
      });
    },
    sectors() {
      return deps.sectors?.() ?? new Map();
    },
    setFlattener(next) {
      flattener = next;
    },
    async start() {
      const every = deps.tickMs ?? 1000;
      if (every > 0) {
        timer = setInterval(() => {
          try {
            monitor.tick();
          } catch (error) {
            // A failing tick must not take the process down, nor go unseen.
            deps.logger.error({ err: error }, 'the risk monitor tick failed');
          }
        }, every);
        // The monitor must never keep the process alive on its own.
        timer.unref();
      }
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await monitor.idle();
    },
  };
}
