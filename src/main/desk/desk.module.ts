import type { Logger } from 'pino';
import { AppError } from '../../shared/ipc/errors';
import type { CapabilityModule } from '../app/capability-module';
import type { AlertSink } from '../alerts/alert-sink';
import { CostModel, type TransactionCostConfig } from '../backtest/cost-model';
import type { Broker } from '../broker/broker-port';
import { PAPER_ACCOUNT_ID } from '../broker/paper/paper-broker';
import type { PaperDesk } from '../broker/paper/paper-desk';
import type { Clock } from '../core/time/clock';
import type { RiskCheck } from '../engine/risk-check';
import type { SizingConfig } from '../engine/sizing';
import type { EventBus } from '../events/event-bus';
import type { Flattener as FlattenOutcomePort, FlattenOutcome } from '../risk/flattener';
import type { KillSwitch } from '../trading/kill-switch';
import { deskBrokerFor } from './broker-desk-adapter';
import { defaultCancelBackoff, type CancelBackoff } from './core/cancel-backoff';
import { createDeskHandlers, type DeskChannel } from './desk.ipc';
import { realTimers } from './desk-ports';
import { DeskService } from './desk.service';
import { nyseDeskSession, paperDeskSession } from './desk-session';
import { followHalts } from './halt-follower';
import { StrategyRunner } from './strategy-runner';
import { createStrategyHandlers, type StrategyChannel } from './strategy.ipc';
import type { AuditEvent } from '../audit/core/audit-actions';

export interface DeskModuleDeps {
  /** A broker that replaces the profile's (tests put a scripted broker at this boundary); null: the profile's. */
  readonly override: Broker | null;
  /** The paper profile's broker, replay clock and sessions; null in a profile without one. */
  readonly paper: Pick<PaperDesk, 'broker' | 'clock' | 'onSessionClosed' | 'loadBars' | 'startSession' | 'recorder'> | null;
  readonly killSwitch: KillSwitch;
  readonly events: EventBus;
  readonly alerts: AlertSink;
  /** The pre-trade risk port (the risk module's checks; the engine's BacktestRiskCheck until they are wired). */
  readonly riskCheck: RiskCheck;
  readonly costs: TransactionCostConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly capital?: number;
  readonly sizing?: SizingConfig;
  readonly backoff?: CancelBackoff;
  readonly maxQuoteAgeMs?: number;
  /** Strategy start/stop entries (desk.strategy-*); none recorded when absent. */
  readonly audit?: { append(entry: AuditEvent): unknown };
}

export interface DeskModule extends CapabilityModule<DeskChannel | StrategyChannel> {
  readonly service: DeskService | null;
  /** The strategy loop on the paper desk's replayed session closes; null without a paper desk. */
  readonly strategies: StrategyRunner | null;
  /** `arbdesk halt --flatten` through the control channel (applyHaltRequest's Flattener). */
  flattenForControl(scope: string): Promise<{ done: boolean; detail: string }>;
  /** The risk monitor's port: automatic halts cancel, and max drawdown flattens. */
  readonly flattener: FlattenOutcomePort;
  /** After a fatal error: waits (at most `ms`) for the halt's cancels to be confirmed. */
  settleCancels(ms: number): Promise<void>;
}

const defaultSizing: SizingConfig = { sizing: { method: 'fixed_fraction', fraction: 0.1 }, legs: 'dollar_neutral', lotSize: 1 };

export function createDeskModule(deps: DeskModuleDeps): DeskModule {
  const costModel = new CostModel(deps.costs);
  // The paper desk runs on the replay's clock and sessions (its clock is the wall clock when no replay plays).
  const paper = deps.override === null ? deps.paper : null;
  const broker = deps.override ?? paper?.broker ?? null;
  const clock = paper?.clock ?? deps.clock;
  const deskBroker = broker === null ? null : deskBrokerFor(broker, PAPER_ACCOUNT_ID);
  const service =
    deskBroker === null
      ? null
      : new DeskService({
          broker: deskBroker,
          gate: deps.killSwitch,
          clock,
          session: paper === null ? nyseDeskSession : paperDeskSession(paper.broker),
          riskCheck: deps.riskCheck,
          estimateCosts: ({ side, day, quantity, price }) => costModel.costs({ side, day, quantity, price, tradedQuantity: quantity, tradedPrice: price, sigma: Number.NaN, adv: Number.NaN }),
          sizing: deps.sizing ?? defaultSizing,
          capital: deps.capital ?? 100_000,
          legRisk: { policy: 'unwind', maxRetries: 1 },
          maxResubmits: 3,
          maxQuoteAgeMs: deps.maxQuoteAgeMs ?? Number.POSITIVE_INFINITY,
          backoff: deps.backoff ?? defaultCancelBackoff,
          timers: realTimers,
          publisher: {
            blotter: (snapshot) => deps.events.publish('desk:blotter', snapshot),
            haltOutcome: (outcome) => deps.events.publish('desk:halt-outcome', outcome),
            alert: (alert) => void deps.alerts.raise(alert),
          },
          logger: deps.logger,
          haltScope: (scope, reason, actor) => void deps.killSwitch.halt(reason, actor, scope),
        });
  const mustService = (): DeskService => {
    if (service === null) throw new AppError('UNAVAILABLE', 'The desk has no broker in this profile: no orders can be placed or flattened.', { broker: 'none' });
    return service;
  };
  const unfollow = service === null ? () => undefined : followHalts(deps.events, deps.killSwitch.current(), (state) => service.onHalted(state.scope, state.actor, state.reason, state.since));
  const unsession =
    service === null || paper === null
      ? () => undefined
      : paper.onSessionClosed(() => {
          service.endOfSession();
          void service.refreshQuotes().catch((error: unknown) => deps.logger.warn({ err: error }, 'refreshing desk quotes after a session close failed'));
        });
  // After the desk's own close listener (registered above): the desk settles the session first,
  // as the backtester's order manager does before its strategies decide.
  const strategies =
    service === null || paper === null
      ? null
      : new StrategyRunner({
          desk: () => service,
          subscribeOrders: (listener) => paper.broker.subscribeOrderStatus(listener),
          loadBars: (symbol, to) => paper.loadBars(symbol, { to }),
          recording: {
            begin: (config) => paper.startSession({ config }),
            decision: (sessionId, decision) => paper.recorder.recordDecision(sessionId, decision),
            noDecision: (sessionId, entry) => paper.recorder.recordNoDecision(sessionId, entry),
          },
          audit: (entry) => void deps.audit?.append(entry),
          publish: (statuses) => deps.events.publish('desk:strategies', statuses),
          clock,
          logger: deps.logger,
        });
  const unstrategies = strategies === null || paper === null ? () => undefined : paper.onSessionClosed((day, next) => strategies.onSessionClosed(day, next));
  const mustStrategies = (): StrategyRunner => {
    if (strategies === null) throw new AppError('UNAVAILABLE', 'Strategies run on the paper desk (market replay); this profile has none.', { broker: 'none' });
    return strategies;
  };
  const handlers = createDeskHandlers(mustService, (scope, reason) => void deps.killSwitch.halt(reason, 'user', scope));
  const outcomeFor = (scope: string, flattened: boolean): FlattenOutcome => {
    const outcome = service?.lastHalt();
    const orders = outcome !== undefined && outcome !== null && outcome.scope === scope ? outcome.orders : [];
    const cancels = orders.filter((entry) => entry.action === 'cancel');
    return {
      cancelled: cancels.length,
      unconfirmed: cancels.filter((entry) => entry.outcome === 'unconfirmed').length,
      flattened: flattened ? orders.filter((entry) => entry.action === 'flatten').length : 0,
      problems: [
        ...orders.filter((entry) => entry.outcome === 'failed').map((entry) => `${entry.symbol} ${entry.orderId}: ${entry.detail ?? 'failed'}`),
        ...(outcome?.nakedLegs ?? []).map((leg) => leg.detail),
        ...(service === null ? ['no broker: nothing can be cancelled or flattened'] : []),
      ],
    };
  };
  return {
    name: 'desk',
    service,
    strategies,
    handlers: {
      ...handlers,
      'desk:halt-outcome': () => service?.lastHalt() ?? null,
      ...createStrategyHandlers(mustStrategies, () => strategies?.list() ?? []),
    },
    async flattenForControl(scope) {
      if (service === null) return { done: false, detail: 'cannot flatten: no broker is wired in this profile' };
      const outcome = service.flatten(scope, 'cli', 'arbdesk halt --flatten');
      const flattens = outcome.orders.filter((entry) => entry.action === 'flatten');
      const cancels = outcome.orders.filter((entry) => entry.action === 'cancel');
      return {
        done: true,
        detail: `${cancels.length} working order(s) cancelled (${cancels.filter((entry) => entry.outcome === 'unconfirmed').length} unconfirmed); ${flattens.length} flatten order(s) sent (${flattens.filter((entry) => entry.outcome === 'pending').length} pending for the open)${outcome.nakedLegs.length > 0 ? `; naked legs: ${outcome.nakedLegs.map((leg) => leg.detail).join('; ')}` : ''}`,
      };
    },
    flattener: {
      async cancelAll(scope) {
        // The halt itself already cancelled (the follower); this reports what it did.
        return outcomeFor(scope, false);
      },
      async flattenAll(scope, reason) {
        service?.flatten(scope, 'system:risk', reason);
        return outcomeFor(scope, true);
      },
    },
    async settleCancels(ms) {
      if (service === null) return;
      const deadline = Date.now() + ms;
      while ((service.lastHalt()?.complete ?? true) === false && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async start() {},
    async stop() {
      unstrategies();
      strategies?.dispose();
      unsession();
      unfollow();
      service?.dispose();
      deskBroker?.dispose();
    },
  };
}
