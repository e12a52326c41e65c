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
import { DeskAccount, type ClosesLoader } from './desk-account';
import type { DeskRiskHooks } from './desk.service';
import type { PreTradeSnapshotSource } from '../risk/core/pre-trade-request';
import type { RiskConfig } from '../../shared/domain/risk';

/** The risk module as the desk uses it (risk.module.ts RiskModule satisfies it). */
export interface DeskRiskArea {
  createRiskCheck(source: PreTradeSnapshotSource): RiskCheck;
  readonly submissions: { record(request: Parameters<DeskRiskHooks['submitted']>[0]): void; recentSubmissions(now: number): readonly number[]; recentFingerprints(now: number): ReadonlyMap<string, number> };
  readonly slo: { observe(name: 'quoteToOrderMs', ms: number): void };
  readonly monitor: {
    reportEquity(equity: number): void;
    reportQuote(time: number): void;
    reportBrokerError(detail: string): void;
    reportOrderRejected(rejection: { pairId: string; symbol: string; reason: string; resubmit: number }): void;
    reportFill(fill: { pairId: string; symbol: string; side: 'buy' | 'sell'; price: number; modelledPrice: number }): number;
    reconcile(ours: ReadonlyMap<string, number>, broker: ReadonlyMap<string, number>): unknown;
    beat(source: 'engine' | 'broker'): void;
    setActivity(active: boolean): void;
  };
  sectors(): ReadonlyMap<string, string>;
  /** The limits in force (quote freshness, flatten on halt). */
  config(): RiskConfig;
}

export interface DeskModuleDeps {
  /** A broker that replaces the profile's (tests put a scripted broker at this boundary); null: the profile's. */
  readonly override: Broker | null;
  /** The paper profile's broker, replay clock and sessions; null in a profile without one. */
  readonly paper: Pick<PaperDesk, 'broker' | 'clock' | 'onSessionClosed' | 'replay' | 'loadBars' | 'startSession' | 'recorder'> | null;
  readonly killSwitch: KillSwitch;
  readonly events: EventBus;
  readonly alerts: AlertSink;
  /** The pre-trade risk port (the risk module's checks; the engine's BacktestRiskCheck until they are wired). */
  readonly riskCheck?: RiskCheck;
  /** The risk module: pre-trade checks over the desk's snapshot, submissions, SLOs and the monitor's feed. */
  readonly risk?: DeskRiskArea;
  /** Daily closes for the correlation limit. */
  readonly closes?: ClosesLoader;
  /** How often the desk's loop refreshes the account (equity, reconciliation, heartbeats); 0: never (tests drive it). */
  readonly loopMs?: number;
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
  /** Renews the broker account facts (balances, positions, shortability and closes of `symbols`) and feeds the risk monitor. */
  refreshAccount(symbols?: readonly string[]): Promise<void>;
  /** After a fatal error: waits (at most `ms`) for the halt's cancels to be confirmed. */
  settleCancels(ms: number): Promise<void>;
}

/** Without a risk module (tests of the desk alone): a quote older than this refuses sizing. */
const DEFAULT_MAX_QUOTE_AGE_MS = 15_000;

/** No risk port given: every order is refused, said in words (the port fails closed). */
const failClosed: RiskCheck = {
  check: (request) => ({ allowed: false, checks: [{ name: 'risk', passed: false, value: Number.NaN, limit: Number.NaN, message: `no pre-trade risk check is wired for ${request.pairId}: failing closed` }] }),
};

const defaultSizing: SizingConfig = { sizing: { method: 'fixed_fraction', fraction: 0.1 }, legs: 'dollar_neutral', lotSize: 1 };

export function createDeskModule(deps: DeskModuleDeps): DeskModule {
  const costModel = new CostModel(deps.costs);
  // The paper desk runs on the replay's clock and sessions (its clock is the wall clock when no replay plays).
  const paper = deps.override === null ? deps.paper : null;
  const broker = deps.override ?? paper?.broker ?? null;
  const clock = paper?.clock ?? deps.clock;
  const risk = deps.risk;
  // In market replay a daily bar is as fresh as its replayed session: a quote of the session the
  // paper broker last opened or closed is dated at the desk's (replayed) now, so the freshness
  // limit judges replay by its own clock; any other quote keeps its own time.
  const quoteTime =
    paper === null
      ? undefined
      : (quote: { time: number; day: number }): number => {
          const played = paper.broker.session();
          const latest = Math.max(played.lastOpened ?? Number.NEGATIVE_INFINITY, played.lastClosed ?? Number.NEGATIVE_INFINITY);
          return quote.day >= latest ? Math.max(quote.time, clock.now()) : quote.time;
        };
  const deskBroker = broker === null ? null : deskBrokerFor(broker, PAPER_ACCOUNT_ID, risk === undefined ? undefined : (error) => risk.monitor.reportBrokerError(error.message), quoteTime);
  let restored = false;
  const account = broker === null || risk === undefined ? null : new DeskAccount({ broker, accountId: PAPER_ACCOUNT_ID, feed: risk.monitor, restored: () => restored, ...(deps.closes === undefined ? {} : { closes: deps.closes }) });
  let serviceRef: DeskService | null = null;
  const session = paper === null ? nyseDeskSession : paperDeskSession(paper.broker);
  const riskCheck: RiskCheck =
    risk === undefined || account === null
      ? (deps.riskCheck ?? failClosed)
      : risk.createRiskCheck(
          account.snapshotSource({
            book: () => serviceRef,
            now: () => clock.now(),
            status: (request) => deps.killSwitch.current({ pair: request.pairId }).effective.status,
            sectors: () => risk.sectors(),
            submissions: risk.submissions,
            asOfDay: () => session.today(clock.now()),
          }),
        );
  const hooks: DeskRiskHooks | undefined =
    risk === undefined
      ? undefined
      : {
          submitted: (request) => risk.submissions.record(request),
          dispatched: (_order, at) => risk.slo.observe('quoteToOrderMs', clock.now() - at),
          rejected: (rejection) => risk.monitor.reportOrderRejected(rejection),
          filled: (fill) => {
            risk.monitor.reportFill(fill);
            // Equity and positions moved: the broker's figures feed the loss limits and reconciliation.
            void refresh();
          },
          quotes: (times) => risk.monitor.reportQuote(Math.max(...times)),
          activity: (active) => risk.monitor.setActivity(active),
        };
  const service =
    deskBroker === null
      ? null
      : new DeskService({
          broker: deskBroker,
          gate: deps.killSwitch,
          clock,
          session,
          riskCheck,
          ...(hooks === undefined ? {} : { hooks }),
          ...(account === null ? {} : { accountEquity: () => account.equity(), prepare: (symbols: readonly string[]) => refresh(symbols) }),
          estimateCosts: ({ side, day, quantity, price }) => costModel.costs({ side, day, quantity, price, tradedQuantity: quantity, tradedPrice: price, sigma: Number.NaN, adv: Number.NaN }),
          sizing: deps.sizing ?? defaultSizing,
          capital: deps.capital ?? 100_000,
          legRisk: { policy: 'unwind', maxRetries: 1 },
          maxResubmits: 3,
          // One freshness limit: the risk module's (15 s by default), unless a test sets its own.
          maxQuoteAgeMs: deps.maxQuoteAgeMs ?? risk?.config().limits.maxQuoteAgeMs ?? DEFAULT_MAX_QUOTE_AGE_MS,
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
  serviceRef = service;
  const refresh = (symbols: readonly string[] = []): Promise<void> => {
    if (service === null || account === null) return Promise.resolve();
    return account.refresh(service, symbols, session.forSession(clock.now())).catch((error: unknown) => deps.logger.error({ err: error }, 'refreshing the desk account failed'));
  };
  // The user setting "flatten on halt" (risk.halts.flattenOnHalt, an audited config write): a halt
  // from any surface then cancels and flattens its scope; off (the default), it cancels only.
  const onHalt = (scope: string, actor: string, reason: string | null, since: number): void => {
    if (service === null) return;
    if (risk?.config().halts.flattenOnHalt === true) service.flatten(scope, actor, reason);
    else service.onHalted(scope, actor, reason, since);
  };
  const unfollow = service === null ? () => undefined : followHalts(deps.events, deps.killSwitch.current(), (state) => onHalt(state.scope, state.actor, state.reason, state.since));
  let loop: ReturnType<typeof setInterval> | null = null;
  const unsession =
    service === null || paper === null
      ? () => undefined
      : paper.onSessionClosed(() => {
          service.endOfSession();
          void service
            .refreshQuotes()
            // The running strategy's symbols too: their shortability for the next session.
            .then(() => refresh(strategies?.symbols() ?? []))
            .catch((error: unknown) => deps.logger.warn({ err: error }, 'refreshing desk quotes after a session close failed'));
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
          prepare: (symbols) => refresh(symbols),
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
    refreshAccount: refresh,
    async start() {
      // A restart resumes the broker's working orders and positions (pair and leg from each order).
      if (service !== null) restored = await service.restore();
      // A halt already in force at start (an unclean shutdown, `arbdesk halt` with no instance
      // running) cancels the working orders re-read from the broker, as any halt does.
      const state = deps.killSwitch.current();
      for (const scope of [state.global, ...state.scopes]) if (scope.status === 'HALTED') onHalt(scope.scope, scope.actor, scope.reason, scope.since);
      await refresh();
      const every = deps.loopMs ?? 1000;
      if (every > 0 && account !== null) {
        loop = setInterval(() => {
          // The desk's loop is the engine heartbeat the dead-man's switch watches.
          risk?.monitor.beat('engine');
          // A market replay is this profile's market: while it runs or is paused by the user, its
          // feed is live by definition (the quotes it pushes carry replayed, not wall-clock, times).
          const replay = paper?.replay.status().state;
          if (replay === 'running' || replay === 'paused') risk?.monitor.reportQuote(deps.clock.now());
          void refresh();
        }, every);
        loop.unref();
      }
    },
    async stop() {
      unstrategies();
      strategies?.dispose();
      if (loop !== null) clearInterval(loop);
      loop = null;
      unsession();
      unfollow();
      service?.dispose();
      deskBroker?.dispose();
    },
  };
}
